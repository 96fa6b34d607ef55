// queue-bench: the load benchmark of queue-server.
//
//  1. the raw SQLite commit rate of the disk under the data directory
//     (WAL, synchronous=FULL, one single-row INSERT per transaction): the
//     physical reference every durable answer has to wait for;
//  2. throughput: N keep-alive clients, one request in flight each, issuing
//     tickets, then a mix of kiosks and desks (call → start → finish);
//  3. call-to-board latency: 100 desks, 20 boards (WebSocket event stream),
//     20 kiosks; paced calls, each timed from the send of the call to the
//     arrival of its ticket.called at every board; at several call rates.
//
// Prints a readable summary and, last, one JSON line.
#include "scenarios.h"
#include "support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdio>

using namespace queue::bench;

namespace {

void say(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

QString ms(double v) { return QString::number(v, 'f', v < 10 ? 2 : 1); }

QString defaultServerBin()
{
    const QString here = QCoreApplication::applicationDirPath();
    const QStringList candidates{here + QStringLiteral("/../server/queue-server"), here + QStringLiteral("/queue-server")};
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStringLiteral("queue-server");
}

QString errorsText(const QMap<QString, qint64> &errors)
{
    QStringList parts;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        parts.append(QStringLiteral("%1 ×%2").arg(it.key()).arg(it.value()));
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2);
}

QString pct(double v) { return v < 0 ? QStringLiteral("n/a") : QString::number(v, 'f', 0) + QLatin1Char('%'); }

QString perSecond(double v) { return v < 0 ? QStringLiteral("n/a") : QString::number(v, 'f', 0) + QStringLiteral("/s"); }

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("queue-bench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load benchmark of queue-server: raw SQLite commit rate, durable operations per second and "
        "call-to-board latency. See docs/BENCHMARKS.md."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption clientsOpt(QStringLiteral("clients"), QStringLiteral("Concurrent clients in the throughput phases (default 50)."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption durationOpt(QStringLiteral("duration"), QStringLiteral("Seconds measured per throughput phase (default 10)."), QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption desksOpt(QStringLiteral("desks"), QStringLiteral("Logged-in desks in the latency phases (default 100)."), QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption boardsOpt(QStringLiteral("boards"), QStringLiteral("Boards on the event stream (default 20)."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption kiosksOpt(QStringLiteral("kiosks"), QStringLiteral("Kiosks in the latency phases (default 20)."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption ratesOpt(QStringLiteral("call-rates"), QStringLiteral("Desk call rates (calls/s over all desks) of the latency phases; the first is the moderate one (default 10,50,200)."), QStringLiteral("list"), QStringLiteral("10,50,200"));
    const QCommandLineOption latencyOpt(QStringLiteral("latency-duration"), QStringLiteral("Seconds measured per call rate (default 8)."), QStringLiteral("s"), QStringLiteral("8"));
    const QCommandLineOption rawOpt(QStringLiteral("raw-duration"), QStringLiteral("Seconds of the raw SQLite commit measurement (default 3)."), QStringLiteral("s"), QStringLiteral("3"));
    const QCommandLineOption topicsOpt(QStringLiteral("topics"), QStringLiteral("Topics of the office, each served by every window (default 20: numbers are 1…999 per topic, so a fast issue phase needs several)."), QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption serverOpt(QStringLiteral("server-bin"), QStringLiteral("The queue-server binary (default: ../server/queue-server next to this program)."), QStringLiteral("path"));
    const QCommandLineOption dataOpt(QStringLiteral("data-dir"), QStringLiteral("Where the databases go; must be on the disk under test, not tmpfs (default /var/tmp)."), QStringLiteral("dir"), QStringLiteral("/var/tmp"));
    const QCommandLineOption quickOpt(QStringLiteral("quick"), QStringLiteral("Short runs for a smoke check (explicit options still win)."));
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the temporary data directory."));
    const QCommandLineOption syncOpt(QStringLiteral("server-sync"), QStringLiteral("The server's --sync mode: full (default, what production uses) or normal (no fsync per commit; for finding out what is disk and what is CPU)."), QStringLiteral("mode"), QStringLiteral("full"));
    const QCommandLineOption phasesOpt(QStringLiteral("phases"), QStringLiteral("Phases to run besides the raw commit measurement: issue, mix, latency (default all)."), QStringLiteral("list"), QStringLiteral("issue,mix,latency"));
    parser.addOptions({clientsOpt, durationOpt, desksOpt, boardsOpt, kiosksOpt, ratesOpt, latencyOpt, rawOpt, topicsOpt,
                       serverOpt, dataOpt, quickOpt, keepOpt, phasesOpt, syncOpt});
    parser.process(app);

    const bool quick = parser.isSet(quickOpt);
    auto intOpt = [&](const QCommandLineOption &o, int quickValue) {
        return qMax(0, (quick && !parser.isSet(o)) ? quickValue : parser.value(o).toInt());
    };
    auto realOpt = [&](const QCommandLineOption &o, double quickValue) {
        return qMax(0.1, (quick && !parser.isSet(o)) ? quickValue : parser.value(o).toDouble());
    };
    const int clients = qMax(1, intOpt(clientsOpt, 20));
    const double duration = realOpt(durationOpt, 2);
    const int desks = qMax(1, intOpt(desksOpt, 20));
    const int boards = qMax(1, intOpt(boardsOpt, 5));
    const int kiosks = intOpt(kiosksOpt, 5);
    const double latencySeconds = realOpt(latencyOpt, 2);
    const double rawSeconds = realOpt(rawOpt, 1);
    const int topics = qBound(1, intOpt(topicsOpt, 20), 26 * 26);
    QList<double> rates;
    for (const QString &r : ((quick && !parser.isSet(ratesOpt)) ? QStringLiteral("10,50") : parser.value(ratesOpt))
                                .split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (r.toDouble() > 0)
            rates.append(r.toDouble());
    if (rates.isEmpty())
        rates = {10};
    const double warmup = quick ? 0.3 : 1.0;
    const QString serverBin = parser.isSet(serverOpt) ? parser.value(serverOpt) : defaultServerBin();
    const QStringList phases = parser.value(phasesOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QString serverSync = parser.value(syncOpt);
    if (serverSync != QLatin1String("full") && serverSync != QLatin1String("normal")) {
        std::fprintf(stderr, "queue-bench: --server-sync must be full or normal\n");
        return 2;
    }
    const QStringList serverArgs{QStringLiteral("--sync"), serverSync};

    QDir().mkpath(parser.value(dataOpt));
    QTemporaryDir tmp(QDir(parser.value(dataOpt)).filePath(QStringLiteral("queue-bench-XXXXXX")));
    if (!tmp.isValid()) {
        std::fprintf(stderr, "queue-bench: cannot create a directory in %s\n", qPrintable(parser.value(dataOpt)));
        return 2;
    }
    tmp.setAutoRemove(!parser.isSet(keepOpt));
    const MachineInfo machine = machineInfo(tmp.path());

    say(QStringLiteral("queue-bench %1%2").arg(QStringLiteral(QUEUE_VERSION), quick ? QStringLiteral(" (quick)") : QString()));
    say(QStringLiteral("machine: %1, %2 CPUs, %3 MiB, %4").arg(machine.cpuModel).arg(machine.cpus).arg(machine.memoryMiB).arg(machine.kernel));
    say(QStringLiteral("data:    %1 on %2 (%3, %4)").arg(machine.dataDir, machine.device, machine.fsType, machine.mountOptions));
    if (machine.fsType == QLatin1String("tmpfs") || machine.fsType == QLatin1String("ramfs"))
        say(QStringLiteral("WARNING: the data directory is in memory (%1); fsync costs nothing there. Use --data-dir on a real disk.")
                .arg(machine.fsType));
    say(QStringLiteral("server:  %1 --sync %2").arg(serverBin, serverSync));
    if (serverSync != QLatin1String("full"))
        say(QStringLiteral("NOTE: the server runs with --sync %1: its answers do not wait for the disk; not the production setting.").arg(serverSync));
    const QString loadStart = loadAverage();
    say(QStringLiteral("load:    %1 (1, 5, 15 min; this machine may be shared)").arg(loadStart));

    QString error;
    const QString pinHash = ServerProcess::hashPin(serverBin, QStringLiteral("1234"), &error);
    if (pinHash.isEmpty()) {
        std::fprintf(stderr, "queue-bench: %s\n", qPrintable(error));
        return 2;
    }

    // 1. The physical reference.
    say(QStringLiteral("\n[1/3] raw SQLite commits (WAL, synchronous=FULL, 1 INSERT per transaction), %1 s …").arg(rawSeconds));
    const RawCommitResult raw = measureRawCommits(tmp.path(), rawSeconds);
    if (!raw.ok) {
        std::fprintf(stderr, "queue-bench: raw commit measurement failed: %s\n", qPrintable(raw.error));
        return 2;
    }
    say(QStringLiteral("      %1 commits/s, latency p50 %2 ms, p99 %3 ms, max %4 ms")
            .arg(raw.commitsPerSecond, 0, 'f', 0).arg(ms(raw.latency.p50), ms(raw.latency.p99), ms(raw.latency.max)));

    OfficeShape shape;
    shape.windows = qMax(desks, clients);
    shape.topics = topics;
    shape.kiosks = qMax(20, kiosks);
    shape.displays = boards;
    const QJsonObject config = officeConfig(shape, pinHash);

    // 2. Throughput on a fresh server.
    const int mixKiosks = qMax(1, clients / 5);
    const int mixDesks = qMax(0, clients - mixKiosks);
    QList<ThroughputResult> throughput;
    double tLogin = 0;
    const bool runIssue = phases.contains(QLatin1String("issue"));
    const bool runMix = phases.contains(QLatin1String("mix"));
    if (runIssue || runMix) {
        ServerProcess server(serverBin, QDir(tmp.path()).filePath(QStringLiteral("throughput")));
        if (!server.start(config, &error, serverArgs)) {
            std::fprintf(stderr, "queue-bench: %s\n", qPrintable(error));
            return 3;
        }
        say(QStringLiteral("\n[2/3] throughput, %1 clients (server pid %2, port %3)").arg(clients).arg(server.pid()).arg(server.port()));
        const std::vector<Desk> mixDeskList = runMix ? loginDesks(server.port(), mixDesks, 8, &tLogin, &error) : std::vector<Desk>();
        if (runMix && static_cast<int>(mixDeskList.size()) < mixDesks)
            say(QStringLiteral("      warning: %1").arg(error));
        if (runMix)
            say(QStringLiteral("      logged in %1 desks in %2 s").arg(mixDeskList.size()).arg(tLogin, 0, 'f', 1));

        ThroughputConfig issue;
        issue.name = QStringLiteral("issue");
        issue.kiosks = clients;
        issue.seconds = duration;
        issue.warmupSeconds = warmup;
        issue.topics = topics;
        ThroughputConfig mix = issue;
        mix.name = QStringLiteral("mix");
        mix.kiosks = mixKiosks;
        mix.desks = mixDesks;
        qint64 waiting = 0;   // tickets in the queue: the mix phase calls what the issue phase left
        QList<ThroughputConfig> configs;
        if (runIssue)
            configs.append(issue);
        if (runMix)
            configs.append(mix);
        for (const ThroughputConfig &c : std::as_const(configs)) {
            // The disk of a shared machine drifts: take the reference again right before the phase.
            const RawCommitResult before = measureRawCommits(tmp.path(), quick ? 0.5 : 2.0);
            say(QStringLiteral("      %1: %2 kiosks + %3 desks, %4 s (raw commit rate just before: %5/s) …")
                    .arg(c.name).arg(c.kiosks).arg(qMin<qsizetype>(c.desks, mixDeskList.size())).arg(c.seconds)
                    .arg(before.commitsPerSecond, 0, 'f', 0));
            ThroughputResult r = runThroughput(server.port(), c, mixDeskList, server.pid(), machine.diskstatsName);
            r.rawCommitsPerSecond = before.ok ? before.commitsPerSecond : raw.commitsPerSecond;
            say(QStringLiteral("      → %1 durable ops/s (%2× raw), per second %3…%4, latency p50 %5 ms p99 %6 ms; "
                               "server CPU %7 (%8 ms per op), waiting for a CPU %9; disk flushes %10; queue now %11")
                    .arg(r.opsPerSecond, 0, 'f', 0)
                    .arg(r.opsPerSecond / r.rawCommitsPerSecond, 0, 'f', 2)
                    .arg(r.minSecondRate, 0, 'f', 0)
                    .arg(r.maxSecondRate, 0, 'f', 0)
                    .arg(ms(r.latency.p50), ms(r.latency.p99), pct(r.serverCpuPercent), ms(r.serverCpuMsPerOp),
                         pct(r.serverCpuWaitPercent), perSecond(r.flushesPerSecond))
                    .arg(waiting += r.issued - r.called));
            throughput.append(r);
        }
        server.stop();
    }

    // 3. Call-to-board latency on another fresh server.
    QList<LatencyResult> latency;
    double lLogin = 0;
    double loginCpuMs = 0;
    CostResult costs, costsNoBoards;
    if (phases.contains(QLatin1String("latency"))) {
        ServerProcess server(serverBin, QDir(tmp.path()).filePath(QStringLiteral("latency")));
        if (!server.start(config, &error, serverArgs)) {
            std::fprintf(stderr, "queue-bench: %s\n", qPrintable(error));
            return 3;
        }
        say(QStringLiteral("\n[3/3] call-to-board latency, %1 desks, %2 boards, %3 kiosks (server pid %4, port %5)")
                .arg(desks).arg(boards).arg(kiosks).arg(server.pid()).arg(server.port()));
        ResourceProbe loginProbe(server.pid(), QString());
        loginProbe.start();
        std::vector<Desk> deskList = loginDesks(server.port(), desks, 8, &lLogin, &error);
        loginProbe.stop();
        if (static_cast<int>(deskList.size()) < desks)
            say(QStringLiteral("      warning: %1").arg(error));
        loginCpuMs = deskList.empty() ? 0.0 : loginProbe.cpuSeconds() * 1000 / double(deskList.size());
        say(QStringLiteral("      logged in %1 desks in %2 s (server CPU %3 ms per login: PBKDF2 on the event-loop thread)")
                .arg(deskList.size()).arg(lLogin, 0, 'f', 1).arg(loginCpuMs, 0, 'f', 0));
        const Desk costDesk = deskList.empty() ? Desk() : deskList.front();
        const int costCount = quick ? 20 : 30;
        auto measureCostsNow = [&](int listening) {
            say(QStringLiteral("      server CPU per request, %1 of each kind one at a time, %2 boards listening …").arg(costCount).arg(listening));
            const CostResult c = measureCosts(server.port(), costDesk, costCount, topics, server.pid());
            for (auto it = c.kinds.begin(); it != c.kinds.end(); ++it)
                say(QStringLiteral("      → %1: server CPU p50 %2 ms (mean %3 ms); round trip p50 %4 ms, p99 %5 ms")
                        .arg(it.key(), -6).arg(ms(it.value().cpu.p50), ms(it.value().cpu.mean), ms(it.value().wall.p50),
                                               ms(it.value().wall.p99)));
            return c;
        };
        if (costDesk.window > 0)
            costsNoBoards = measureCostsNow(0);
        LatencyRig rig(server.port(), std::move(deskList), boards, kiosks);
        if (!rig.connectBoards(&error)) {
            std::fprintf(stderr, "queue-bench: %s\n", qPrintable(error));
            return 3;
        }
        if (costDesk.window > 0)
            costs = measureCostsNow(boards);
        for (const double rate : rates) {
            LatencyConfig c;
            c.callRate = rate;
            c.seconds = latencySeconds;
            c.warmupSeconds = warmup;
            c.topics = topics;
            c.prefill = qMax(50, static_cast<int>(rate * 2));
            say(QStringLiteral("      %1 calls/s, %2 s …").arg(rate).arg(latencySeconds));
            const LatencyResult r = rig.run(c, server.pid(), machine.diskstatsName);
            say(QStringLiteral("      → call→board p50 %1 ms, p99 %2 ms, max %3 ms over %4 pairs (%5 calls, %6/s achieved); "
                               "call answer p50 %7 ms p99 %8 ms; server CPU %9, waiting for a CPU %10")
                    .arg(ms(r.callToBoard.p50), ms(r.callToBoard.p99), ms(r.callToBoard.max))
                    .arg(r.pairs).arg(r.calls).arg(r.achievedCallRate, 0, 'f', 1)
                    .arg(ms(r.callHttp.p50), ms(r.callHttp.p99), pct(r.serverCpuPercent), pct(r.serverCpuWaitPercent)));
            latency.append(r);
        }
        server.stop();
    }

    // Summary.
    say(QStringLiteral("\n==================== summary ===================="));
    say(QStringLiteral("raw SQLite FULL commit: %1 commits/s, p50 %2 ms, p99 %3 ms (%4 s)")
            .arg(raw.commitsPerSecond, 0, 'f', 0).arg(ms(raw.latency.p50), ms(raw.latency.p99)).arg(raw.seconds, 0, 'f', 1));
    double worstRatio = throughput.isEmpty() ? 0 : 1e9;
    for (const ThroughputResult &r : throughput) {
        const double ratio = r.opsPerSecond / r.rawCommitsPerSecond;
        worstRatio = qMin(worstRatio, ratio);
        say(QStringLiteral("throughput %1 (%2 clients: %3 kiosks, %4 desks): %5 durable ops/s = %6× the raw commit rate measured "
                           "just before (%12/s; %13× the one at the start); request latency p50 %7 ms, p99 %8 ms; server CPU %9 "
                           "(%14 ms per op, waiting for a CPU %15), disk flushes %10; errors: %11")
                .arg(r.name).arg(r.clients).arg(r.kiosks).arg(r.desks)
                .arg(r.opsPerSecond, 0, 'f', 0).arg(ratio, 0, 'f', 2)
                .arg(ms(r.latency.p50), ms(r.latency.p99), pct(r.serverCpuPercent), perSecond(r.flushesPerSecond), errorsText(r.errors))
                .arg(r.rawCommitsPerSecond, 0, 'f', 0).arg(r.opsPerSecond / raw.commitsPerSecond, 0, 'f', 2)
                .arg(ms(r.serverCpuMsPerOp), pct(r.serverCpuWaitPercent)));
        for (auto it = r.perKind.begin(); it != r.perKind.end(); ++it)
            say(QStringLiteral("    %1: %2 requests, p50 %3 ms, p99 %4 ms").arg(it.key()).arg(it.value().count).arg(ms(it.value().p50), ms(it.value().p99)));
    }
    if (!costs.kinds.isEmpty()) {
        QStringList parts;
        for (auto it = costs.kinds.begin(); it != costs.kinds.end(); ++it)
            parts.append(QStringLiteral("%1 %2 ms (%3 ms with no board)")
                             .arg(it.key(), ms(it.value().cpu.p50), ms(costsNoBoards.kinds.value(it.key()).cpu.p50)));
        say(QStringLiteral("server CPU per request (p50, one at a time, %1 windows, %2 boards): %3; login %4 ms")
                .arg(shape.windows).arg(boards).arg(parts.join(QStringLiteral(", "))).arg(loginCpuMs, 0, 'f', 0));
    }
    for (const LatencyResult &r : latency) {
        say(QStringLiteral("call→board at %1 calls/s (%2 achieved; %3 desks, %4 boards, %5 kiosks): p50 %6 ms, p99 %7 ms, max %8 ms, "
                           "%9 pairs, %10 missing, %17 calls found the queue empty; call answer p99 %11 ms; server CPU %12 "
                           "(waiting for a CPU %15), bench CPU %13 (waiting for a CPU %16); errors: %14")
                .arg(r.callRate).arg(r.achievedCallRate, 0, 'f', 1).arg(r.desks).arg(r.boards).arg(r.kiosks)
                .arg(ms(r.callToBoard.p50), ms(r.callToBoard.p99), ms(r.callToBoard.max))
                .arg(r.pairs).arg(r.missing).arg(ms(r.callHttp.p99), pct(r.serverCpuPercent), pct(r.benchCpuPercent), errorsText(r.errors))
                .arg(pct(r.serverCpuWaitPercent), pct(r.benchCpuWaitPercent))
                .arg(r.emptyCalls));
    }
    const bool throughputMet = !throughput.isEmpty() && worstRatio >= 0.5;
    const QString loadEnd = loadAverage();
    say(QStringLiteral("load average at start %1, at end %2").arg(loadStart, loadEnd));
    const double moderateP99 = latency.isEmpty() ? 0 : latency.first().callToBoard.p99;
    const bool latencyMet = !latency.isEmpty() && latency.first().pairs > 0 && moderateP99 <= 5.0;
    if (!throughput.isEmpty())
        say(QStringLiteral("aim: durable ops/s ≥ 0.5 × raw commit rate: %1 (worst %2×)")
            .arg(throughputMet ? QStringLiteral("met") : QStringLiteral("MISSED")).arg(worstRatio, 0, 'f', 2));
    if (!latency.isEmpty())
        say(QStringLiteral("aim: call→board p99 ≤ 5 ms at %1 calls/s: %2 (%3 ms; one raw commit alone: p50 %4 ms, p99 %5 ms)")
                .arg(latency.first().callRate)
                .arg(latencyMet ? QStringLiteral("met") : QStringLiteral("MISSED"), ms(moderateP99), ms(raw.latency.p50),
                     ms(raw.latency.p99)));

    QJsonArray tj, lj;
    for (const ThroughputResult &r : throughput)
        tj.append(r.toJson(raw.commitsPerSecond));
    for (const LatencyResult &r : latency)
        lj.append(r.toJson());
    const QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("queue-bench")},
        {QStringLiteral("version"), QStringLiteral(QUEUE_VERSION)},
        {QStringLiteral("quick"), quick},
        {QStringLiteral("machine"), machine.toJson()},
        {QStringLiteral("loadavg"), QJsonObject{{QStringLiteral("start"), loadStart}, {QStringLiteral("end"), loadEnd}}},
        {QStringLiteral("options"), QJsonObject{{QStringLiteral("clients"), clients},
                                                {QStringLiteral("server_sync"), serverSync},
                                                {QStringLiteral("duration_s"), duration},
                                                {QStringLiteral("desks"), desks},
                                                {QStringLiteral("boards"), boards},
                                                {QStringLiteral("kiosks"), kiosks},
                                                {QStringLiteral("topics"), topics},
                                                {QStringLiteral("latency_duration_s"), latencySeconds}}},
        {QStringLiteral("raw_commit"), QJsonObject{{QStringLiteral("commits_per_s"), std::round(raw.commitsPerSecond)},
                                                   {QStringLiteral("seconds"), raw.seconds},
                                                   {QStringLiteral("latency"), raw.latency.toJson()}}},
        {QStringLiteral("login_seconds"), QJsonObject{{QStringLiteral("throughput_desks"), tLogin}, {QStringLiteral("latency_desks"), lLogin}}},
        {QStringLiteral("throughput"), tj},
        {QStringLiteral("server_cpu_per_request"), costs.toJson()},
        {QStringLiteral("server_cpu_per_request_no_boards"), costsNoBoards.toJson()},
        {QStringLiteral("login_server_cpu_ms"), std::round(loginCpuMs * 10) / 10},
        {QStringLiteral("call_to_board"), lj},
        {QStringLiteral("aims"), QJsonObject{{QStringLiteral("throughput_ratio_worst"), std::round(worstRatio * 100) / 100},
                                             {QStringLiteral("throughput_met"), throughputMet},
                                             {QStringLiteral("call_to_board_p99_ms"), std::round(moderateP99 * 100) / 100},
                                             {QStringLiteral("call_to_board_met"), latencyMet}}},
    };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}
