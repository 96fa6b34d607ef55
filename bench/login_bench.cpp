// queue-login-bench: a kiosk's ticket issue while operator logins arrive
// (docs/BENCHMARKS.md, "Ticket issue during logins"). The real server, real PIN
// hashes (`queue-server --hash-pin`, the production iteration count).
//
// Phase 1 measures issue latency alone; phase 2 the same while `--login-rate`
// logins a second arrive, half of them wrong PINs for logins that do not exist
// (each still costs a full hash: the server checks an unknown login against a
// dummy hash). The server limits failed logins per source address (10 a
// minute), so each login comes from its own loopback address out of
// 127.0.0.2…127.0.0.201, as many different LAN clients would.

#include "httpclient.h"
#include "stats.h"
#include "support.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <vector>

using namespace queue::bench;

namespace {

void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

struct PhaseResult {
    Summary issue;
    Summary loginOk;
    Summary loginWrong;
    QMap<int, int> loginStatuses;
    int issueErrors = 0;
};

// Kiosks issue one ticket each every `intervalMs`; logins are sent every
// 1000/loginRate ms on fresh connections from rotating source addresses.
PhaseResult runPhase(quint16 port, int kiosks, int intervalMs, double loginRate, int windows, double seconds)
{
    PhaseResult out;
    std::vector<qint64> issueNs, okNs, wrongNs;
    std::vector<std::unique_ptr<HttpClient>> kioskClients;
    for (int i = 0; i < kiosks; ++i) {
        kioskClients.push_back(std::make_unique<HttpClient>(port, kioskToken(i + 1)));
        kioskClients.back()->open();
    }
    std::vector<std::unique_ptr<HttpClient>> loginClients;
    const qint64 endNs = nowNs() + static_cast<qint64>(seconds * 1e9);
    QEventLoop loop;
    int issueSeq = 0, loginSeq = 0;

    QTimer issueTimer;
    issueTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&issueTimer, &QTimer::timeout, [&] {
        for (auto &c : kioskClients) {
            if (c->busy())
                continue;   // the previous issue has not been answered yet: the latency shows it
            const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("service"), topicId(1 + issueSeq++ % 4)}})
                                        .toJson(QJsonDocument::Compact);
            c->request("POST", "/api/v1/tickets", body, [&](const HttpReply &r) {
                if (r.status == 201)
                    issueNs.push_back(r.latencyNs());
                else
                    out.issueErrors += 1;
            });
        }
    });
    issueTimer.start(intervalMs);

    QTimer loginTimer;
    loginTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&loginTimer, &QTimer::timeout, [&] {
        const int n = loginSeq++;
        const bool wrong = n % 2 == 1;
        auto client = std::make_unique<HttpClient>(port, QByteArray());
        client->setSourceAddress(QHostAddress(quint32((127u << 24) | (2u + static_cast<quint32>(n % 200)))));
        const int window = 1 + (n / 2) % windows;
        const QJsonObject body{{QStringLiteral("login"), wrong ? QStringLiteral("intruder%1").arg(n) : operatorLogin(window)},
                               {QStringLiteral("pin"), wrong ? QStringLiteral("0000") : QStringLiteral("1234")},
                               {QStringLiteral("window"), window}};
        client->request("POST", "/api/v1/sessions", QJsonDocument(body).toJson(QJsonDocument::Compact),
                        [&, wrong](const HttpReply &r) {
                            out.loginStatuses[r.status] += 1;
                            (wrong ? wrongNs : okNs).push_back(r.latencyNs());
                        });
        loginClients.push_back(std::move(client));
    });
    if (loginRate > 0)
        loginTimer.start(static_cast<int>(1000.0 / loginRate));

    QTimer end;
    QObject::connect(&end, &QTimer::timeout, [&] {
        if (nowNs() < endNs)
            return;
        issueTimer.stop();
        loginTimer.stop();
        bool busy = false;
        for (auto &c : kioskClients)
            busy = busy || c->busy();
        for (auto &c : loginClients)
            busy = busy || c->busy();
        if (!busy || nowNs() > endNs + 60'000'000'000LL)
            loop.quit();
    });
    end.start(20);
    loop.exec();
    out.issue = summarize(issueNs);
    out.loginOk = summarize(okNs);
    out.loginWrong = summarize(wrongNs);
    return out;
}

QString line(const QString &what, const Summary &s)
{
    return QStringLiteral("%1 n=%2 p50=%3 ms p99=%4 ms max=%5 ms")
        .arg(what, -14)
        .arg(s.count)
        .arg(s.p50, 0, 'f', 2)
        .arg(s.p99, 0, 'f', 2)
        .arg(s.max, 0, 'f', 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ticket issue latency while operator logins (half wrong PINs) arrive."));
    parser.addHelpOption();
    const QCommandLineOption binOpt(QStringLiteral("server-bin"), QStringLiteral("The queue-server binary."), QStringLiteral("path"));
    const QCommandLineOption rateOpt(QStringLiteral("login-rate"), QStringLiteral("Logins a second in phase 2 (default 20)."),
                                     QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption kiosksOpt(QStringLiteral("kiosks"), QStringLiteral("Kiosks issuing (default 4)."), QStringLiteral("n"),
                                       QStringLiteral("4"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval"), QStringLiteral("Each kiosk issues every N ms (default 100)."),
                                         QStringLiteral("ms"), QStringLiteral("100"));
    const QCommandLineOption durationOpt(QStringLiteral("duration"), QStringLiteral("Seconds per phase (default 20)."),
                                         QStringLiteral("s"), QStringLiteral("20"));
    const QCommandLineOption dirOpt(QStringLiteral("data-dir"), QStringLiteral("Where the server's database goes (default: a temporary directory)."),
                                    QStringLiteral("dir"));
    parser.addOptions({binOpt, rateOpt, kiosksOpt, intervalOpt, durationOpt, dirOpt});
    parser.process(app);
    // Numbers first: a typo is refused before a server starts, never run as 0.
    bool okKiosks = false, okInterval = false, okDuration = false, okRate = false;
    const int kiosks = parser.value(kiosksOpt).toInt(&okKiosks);
    const int interval = parser.value(intervalOpt).toInt(&okInterval);
    const double seconds = parser.value(durationOpt).toDouble(&okDuration);
    const double rate = parser.value(rateOpt).toDouble(&okRate);
    if (!okKiosks || kiosks < 1 || !okInterval || interval < 1 || !okDuration || seconds <= 0 || !okRate || rate <= 0) {
        say(QStringLiteral("queue-login-bench: --kiosks, --interval, --duration and --login-rate must be positive numbers"));
        return 1;
    }
    const QString serverBin = parser.isSet(binOpt) ? parser.value(binOpt)
                                                   : QCoreApplication::applicationDirPath() + QStringLiteral("/../server/queue-server");
    QTemporaryDir tmp(parser.isSet(dirOpt) ? parser.value(dirOpt) + QStringLiteral("/login-bench-XXXXXX") : QString());
    QString error;
    const QString pinHash = ServerProcess::hashPin(serverBin, QStringLiteral("1234"), &error);
    if (pinHash.isEmpty()) {
        say(error);
        return 1;
    }
    OfficeShape shape;
    shape.windows = 20;
    shape.topics = 4;
    shape.kiosks = kiosks;
    ServerProcess server(serverBin, tmp.path());
    if (!server.start(officeConfig(shape, pinHash), &error)) {
        say(error);
        return 1;
    }
    say(QStringLiteral("PIN hash: %1").arg(pinHash.section(QLatin1Char('$'), 0, 1)));
    say(QStringLiteral("%1 kiosks, one issue each every %2 ms; %3 s per phase").arg(kiosks).arg(interval).arg(seconds));

    const PhaseResult idle = runPhase(server.port(), kiosks, interval, 0, shape.windows, seconds);
    say(QStringLiteral("phase 1, no logins:"));
    say(QStringLiteral("  ") + line(QStringLiteral("issue"), idle.issue) + QStringLiteral(" errors=%1").arg(idle.issueErrors));

    const PhaseResult busy = runPhase(server.port(), kiosks, interval, rate, shape.windows, seconds);
    say(QStringLiteral("phase 2, %1 logins/s (half wrong PINs):").arg(rate));
    say(QStringLiteral("  ") + line(QStringLiteral("issue"), busy.issue) + QStringLiteral(" errors=%1").arg(busy.issueErrors));
    say(QStringLiteral("  ") + line(QStringLiteral("login right"), busy.loginOk));
    say(QStringLiteral("  ") + line(QStringLiteral("login wrong"), busy.loginWrong));
    QStringList statuses;
    for (auto it = busy.loginStatuses.cbegin(); it != busy.loginStatuses.cend(); ++it)
        statuses.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    say(QStringLiteral("  login answers: ") + statuses.join(QStringLiteral(", ")));
    const bool met = busy.issue.count > 0 && busy.issue.p99 <= 20.0;
    say(QStringLiteral("target issue p99 <= 20 ms during logins: %1 (%2 ms)")
            .arg(met ? QStringLiteral("met") : QStringLiteral("MISSED"))
            .arg(busy.issue.p99, 0, 'f', 2));
    server.stop();
    return met ? 0 : 2;
}
