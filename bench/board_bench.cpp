// queue-board-bench: from a desk's call request to the hall board having repainted the
// called number (docs/BENCHMARKS.md). The real queue-server on loopback, the real board
// (BoardModel on ApiClient + EventStream, BoardWindow widgets, offscreen unless
// QT_QPA_PLATFORM says otherwise), and an operator's ApiClient making the calls.
//
// One sample: t0 just before ApiClient::call() for window 1; t1 when the paint event of
// the newest call row's ticket label showing the called number is delivered (an
// application-wide event filter). Between samples the ticket is started and finished, so
// every call is a fresh one. Reference in the same run: the call's own HTTP round trip.
#include "benchcommon.h"
#include "support.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "common/clock.h"
#include "logic/boardmodel.h"
#include "ui/boardwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLabel>
#include <QTemporaryDir>

using namespace queue;
using namespace queue::bench;

namespace {

// Notes the delivery of the paint event of callRow0's ticket label once it shows `expect`.
class PaintProbe : public QObject {
public:
    QString expect;
    qint64 paintedNs = 0;

    bool eventFilter(QObject *obj, QEvent *e) override
    {
        if (e->type() == QEvent::Paint && paintedNs == 0 && !expect.isEmpty()
            && obj->objectName() == QLatin1String("ticket") && obj->parent()
            && obj->parent()->objectName() == QLatin1String("callRow0")) {
            auto *label = qobject_cast<QLabel *>(obj);
            if (label && label->text() == expect)
                paintedNs = nowNs();
        }
        return false;
    }
};

int fail(const QString &msg)
{
    std::fprintf(stderr, "queue-board-bench: %s\n", qPrintable(msg));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Desk call → hall board repainted, against the real server."));
    parser.addHelpOption();
    const QCommandLineOption serverOpt(QStringLiteral("server-bin"), QStringLiteral("queue-server binary."), QStringLiteral("path"));
    const QCommandLineOption callsOpt(QStringLiteral("calls"), QStringLiteral("Number of calls (default 300)."), QStringLiteral("n"), QStringLiteral("300"));
    parser.addOptions({serverOpt, callsOpt});
    parser.process(app);
    const int calls = qMax(1, parser.value(callsOpt).toInt());
    const QString serverBin = parser.isSet(serverOpt) ? parser.value(serverOpt) : serverBinNextTo(QCoreApplication::applicationDirPath());

    QTemporaryDir dir;
    QString error;
    const QString pinHash = ServerProcess::hashPin(serverBin, QStringLiteral("1234"), &error);
    if (pinHash.isEmpty())
        return fail(error);
    OfficeShape shape;
    shape.windows = 4;
    shape.topics = 1;   // one topic: the call takes the oldest ticket, known in advance
    shape.kiosks = 1;
    shape.displays = 1;
    ServerProcess server(serverBin, dir.path());
    if (!server.start(officeConfig(shape, pinHash), &error))
        return fail(error);
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(server.port()));

    // Tickets to call, in the order they will be called.
    client::ApiClient kiosk(url);
    kiosk.setToken(QString::fromLatin1(kioskToken(1)));
    QStringList numbers;
    for (int i = 0; i < calls; ++i) {
        bool done = false;
        kiosk.issueTicket(topicId(1), QString(), [&](const client::Result<client::IssuedTicket> &r) {
            if (r)
                numbers << r.value().ticket.number;
            done = true;
        });
        if (!waitFor([&] { return done; }, 10000) || numbers.size() != i + 1)
            return fail(QStringLiteral("could not issue ticket %1").arg(i + 1));
    }

    // The board.
    SystemClock clock;
    client::ApiClient boardApi(url);
    boardApi.setToken(QString::fromLatin1(displayToken(1)));
    client::EventStream stream;
    stream.setServerUrl(url);
    stream.setToken(QString::fromLatin1(displayToken(1)));
    board::BoardModel model(&boardApi, &stream, clock);
    board::BoardWindow window(&model);
    window.resize(1920, 1080);
    window.show();
    model.start();
    if (!waitFor([&] { return model.isLoaded() && model.isConnected(); }, 15000))
        return fail(QStringLiteral("the board did not connect"));
    PaintProbe probe;
    app.installEventFilter(&probe);

    // The desk.
    client::ApiClient desk(url);
    bool loggedIn = false, answered = false;
    desk.login(operatorLogin(1), QStringLiteral("1234"), 1, [&](const client::Result<client::SessionInfo> &r) {
        loggedIn = r.ok();
        answered = true;
    });
    if (!waitFor([&] { return answered; }, 10000) || !loggedIn)
        return fail(QStringLiteral("operator login failed"));

    std::vector<qint64> repaint, rtt;
    for (int i = 0; i < calls; ++i) {
        probe.expect = numbers[i];
        probe.paintedNs = 0;
        qint64 answerNs = 0;
        QString called;
        const qint64 t0 = nowNs();
        desk.call(1, 0, [&](const client::Result<std::optional<Ticket>> &r) {
            answerNs = nowNs();
            if (r && r.value())
                called = r.value()->number;
        });
        if (!waitFor([&] { return probe.paintedNs != 0 && answerNs != 0; }, 10000))
            return fail(QStringLiteral("call %1 (%2): no repaint or no answer").arg(i + 1).arg(numbers[i]));
        if (called != numbers[i])
            return fail(QStringLiteral("call %1 called %2, expected %3").arg(i + 1).arg(called, numbers[i]));
        repaint.push_back(probe.paintedNs - t0);
        rtt.push_back(answerNs - t0);
        // Serve and finish it, so that the next call is a fresh one.
        int steps = 0;
        desk.start(1, [&](const client::Result<Ticket> &s) {
            steps += s.ok() ? 1 : 100;
            desk.finish(1, Outcome::Resolved, QString(), [&](const client::Result<Ticket> &r) {
                steps += r.ok() ? 1 : 100;
            });
        });
        if (!waitFor([&] { return steps >= 2; }, 10000) || steps != 2)
            return fail(QStringLiteral("could not finish %1").arg(numbers[i]));
        waitFor([] { return false; }, 20);   // let the board settle (finish events, topic refresh)
    }

    const MachineInfo m = machineInfo(dir.path());
    std::printf("machine: %s, %d CPUs, %lld MiB, %s\n", qPrintable(m.cpuModel), m.cpus,
                static_cast<long long>(m.memoryMiB), qPrintable(m.kernel));
    std::printf("board %dx%d (%s), %d calls\n", window.width(), window.height(),
                qPrintable(QGuiApplication::platformName()), calls);
    printLine("call -> board repainted", repaint);
    printLine("reference: call HTTP round trip", rtt);
    std::printf("ratio p99 repaint / p99 call round trip: %.2f\n", percentileMs(repaint, 99) / qMax(0.001, percentileMs(rtt, 99)));
    server.stop();
    return 0;
}
