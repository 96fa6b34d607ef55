// The client library (ApiClient, EventStream) against the real queue-server process.
#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::client;
using queue::test::TestServer;
using queue::test::waitUntil;

namespace {

const QString kKiosk = QStringLiteral("kiosk-token");
const QString kDisplay = QStringLiteral("display-token");
const QString kPayments = QStringLiteral("payments");
const QString kContracts = QStringLiteral("contracts");

std::string str(const QString &s) { return s.toStdString(); }
std::string describe(const ApiError &e)
{
    return "status " + std::to_string(e.status) + " code '" + str(e.code) + "' message '" + str(e.message) + "'";
}

// Runs one call to completion: runCall<T>([&](auto cb) { api.start(2, cb); }).
template <typename T, typename Start>
Result<T> runCall(Start start, int timeoutMs = 15000)
{
    std::optional<Result<T>> out;
    start(Callback<T>([&](const Result<T> &r) { out = r; }));
    EXPECT_TRUE(waitUntil([&] { return out.has_value(); }, timeoutMs)) << "no callback";
    return out.value_or(Result<T>::failure(ApiError{ApiError::Kind::Network, 0, QStringLiteral("test"), {}, true}));
}

class ClientTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(server.start()) << server.output().toStdString(); }

    std::unique_ptr<ApiClient> client(const QString &token = QString())
    {
        auto api = std::make_unique<ApiClient>(server.url());
        api->setToken(token);
        return api;
    }
    std::unique_ptr<ApiClient> operatorClient(int window)
    {
        auto api = client();
        const auto s = runCall<SessionInfo>([&](auto cb) {
            api->login(QStringLiteral("op%1").arg(window), QStringLiteral("1234"), window, cb);
        });
        EXPECT_TRUE(s.ok()) << describe(s.error());
        return api;
    }
    Ticket issue(const QString &service = QStringLiteral("payments"))
    {
        auto kiosk = client(kKiosk);
        const auto r = runCall<IssuedTicket>([&](auto cb) { kiosk->issueTicket(service, QString(), cb); });
        EXPECT_TRUE(r.ok()) << describe(r.error());
        return r.ok() ? r->ticket : Ticket{};
    }
    std::unique_ptr<EventStream> stream()
    {
        auto s = std::make_unique<EventStream>();
        s->setServerUrl(server.url());
        s->setToken(kDisplay);
        s->setReconnectBackoff(50, 500);
        // Pings on, but lenient: a loaded machine (parallel ctest) can stall the server's
        // event loop for seconds. Dead-connection detection is tested in client_eventstream_test.
        s->setPingInterval(1000);
        s->setPongTimeout(15000);
        return s;
    }

    // Starts the server again on the port it had (after kill9()), and waits until it answers.
    bool restartOnSamePort(quint16 port)
    {
        if (!server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}) || server.port() != port)
            return false;
        // Belt and braces: this run must answer before the test goes on.
        return waitUntil([&] {
            return queue::test::http("GET", server.url(QStringLiteral("/api/v1/health")), {}, {}, {}, 2000).status == 200;
        }, 20000);
    }

    TestServer server;
};

// Everything a stream delivered, in order.
struct Recorder {
    explicit Recorder(EventStream &s)
    {
        QObject::connect(&s, &EventStream::event, &ctx, [this](const QJsonObject &o) {
            events.append(o);
            log.append(o.value(QStringLiteral("type")).toString());
        });
        QObject::connect(&s, &EventStream::connectedChanged, &ctx,
                         [this](bool up) { log.append(up ? QStringLiteral("up") : QStringLiteral("down")); });
        QObject::connect(&s, &EventStream::resetRequired, &ctx, [this] {
            ++resets;
            log.append(QStringLiteral("reset"));
        });
    }
    QList<qint64> seqs() const
    {
        QList<qint64> out;
        for (const QJsonObject &e : events)
            out.append(e.value(QStringLiteral("seq")).toInteger());
        return out;
    }
    QList<QJsonObject> ofType(const char *type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events)
            if (e.value(QStringLiteral("type")).toString() == QLatin1String(type))
                out.append(e);
        return out;
    }
    qint64 ticketId(int i) const { return events.at(i).value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toInteger(); }
    QObject ctx;
    QList<QJsonObject> events;
    QStringList log;
    int resets = 0;
};

void expectConsecutive(const QList<qint64> &seqs)
{
    for (int i = 1; i < seqs.size(); ++i)
        EXPECT_EQ(seqs[i], seqs[i - 1] + 1) << "at " << i;
}

} // namespace

TEST_F(ClientTest, TypedCallsRoundTrip)
{
    auto anon = client();
    const auto health = runCall<HealthInfo>([&](auto cb) { anon->health(cb); });
    ASSERT_TRUE(health.ok()) << describe(health.error());
    EXPECT_EQ(health->status, QStringLiteral("ok"));
    EXPECT_TRUE(health->open);
    EXPECT_GT(health->time, 0);

    auto kiosk = client(kKiosk);
    const auto catalog = runCall<ServiceCatalog>([&](auto cb) { kiosk->services(cb); });
    ASSERT_TRUE(catalog.ok()) << describe(catalog.error());
    EXPECT_EQ(catalog->office.name, QStringLiteral("Тестовый офис"));
    EXPECT_TRUE(catalog->open);
    ASSERT_EQ(catalog->services.size(), 4);
    EXPECT_EQ(catalog->services[2].id, kPayments);
    EXPECT_EQ(catalog->services[2].prefix, QStringLiteral("П"));

    const auto issued = runCall<IssuedTicket>([&](auto cb) { kiosk->issueTicket(kPayments, QString(), cb); });
    ASSERT_TRUE(issued.ok()) << describe(issued.error());
    const Ticket t = issued->ticket;
    EXPECT_EQ(t.state, TicketState::Waiting);
    EXPECT_TRUE(t.number.startsWith(QStringLiteral("П"))) << str(t.number);
    EXPECT_EQ(t.service, kPayments);
    EXPECT_EQ(issued->ahead, 0);
    EXPECT_EQ(issued.json().value(QStringLiteral("id")).toInteger(), t.id);

    const auto status = runCall<TicketStatus>([&](auto cb) { kiosk->ticket(t.id, cb); });
    ASSERT_TRUE(status.ok()) << describe(status.error());
    EXPECT_EQ(status->ticket.number, t.number);
    EXPECT_EQ(status->ahead, 0);

    const auto queue = runCall<QueueSnapshot>([&](auto cb) { kiosk->queue(kPayments, 0, cb); });
    ASSERT_TRUE(queue.ok()) << describe(queue.error());
    ASSERT_EQ(queue->services.size(), 1);
    EXPECT_EQ(queue->services[0].service, kPayments);
    EXPECT_EQ(queue->services[0].waiting, 1);
    ASSERT_EQ(queue->services[0].tickets.size(), 1);
    EXPECT_EQ(queue->services[0].tickets[0].ticket.id, t.id);

    auto desk = client();
    const auto session = runCall<SessionInfo>([&](auto cb) { desk->login(QStringLiteral("op2"), QStringLiteral("1234"), 2, cb); });
    ASSERT_TRUE(session.ok()) << describe(session.error());
    EXPECT_FALSE(desk->token().isEmpty());
    EXPECT_EQ(desk->token(), session->token);
    EXPECT_EQ(session->op.login, QStringLiteral("op2"));
    EXPECT_EQ(session->window.number, 2);
    EXPECT_EQ(session->window.state, WindowState::Open);

    const auto current = runCall<SessionInfo>([&](auto cb) { desk->currentSession(cb); });
    ASSERT_TRUE(current.ok()) << describe(current.error());
    EXPECT_EQ(current->window.number, 2);
    EXPECT_EQ(current->op.name, QStringLiteral("Оператор 2"));

    const auto forWindow = runCall<QueueSnapshot>([&](auto cb) { desk->queue(QString(), 2, cb); });
    ASSERT_TRUE(forWindow.ok()) << describe(forWindow.error());
    EXPECT_EQ(forWindow->window, 2);
    ASSERT_EQ(forWindow->tickets.size(), 1);

    const auto called = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb); });
    ASSERT_TRUE(called.ok()) << describe(called.error());
    ASSERT_TRUE(called.value().has_value());
    EXPECT_EQ(called.value()->id, t.id);
    EXPECT_EQ(called.value()->state, TicketState::Called);
    EXPECT_EQ(called.value()->window, 2);

    const auto recalled = runCall<Ticket>([&](auto cb) { desk->recall(2, cb); });
    ASSERT_TRUE(recalled.ok()) << describe(recalled.error());
    EXPECT_EQ(recalled->recalls, 1);

    const auto started = runCall<Ticket>([&](auto cb) { desk->start(2, cb); });
    ASSERT_TRUE(started.ok()) << describe(started.error());
    EXPECT_EQ(started->state, TicketState::Serving);

    const auto finished = runCall<Ticket>([&](auto cb) { desk->finish(2, Outcome::Resolved, QString(), cb); });
    ASSERT_TRUE(finished.ok()) << describe(finished.error());
    EXPECT_EQ(finished->state, TicketState::Done);
    EXPECT_EQ(finished->outcome, Outcome::Resolved);

    const auto paused = runCall<WindowInfo>([&](auto cb) { desk->pause(2, PauseReason::Break, cb); });
    ASSERT_TRUE(paused.ok()) << describe(paused.error());
    EXPECT_EQ(paused->state, WindowState::Paused);
    EXPECT_EQ(paused->pauseReason, PauseReason::Break);
    const auto resumed = runCall<WindowInfo>([&](auto cb) { desk->resume(2, cb); });
    ASSERT_TRUE(resumed.ok()) << describe(resumed.error());
    EXPECT_EQ(resumed->state, WindowState::Open);

    const auto windows = runCall<QList<WindowInfo>>([&](auto cb) { desk->windows(cb); });
    ASSERT_TRUE(windows.ok()) << describe(windows.error());
    ASSERT_EQ(windows->size(), 4);
    EXPECT_EQ(windows.value()[1].number, 2);
    EXPECT_EQ(windows.value()[1].op.login, QStringLiteral("op2"));

    const auto metrics = runCall<LiveMetrics>([&](auto cb) { desk->liveMetrics(cb); });
    ASSERT_TRUE(metrics.ok()) << describe(metrics.error());
    EXPECT_TRUE(metrics->businessDay.isValid());
    EXPECT_FALSE(metrics->services.isEmpty());

    const auto out = runCall<Empty>([&](auto cb) { desk->logout(cb); });
    ASSERT_TRUE(out.ok()) << describe(out.error());
    EXPECT_TRUE(desk->token().isEmpty());
    EXPECT_TRUE(desk->isReachable());
}

TEST_F(ClientTest, CallWithNothingWaitingYieldsNoTicket)
{
    // ApiClient sends an Idempotency-Key with every window action, so this is a 204 answer
    // to a keyed request, which the server must store and replay like any other.
    auto desk = operatorClient(2);
    const QString key = ApiClient::newIdempotencyKey();
    const auto none = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb, key); });
    ASSERT_TRUE(none.ok()) << describe(none.error());
    EXPECT_FALSE(none.value().has_value()) << "204 when nothing waits";
    const auto again = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb, key); });
    ASSERT_TRUE(again.ok()) << describe(again.error());
    EXPECT_FALSE(again.value().has_value());
}

TEST_F(ClientTest, RedirectPostponeCancelRoundTrip)
{
    const Ticket a = issue(kPayments);
    const Ticket b = issue(kPayments);
    const Ticket c = issue(kPayments);
    auto desk = operatorClient(2);

    const auto calledB = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, b.id, cb); });
    ASSERT_TRUE(calledB.ok()) << describe(calledB.error());
    ASSERT_TRUE(calledB.value().has_value());
    EXPECT_EQ(calledB.value()->id, b.id) << "a specific ticket";
    const auto redirected = runCall<Ticket>([&](auto cb) { desk->redirect(2, kContracts, 0, cb); });
    ASSERT_TRUE(redirected.ok()) << describe(redirected.error());
    EXPECT_EQ(redirected->state, TicketState::Redirected);
    EXPECT_EQ(redirected->service, kContracts);
    EXPECT_EQ(redirected->originalService, kPayments);

    const auto calledA = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, a.id, cb); });
    ASSERT_TRUE(calledA.ok()) << describe(calledA.error());
    const auto postponed = runCall<Ticket>([&](auto cb) { desk->postpone(2, 10, cb); });
    ASSERT_TRUE(postponed.ok()) << describe(postponed.error());
    EXPECT_EQ(postponed->state, TicketState::Postponed);
    EXPECT_GT(postponed->postponedUntil, postponed->issuedAt);

    auto kiosk = client(kKiosk);
    const auto cancelled = runCall<Ticket>([&](auto cb) { kiosk->cancelTicket(c.id, cb); });
    ASSERT_TRUE(cancelled.ok()) << describe(cancelled.error());
    EXPECT_EQ(cancelled->state, TicketState::Cancelled);

    const auto forWindow = runCall<QueueSnapshot>([&](auto cb) { kiosk->queue(QString(), 2, cb); });
    ASSERT_TRUE(forWindow.ok()) << describe(forWindow.error());
    ASSERT_FALSE(forWindow->tickets.isEmpty());
    EXPECT_EQ(forWindow->tickets[0].ticket.id, b.id);   // redirected to contracts, which window 2 serves
    EXPECT_TRUE(forWindow->tickets[0].available);

    const auto payments = runCall<QueueSnapshot>([&](auto cb) { kiosk->queue(kPayments, 0, cb); });
    ASSERT_TRUE(payments.ok()) << describe(payments.error());
    ASSERT_EQ(payments->services.size(), 1);
    ASSERT_EQ(payments->services[0].tickets.size(), 1);   // a, postponed, not yet callable; c cancelled
    EXPECT_EQ(payments->services[0].tickets[0].ticket.id, a.id);
    EXPECT_FALSE(payments->services[0].tickets[0].available);
}

TEST_F(ClientTest, ErrorsMapToServerCodes)
{
    auto anon = client();
    QSignalSpy unauthorized(anon.get(), &ApiClient::unauthorized);
    anon->setToken(QStringLiteral("no-such-token"));
    const auto noAuth = runCall<ServiceCatalog>([&](auto cb) { anon->services(cb); });
    ASSERT_FALSE(noAuth.ok());
    EXPECT_EQ(noAuth.error().kind, ApiError::Kind::Http);
    EXPECT_FALSE(noAuth.error().isNetworkError);
    EXPECT_EQ(noAuth.error().status, 401);
    EXPECT_EQ(noAuth.error().code, QStringLiteral("unauthorized"));
    EXPECT_EQ(unauthorized.size(), 1);

    const auto badPin = runCall<SessionInfo>([&](auto cb) { anon->login(QStringLiteral("op1"), QStringLiteral("9999"), 1, cb); });
    EXPECT_EQ(badPin.error().status, 401) << describe(badPin.error());
    EXPECT_EQ(badPin.error().code, QStringLiteral("unauthorized"));
    EXPECT_EQ(anon->token(), QStringLiteral("no-such-token")) << "a failed login keeps the token";

    auto kiosk = client(kKiosk);
    const auto forbidden = runCall<Ticket>([&](auto cb) { kiosk->start(1, cb); });
    EXPECT_EQ(forbidden.error().status, 403) << describe(forbidden.error());
    EXPECT_EQ(forbidden.error().code, QStringLiteral("forbidden"));

    const auto unknown = runCall<IssuedTicket>([&](auto cb) { kiosk->issueTicket(QStringLiteral("nope"), QString(), cb); });
    EXPECT_EQ(unknown.error().status, 400) << describe(unknown.error());
    EXPECT_EQ(unknown.error().code, QStringLiteral("unknown_service"));

    const auto missing = runCall<TicketStatus>([&](auto cb) { kiosk->ticket(999999, cb); });
    EXPECT_EQ(missing.error().status, 404) << describe(missing.error());
    EXPECT_EQ(missing.error().code, QStringLiteral("not_found"));

    auto desk = operatorClient(1);
    const auto wrongState = runCall<Ticket>([&](auto cb) { desk->start(1, cb); });
    EXPECT_EQ(wrongState.error().status, 409) << describe(wrongState.error());
    EXPECT_EQ(wrongState.error().code, QStringLiteral("wrong_state"));
    EXPECT_FALSE(ApiClient::errorText(wrongState.error()).isEmpty());

    const auto othersWindow = runCall<Ticket>([&](auto cb) { desk->start(2, cb); });
    EXPECT_EQ(othersWindow.error().status, 403) << describe(othersWindow.error());
    EXPECT_EQ(othersWindow.error().code, QStringLiteral("forbidden"));

    const Ticket t = issue(kPayments);
    issue(kPayments);
    ASSERT_TRUE((runCall<std::optional<Ticket>>([&](auto cb) { desk->call(1, 0, cb); })).ok());
    const auto active = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(1, 0, cb); });
    EXPECT_EQ(active.error().status, 409) << describe(active.error());
    EXPECT_EQ(active.error().code, QStringLiteral("ticket_active"));

    const auto cancelCalled = runCall<Ticket>([&](auto cb) { kiosk->cancelTicket(t.id, cb); });
    EXPECT_EQ(cancelCalled.error().code, QStringLiteral("wrong_state")) << describe(cancelCalled.error());

    const auto tooFew = runCall<Ticket>([&](auto cb) { desk->noShow(1, cb); });
    EXPECT_EQ(tooFew.error().status, 409) << describe(tooFew.error());
    EXPECT_EQ(tooFew.error().code, QStringLiteral("too_few_recalls"));

    ASSERT_TRUE((runCall<Ticket>([&](auto cb) { desk->start(1, cb); })).ok());
    const auto noComment = runCall<Ticket>([&](auto cb) { desk->finish(1, Outcome::ServiceStopped, QString(), cb); });
    EXPECT_EQ(noComment.error().status, 400) << describe(noComment.error());
    EXPECT_EQ(noComment.error().code, QStringLiteral("bad_request"));
    const auto withComment = runCall<Ticket>([&](auto cb) {
        desk->finish(1, Outcome::ServiceStopped, QStringLiteral("нарушал порядок"), cb);
    });
    ASSERT_TRUE(withComment.ok()) << describe(withComment.error());
    EXPECT_EQ(withComment->outcome, Outcome::ServiceStopped);

    const auto logout = runCall<Empty>([&](auto cb) { desk->logout(cb); });
    EXPECT_TRUE(logout.ok()) << describe(logout.error());
}

TEST_F(ClientTest, IdempotentRetryChangesOnce)
{
    const Ticket a = issue(kPayments);
    const Ticket b = issue(kPayments);
    auto desk = operatorClient(2);

    const QString key = ApiClient::newIdempotencyKey();
    const auto first = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb, key); });
    ASSERT_TRUE(first.ok()) << describe(first.error());
    ASSERT_TRUE(first.value().has_value());
    EXPECT_EQ(first.value()->id, a.id);
    EXPECT_EQ(first.idempotencyKey(), key);

    const auto again = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb, key); });
    ASSERT_TRUE(again.ok()) << "the same key gets the first answer: " << describe(again.error());
    ASSERT_TRUE(again.value().has_value());
    EXPECT_EQ(again.value()->id, a.id);
    EXPECT_EQ(again.json(), first.json());

    const auto fresh = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb); });
    EXPECT_EQ(fresh.error().code, QStringLiteral("ticket_active")) << "a new action is a new call";
    EXPECT_NE(fresh.idempotencyKey(), key);

    auto kiosk = client(kKiosk);
    const auto bStatus = runCall<TicketStatus>([&](auto cb) { kiosk->ticket(b.id, cb); });
    ASSERT_TRUE(bStatus.ok());
    EXPECT_EQ(bStatus->ticket.state, TicketState::Waiting) << "the repeated call did not call a second ticket";

    // The same for a state change that could not happen twice.
    ASSERT_TRUE((runCall<Ticket>([&](auto cb) { desk->start(2, cb); })).ok());
    const QString finishKey = ApiClient::newIdempotencyKey();
    const auto done = runCall<Ticket>([&](auto cb) { desk->finish(2, Outcome::Resolved, QString(), cb, finishKey); });
    ASSERT_TRUE(done.ok()) << describe(done.error());
    const auto doneAgain = runCall<Ticket>([&](auto cb) { desk->finish(2, Outcome::Resolved, QString(), cb, finishKey); });
    ASSERT_TRUE(doneAgain.ok()) << describe(doneAgain.error());
    EXPECT_EQ(doneAgain->finishedAt, done->finishedAt);
    const auto doneFresh = runCall<Ticket>([&](auto cb) { desk->finish(2, Outcome::Resolved, QString(), cb); });
    EXPECT_EQ(doneFresh.error().code, QStringLiteral("wrong_state")) << describe(doneFresh.error());

    // And one ticket.called event only.
    auto s = stream();
    s->setLastSeq(0);
    Recorder rec(*s);
    s->open();
    ASSERT_TRUE(waitUntil([&] { return rec.ofType("ticket.finished").size() == 1; }, 10000)) << str(rec.log.join(u' '));
    EXPECT_EQ(rec.ofType("ticket.called").size(), 1);
    EXPECT_EQ(rec.ofType("ticket.issued").size(), 2);
    expectConsecutive(rec.seqs());
}

TEST_F(ClientTest, NetworkErrorWhenServerIsDownAndRecovery)
{
    auto desk = operatorClient(3);
    QSignalSpy reachable(desk.get(), &ApiClient::reachableChanged);
    ASSERT_TRUE(desk->isReachable());
    const quint16 port = server.port();
    server.kill9();

    const auto down = runCall<SessionInfo>([&](auto cb) { desk->currentSession(cb); });
    ASSERT_FALSE(down.ok());
    EXPECT_EQ(down.error().kind, ApiError::Kind::Network) << describe(down.error());
    EXPECT_TRUE(down.error().isNetworkError);
    EXPECT_EQ(down.error().status, 0);
    EXPECT_FALSE(desk->isReachable());
    ASSERT_EQ(reachable.size(), 1);
    EXPECT_FALSE(reachable[0][0].toBool());

    ASSERT_TRUE(restartOnSamePort(port)) << server.output().toStdString();
    const auto back = runCall<SessionInfo>([&](auto cb) { desk->currentSession(cb); });
    ASSERT_TRUE(back.ok()) << "the session survives a restart: " << describe(back.error());
    EXPECT_EQ(back->window.number, 3);
    ASSERT_EQ(reachable.size(), 2);
    EXPECT_TRUE(reachable[1][0].toBool());
}

TEST_F(ClientTest, StreamDeliversEventsInOrder)
{
    auto s = stream();
    Recorder rec(*s);
    QSignalSpy connected(s.get(), &EventStream::connectedChanged);
    s->open();
    ASSERT_TRUE(waitUntil([&] { return s->isConnected(); }, 10000)) << str(s->errorString());
    EXPECT_EQ(rec.resets, 1) << "a fresh stream asks the app to load its state";
    const qint64 start = s->lastSeq();
    EXPECT_GE(start, 0);

    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids.append(issue(i == 1 ? kContracts : kPayments).id);
    auto desk = operatorClient(2);
    const auto called = runCall<std::optional<Ticket>>([&](auto cb) { desk->call(2, 0, cb); });
    ASSERT_TRUE(called.ok()) << describe(called.error());

    ASSERT_TRUE(waitUntil([&] { return rec.ofType("ticket.called").size() == 1; }, 10000)) << str(rec.log.join(u' '));
    const QList<QJsonObject> issued = rec.ofType("ticket.issued");
    ASSERT_EQ(issued.size(), 3);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(issued[i].value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toInteger(), ids[i]);
    const QJsonObject calledEvent = rec.ofType("ticket.called").first();
    EXPECT_EQ(calledEvent.value(QStringLiteral("window")).toInt(), 2);
    EXPECT_EQ(calledEvent.value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toInteger(), called.value()->id);
    EXPECT_EQ(rec.seqs().value(0), start + 1);
    expectConsecutive(rec.seqs());
    EXPECT_EQ(s->lastSeq(), rec.seqs().last());
    EXPECT_EQ(rec.log.indexOf(QStringLiteral("ticket.issued")), 2) << str(rec.log.join(u' '));
    EXPECT_EQ(connected.size(), 1) << "no reconnection expected; last error: " << str(s->errorString());
}

TEST_F(ClientTest, StreamCatchesUpAfterServerRestartExactlyOnce)
{
    auto s = stream();
    // Long enough that tickets issued right after the restart are committed before the
    // stream reconnects: they must come as a replay (since=lastSeq), not live.
    s->setReconnectBackoff(5000, 5000);
    Recorder rec(*s);
    s->open();
    ASSERT_TRUE(waitUntil([&] { return s->isConnected(); }, 10000)) << str(s->errorString());
    const qint64 before = issue().id;
    ASSERT_TRUE(waitUntil([&] { return rec.events.size() == 1; }, 10000));
    const qint64 seqBefore = s->lastSeq();
    EXPECT_EQ(rec.ticketId(0), before);

    const quint16 port = server.port();
    server.kill9();
    ASSERT_TRUE(waitUntil([&] { return !s->isConnected(); }, 10000)) << "the stream notices the server is gone";
    ASSERT_TRUE(restartOnSamePort(port)) << server.output().toStdString();
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i)
        ids.append(issue().id);
    ASSERT_FALSE(s->isConnected()) << "the tickets must be issued while the stream is down (restart took too long?)";

    ASSERT_TRUE(waitUntil([&] { return rec.events.size() >= 4; }, 20000)) << str(rec.log.join(u' '));
    EXPECT_EQ(rec.events.size(), 4);
    EXPECT_EQ(rec.seqs(), (QList<qint64>{seqBefore, seqBefore + 1, seqBefore + 2, seqBefore + 3}));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(rec.ticketId(i + 1), ids[i]);
    EXPECT_EQ(rec.resets, 1) << "only the initial load: the replay filled everything";
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("reset"), QStringLiteral("ticket.issued"),
                                    QStringLiteral("down"), QStringLiteral("up"), QStringLiteral("ticket.issued"),
                                    QStringLiteral("ticket.issued"), QStringLiteral("ticket.issued")}));

    // Live again afterwards.
    issue();
    ASSERT_TRUE(waitUntil([&] { return rec.events.size() == 5; }, 10000));
    EXPECT_EQ(rec.seqs().last(), seqBefore + 4);
}

TEST_F(ClientTest, StreamAheadOfServerRequiresReset)
{
    issue();
    auto s = stream();
    s->setLastSeq(1000000);   // e.g. state saved against another database
    Recorder rec(*s);
    s->open();
    ASSERT_TRUE(waitUntil([&] { return rec.resets == 1; }, 10000)) << str(rec.log.join(u' '));
    const qint64 serverSeq = s->lastSeq();
    EXPECT_GE(serverSeq, 1);
    EXPECT_LT(serverSeq, 1000000);
    issue();
    ASSERT_TRUE(waitUntil([&] { return rec.events.size() == 1; }, 10000));
    EXPECT_EQ(rec.seqs().first(), serverSeq + 1);
}

TEST_F(ClientTest, StreamWithBadTokenKeepsRetryingWithoutConnecting)
{
    auto s = stream();
    s->setToken(QStringLiteral("wrong"));
    s->setReconnectBackoff(20, 40);
    Recorder rec(*s);
    s->open();
    ASSERT_TRUE(waitUntil([&] { return !s->errorString().isEmpty(); }, 10000));
    EXPECT_FALSE(s->isConnected());
    s->setToken(kDisplay);   // the next attempt uses it
    ASSERT_TRUE(waitUntil([&] { return s->isConnected(); }, 10000)) << str(s->errorString());
    EXPECT_EQ(rec.log.first(), QStringLiteral("up"));
}
