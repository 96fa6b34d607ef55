#include "fileprinter.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

namespace queue::hardware {

FilePrinter::FilePrinter(QString dir, Format format, PaperSpec paper, QObject *parent)
    : Printer(parent), m_dir(std::move(dir)), m_format(format), m_paper(paper)
{
}

QString FilePrinter::description() const
{
    return QStringLiteral("%1 files of %2 mm tickets in %3")
        .arg(m_format == Format::Png ? QStringLiteral("PNG") : QStringLiteral("PDF"))
        .arg(m_paper.widthMm)
        .arg(m_dir);
}

PrinterStatus FilePrinter::probe() const
{
    const QFileInfo fi(m_dir);
    if (!fi.isDir() && !QDir().mkpath(m_dir))
        return {PrinterState::Offline, QStringLiteral("cannot create %1").arg(m_dir)};
    if (!QFileInfo(m_dir).isWritable())
        return {PrinterState::Offline, QStringLiteral("%1 is not writable").arg(m_dir)};
    return {PrinterState::Ready, QString()};
}

void FilePrinter::checkStatus(StatusCallback cb)
{
    QTimer::singleShot(0, this, [this, cb = std::move(cb)] {
        const PrinterStatus st = probe();
        setStatus(st);
        cb(st);
    });
}

void FilePrinter::print(const TicketData &ticket, PrintCallback cb)
{
    QTimer::singleShot(0, this, [this, ticket, cb = std::move(cb)] {
        PrinterStatus st = probe();
        if (!st.canPrint()) {
            setStatus(st);
            cb(PrintResult{false, st, st.detail});
            return;
        }
        // The number is kept out of the name's start so files sort by time.
        const QString base = QStringLiteral("ticket-%1-%2-%3")
                                 .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                                 .arg(++m_seq, 3, 10, QLatin1Char('0'))
                                 .arg(ticket.number);
        QString error;
        bool ok = false;
        QString path;
        if (m_format == Format::Png) {
            path = QDir(m_dir).filePath(base + QStringLiteral(".png"));
            ok = TicketRenderer::render(ticket, m_paper.dots).save(path, "PNG");
            if (!ok)
                error = QStringLiteral("cannot write %1").arg(path);
        } else {
            path = QDir(m_dir).filePath(base + QStringLiteral(".pdf"));
            ok = TicketRenderer::writePdf(ticket, m_paper, path, &error);
        }
        if (ok)
            m_lastFile = path;
        else
            st = {PrinterState::Error, error};
        setStatus(st);
        cb(PrintResult{ok, st, error});
    });
}

} // namespace queue::hardware
