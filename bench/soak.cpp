// queue-soak: the soak benchmark of issue #16 (docs/BENCHMARKS.md, "Soak").
//
// A compressed peak day at twice its rate against the real queue-server for a long time,
// with every role connected: kiosks issuing tickets over HTTP, desks as separate processes
// (this program re-run with --as-desk: the real DeskController and DeskWindow, offscreen)
// calling, starting and finishing them, the real queue-board program showing and
// announcing the calls (voice through a player that does nothing), and the manager's
// event stream with its page's periodic requests. Every sample interval it reads, for the
// server, the board and each desk: the resident memory, open descriptors and sockets; and
// the size of the server's WAL file. At the end it compares the memory after the warm-up
// with the memory at the end and prints a JSON summary; the exit status says whether the
// targets held (memory growth < 10 % after the warm-up for every process, WAL bounded, no
// descriptor growth).
//
//   build/bench/queue-soak --minutes 30                  # the documented run
//   build/bench/queue-soak --minutes 480                 # the 8-hour run
#include "httpclient.h"
#include "stats.h"
#include "support.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "common/clock.h"
#include "common/protocol.h"
#include "operator_desk/logic/deskcontroller.h"
#include "operator_desk/logic/desksettings.h"
#include "operator_desk/ui/deskwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDate>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <unistd.h>

using namespace queue;
using namespace queue::bench;

namespace {

// ------------------------------------------------------------------ /proc

struct ProcSample {
    qint64 rssKiB = -1;
    int fds = -1;
    int sockets = -1;
};

ProcSample sampleProcess(qint64 pid)
{
    ProcSample s;
    if (pid <= 0)
        return s;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                s.rssKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    QDir fdDir(QStringLiteral("/proc/%1/fd").arg(pid));
    const QFileInfoList fds = fdDir.entryInfoList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    if (fdDir.exists()) {
        s.fds = 0;
        s.sockets = 0;
        for (const QFileInfo &fd : fds) {
            ++s.fds;
            char buf[64];
            const ssize_t n = ::readlink(QFile::encodeName(fd.filePath()).constData(), buf, sizeof buf);
            if (n >= 7 && QByteArray(buf, int(n)).startsWith("socket:"))
                ++s.sockets;
        }
    }
    return s;
}

// ------------------------------------------------------------------ the desk process

// One operator at one window for the whole run: calls whenever the window is free and
// somebody waits, starts after 1–3 s (the visitor walking up), finishes after 2–6 s.
int runDesk(const QCommandLineParser &p)
{
    const QUrl server(p.value(QStringLiteral("server")));
    const int window = p.value(QStringLiteral("window")).toInt();
    const QString login = p.value(QStringLiteral("login"));
    SystemClock clock;
    client::ApiClient api(server);
    client::EventStream events;
    events.setReconnectBackoff(250, 2000);
    desk::DeskController controller(&api, &events, &clock);
    desk::ui::DeskWindow ui(&controller, desk::DeskSettings());
    ui.resize(1366, 740);
    ui.show();
    controller.login(login, QStringLiteral("1234"), window);

    QRandomGenerator rng(quint32(window) * 7919u);
    QElapsedTimer sinceChange;
    sinceChange.start();
    qint64 waitMs = 0;
    std::optional<TicketState> lastState;
    int served = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        if (controller.phase() == desk::DeskController::Phase::LoggedOut && sinceChange.elapsed() > 5000) {
            controller.login(login, QStringLiteral("1234"), window);   // lost the session: again
            sinceChange.restart();
            return;
        }
        if (controller.phase() != desk::DeskController::Phase::Working || controller.isBusy())
            return;
        const std::optional<Ticket> &t = controller.ticket();
        const std::optional<TicketState> state = t ? std::optional<TicketState>(t->state) : std::nullopt;
        if (state != lastState) {
            lastState = state;
            sinceChange.restart();
            waitMs = state == TicketState::Called ? 1000 + rng.bounded(2000) : 2000 + rng.bounded(4000);
        }
        if (!t) {
            if (sinceChange.elapsed() >= 500 && controller.canDo(desk::DeskController::Action::Call)
                && !controller.queueRows().isEmpty()) {
                controller.callNext();
                sinceChange.restart();
            }
        } else if (t->state == TicketState::Called && sinceChange.elapsed() >= waitMs) {
            controller.start();
        } else if (t->state == TicketState::Serving && sinceChange.elapsed() >= waitMs) {
            controller.finish(Outcome::Resolved, QString());
            ++served;
        }
    });
    tick.start(100);
    return QApplication::exec();
}

// ------------------------------------------------------------------ the run

struct Watched {
    QString name;
    qint64 pid = 0;
    std::vector<ProcSample> samples;
};

QJsonObject verdictOf(const Watched &w, size_t warmIndex, double maxGrowth, QStringList *failures)
{
    QJsonObject o;
    if (w.samples.size() <= warmIndex || w.samples.back().rssKiB <= 0) {
        failures->append(w.name + QStringLiteral(": no samples"));
        return o;
    }
    const ProcSample &warm = w.samples[warmIndex];
    const ProcSample &end = w.samples.back();
    const double growth = warm.rssKiB > 0 ? double(end.rssKiB - warm.rssKiB) / double(warm.rssKiB) : 0;
    qint64 peak = 0;
    for (const ProcSample &s : w.samples)
        peak = qMax(peak, s.rssKiB);
    o[QStringLiteral("rss_start_kib")] = double(w.samples.front().rssKiB);
    o[QStringLiteral("rss_after_warmup_kib")] = double(warm.rssKiB);
    o[QStringLiteral("rss_end_kib")] = double(end.rssKiB);
    o[QStringLiteral("rss_peak_kib")] = double(peak);
    o[QStringLiteral("rss_growth_after_warmup_pct")] = growth * 100.0;
    o[QStringLiteral("fds_after_warmup")] = warm.fds;
    o[QStringLiteral("fds_end")] = end.fds;
    o[QStringLiteral("sockets_after_warmup")] = warm.sockets;
    o[QStringLiteral("sockets_end")] = end.sockets;
    if (growth >= maxGrowth)
        failures->append(QStringLiteral("%1: memory grew %2 % after the warm-up").arg(w.name).arg(growth * 100.0, 0, 'f', 1));
    if (end.fds > warm.fds + 4)
        failures->append(QStringLiteral("%1: descriptors %2 → %3").arg(w.name).arg(warm.fds).arg(end.fds));
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    const bool asDesk = [&] {
        for (int i = 1; i < argc; ++i)
            if (qstrcmp(argv[i], "--as-desk") == 0)
                return true;
        return false;
    }();
    if (asDesk || qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Soak: a compressed peak day at twice its rate, every role connected."));
    p.addHelpOption();
    p.addOptions({
        {QStringLiteral("minutes"), QStringLiteral("Length of the run (default 30)."), QStringLiteral("N"), QStringLiteral("30")},
        {QStringLiteral("warmup"), QStringLiteral("Warm-up minutes not counted in the growth (default 5)."), QStringLiteral("N"), QStringLiteral("5")},
        {QStringLiteral("sample"), QStringLiteral("Seconds between samples (default 30)."), QStringLiteral("S"), QStringLiteral("30")},
        {QStringLiteral("rate"), QStringLiteral("Tickets per minute at the day's peak (default 27: a busy office of six windows); the run goes through the day's shape at twice it."), QStringLiteral("N"), QStringLiteral("27")},
        {QStringLiteral("desks"), QStringLiteral("Desk processes (default 6)."), QStringLiteral("N"), QStringLiteral("6")},
        {QStringLiteral("server-bin"), QStringLiteral("queue-server."), QStringLiteral("PATH")},
        {QStringLiteral("board-bin"), QStringLiteral("queue-board."), QStringLiteral("PATH")},
        {QStringLiteral("dir"), QStringLiteral("Data directory (default: a temporary one)."), QStringLiteral("DIR")},
        {QStringLiteral("as-desk"), QStringLiteral("Internal: run one desk.")},
        {QStringLiteral("server"), QStringLiteral("Internal (desk): server URL."), QStringLiteral("URL")},
        {QStringLiteral("window"), QStringLiteral("Internal (desk): window."), QStringLiteral("N")},
        {QStringLiteral("login"), QStringLiteral("Internal (desk): operator login."), QStringLiteral("LOGIN")},
    });
    p.process(app);
    if (asDesk)
        return runDesk(p);

    const QString binDir = QCoreApplication::applicationDirPath();
    const QString serverBin = p.isSet(QStringLiteral("server-bin")) ? p.value(QStringLiteral("server-bin"))
                                                                    : binDir + QStringLiteral("/../server/queue-server");
    const QString boardBin = p.isSet(QStringLiteral("board-bin")) ? p.value(QStringLiteral("board-bin"))
                                                                  : binDir + QStringLiteral("/../display_board/queue-board");
    const double minutes = p.value(QStringLiteral("minutes")).toDouble();
    const double warmupMinutes = p.value(QStringLiteral("warmup")).toDouble();
    const int sampleS = qMax(1, p.value(QStringLiteral("sample")).toInt());
    const double peakPerMinute = p.value(QStringLiteral("rate")).toDouble();
    const int deskCount = qBound(1, p.value(QStringLiteral("desks")).toInt(), 20);
    if (minutes <= 0 || warmupMinutes < 0 || warmupMinutes >= minutes || peakPerMinute <= 0) {
        std::fprintf(stderr, "queue-soak: --minutes must be > --warmup >= 0 and --rate > 0\n");
        return 2;
    }

    QTemporaryDir tmp;
    const QString dir = p.isSet(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) : tmp.path();
    QDir().mkpath(dir);
    QString error;
    const QString pinHash = ServerProcess::hashPin(serverBin, QStringLiteral("1234"), &error);
    if (pinHash.isEmpty()) {
        std::fprintf(stderr, "queue-soak: %s\n", qPrintable(error));
        return 1;
    }
    OfficeShape shape;
    shape.windows = deskCount;
    shape.topics = 3;
    shape.kiosks = 2;
    shape.displays = 1;
    QJsonObject config = officeConfig(shape, pinHash);
    QJsonArray devices = config.value(QStringLiteral("devices")).toArray();
    devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("manager")},
                               {QStringLiteral("role"), QStringLiteral("manager")},
                               {QStringLiteral("token"), QStringLiteral("soak-manager")}});
    config[QStringLiteral("devices")] = devices;
    ServerProcess server(serverBin, dir);
    if (!server.start(config, &error)) {
        std::fprintf(stderr, "queue-soak: %s\n", qPrintable(error));
        return 1;
    }
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
    std::printf("queue-soak: server %s (pid %lld), %g minutes, warm-up %g, peak %g tickets/min at twice the rate, %d desks\n",
                qPrintable(url), server.pid(), minutes, warmupMinutes, peakPerMinute, deskCount);

    // The board: the real program, offscreen, its voice through /bin/true.
    const QString boardDir = dir + QStringLiteral("/board");
    QDir().mkpath(boardDir);
    {
        QFile token(boardDir + QStringLiteral("/token"));
        QFile boardConfig(boardDir + QStringLiteral("/board.json"));
        if (!token.open(QIODevice::WriteOnly) || token.write(displayToken(1)) < 0 || !boardConfig.open(QIODevice::WriteOnly)
            || boardConfig.write(QJsonDocument(QJsonObject{{QStringLiteral("voice"),
                                                            QJsonObject{{QStringLiteral("player"), QStringLiteral("/bin/true")}}}})
                                     .toJson()) < 0) {
            std::fprintf(stderr, "queue-soak: cannot write the board's files in %s\n", qPrintable(boardDir));
            return 1;
        }
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess board;
    board.setProcessEnvironment(env);
    board.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    board.setStandardOutputFile(QProcess::nullDevice());
    board.start(boardBin, {QStringLiteral("--server"), url, QStringLiteral("--token-file"), boardDir + QStringLiteral("/token"),
                           QStringLiteral("--config"), boardDir + QStringLiteral("/board.json"), QStringLiteral("--windowed"),
                           QStringLiteral("--state-dir"), boardDir});
    std::vector<std::unique_ptr<QProcess>> desks;
    for (int i = 1; i <= deskCount; ++i) {
        auto d = std::make_unique<QProcess>();
        d->setProcessEnvironment(env);
        d->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        d->setStandardOutputFile(QProcess::nullDevice());
        d->start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--as-desk"), QStringLiteral("--server"), url, QStringLiteral("--window"), QString::number(i),
                  QStringLiteral("--login"), operatorLogin(i)});
        desks.push_back(std::move(d));
    }
    if (!board.waitForStarted(10000)) {
        std::fprintf(stderr, "queue-soak: cannot start %s\n", qPrintable(boardBin));
        return 1;
    }
    std::vector<Watched> watched;
    watched.push_back({QStringLiteral("server"), server.pid(), {}});
    watched.push_back({QStringLiteral("board"), board.processId(), {}});
    for (int i = 0; i < deskCount; ++i) {
        if (!desks[size_t(i)]->waitForStarted(10000)) {
            std::fprintf(stderr, "queue-soak: cannot start desk %d\n", i + 1);
            return 1;
        }
        watched.push_back({QStringLiteral("desk-%1").arg(i + 1), desks[size_t(i)]->processId(), {}});
    }

    // The manager: the event stream and the page's requests every 5 s.
    QWebSocket manager;
    qint64 managerEvents = 0, finished = 0;
    QObject::connect(&manager, &QWebSocket::textMessageReceived, [&](const QString &text) {
        ++managerEvents;
        if (QJsonDocument::fromJson(text.toUtf8()).object().value(QLatin1String("type")).toString()
            == QLatin1String(api::kTicketFinished))
            ++finished;
    });
    QTimer managerReconnect;
    QObject::connect(&managerReconnect, &QTimer::timeout, [&] {
        if (manager.state() == QAbstractSocket::UnconnectedState)
            manager.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events?token=soak-manager").arg(server.port())));
    });
    managerReconnect.start(2000);
    manager.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events?token=soak-manager").arg(server.port())));
    HttpClient managerHttp(server.port(), QByteArrayLiteral("soak-manager"));
    const QByteArray today = QDate::currentDate().toString(Qt::ISODate).toLatin1();
    const QList<QByteArray> managerPaths{QByteArrayLiteral("/api/v1/dashboard"), QByteArrayLiteral("/api/v1/alarms"),
                                         "/api/v1/reports?from=" + today + "&to=" + today};
    int managerTurn = 0;
    qint64 requests = 0, errors = 0, issued = 0;
    QMap<int, int> statuses;
    QTimer managerTimer;
    QObject::connect(&managerTimer, &QTimer::timeout, [&] {
        if (managerHttp.busy())
            return;
        ++requests;
        managerHttp.request("GET", managerPaths.at(managerTurn++ % managerPaths.size()), QByteArray(),
                            [&](const HttpReply &r) {
                                ++statuses[r.status];
                                if (r.status != 200)
                                    ++errors;
                            });
    });
    managerTimer.start(5000);

    // The kiosks: a day's shape (morning rise, late-morning peak, lunch dip, afternoon
    // peak, evening fall) compressed into the run, repeated, at twice its rate; Poisson
    // arrivals, topics in the proportions of a payment-heavy office.
    const double dayShape[] = {0.4, 0.7, 1.0, 0.9, 0.6, 0.8, 1.0, 0.7, 0.4};
    constexpr int kShapeSteps = sizeof dayShape / sizeof dayShape[0];
    const double dayMinutes = qMin(minutes, 30.0);
    std::vector<std::unique_ptr<HttpClient>> kiosks;
    for (int i = 1; i <= shape.kiosks; ++i)
        kiosks.push_back(std::make_unique<HttpClient>(server.port(), kioskToken(i)));
    QRandomGenerator rng(20261204);
    QElapsedTimer clock;
    clock.start();
    QTimer arrivals;
    arrivals.setSingleShot(true);
    std::function<void()> scheduleArrival = [&] {
        const double t = std::fmod(clock.elapsed() / 60000.0, dayMinutes) / dayMinutes;
        const double perMinute = 2.0 * peakPerMinute * dayShape[qBound(0, int(t * kShapeSteps), kShapeSteps - 1)];
        const double gapMs = -std::log(1.0 - rng.generateDouble()) * 60000.0 / perMinute;
        arrivals.start(int(qBound(1.0, gapMs, 600000.0)));
    };
    int kioskTurn = 0;
    QObject::connect(&arrivals, &QTimer::timeout, [&] {
        HttpClient *k = kiosks[size_t(kioskTurn++ % kiosks.size())].get();
        if (!k->busy()) {
            const double r = rng.generateDouble();
            const QString topic = topicId(r < 0.5 ? 2 : r < 0.85 ? 1 : 3);
            ++requests;
            k->request("POST", QByteArrayLiteral("/api/v1/tickets"),
                       QJsonDocument(QJsonObject{{QStringLiteral("service"), topic}}).toJson(QJsonDocument::Compact),
                       [&](const HttpReply &r) {
                           ++statuses[r.status];
                           if (r.status == 201 || r.status == 200)
                               ++issued;
                           else
                               ++errors;
                       });
        }
        scheduleArrival();
    });
    scheduleArrival();

    // Samples.
    const QString wal = server.dbPath() + QStringLiteral("-wal");
    std::vector<qint64> walSizes;
    const size_t warmIndex = size_t(std::ceil(warmupMinutes * 60.0 / sampleS));
    const qint64 endMs = qint64(minutes * 60000.0);
    QTimer sampler;
    auto sample = [&] {
        for (Watched &w : watched)
            w.samples.push_back(sampleProcess(w.pid));
        walSizes.push_back(QFileInfo(wal).size());
        const double at = clock.elapsed() / 60000.0;
        std::printf("%6.1f min  issued %lld  finished %lld  server %lld KiB %d fds  board %lld KiB  desk-1 %lld KiB  wal %lld KiB  manager events %lld%s\n",
                    at, issued, finished, watched[0].samples.back().rssKiB, watched[0].samples.back().fds, watched[1].samples.back().rssKiB,
                    watched[2].samples.back().rssKiB, walSizes.back() / 1024, managerEvents,
                    walSizes.size() == warmIndex + 1 ? "  (end of warm-up)" : "");
        std::fflush(stdout);
        if (clock.elapsed() >= endMs)
            app.quit();
    };
    QObject::connect(&sampler, &QTimer::timeout, sample);
    sample();
    sampler.start(sampleS * 1000);
    app.exec();

    // Did every process live through it?
    QStringList failures;
    if (board.state() != QProcess::Running)
        failures.append(QStringLiteral("the board exited"));
    for (size_t i = 0; i < desks.size(); ++i)
        if (desks[i]->state() != QProcess::Running)
            failures.append(QStringLiteral("desk %1 exited").arg(i + 1));
    QJsonObject processes;
    for (const Watched &w : watched)
        processes[w.name] = verdictOf(w, qMin(warmIndex, w.samples.size() - 1), 0.10, &failures);
    qint64 walMax = 0;
    for (qint64 s : walSizes)
        walMax = qMax(walMax, s);
    if (finished == 0)
        failures.append(QStringLiteral("the desks finished no ticket"));
    if (errors > 0)
        failures.append(QStringLiteral("%1 requests failed").arg(errors));
    if (walMax > 64 * 1024 * 1024)
        failures.append(QStringLiteral("the WAL reached %1 MiB").arg(walMax / 1048576));
    QJsonObject statusJson;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        statusJson[QString::number(it.key())] = it.value();
    const QJsonObject summary{
        {QStringLiteral("minutes"), minutes},
        {QStringLiteral("warmup_minutes"), warmupMinutes},
        {QStringLiteral("peak_tickets_per_minute"), peakPerMinute},
        {QStringLiteral("desks"), deskCount},
        {QStringLiteral("tickets_issued"), double(issued)},
        {QStringLiteral("tickets_finished"), double(finished)},
        {QStringLiteral("requests"), double(requests)},
        {QStringLiteral("errors"), double(errors)},
        {QStringLiteral("statuses"), statusJson},
        {QStringLiteral("manager_events"), double(managerEvents)},
        {QStringLiteral("wal_max_kib"), double(walMax / 1024)},
        {QStringLiteral("processes"), processes},
        {QStringLiteral("failures"), QJsonArray::fromStringList(failures)},
    };
    std::printf("%s\n", QJsonDocument(summary).toJson(QJsonDocument::Indented).constData());
    for (auto &d : desks) {
        d->terminate();
        d->waitForFinished(5000);
    }
    board.terminate();
    board.waitForFinished(5000);
    server.stop();
    return failures.isEmpty() ? 0 : 1;
}
