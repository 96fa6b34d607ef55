// queue-kiosk-bench: from a visitor's tap on a topic to the last byte of the ticket at the
// printer (docs/BENCHMARKS.md). The real queue-server on loopback; the real kiosk
// (KioskController + KioskWindow, offscreen unless QT_QPA_PLATFORM says otherwise) with its
// real ESC/POS back end over raw TCP (escpos+tcp://127.0.0.1:PORT, Epson profile, hybrid
// mode: text, number and QR as raster); a QTcpServer plays the printer: it answers the
// status query DLE EOT 4 with "paper present" and decodes the job.
//
// One sample: t0 just before QAbstractButton::click() on the topic button; t1 when the byte
// that completes the job (GS V 66 n, checked by decoding the whole job) arrives. This covers
// the printer check (a TCP connection and a status answer), POST /tickets, rendering, the
// print job's own connection and status query, and the transfer. Reference in the same run:
// the round trip of a bare POST /tickets.
#include "benchcommon.h"
#include "support.h"

#include "../tests/kiosk/escposdecoder.h"
#include "common/client/apiclient.h"
#include "logic/kioskcontroller.h"
#include "printer/printerfactory.h"
#include "ui/kioskwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCommandLineParser>
#include <QFont>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace queue;
using namespace queue::bench;

namespace {

// A thermal printer on a TCP port: answers status queries, notes when a job is complete.
class PrinterEndpoint : public QObject {
public:
    qint64 lastByteNs = 0;
    int jobs = 0;
    qint64 jobBytes = 0;
    QString error;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

    PrinterEndpoint()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] { onData(s, *buffer); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

private:
    void onData(QTcpSocket *s, QByteArray &buf)
    {
        const qint64 now = nowNs();
        buf += s->readAll();
        for (;;) {
            if (buf.size() >= 3 && buf.at(0) == 0x10 && buf.at(1) == 0x04) {   // DLE EOT n
                s->write(QByteArray(1, char(0x12)));   // paper present
                buf.remove(0, 3);
                continue;
            }
            break;
        }
        const int n = int(buf.size());
        if (n >= 4 && buf.at(n - 4) == 0x1D && buf.at(n - 3) == 'V' && buf.at(n - 2) == 66) {
            const test::EscPosDecoded d = test::decodeEscPos(buf, {{17, QStringLiteral("cp866")}});
            if (d.error.isEmpty() && !d.commands.isEmpty() && d.commands.last().startsWith(QLatin1String("cut"))) {
                if (!d.contains(QStringLiteral("init")) || (d.rasters().isEmpty() && d.texts().isEmpty()))
                    error = QStringLiteral("unexpected job: ") + d.commands.join(QLatin1Char('|')).left(300);
                lastByteNs = now;
                ++jobs;
                jobBytes = n;
                buf.clear();
            }
        }
    }

    QTcpServer m_server;
};

int fail(const QString &msg)
{
    std::fprintf(stderr, "queue-kiosk-bench: %s\n", qPrintable(msg));
    return 1;
}

QAbstractButton *button(kiosk::ui::KioskWindow &w, const QString &name)
{
    QWidget *page = w.currentPage();
    auto *b = page ? page->findChild<QAbstractButton *>(name) : nullptr;
    return b && b->isVisible() && b->isEnabled() ? b : nullptr;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans")));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Kiosk tap → last byte at the printer, against the real server."));
    parser.addHelpOption();
    const QCommandLineOption serverOpt(QStringLiteral("server-bin"), QStringLiteral("queue-server binary."), QStringLiteral("path"));
    const QCommandLineOption tapsOpt(QStringLiteral("taps"), QStringLiteral("Number of tickets (default 300)."), QStringLiteral("n"), QStringLiteral("300"));
    const QCommandLineOption modeOpt(QStringLiteral("mode"), QStringLiteral("ESC/POS mode: text, hybrid (default), raster."), QStringLiteral("mode"), QStringLiteral("hybrid"));
    parser.addOptions({serverOpt, tapsOpt, modeOpt});
    parser.process(app);
    const int taps = qMax(1, parser.value(tapsOpt).toInt());
    const QString serverBin = parser.isSet(serverOpt) ? parser.value(serverOpt) : serverBinNextTo(QCoreApplication::applicationDirPath());

    QTemporaryDir dir;
    QString error;
    const QString pinHash = ServerProcess::hashPin(serverBin, QStringLiteral("1234"), &error);
    if (pinHash.isEmpty())
        return fail(error);
    OfficeShape shape;
    shape.windows = 4;
    shape.topics = 4;
    shape.kiosks = 2;
    shape.displays = 1;
    ServerProcess server(serverBin, dir.path());
    if (!server.start(officeConfig(shape, pinHash), &error))
        return fail(error);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(server.port()));

    PrinterEndpoint endpoint;
    if (!endpoint.listen())
        return fail(QStringLiteral("cannot listen"));
    const QString printerUri = QStringLiteral("escpos+tcp://127.0.0.1:%1?profile=epson&mode=%2")
                                   .arg(endpoint.port())
                                   .arg(parser.value(modeOpt));
    auto printer = hardware::createPrinter(printerUri, &error);
    if (!printer)
        return fail(error);

    client::ApiClient api(url);
    api.setToken(QString::fromLatin1(kioskToken(1)));
    kiosk::KioskSettings settings;
    settings.printerUri = printerUri;
    settings.ticketTimeoutMs = 600000;   // the benchmark goes back to the start itself
    settings.inactivityTimeoutMs = 600000;
    settings.refreshIntervalMs = 600000;
    const SystemClock clock;
    kiosk::KioskController controller(&api, printer.get(), clock, settings);
    kiosk::ui::KioskWindow window(&controller);
    window.resize(1080, 1920);
    window.show();
    controller.start();
    using S = kiosk::KioskController::Screen;
    if (!waitFor([&] { return controller.screen() == S::Start; }, 15000))
        return fail(QStringLiteral("the kiosk did not reach the start screen"));

    std::vector<qint64> tapToLastByte;
    const QString topic = QStringLiteral("topic_") + topicId(1);
    for (int i = 0; i < taps; ++i) {
        QAbstractButton *seg = nullptr;
        if (!waitFor([&] { return (seg = button(window, QStringLiteral("segmentB2c"))) != nullptr; }, 10000))
            return fail(QStringLiteral("no segment button"));
        seg->click();
        QAbstractButton *t = nullptr;
        if (!waitFor([&] { return (t = button(window, topic)) != nullptr; }, 10000))
            return fail(QStringLiteral("no topic button"));
        const int jobsBefore = endpoint.jobs;
        const qint64 t0 = nowNs();
        t->click();
        if (!waitFor([&] { return endpoint.jobs > jobsBefore && controller.screen() == S::Ticket; }, 20000))
            return fail(QStringLiteral("tap %1: no ticket at the printer (screen %2)").arg(i + 1).arg(int(controller.screen())));
        if (!endpoint.error.isEmpty())
            return fail(endpoint.error);
        tapToLastByte.push_back(endpoint.lastByteNs - t0);
        controller.goHome();
    }

    // Reference: a bare POST /tickets round trip from the same process, same server.
    client::ApiClient other(url);
    other.setToken(QString::fromLatin1(kioskToken(2)));
    std::vector<qint64> issueRtt;
    for (int i = 0; i < taps; ++i) {
        bool done = false;
        const qint64 t0 = nowNs();
        other.issueTicket(topicId(2), QString(), [&](const client::Result<client::IssuedTicket> &) { done = true; });
        if (!waitFor([&] { return done; }, 10000))
            return fail(QStringLiteral("POST /tickets did not answer"));
        issueRtt.push_back(nowNs() - t0);
    }

    const MachineInfo m = machineInfo(dir.path());
    std::printf("machine: %s, %d CPUs, %lld MiB, %s\n", qPrintable(m.cpuModel), m.cpus,
                static_cast<long long>(m.memoryMiB), qPrintable(m.kernel));
    std::printf("printer: %s, job %lld bytes; %d taps\n", qPrintable(printer->description()),
                static_cast<long long>(endpoint.jobBytes), taps);
    printLine("tap -> last byte at the printer", tapToLastByte);
    printLine("reference: POST /tickets round trip", issueRtt);
    std::printf("ratio p95 tap-to-last-byte / p95 POST /tickets: %.2f\n",
                percentileMs(tapToLastByte, 95) / qMax(0.001, percentileMs(issueRtt, 95)));
    server.stop();
    return 0;
}
