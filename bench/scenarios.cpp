#include "scenarios.h"

#include "support.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <cmath>
#include <functional>

namespace queue::bench {

namespace {

// Runs the event loop until `done()` or the timeout; false on timeout.
// Blocks in the event dispatcher (no busy spinning: the server needs the CPU).
bool spinUntil(const std::function<bool()> &done, double timeoutSeconds)
{
    const qint64 end = nowNs() + static_cast<qint64>(timeoutSeconds * 1e9);
    QTimer wake;
    wake.start(20);
    while (!done()) {
        if (nowNs() >= end)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

void spinFor(double seconds)
{
    const qint64 end = nowNs() + static_cast<qint64>(seconds * 1e9);
    spinUntil([end] { return nowNs() >= end; }, seconds + 1);
}

QString errorKey(const HttpReply &r)
{
    if (r.status == 0)
        return QStringLiteral("no answer");
    const QString code = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toObject()
                             .value(QStringLiteral("code")).toString();
    return code.isEmpty() ? QString::number(r.status) : QString::number(r.status) + QLatin1Char(' ') + code;
}

qint64 replyTicketId(const HttpReply &r)
{
    return static_cast<qint64>(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toDouble());
}

QByteArray issueBody(qint64 counter, int topics)
{
    return R"({"service":")" + topicId(static_cast<int>(counter % topics) + 1).toLatin1() + R"("})";
}

const QByteArray kTickets = QByteArrayLiteral("/api/v1/tickets");
const QByteArray kPost = QByteArrayLiteral("POST");
const QByteArray kFinishBody = QByteArrayLiteral(R"({"outcome":"resolved"})");
const QByteArray kEmptyBody = QByteArrayLiteral("{}");

QByteArray windowPath(int window, const QByteArray &action)
{
    return "/api/v1/windows/" + QByteArray::number(window) + '/' + action;
}

} // namespace

// ---------------------------------------------------------------- login

std::vector<Desk> loginDesks(quint16 port, int count, int parallel, double *seconds, QString *error)
{
    std::vector<Desk> desks;
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int i = 0; i < parallel; ++i)
        clients.push_back(std::make_unique<HttpClient>(port, QByteArray()));
    int next = 1;
    int done = 0;
    QString firstError;
    const qint64 t0 = nowNs();
    std::function<void(HttpClient *)> loginNext = [&](HttpClient *c) {
        if (next > count)
            return;
        const int window = next++;
        const QByteArray body = R"({"login":")" + operatorLogin(window).toLatin1() + R"(","pin":"1234","window":)"
                                + QByteArray::number(window) + '}';
        c->request(kPost, QByteArrayLiteral("/api/v1/sessions"), body, [&, c, window](const HttpReply &r) {
            ++done;
            const QByteArray token = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("token")).toString().toLatin1();
            if (r.status == 201 && !token.isEmpty())
                desks.push_back(Desk{window, token});
            else if (firstError.isEmpty())
                firstError = QStringLiteral("login to window %1: %2").arg(window).arg(errorKey(r));
            loginNext(c);
        });
    };
    for (auto &c : clients)
        loginNext(c.get());
    spinUntil([&] { return done >= count; }, 30 + count * 1.0);
    *seconds = static_cast<double>(nowNs() - t0) / 1e9;
    if (static_cast<int>(desks.size()) < count)
        *error = firstError.isEmpty() ? QStringLiteral("only %1 of %2 desks logged in").arg(desks.size()).arg(count) : firstError;
    std::sort(desks.begin(), desks.end(), [](const Desk &a, const Desk &b) { return a.window < b.window; });
    return desks;
}

// ---------------------------------------------------------------- cost

QJsonObject CostResult::toJson() const
{
    QJsonObject o;
    for (auto it = kinds.begin(); it != kinds.end(); ++it)
        o.insert(it.key(), QJsonObject{{QStringLiteral("server_cpu"), it.value().cpu.toJson()},
                                       {QStringLiteral("round_trip"), it.value().wall.toJson()}});
    return o;
}

CostResult measureCosts(quint16 port, const Desk &desk, int count, int topics, qint64 serverPid)
{
    HttpClient kiosk(port, kioskToken(1));
    HttpClient operatorDesk(port, desk.token);
    QMap<QString, std::vector<qint64>> cpu, wall;
    qint64 counter = 0;
    // One request, waited for; returns its status.
    auto one = [&](HttpClient &c, const QString &kind, const QByteArray &path, const QByteArray &body) {
        bool done = false;
        int status = 0;
        const SchedStat before = readSchedStat(serverPid);
        c.request(kPost, path, body, [&](const HttpReply &r) {
            status = r.status;
            done = true;
            wall[kind].push_back(r.latencyNs());
        });
        spinUntil([&] { return done; }, 30);
        // The answer is written before the server goes back to sleep; give it that moment.
        spinFor(0.002);
        const SchedStat after = readSchedStat(serverPid);
        if (before.ok && after.ok)
            cpu[kind].push_back(after.runNs - before.runNs);
        return status;
    };
    kiosk.open();
    operatorDesk.open();
    spinUntil([&] { return kiosk.isConnected() && operatorDesk.isConnected(); }, 10);
    for (int i = 0; i < count; ++i)
        one(kiosk, QStringLiteral("issue"), kTickets, issueBody(counter++, topics));
    for (int i = 0; i < count; ++i) {
        if (one(operatorDesk, QStringLiteral("call"), windowPath(desk.window, QByteArrayLiteral("call")), kEmptyBody) != 200)
            break;
        one(operatorDesk, QStringLiteral("start"), windowPath(desk.window, QByteArrayLiteral("start")), kEmptyBody);
        one(operatorDesk, QStringLiteral("finish"), windowPath(desk.window, QByteArrayLiteral("finish")), kFinishBody);
    }
    CostResult res;
    for (auto it = cpu.begin(); it != cpu.end(); ++it)
        res.kinds[it.key()] = CostResult::Kind{summarize(std::move(it.value())), summarize(std::move(wall[it.key()]))};
    return res;
}

// ---------------------------------------------------------------- throughput

QJsonObject ThroughputResult::toJson(double runRawCommitsPerSecond) const
{
    QJsonObject errs;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        errs.insert(it.key(), it.value());
    QJsonObject kinds;
    for (auto it = perKind.begin(); it != perKind.end(); ++it)
        kinds.insert(it.key(), it.value().toJson());
    auto r1 = [](double v) { return std::round(v * 10.0) / 10.0; };
    return QJsonObject{{QStringLiteral("phase"), name},
                       {QStringLiteral("clients"), clients},
                       {QStringLiteral("kiosks"), kiosks},
                       {QStringLiteral("desks"), desks},
                       {QStringLiteral("seconds"), r1(seconds)},
                       {QStringLiteral("durable_ops"), durableOps},
                       {QStringLiteral("durable_ops_per_s"), r1(opsPerSecond)},
                       {QStringLiteral("raw_commits_per_s_before"), std::round(rawCommitsPerSecond)},
                       {QStringLiteral("ratio_to_raw"), rawCommitsPerSecond > 0 ? std::round(opsPerSecond / rawCommitsPerSecond * 100.0) / 100.0 : 0.0},
                       {QStringLiteral("ratio_to_raw_at_start"), runRawCommitsPerSecond > 0 ? std::round(opsPerSecond / runRawCommitsPerSecond * 100.0) / 100.0 : 0.0},
                       {QStringLiteral("min_1s_rate"), r1(minSecondRate)},
                       {QStringLiteral("max_1s_rate"), r1(maxSecondRate)},
                       {QStringLiteral("per_second"), [this] {
                            QJsonArray a;
                            for (const qint64 n : perSecond)
                                a.append(n);
                            return a;
                        }()},
                       {QStringLiteral("requests"), requests},
                       {QStringLiteral("empty_calls"), emptyCalls},
                       {QStringLiteral("errors"), errs},
                       {QStringLiteral("latency"), latency.toJson()},
                       {QStringLiteral("latency_by_kind"), kinds},
                       {QStringLiteral("server_cpu_pct"), r1(serverCpuPercent)},
                       {QStringLiteral("server_cpu_wait_pct"), r1(serverCpuWaitPercent)},
                       {QStringLiteral("server_cpu_ms_per_op"), std::round(serverCpuMsPerOp * 1000.0) / 1000.0},
                       {QStringLiteral("bench_cpu_pct"), r1(benchCpuPercent)},
                       {QStringLiteral("disk_flushes_per_s"), r1(flushesPerSecond)},
                       {QStringLiteral("issued_total"), issued},
                       {QStringLiteral("called_total"), called}};
}

ThroughputResult runThroughput(quint16 port, const ThroughputConfig &config, const std::vector<Desk> &desks,
                               qint64 serverPid, const QString &disk)
{
    struct Client {
        std::unique_ptr<HttpClient> http;
        int window = 0;          // 0: a kiosk
        QByteArray next;         // desks: call, start or finish
    };
    ThroughputResult res;
    res.name = config.name;
    res.kiosks = config.kiosks;
    res.desks = qMin<int>(config.desks, static_cast<int>(desks.size()));
    res.clients = res.kiosks + res.desks;

    std::vector<Client> clients;
    for (int i = 0; i < config.kiosks; ++i)
        clients.push_back(Client{std::make_unique<HttpClient>(port, kioskToken(i % 20 + 1)), 0, {}});
    for (int i = 0; i < res.desks; ++i)
        clients.push_back(Client{std::make_unique<HttpClient>(port, desks[size_t(i)].token), desks[size_t(i)].window,
                                 QByteArrayLiteral("call")});
    for (Client &c : clients)
        c.http->open();
    spinUntil([&] {
        for (const Client &c : clients)
            if (!c.http->isConnected())
                return false;
        return true;
    }, 20);

    const qint64 start = nowNs();
    const qint64 from = start + static_cast<qint64>(config.warmupSeconds * 1e9);
    const qint64 to = from + static_cast<qint64>(config.seconds * 1e9);
    std::vector<qint64> all;
    QMap<QString, std::vector<qint64>> byKind;
    std::vector<qint64> buckets(static_cast<size_t>(std::ceil(config.seconds)) + 1, 0);
    qint64 issueCounter = 0;
    bool stopping = false;

    ResourceProbe server(serverPid, disk);
    ResourceProbe bench(QCoreApplication::applicationPid(), QString());
    QTimer probeStart, probeStop;
    probeStart.setSingleShot(true);
    probeStop.setSingleShot(true);
    probeStart.setTimerType(Qt::PreciseTimer);
    probeStop.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probeStart, &QTimer::timeout, &probeStart, [&] { server.start(); bench.start(); });
    QObject::connect(&probeStop, &QTimer::timeout, &probeStop, [&] {
        server.stop();
        bench.stop();
        stopping = true;
    });
    probeStart.start(static_cast<int>((from - nowNs()) / 1000000));
    probeStop.start(static_cast<int>((to - nowNs()) / 1000000));

    auto record = [&](const QString &kind, const HttpReply &r, bool durable, bool empty) {
        if (durable && kind == QLatin1String("issue"))
            ++res.issued;
        else if (durable && kind == QLatin1String("call"))
            ++res.called;
        if (r.doneNs < from || r.doneNs >= to)
            return;
        ++res.requests;
        all.push_back(r.latencyNs());
        byKind[kind].push_back(r.latencyNs());
        if (durable) {
            ++res.durableOps;
            const auto b = static_cast<size_t>((r.doneNs - from) / 1000000000LL);
            if (b < buckets.size())
                ++buckets[b];
        } else if (empty) {
            ++res.emptyCalls;
        } else {
            ++res.errors[kind + QLatin1Char(' ') + errorKey(r)];
        }
    };

    std::function<void(size_t)> step;
    auto later = [&](size_t i, int ms) {
        QTimer::singleShot(ms, clients[i].http.get(), [&step, i] { step(i); });
    };
    step = [&](size_t i) {
        if (stopping)
            return;
        Client &c = clients[i];
        if (c.window == 0) {
            c.http->request(kPost, kTickets, issueBody(issueCounter++, config.topics), [&, i](const HttpReply &r) {
                record(QStringLiteral("issue"), r, r.status == 201, false);
                if (r.status == 201)
                    step(i);
                else
                    later(i, 10);
            });
            return;
        }
        const QByteArray action = c.next;
        const QByteArray &body = action == "finish" ? kFinishBody : kEmptyBody;
        c.http->request(kPost, windowPath(c.window, action), body, [&, i, action](const HttpReply &r) {
            Client &cc = clients[i];
            const bool ok = r.status == 200;
            record(QString::fromLatin1(action), r, ok, action == "call" && r.status == 204);
            const QString err = ok ? QString() : errorKey(r);
            if (action == "call")
                cc.next = ok || err.endsWith(QLatin1String("ticket_active")) ? QByteArrayLiteral("start") : QByteArrayLiteral("call");
            else if (action == "start")
                cc.next = ok || r.status == 409 ? QByteArrayLiteral("finish") : QByteArrayLiteral("call");
            else
                cc.next = QByteArrayLiteral("call");
            if (ok)
                step(i);
            else
                later(i, r.status == 204 ? 5 : 10);   // nothing to call / an error: do not spin
        });
    };
    for (size_t i = 0; i < clients.size(); ++i)
        step(i);
    spinUntil([&] { return stopping; }, config.warmupSeconds + config.seconds + 5);
    stopping = true;
    // Let the requests in flight finish so that the next phase starts quiet.
    spinUntil([&] {
        for (const Client &c : clients)
            if (c.http->busy())
                return false;
        return true;
    }, 30);

    res.seconds = config.seconds;
    res.opsPerSecond = static_cast<double>(res.durableOps) / config.seconds;
    const auto fullBuckets = static_cast<size_t>(std::floor(config.seconds));
    if (fullBuckets > 0) {
        res.minSecondRate = res.maxSecondRate = static_cast<double>(buckets[0]);
        for (size_t b = 0; b < fullBuckets; ++b) {
            res.perSecond.push_back(buckets[b]);
            res.minSecondRate = qMin(res.minSecondRate, static_cast<double>(buckets[b]));
            res.maxSecondRate = qMax(res.maxSecondRate, static_cast<double>(buckets[b]));
        }
    }
    res.latency = summarize(std::move(all));
    for (auto it = byKind.begin(); it != byKind.end(); ++it)
        res.perKind.insert(it.key(), summarize(std::move(it.value())));
    res.serverCpuPercent = server.cpuPercent();
    res.serverCpuWaitPercent = server.cpuWaitPercent();
    res.serverCpuMsPerOp = res.durableOps > 0 && server.cpuSeconds() >= 0
                               ? server.cpuSeconds() * 1000.0 / static_cast<double>(res.durableOps) : -1;
    res.benchCpuPercent = bench.cpuPercent();
    res.flushesPerSecond = server.flushesPerSecond();
    return res;
}

// ---------------------------------------------------------------- latency

QJsonObject LatencyResult::toJson() const
{
    QJsonObject errs;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        errs.insert(it.key(), it.value());
    auto r1 = [](double v) { return std::round(v * 10.0) / 10.0; };
    return QJsonObject{{QStringLiteral("call_rate"), callRate},
                       {QStringLiteral("achieved_call_rate"), r1(achievedCallRate)},
                       {QStringLiteral("desks"), desks},
                       {QStringLiteral("boards"), boards},
                       {QStringLiteral("kiosks"), kiosks},
                       {QStringLiteral("calls"), calls},
                       {QStringLiteral("empty_calls"), emptyCalls},
                       {QStringLiteral("pairs"), pairs},
                       {QStringLiteral("missing"), missing},
                       {QStringLiteral("mismatched"), mismatched},
                       {QStringLiteral("call_to_board"), callToBoard.toJson()},
                       {QStringLiteral("call_http"), callHttp.toJson()},
                       {QStringLiteral("issue_http"), issueHttp.toJson()},
                       {QStringLiteral("board_spread"), laggingBoards.toJson()},
                       {QStringLiteral("errors"), errs},
                       {QStringLiteral("server_cpu_pct"), r1(serverCpuPercent)},
                       {QStringLiteral("server_cpu_wait_pct"), r1(serverCpuWaitPercent)},
                       {QStringLiteral("bench_cpu_pct"), r1(benchCpuPercent)},
                       {QStringLiteral("bench_cpu_wait_pct"), r1(benchCpuWaitPercent)},
                       {QStringLiteral("disk_flushes_per_s"), r1(flushesPerSecond)},
                       {QStringLiteral("waiting_at_start"), waitingAtStart}};
}

LatencyRig::LatencyRig(quint16 port, std::vector<Desk> desks, int boards, int kiosks, QObject *parent)
    : QObject(parent), m_port(port)
{
    for (Desk &d : desks) {
        DeskState s;
        s.http = std::make_unique<HttpClient>(port, d.token, this);
        s.desk = std::move(d);
        m_desks.push_back(std::move(s));
    }
    for (int i = 0; i < kiosks; ++i) {
        m_kiosks.push_back(std::make_unique<HttpClient>(port, kioskToken(i + 1), this));
        m_kioskNext.push_back(0);
    }
    m_boards.resize(static_cast<size_t>(boards));
}

LatencyRig::~LatencyRig()
{
    for (auto &b : m_boards)
        if (b) {
            b->disconnect(this);
            b->abort();
        }
}

bool LatencyRig::connectBoards(QString *error)
{
    int hellos = 0;
    for (size_t i = 0; i < m_boards.size(); ++i) {
        auto ws = std::make_unique<QWebSocket>();
        const int board = static_cast<int>(i);
        connect(ws.get(), &QWebSocket::textMessageReceived, this, [this, board, &hellos](const QString &text) {
            if (text.startsWith(QLatin1String("{\"type\":\"hello\"")) || text.contains(QLatin1String("\"type\":\"hello\"")))
                ++hellos;
            else
                onBoardMessage(board, text);
        });
        ws->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/events?token=%2")
                          .arg(m_port)
                          .arg(QString::fromLatin1(displayToken(board + 1)))));
        m_boards[i] = std::move(ws);
    }
    for (auto &d : m_desks)
        d.http->open();
    for (auto &k : m_kiosks)
        k->open();
    const bool ok = spinUntil([&] { return hellos >= static_cast<int>(m_boards.size()); }, 30);
    // From here on hellos (a local) must not be touched.
    for (auto &ws : m_boards)
        ws->disconnect(this);
    for (size_t i = 0; i < m_boards.size(); ++i) {
        const int board = static_cast<int>(i);
        connect(m_boards[i].get(), &QWebSocket::textMessageReceived, this,
                [this, board](const QString &text) { onBoardMessage(board, text); });
    }
    if (!ok)
        *error = QStringLiteral("only %1 of %2 boards got the hello").arg(hellos).arg(m_boards.size());
    return ok;
}

void LatencyRig::onBoardMessage(int board, const QString &text)
{
    const qint64 now = nowNs();
    if (!m_running || !text.contains(QLatin1String("\"type\":\"ticket.called\"")))
        return;
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    const int window = o.value(QStringLiteral("window")).toInt();
    const auto id = static_cast<qint64>(o.value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toDouble());
    if (window < 1 || window > static_cast<int>(m_desks.size()))
        return;
    DeskState &d = m_desks[size_t(window - 1)];
    for (auto it = d.recent.rbegin(); it != d.recent.rend(); ++it) {
        Call &c = m_calls[size_t(*it)];
        if (c.ticketId == id || (c.ticketId == 0 && c.status == 0)) {
            if (c.ticketId == 0)
                c.ticketId = id;
            if (c.arrivals[size_t(board)] == 0)
                c.arrivals[size_t(board)] = now;
            return;
        }
    }
}

void LatencyRig::scheduleDesk(int index)
{
    DeskState &d = m_desks[size_t(index)];
    const qint64 waitMs = qMax<qint64>(0, (d.nextCallNs - nowNs()) / 1000000);
    const int generation = m_generation;
    QTimer::singleShot(static_cast<int>(waitMs), Qt::PreciseTimer, d.http.get(), [this, index, generation] {
        if (generation == m_generation)
            deskCall(index);
    });
}

void LatencyRig::deskCall(int index)
{
    DeskState &d = m_desks[size_t(index)];
    if (m_stopping) {
        d.busy = false;
        return;
    }
    d.busy = true;
    const int ci = static_cast<int>(m_calls.size());
    Call call;
    call.window = d.desk.window;
    call.arrivals.assign(m_boards.size(), 0);
    call.sentNs = nowNs();
    call.measured = call.sentNs >= m_measureFromNs && call.sentNs < m_measureToNs;
    m_calls.push_back(std::move(call));
    d.recent.push_back(ci);
    if (d.recent.size() > 4)
        d.recent.erase(d.recent.begin());
    d.http->request(kPost, windowPath(d.desk.window, QByteArrayLiteral("call")), kEmptyBody, [this, index, ci](const HttpReply &r) {
        Call &c = m_calls[size_t(ci)];
        c.status = r.status;
        c.answeredNs = r.doneNs;
        DeskState &dd = m_desks[size_t(index)];
        if (r.status == 200) {
            --m_waiting;
            c.answerId = replyTicketId(r);
            if (c.ticketId == 0)
                c.ticketId = c.answerId;
            else if (c.ticketId != c.answerId)
                ++m_mismatched;
            deskStep(index, QByteArrayLiteral("start"));
            return;
        }
        if (r.status == 204) {
            if (c.measured)
                ++m_emptyCalls;
        } else {
            if (c.measured)
                ++m_errors[QStringLiteral("call ") + errorKey(r)];
            if (errorKey(r).endsWith(QLatin1String("ticket_active"))) {   // left over: free the window
                deskStep(index, QByteArrayLiteral("start"));
                return;
            }
        }
        dd.nextCallNs = qMax(dd.nextCallNs + static_cast<qint64>(m_deskPeriodNs), nowNs());
        dd.busy = false;
        scheduleDesk(index);
    });
}

void LatencyRig::deskStep(int index, const QByteArray &action)
{
    DeskState &d = m_desks[size_t(index)];
    d.http->request(kPost, windowPath(d.desk.window, action), action == "finish" ? kFinishBody : kEmptyBody,
                    [this, index, action](const HttpReply &r) {
        DeskState &dd = m_desks[size_t(index)];
        if (r.status != 200 && r.doneNs >= m_measureFromNs && r.doneNs < m_measureToNs)
            ++m_errors[QString::fromLatin1(action) + QLatin1Char(' ') + errorKey(r)];
        if (action == "start" && (r.status == 200 || r.status == 409)) {
            deskStep(index, QByteArrayLiteral("finish"));
            return;
        }
        dd.nextCallNs = qMax(dd.nextCallNs + static_cast<qint64>(m_deskPeriodNs), nowNs());
        dd.busy = false;
        scheduleDesk(index);
    });
}

void LatencyRig::kioskTick(int index)
{
    if (m_stopping)
        return;
    HttpClient *k = m_kiosks[size_t(index)].get();
    auto reschedule = [this, index] {
        qint64 &next = m_kioskNext[size_t(index)];
        next = qMax(next + static_cast<qint64>(m_kioskPeriodNs), nowNs());
        const qint64 waitMs = qMax<qint64>(0, (next - nowNs()) / 1000000);
        const int generation = m_generation;
        QTimer::singleShot(static_cast<int>(waitMs), Qt::PreciseTimer, m_kiosks[size_t(index)].get(),
                           [this, index, generation] {
                               if (generation == m_generation)
                                   kioskTick(index);
                           });
    };
    // One request in flight per kiosk; and the queue is kept near `prefill`.
    if (k->busy() || m_waiting > 2 * qMax(m_prefill, 10)) {
        reschedule();
        return;
    }
    k->request(kPost, kTickets, issueBody(m_issueCounter++, m_topics), [this, reschedule](const HttpReply &r) {
        if (r.status == 201)
            ++m_waiting;
        if (r.sentNs >= m_measureFromNs && r.sentNs < m_measureToNs) {
            m_issueLatency.push_back(r.latencyNs());
            if (r.status != 201)
                ++m_errors[QStringLiteral("issue ") + errorKey(r)];
        }
        reschedule();
    });
}

LatencyResult LatencyRig::run(const LatencyConfig &config, qint64 serverPid, const QString &disk)
{
    LatencyResult res;
    res.callRate = config.callRate;
    res.desks = static_cast<int>(m_desks.size());
    res.boards = static_cast<int>(m_boards.size());
    res.kiosks = static_cast<int>(m_kiosks.size());
    m_calls.clear();
    m_calls.reserve(static_cast<size_t>(config.callRate * (config.seconds + config.warmupSeconds + 5) * 1.2) + 64);
    for (auto &d : m_desks) {
        d.recent.clear();
        d.busy = false;
    }
    m_issueLatency.clear();
    m_errors.clear();
    m_emptyCalls = 0;
    m_mismatched = 0;
    m_topics = config.topics;
    m_prefill = config.prefill;
    m_stopping = false;
    ++m_generation;

    // Prefill: enough waiting tickets that a call always finds one.
    if (!m_kiosks.empty() && config.prefill > m_waiting) {
        auto left = static_cast<int>(config.prefill - m_waiting);
        int inFlight = 0;
        std::function<void(HttpClient *)> issue = [&](HttpClient *k) {
            if (left <= 0)
                return;
            --left;
            ++inFlight;
            k->request(kPost, kTickets, issueBody(m_issueCounter++, m_topics), [&, k](const HttpReply &r) {
                --inFlight;
                if (r.status == 201)
                    ++m_waiting;
                issue(k);
            });
        };
        for (auto &k : m_kiosks)
            issue(k.get());
        spinUntil([&] { return left <= 0 && inFlight == 0; }, 60);
    }

    res.waitingAtStart = m_waiting;
    const int desks = static_cast<int>(m_desks.size());
    const int kiosks = static_cast<int>(m_kiosks.size());
    m_deskPeriodNs = 1e9 * desks / config.callRate;
    // Kiosks issue at the call rate, so the queue stays about `prefill` long.
    m_kioskPeriodNs = kiosks > 0 ? 1e9 * kiosks / config.callRate : 0;
    const qint64 start = nowNs();
    m_measureFromNs = start + static_cast<qint64>(config.warmupSeconds * 1e9);
    m_measureToNs = m_measureFromNs + static_cast<qint64>(config.seconds * 1e9);
    m_running = true;

    ResourceProbe server(serverPid, disk);
    ResourceProbe bench(QCoreApplication::applicationPid(), QString());
    QTimer probeStart, probeStop;
    probeStart.setSingleShot(true);
    probeStop.setSingleShot(true);
    probeStart.setTimerType(Qt::PreciseTimer);
    probeStop.setTimerType(Qt::PreciseTimer);
    connect(&probeStart, &QTimer::timeout, this, [&] { server.start(); bench.start(); });
    connect(&probeStop, &QTimer::timeout, this, [&] {
        server.stop();
        bench.stop();
        m_stopping = true;
    });
    probeStart.start(static_cast<int>((m_measureFromNs - nowNs()) / 1000000));
    probeStop.start(static_cast<int>((m_measureToNs - nowNs()) / 1000000));

    // Spread the desks' first calls evenly (random phase) over one period.
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < desks; ++i) {
        m_desks[size_t(i)].nextCallNs = start + static_cast<qint64>(rng->bounded(1.0) * m_deskPeriodNs);
        scheduleDesk(i);
    }
    for (int i = 0; i < kiosks; ++i) {
        m_kioskNext[size_t(i)] = start + static_cast<qint64>(rng->bounded(1.0) * m_kioskPeriodNs);
        const qint64 waitMs = qMax<qint64>(0, (m_kioskNext[size_t(i)] - nowNs()) / 1000000);
        const int generation = m_generation;
        QTimer::singleShot(static_cast<int>(waitMs), Qt::PreciseTimer, m_kiosks[size_t(i)].get(), [this, i, generation] {
            if (generation == m_generation)
                kioskTick(i);
        });
    }

    spinUntil([&] { return m_stopping; }, config.warmupSeconds + config.seconds + 5);
    m_stopping = true;
    spinUntil([&] {
        for (const auto &d : m_desks)
            if (d.busy || d.http->busy())
                return false;
        for (const auto &k : m_kiosks)
            if (k->busy())
                return false;
        return true;
    }, 30);
    spinFor(0.3);   // late board deliveries
    m_running = false;

    std::vector<qint64> toBoard, http, spread;
    for (const Call &c : m_calls) {
        if (!c.measured || c.status != 200)
            continue;
        ++res.calls;
        http.push_back(c.answeredNs - c.sentNs);
        qint64 first = 0, last = 0;
        for (const qint64 a : c.arrivals) {
            if (a == 0) {
                ++res.missing;
                continue;
            }
            toBoard.push_back(a - c.sentNs);
            first = first == 0 ? a : qMin(first, a);
            last = qMax(last, a);
        }
        if (first)
            spread.push_back(last - first);
    }
    res.pairs = static_cast<qint64>(toBoard.size());
    res.achievedCallRate = static_cast<double>(res.calls) / config.seconds;
    res.emptyCalls = m_emptyCalls;
    res.mismatched = m_mismatched;
    res.callToBoard = summarize(std::move(toBoard));
    res.callHttp = summarize(std::move(http));
    res.issueHttp = summarize(std::move(m_issueLatency));
    m_issueLatency.clear();
    res.laggingBoards = summarize(std::move(spread));
    res.errors = m_errors;
    res.serverCpuPercent = server.cpuPercent();
    res.serverCpuWaitPercent = server.cpuWaitPercent();
    res.benchCpuPercent = bench.cpuPercent();
    res.benchCpuWaitPercent = bench.cpuWaitPercent();
    res.flushesPerSecond = server.flushesPerSecond();
    return res;
}

} // namespace queue::bench
