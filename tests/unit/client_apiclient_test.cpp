// ApiClient against an in-process fake HTTP server: what goes on the wire for each call
// and how every kind of answer (typed value, HTTP error, network error, timeout, garbage)
// comes back. The real server is exercised in tests/integration/client_test.cpp.
#include "common/client/apiclient.h"
#include "support/fakehttpserver.h"
#include "support/signalwaiter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

#include <gtest/gtest.h>

#include <memory>

using namespace queue;
using namespace queue::client;
using queue::test::waitUntil;

namespace {

using queue::test::FakeHttpServer;
using queue::test::FakeRequest;
using queue::test::FakeResponse;

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QJsonObject ticketJson(qint64 id, const char *state)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("number"), QStringLiteral("П%1").arg(id, 3, 10, QLatin1Char('0'))},
                       {QStringLiteral("service"), QStringLiteral("payments")},
                       {QStringLiteral("original_service"), QStringLiteral("payments")},
                       {QStringLiteral("segment"), QStringLiteral("b2c")},
                       {QStringLiteral("state"), QString::fromLatin1(state)},
                       {QStringLiteral("priority"), QJsonValue()},
                       {QStringLiteral("issued_at"), QStringLiteral("2026-11-26T09:15:02.123Z")},
                       {QStringLiteral("window"), 2},
                       {QStringLiteral("recalls"), 0}};
}

QJsonObject windowJson(int n, const char *state)
{
    return QJsonObject{{QStringLiteral("number"), n},
                       {QStringLiteral("state"), QString::fromLatin1(state)},
                       {QStringLiteral("pause_reason"), QJsonValue()},
                       {QStringLiteral("services"), QJsonArray{QStringLiteral("payments")}},
                       {QStringLiteral("segment"), QStringLiteral("b2c")},
                       {QStringLiteral("operator"), QJsonObject{{QStringLiteral("login"), QStringLiteral("op2")},
                                                                {QStringLiteral("name"), QStringLiteral("Оператор 2")}}},
                       {QStringLiteral("ticket"), QJsonValue()},
                       {QStringLiteral("since"), QStringLiteral("2026-11-26T09:20:11.000Z")}};
}

QByteArray errorBody(const char *code, const char *message)
{
    return json(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QString::fromLatin1(code)},
                                                                  {QStringLiteral("message"), QString::fromUtf8(message)}}}});
}

// Runs one ApiClient call to completion: runCall<T>([&](auto cb) { api.start(2, cb); }).
template <typename T, typename Start>
Result<T> runCall(Start start, int timeoutMs = 15000)
{
    std::optional<Result<T>> out;
    int calls = 0;
    start(Callback<T>([&](const Result<T> &r) {
        out = r;
        ++calls;
    }));
    const bool done = waitUntil([&] { return out.has_value(); }, timeoutMs);
    EXPECT_TRUE(done) << "no callback";
    EXPECT_LE(calls, 1);
    return out.value_or(Result<T>::failure(ApiError{}));
}

// A port with nothing listening (bound, then closed).
quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}

} // namespace

TEST(ClientApiClient, GetSendsBearerTokenAndParsesTypedAnswer)
{
    FakeHttpServer server([](const FakeRequest &) {
        return FakeResponse{200, json(QJsonObject{{QStringLiteral("windows"),
                                                   QJsonArray{windowJson(1, "open"), windowJson(2, "paused")}}})};
    });
    ApiClient api(server.url());
    api.setToken(QStringLiteral("display-token"));
    const auto r = runCall<QList<WindowInfo>>([&](auto cb) { api.windows(cb); });
    ASSERT_TRUE(r.ok()) << r.error().code.toStdString();
    ASSERT_EQ(r.value().size(), 2);
    EXPECT_EQ(r.value()[1].number, 2);
    EXPECT_EQ(r.value()[1].state, WindowState::Paused);
    EXPECT_EQ(r.value()[0].op.login, QStringLiteral("op2"));
    EXPECT_TRUE(r.idempotencyKey().isEmpty());
    ASSERT_EQ(server.requests().size(), 1);
    EXPECT_EQ(server.requests()[0].method, "GET");
    EXPECT_EQ(server.requests()[0].target, "/api/v1/windows");
    EXPECT_EQ(server.requests()[0].headers.value("authorization"), "Bearer display-token");
    EXPECT_FALSE(server.requests()[0].headers.contains("idempotency-key"));
}

TEST(ClientApiClient, HealthAndLoginSendNoToken)
{
    FakeHttpServer server([](const FakeRequest &req) {
        if (req.target.endsWith("/health"))
            return FakeResponse{200, json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                                      {QStringLiteral("version"), QStringLiteral("0.1.0")},
                                                      {QStringLiteral("open"), true},
                                                      {QStringLiteral("uptime_s"), 12}})};
        return FakeResponse{201, json(QJsonObject{{QStringLiteral("token"), QStringLiteral("op-token")},
                                                  {QStringLiteral("operator"),
                                                   QJsonObject{{QStringLiteral("login"), QStringLiteral("op2")},
                                                               {QStringLiteral("name"), QStringLiteral("Оператор 2")}}},
                                                  {QStringLiteral("window"), windowJson(2, "open")}})};
    });
    ApiClient api(server.url());
    api.setToken(QStringLiteral("old"));
    const auto h = runCall<HealthInfo>([&](auto cb) { api.health(cb); });
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->status, QStringLiteral("ok"));
    EXPECT_TRUE(h->open);
    EXPECT_EQ(h->uptimeS, 12);

    const auto s = runCall<SessionInfo>([&](auto cb) { api.login(QStringLiteral("op2"), QStringLiteral("1234"), 2, cb); });
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->token, QStringLiteral("op-token"));
    EXPECT_EQ(s->op.name, QStringLiteral("Оператор 2"));
    EXPECT_EQ(s->window.number, 2);
    EXPECT_EQ(api.token(), QStringLiteral("op-token"));

    ASSERT_EQ(server.requests().size(), 2);
    for (const FakeRequest &req : server.requests())
        EXPECT_FALSE(req.headers.contains("authorization")) << req.target.toStdString();
    const FakeRequest &login = server.requests()[1];
    EXPECT_EQ(login.method, "POST");
    EXPECT_EQ(login.target, "/api/v1/sessions");
    EXPECT_EQ(login.headers.value("content-type"), "application/json");
    EXPECT_EQ(login.json(), (QJsonObject{{QStringLiteral("login"), QStringLiteral("op2")},
                                         {QStringLiteral("pin"), QStringLiteral("1234")},
                                         {QStringLiteral("window"), 2}}));
}

TEST(ClientApiClient, BaseUrlPathPrefixIsKept)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{200, json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}})}; });
    QUrl base = server.url();
    base.setPath(QStringLiteral("/queue/"));
    ApiClient api(base);
    ASSERT_TRUE((runCall<HealthInfo>([&](auto cb) { api.health(cb); })).ok());
    EXPECT_EQ(server.requests().value(0).target, "/queue/api/v1/health");
}

TEST(ClientApiClient, WindowActionsSendBodiesAndFreshIdempotencyKeys)
{
    FakeHttpServer server([](const FakeRequest &req) {
        if (req.target.endsWith("/pause") || req.target.endsWith("/resume"))
            return FakeResponse{200, json(windowJson(2, req.target.endsWith("/pause") ? "paused" : "open"))};
        return FakeResponse{200, json(ticketJson(7, "serving"))};
    });
    ApiClient api(server.url());
    api.setToken(QStringLiteral("op"));

    QList<QString> keys;
    auto ticketOk = [&](const Result<Ticket> &r) {
        EXPECT_TRUE(r.ok()) << r.error().code.toStdString();
        if (r.ok()) {
            EXPECT_EQ(r->id, 7);
        }
        keys.append(r.idempotencyKey());
    };
    runCall<Ticket>([&](auto cb) { api.recall(2, cb); });
    runCall<Ticket>([&](auto cb) { api.start(2, cb); });
    runCall<Ticket>([&](auto cb) { api.noShow(2, cb); });
    ticketOk(runCall<Ticket>([&](auto cb) { api.finish(2, Outcome::ServiceStopped, QStringLiteral("шумел"), cb); }));
    ticketOk(runCall<Ticket>([&](auto cb) { api.finish(2, Outcome::Resolved, QString(), cb); }));
    ticketOk(runCall<Ticket>([&](auto cb) { api.redirect(2, QStringLiteral("contracts"), 3, cb); }));
    ticketOk(runCall<Ticket>([&](auto cb) { api.redirect(2, QString(), 3, cb); }));
    ticketOk(runCall<Ticket>([&](auto cb) { api.postpone(2, 10, cb); }));
    const auto paused = runCall<WindowInfo>([&](auto cb) { api.pause(2, PauseReason::Lunch, cb); });
    ASSERT_TRUE(paused.ok());
    EXPECT_EQ(paused->state, WindowState::Paused);
    const auto resumed = runCall<WindowInfo>([&](auto cb) { api.resume(2, cb); });
    ASSERT_TRUE(resumed.ok());
    EXPECT_EQ(resumed->state, WindowState::Open);
    const auto called = runCall<std::optional<Ticket>>([&](auto cb) { api.call(2, 0, cb); });
    const auto calledSpecific = runCall<std::optional<Ticket>>([&](auto cb) { api.call(2, 41, cb); });
    ASSERT_TRUE(called.ok());
    ASSERT_TRUE(called.value().has_value());
    EXPECT_EQ(called.value()->id, 7);

    struct Expect {
        const char *target;
        QJsonObject body;
    };
    const QList<Expect> expected{
        {"/api/v1/windows/2/recall", {}},
        {"/api/v1/windows/2/start", {}},
        {"/api/v1/windows/2/no-show", {}},
        {"/api/v1/windows/2/finish", {{QStringLiteral("outcome"), QStringLiteral("service_stopped")},
                                      {QStringLiteral("comment"), QStringLiteral("шумел")}}},
        {"/api/v1/windows/2/finish", {{QStringLiteral("outcome"), QStringLiteral("resolved")}}},
        {"/api/v1/windows/2/redirect", {{QStringLiteral("service"), QStringLiteral("contracts")}, {QStringLiteral("window"), 3}}},
        {"/api/v1/windows/2/redirect", {{QStringLiteral("window"), 3}}},
        {"/api/v1/windows/2/postpone", {{QStringLiteral("minutes"), 10}}},
        {"/api/v1/windows/2/pause", {{QStringLiteral("reason"), QStringLiteral("lunch")}}},
        {"/api/v1/windows/2/resume", {}},
        {"/api/v1/windows/2/call", {}},
        {"/api/v1/windows/2/call", {{QStringLiteral("ticket"), 41}}},
    };
    ASSERT_EQ(server.requests().size(), expected.size());
    QSet<QByteArray> sentKeys;
    for (int i = 0; i < expected.size(); ++i) {
        const FakeRequest &req = server.requests()[i];
        SCOPED_TRACE(req.target.toStdString());
        EXPECT_EQ(req.method, "POST");
        EXPECT_EQ(req.target, expected[i].target);
        EXPECT_EQ(req.headers.value("authorization"), "Bearer op");
        EXPECT_EQ(QJsonDocument::fromJson(req.body).isObject(), true) << "body must be a JSON object";
        EXPECT_EQ(req.json(), expected[i].body);
        const QByteArray key = req.headers.value("idempotency-key");
        EXPECT_FALSE(key.isEmpty());
        EXPECT_LE(key.size(), 100);
        sentKeys.insert(key);
    }
    EXPECT_EQ(sentKeys.size(), expected.size()) << "every logical action gets its own key";
    for (const QString &k : keys)
        EXPECT_TRUE(sentKeys.contains(k.toUtf8()));
}

TEST(ClientApiClient, RetryWithSameKeyReusesIt)
{
    int n = 0;
    FakeHttpServer server([&](const FakeRequest &) {
        return ++n == 1 ? FakeResponse{200, {}, true} : FakeResponse{200, json(ticketJson(9, "called"))};
    });
    ApiClient api(server.url());
    api.setTimeout(300);
    const auto first = runCall<std::optional<Ticket>>([&](auto cb) { api.call(1, 0, cb); });
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().kind, ApiError::Kind::Timeout);
    EXPECT_TRUE(first.error().isNetworkError);
    ASSERT_FALSE(first.idempotencyKey().isEmpty());
    api.setTimeout(10000);
    const auto retry = runCall<std::optional<Ticket>>([&](auto cb) { api.call(1, 0, cb, first.idempotencyKey()); });
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry.idempotencyKey(), first.idempotencyKey());
    ASSERT_EQ(server.requests().size(), 2);
    EXPECT_EQ(server.requests()[0].headers.value("idempotency-key"), server.requests()[1].headers.value("idempotency-key"));
    EXPECT_EQ(server.requests()[1].headers.value("idempotency-key"), first.idempotencyKey().toUtf8());
}

TEST(ClientApiClient, CallWithNothingWaitingIsSuccessWithoutTicket)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{204, {}}; });
    ApiClient api(server.url());
    const auto r = runCall<std::optional<Ticket>>([&](auto cb) { api.call(3, 0, cb); });
    ASSERT_TRUE(r.ok()) << r.error().code.toStdString();
    EXPECT_FALSE(r.value().has_value());
}

TEST(ClientApiClient, IssueTicketAndQueueQueriesAndCancel)
{
    FakeHttpServer server([](const FakeRequest &req) {
        if (req.method == "POST")
            return FakeResponse{201, json(QJsonObject{{QStringLiteral("id"), 5},
                                                      {QStringLiteral("ahead"), 4},
                                                      {QStringLiteral("estimated_wait_s"), 300},
                                                      {QStringLiteral("ticket"), ticketJson(5, "waiting")}})};
        if (req.method == "DELETE")
            return FakeResponse{200, json(ticketJson(5, "cancelled"))};
        if (req.target.contains("window="))
            return FakeResponse{200, json(QJsonObject{{QStringLiteral("window"), 2},
                                                      {QStringLiteral("tickets"), QJsonArray{ticketJson(5, "waiting")}}})};
        QJsonObject postponed = ticketJson(6, "postponed");
        postponed.insert(QStringLiteral("available"), false);
        return FakeResponse{200, json(QJsonObject{{QStringLiteral("services"),
                                                   QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("payments")},
                                                                          {QStringLiteral("waiting"), 2},
                                                                          {QStringLiteral("tickets"),
                                                                           QJsonArray{ticketJson(5, "waiting"), postponed}}}}}})};
    });
    ApiClient api(server.url());
    api.setToken(QStringLiteral("kiosk-token"));
    const auto issued = runCall<IssuedTicket>([&](auto cb) { api.issueTicket(QStringLiteral("payments"), QStringLiteral("veteran"), cb); });
    ASSERT_TRUE(issued.ok());
    EXPECT_EQ(issued->ticket.id, 5);
    EXPECT_EQ(issued->ahead, 4);
    EXPECT_EQ(issued->estimatedWaitS, 300);
    EXPECT_FALSE(issued.idempotencyKey().isEmpty());

    const auto all = runCall<QueueSnapshot>([&](auto cb) { api.queue(QString(), 0, cb); });
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->services.size(), 1);
    EXPECT_EQ(all->services[0].service, QStringLiteral("payments"));
    ASSERT_EQ(all->services[0].tickets.size(), 2);
    EXPECT_TRUE(all->services[0].tickets[0].available);
    EXPECT_FALSE(all->services[0].tickets[1].available);

    const auto forWindow = runCall<QueueSnapshot>([&](auto cb) { api.queue(QStringLiteral("payments"), 2, cb); });
    ASSERT_TRUE(forWindow.ok());
    EXPECT_EQ(forWindow->window, 2);
    ASSERT_EQ(forWindow->tickets.size(), 1);

    const auto cancelled = runCall<Ticket>([&](auto cb) { api.cancelTicket(5, cb); });
    ASSERT_TRUE(cancelled.ok());
    EXPECT_EQ(cancelled->state, TicketState::Cancelled);

    ASSERT_EQ(server.requests().size(), 4);
    EXPECT_EQ(server.requests()[0].target, "/api/v1/tickets");
    EXPECT_EQ(server.requests()[0].json(), (QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                                                        {QStringLiteral("priority"), QStringLiteral("veteran")}}));
    EXPECT_EQ(server.requests()[0].headers.value("idempotency-key"), issued.idempotencyKey().toUtf8());
    EXPECT_EQ(server.requests()[1].target, "/api/v1/queue");
    EXPECT_EQ(server.requests()[2].target, "/api/v1/queue?service=payments&window=2");
    EXPECT_EQ(server.requests()[3].method, "DELETE");
    EXPECT_EQ(server.requests()[3].target, "/api/v1/tickets/5");
}

TEST(ClientApiClient, HttpErrorsCarryTheServerCode)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{409, errorBody("ticket_active", "window 2 has П015")}; });
    ApiClient api(server.url());
    QSignalSpy reachable(&api, &ApiClient::reachableChanged);
    const auto r = runCall<std::optional<Ticket>>([&](auto cb) { api.call(2, 0, cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ApiError::Kind::Http);
    EXPECT_FALSE(r.error().isNetworkError);
    EXPECT_EQ(r.error().status, 409);
    EXPECT_EQ(r.error().code, QStringLiteral("ticket_active"));
    EXPECT_EQ(r.error().message, QStringLiteral("window 2 has П015"));
    EXPECT_FALSE(ApiClient::errorText(r.error()).isEmpty());
    EXPECT_TRUE(api.isReachable());
    ASSERT_EQ(reachable.size(), 1);
    EXPECT_TRUE(reachable[0][0].toBool());
}

TEST(ClientApiClient, HttpErrorWithoutJsonBodyIsStillHttp)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{502, QByteArrayLiteral("<html>bad gateway</html>")}; });
    ApiClient api(server.url());
    const auto r = runCall<HealthInfo>([&](auto cb) { api.health(cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ApiError::Kind::Http);
    EXPECT_EQ(r.error().status, 502);
    EXPECT_TRUE(r.error().code.isEmpty());
    EXPECT_FALSE(ApiClient::errorText(r.error()).isEmpty());
}

TEST(ClientApiClient, UnauthorizedSignalOnlyForAuthenticatedCalls)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{401, errorBody("unauthorized", "no")}; });
    ApiClient api(server.url());
    QSignalSpy unauthorized(&api, &ApiClient::unauthorized);
    const auto login = runCall<SessionInfo>([&](auto cb) { api.login(QStringLiteral("op1"), QStringLiteral("0000"), 1, cb); });
    EXPECT_EQ(login.error().code, QStringLiteral("unauthorized"));
    EXPECT_EQ(unauthorized.size(), 0);
    EXPECT_TRUE(api.token().isEmpty());
    api.setToken(QStringLiteral("expired"));
    const auto s = runCall<SessionInfo>([&](auto cb) { api.currentSession(cb); });
    EXPECT_EQ(s.error().status, 401);
    EXPECT_EQ(unauthorized.size(), 1);
}

TEST(ClientApiClient, MalformedSuccessIsProtocolError)
{
    FakeHttpServer server([](const FakeRequest &req) {
        if (req.target.endsWith("/start"))
            return FakeResponse{200, QByteArrayLiteral("not json")};
        return FakeResponse{200, json(QJsonObject{{QStringLiteral("id"), 3}})};   // no number/state
    });
    ApiClient api(server.url());
    const auto a = runCall<Ticket>([&](auto cb) { api.start(1, cb); });
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().kind, ApiError::Kind::Protocol);
    EXPECT_EQ(a.error().code, QStringLiteral("bad_response"));
    const auto b = runCall<Ticket>([&](auto cb) { api.recall(1, cb); });
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().kind, ApiError::Kind::Protocol);
    EXPECT_EQ(b.error().status, 200);
}

TEST(ClientApiClient, LogoutClearsTokenOnSuccessOnly)
{
    int status = 409;
    FakeHttpServer server([&](const FakeRequest &) {
        return status == 204 ? FakeResponse{204, {}} : FakeResponse{status, errorBody("ticket_active", "serving")};
    });
    ApiClient api(server.url());
    api.setToken(QStringLiteral("op"));
    const auto refused = runCall<Empty>([&](auto cb) { api.logout(cb); });
    EXPECT_EQ(refused.error().code, QStringLiteral("ticket_active"));
    EXPECT_EQ(api.token(), QStringLiteral("op"));
    status = 204;
    const auto done = runCall<Empty>([&](auto cb) { api.logout(cb); });
    EXPECT_TRUE(done.ok());
    EXPECT_TRUE(api.token().isEmpty());
    EXPECT_EQ(server.requests().value(1).method, "DELETE");
    EXPECT_EQ(server.requests().value(1).target, "/api/v1/sessions/current");
}

TEST(ClientApiClient, ConnectionRefusedIsNetworkErrorAndUnreachable)
{
    ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort())));
    QSignalSpy reachable(&api, &ApiClient::reachableChanged);
    const auto r = runCall<HealthInfo>([&](auto cb) { api.health(cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ApiError::Kind::Network);
    EXPECT_TRUE(r.error().isNetworkError);
    EXPECT_EQ(r.error().status, 0);
    EXPECT_EQ(r.error().code, QStringLiteral("network"));
    EXPECT_FALSE(api.isReachable());
    ASSERT_EQ(reachable.size(), 1);
    EXPECT_FALSE(reachable[0][0].toBool());
    // A second failure does not signal again.
    runCall<HealthInfo>([&](auto cb) { api.health(cb); });
    EXPECT_EQ(reachable.size(), 1);
}

TEST(ClientApiClient, ReachabilityFollowsOutcomes)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{200, json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}})}; });
    ApiClient api(server.url());
    QSignalSpy reachable(&api, &ApiClient::reachableChanged);
    EXPECT_TRUE((runCall<HealthInfo>([&](auto cb) { api.health(cb); })).ok());
    api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort())));
    EXPECT_FALSE((runCall<HealthInfo>([&](auto cb) { api.health(cb); })).ok());
    api.setBaseUrl(server.url());
    EXPECT_TRUE((runCall<HealthInfo>([&](auto cb) { api.health(cb); })).ok());
    ASSERT_EQ(reachable.size(), 3);
    EXPECT_TRUE(reachable[0][0].toBool());
    EXPECT_FALSE(reachable[1][0].toBool());
    EXPECT_TRUE(reachable[2][0].toBool());
}

TEST(ClientApiClient, TimeoutIsConfigurable)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{200, {}, true}; });
    ApiClient api(server.url());
    EXPECT_EQ(api.timeout(), 10000);
    api.setTimeout(200);
    QElapsedTimer t;
    t.start();
    const auto r = runCall<HealthInfo>([&](auto cb) { api.health(cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ApiError::Kind::Timeout);
    EXPECT_EQ(r.error().code, QStringLiteral("timeout"));
    EXPECT_LT(t.elapsed(), 5000);   // well before the 10 s default
    EXPECT_FALSE(api.isReachable());
    EXPECT_EQ(api.pendingCount(), 0);
}

TEST(ClientApiClient, CallbacksAreDroppedWhenClientIsDestroyed)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{200, {}, true}; });
    bool ran = false;
    {
        ApiClient api(server.url());
        api.health([&](const Result<HealthInfo> &) { ran = true; });
        ASSERT_TRUE(waitUntil([&] { return server.requests().size() == 1; }));
        EXPECT_EQ(api.pendingCount(), 1);
    }
    QCoreApplication::processEvents();
    EXPECT_FALSE(ran);
}

TEST(ClientApiClient, GuardedCallbackSkipsDeadContext)
{
    FakeHttpServer server([](const FakeRequest &) { return FakeResponse{200, json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}})}; });
    ApiClient api(server.url());
    bool ranDead = false, ranAlive = false;
    auto dead = std::make_unique<QObject>();
    QObject alive;
    api.health(guarded(dead.get(), [&](const Result<HealthInfo> &) { ranDead = true; }));
    api.health(guarded(&alive, [&](const Result<HealthInfo> &) { ranAlive = true; }));
    dead.reset();
    ASSERT_TRUE(waitUntil([&] { return api.pendingCount() == 0; }));
    EXPECT_TRUE(ranAlive);
    EXPECT_FALSE(ranDead);
}

TEST(ClientApiClient, OfficeTimeZoneFallsBackToTheMachinesOwn)
{
    client::OfficeInfo office;
    EXPECT_EQ(office.timeZone(), QTimeZone::systemTimeZone());   // an older server sends none
    office.timeZoneId = QStringLiteral("Nowhere/Atlantis");
    EXPECT_EQ(office.timeZone(), QTimeZone::systemTimeZone());
    office.timeZoneId = QStringLiteral("Europe/Moscow");
    EXPECT_EQ(office.timeZone().id(), QByteArray("Europe/Moscow"));
}

TEST(ClientApiClient, LiveMetricsAndServicesParse)
{
    FakeHttpServer server([](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(QJsonObject{
                {QStringLiteral("office"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ЦОК")},
                                                       {QStringLiteral("phone"), QStringLiteral("8-800")},
                                                       {QStringLiteral("website"), QStringLiteral("x.org")},
                                                       {QStringLiteral("timezone"), QStringLiteral("Asia/Yekaterinburg")}}},
                {QStringLiteral("open"), false},
                {QStringLiteral("next_opening"), QStringLiteral("2026-11-27T06:00:00.000Z")},
                {QStringLiteral("visit_norm_min"), 30},
                {QStringLiteral("services"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("reception")},
                                                                    {QStringLiteral("name"), QStringLiteral("Приём")},
                                                                    {QStringLiteral("prefix"), QStringLiteral("Д")},
                                                                    {QStringLiteral("wait_norm_min"), QJsonValue()},
                                                                    {QStringLiteral("service_norm_min"), 5},
                                                                    {QStringLiteral("waiting"), 3},
                                                                    {QStringLiteral("estimated_wait_s"), 240}}}}})};
        return FakeResponse{200, json(QJsonObject{
            {QStringLiteral("generated_at"), QStringLiteral("2026-11-26T10:00:00.000Z")},
            {QStringLiteral("business_day"), QStringLiteral("2026-11-26")},
            {QStringLiteral("services"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("payments")},
                                                                {QStringLiteral("waiting"), 4},
                                                                {QStringLiteral("served"), 37},
                                                                {QStringLiteral("avg_wait_s"), 190},
                                                                {QStringLiteral("pct_wait_within_norm"), 91.9},
                                                                {QStringLiteral("pct_service_within_norm"), QJsonValue()}}}},
            {QStringLiteral("visits"), QJsonObject{{QStringLiteral("finished"), 120},
                                                   {QStringLiteral("pct_within_norm"), 95.0},
                                                   {QStringLiteral("norm_min"), 30}}}})};
    });
    ApiClient api(server.url());
    const auto s = runCall<ServiceCatalog>([&](auto cb) { api.services(cb); });
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->office.name, QStringLiteral("ЦОК"));
    EXPECT_EQ(s->office.timeZoneId, QStringLiteral("Asia/Yekaterinburg"));
    EXPECT_EQ(s->office.timeZone().id(), QByteArray("Asia/Yekaterinburg"));
    EXPECT_FALSE(s->open);
    EXPECT_EQ(s->nextOpening, parseIsoUtc(QStringLiteral("2026-11-27T06:00:00.000Z")));
    ASSERT_EQ(s->services.size(), 1);
    EXPECT_EQ(s->services[0].waiting, 3);
    EXPECT_EQ(s->services[0].waitNormMin, 0);
    const auto m = runCall<LiveMetrics>([&](auto cb) { api.liveMetrics(cb); });
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->businessDay, QDate(2026, 11, 26));
    ASSERT_EQ(m->services.size(), 1);
    EXPECT_EQ(m->services[0].served, 37);
    ASSERT_TRUE(m->services[0].pctWaitWithinNorm.has_value());
    EXPECT_DOUBLE_EQ(*m->services[0].pctWaitWithinNorm, 91.9);
    EXPECT_FALSE(m->services[0].pctServiceWithinNorm.has_value());
    EXPECT_EQ(m->visits.finished, 120);
    EXPECT_EQ(m->visits.normMin, 30);
}
