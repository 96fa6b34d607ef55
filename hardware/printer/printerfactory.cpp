#include "printerfactory.h"

#include "cupsprinter.h"
#include "escposprinter.h"
#include "fakeprinter.h"
#include "fileprinter.h"

#include <QUrl>
#include <QUrlQuery>

namespace queue::hardware {

namespace {

std::unique_ptr<Printer> fail(QString *error, const QString &msg)
{
    if (error)
        *error = msg;
    return nullptr;
}

std::optional<PaperSpec> paperFrom(const QUrlQuery &q, QString *error)
{
    const QString w = q.queryItemValue(QStringLiteral("width"));
    if (w.isEmpty())
        return PaperSpec::forWidth(80);
    if (w != QLatin1String("58") && w != QLatin1String("80")) {
        if (error)
            *error = QStringLiteral("width must be 58 or 80 (mm), not '%1'").arg(w);
        return std::nullopt;
    }
    return PaperSpec::forWidth(w.toInt());
}

} // namespace

QString withEscPosProfile(const QString &uri, const QString &profile)
{
    if (profile.isEmpty() || !uri.startsWith(QLatin1String("escpos+"), Qt::CaseInsensitive))
        return uri;
    if (QUrlQuery(QUrl(uri)).hasQueryItem(QStringLiteral("profile")))
        return uri;
    return uri + (uri.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + QStringLiteral("profile=")
           + profile;
}

std::unique_ptr<Printer> createPrinter(const QString &uri, QString *error, QObject *parent)
{
    const int schemeEnd = static_cast<int>(uri.indexOf(QLatin1String("://")));
    if (schemeEnd <= 0)
        return fail(error, QStringLiteral("printer URI '%1' has no scheme").arg(uri));
    const QString scheme = uri.left(schemeEnd).toLower();
    const QUrl url(uri);
    const QUrlQuery query(url);

    if (scheme == QLatin1String("fake"))
        return std::make_unique<FakePrinter>(parent);

    if (scheme == QLatin1String("file")) {
        const QString format = query.queryItemValue(QStringLiteral("format"));
        if (!format.isEmpty() && format != QLatin1String("png") && format != QLatin1String("pdf"))
            return fail(error, QStringLiteral("format must be png or pdf, not '%1'").arg(format));
        const auto paper = paperFrom(query, error);
        if (!paper)
            return nullptr;
        if (url.path().isEmpty())
            return fail(error, QStringLiteral("file printer URI needs a directory: file:///path/dir"));
        return std::make_unique<FilePrinter>(url.path(), format == QLatin1String("pdf") ? FilePrinter::Format::Pdf
                                                                                          : FilePrinter::Format::Png,
                                             *paper, parent);
    }

    if (scheme == QLatin1String("cups")) {
        // The queue name keeps its case, so the URI is split by hand rather than by QUrl
        // (which lower-cases a host).
        QString rest = uri.mid(schemeEnd + 3);
        rest = rest.left(static_cast<int>(rest.indexOf(QLatin1Char('?'))) >= 0
                             ? static_cast<int>(rest.indexOf(QLatin1Char('?')))
                             : static_cast<int>(rest.size()));
        const int slash = static_cast<int>(rest.lastIndexOf(QLatin1Char('/')));
        const QString server = slash >= 0 ? rest.left(slash) : QString();
        const QString queue = QUrl::fromPercentEncoding(rest.mid(slash + 1).toUtf8());
        if (queue.isEmpty())
            return fail(error, QStringLiteral("CUPS printer URI needs a queue name: cups://Queue"));
        const auto paper = paperFrom(query, error);
        if (!paper)
            return nullptr;
        const QString format = query.queryItemValue(QStringLiteral("format"));
        if (!format.isEmpty() && format != QLatin1String("pdf") && format != QLatin1String("escpos"))
            return fail(error, QStringLiteral("format must be pdf or escpos, not '%1'").arg(format));
        auto printer = std::make_unique<CupsPrinter>(server, queue, *paper, parent);
        if (format == QLatin1String("escpos")) {   // a raw queue in front of a thermal printer
            QString err;
            const auto options = EscPosOptions::fromQuery(query, &err);
            if (!options)
                return fail(error, err);
            printer->setRawEscPos(*options);
        } else if (format.isEmpty()) {   // a raw queue found at run time gets ESC/POS (width, profile… from the URI)
            QString err;
            const auto options = EscPosOptions::fromQuery(query, &err);
            if (!options)
                return fail(error, err);
            printer->setRawFallback(*options);
        }
        return printer;
    }

    if (scheme.startsWith(QLatin1String("escpos+"))) {
        QString err;
        const auto options = EscPosOptions::fromQuery(query, &err);
        if (!options)
            return fail(error, err);
        EscPosTarget target;
        const QString transport = scheme.mid(7);
        if (transport == QLatin1String("file")) {
            target.kind = EscPosTarget::Kind::File;
            target.path = url.path();
        } else if (transport == QLatin1String("serial")) {
            target.kind = EscPosTarget::Kind::Serial;
            target.path = url.path();
            const QString baud = query.queryItemValue(QStringLiteral("baud"));
            if (!baud.isEmpty()) {
                bool ok = false;
                target.baud = baud.toInt(&ok);
                if (!ok || target.baud <= 0)
                    return fail(error, QStringLiteral("baud must be a number, not '%1'").arg(baud));
            }
            const QString flow = query.queryItemValue(QStringLiteral("flow"));
            if (flow == QLatin1String("rtscts"))
                target.flow = QSerialPort::HardwareControl;
            else if (flow == QLatin1String("xonxoff"))
                target.flow = QSerialPort::SoftwareControl;
            else if (!flow.isEmpty() && flow != QLatin1String("none"))
                return fail(error, QStringLiteral("flow must be rtscts, xonxoff or none, not '%1'").arg(flow));
        } else if (transport == QLatin1String("tcp")) {
            target.kind = EscPosTarget::Kind::Tcp;
            target.host = url.host();
            target.port = static_cast<quint16>(url.port(9100));
            if (target.host.isEmpty())
                return fail(error, QStringLiteral("escpos+tcp URI needs a host: escpos+tcp://host:9100"));
        } else {
            return fail(error, QStringLiteral("unknown ESC/POS transport '%1' (file, serial, tcp)").arg(transport));
        }
        if (target.kind != EscPosTarget::Kind::Tcp && target.path.isEmpty())
            return fail(error, QStringLiteral("printer URI '%1' needs a device path").arg(uri));
        return std::make_unique<EscPosPrinter>(target, *options, parent);
    }

    return fail(error, QStringLiteral("unknown printer URI scheme '%1'").arg(scheme));
}

} // namespace queue::hardware
