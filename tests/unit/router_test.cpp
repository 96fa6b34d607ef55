// The route table in process, with request objects: no sockets, no sleeps.
// Order of the checks, authentication and roles, {params}, 404/405, conflicts
// refused at start, and Idempotency-Key replays stored with the change.
#include "server/apiserver.h"
#include "server/apiutil.h"
#include "server/callpolicy.h"
#include "server/modules.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/router.h"
#include "server/storage.h"
#include "support/manualclock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;

namespace {

http::Request request(const QByteArray &method, const QString &path, const QByteArray &token = {},
                      const QByteArray &idempotencyKey = {})
{
    http::Request r;
    r.method = method;
    r.path = path;
    if (!token.isEmpty())
        r.headers.append({QByteArrayLiteral("authorization"), QByteArray(QByteArrayLiteral("Bearer ") + token)});
    if (!idempotencyKey.isEmpty())
        r.headers.append({QByteArrayLiteral("idempotency-key"), idempotencyKey});
    return r;
}

QString errorCode(const http::Response &r)
{
    return QJsonDocument::fromJson(r.body).object().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

QByteArray header(const http::Response &r, const QByteArray &name)
{
    for (const auto &h : r.headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

// An error answer: its status and the code in its body.
void expectError(const http::Response &r, int status, const QString &code)
{
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(errorCode(r), code);
}

http::Response text(int status, const QString &body)
{
    return http::Response::json(status, QJsonDocument(QJsonObject{{QStringLiteral("said"), body}}).toJson(QJsonDocument::Compact));
}

QString said(const http::Response &r) { return QJsonDocument::fromJson(r.body).object().value(QStringLiteral("said")).toString(); }

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Off, &error)) << qPrintable(error);
        router = std::make_unique<Router>(storage, clock, [](const http::Request &r) {
            const QByteArray auth = r.header("authorization");
            if (auth == "Bearer kiosk")
                return Principal{Principal::Kind::Device, QStringLiteral("kiosk"), QStringLiteral("kiosk-1"), 0};
            if (auth == "Bearer kiosk2")
                return Principal{Principal::Kind::Device, QStringLiteral("kiosk"), QStringLiteral("kiosk-2"), 0};
            if (auth == "Bearer op")
                return Principal{Principal::Kind::Operator, QStringLiteral("operator"), QStringLiteral("ivanova"), 3};
            return Principal{};
        });
    }

    qint64 eventCount()
    {
        QSqlQuery &q = storage.prepared(QStringLiteral("SELECT COUNT(*) FROM events"));
        const qint64 n = storage.exec(q) && q.next() ? q.value(0).toLongLong() : -1;
        q.finish();
        return n;
    }

    QTemporaryDir dir;
    ManualClock clock{QDateTime(QDate(2026, 12, 2), QTime(9, 0), Qt::UTC)};
    Storage storage;
    std::unique_ptr<Router> router;
};

TEST_F(RouterTest, ParamsAreTakenFromThePathAndLiteralSegmentsWin)
{
    ASSERT_TRUE(router->add(QStringLiteral("t"), "GET", QStringLiteral("/api/v1/bookings/{code}"), {},
                            [](const RouteRequest &r) { return text(200, QStringLiteral("code ") + r.param(QStringLiteral("code"))); }));
    ASSERT_TRUE(router->add(QStringLiteral("t"), "GET", QStringLiteral("/api/v1/bookings/report"), {},
                            [](const RouteRequest &) { return text(200, QStringLiteral("report")); }));
    ASSERT_TRUE(router->add(QStringLiteral("t"), "POST", QStringLiteral("/api/v1/bookings/{code}/check-in"), {},
                            [](const RouteRequest &r) { return text(201, QStringLiteral("in ") + r.param(QStringLiteral("code"))); }));
    ASSERT_TRUE(router->addPublic(QStringLiteral("t"), "GET", QStringLiteral("/files/{rest*}"),
                                  [](const RouteRequest &r) { return text(200, r.param(QStringLiteral("rest"))); }));

    EXPECT_EQ(said(router->handle(request("GET", QStringLiteral("/api/v1/bookings/483920"), "kiosk"))), QStringLiteral("code 483920"));
    EXPECT_EQ(said(router->handle(request("GET", QStringLiteral("/api/v1/bookings/report"), "kiosk"))), QStringLiteral("report"));
    EXPECT_EQ(said(router->handle(request("GET", QStringLiteral("/api/v1/bookings/report/"), "kiosk"))), QStringLiteral("report"));
    const http::Response in = router->handle(request("POST", QStringLiteral("/api/v1/bookings/77/check-in"), "kiosk"));
    EXPECT_EQ(in.status, 201);
    EXPECT_EQ(said(in), QStringLiteral("in 77"));
    EXPECT_EQ(said(router->handle(request("GET", QStringLiteral("/files/a/b.css")))), QStringLiteral("a/b.css"));
    // HEAD is answered by the GET route.
    EXPECT_EQ(router->handle(request("HEAD", QStringLiteral("/api/v1/bookings/1"), "kiosk")).status, 200);
    // An empty segment is no parameter.
    EXPECT_EQ(router->handle(request("POST", QStringLiteral("/api/v1/bookings//check-in"), "kiosk")).status, 404);
}

TEST_F(RouterTest, UnknownPathIs404AndAWrongMethodIs405WithAllow)
{
    auto ok = [](const RouteRequest &) { return text(200, QStringLiteral("ok")); };
    ASSERT_TRUE(router->add(QStringLiteral("t"), "GET", QStringLiteral("/api/v1/tickets/{id}"), {}, ok));
    ASSERT_TRUE(router->add(QStringLiteral("t"), "DELETE", QStringLiteral("/api/v1/tickets/{id}"), {}, ok));
    ASSERT_TRUE(router->add(QStringLiteral("t"), "POST", QStringLiteral("/api/v1/tickets"), {}, ok));

    // Unknown paths are 404 whoever asks (no token needed to learn that).
    const http::Response unknown = router->handle(request("GET", QStringLiteral("/api/v1/nothing")));
    expectError(unknown, 404, QStringLiteral("not_found"));
    EXPECT_EQ(router->handle(request("GET", QStringLiteral("/api/v1/tickets/1/extra"), "kiosk")).status, 404);

    const http::Response wrong = router->handle(request("POST", QStringLiteral("/api/v1/tickets/5"), "kiosk"));
    expectError(wrong, 405, QStringLiteral("method_not_allowed"));
    EXPECT_EQ(header(wrong, "Allow"), QByteArray("DELETE, GET, HEAD"));
    const http::Response get = router->handle(request("GET", QStringLiteral("/api/v1/tickets")));
    EXPECT_EQ(get.status, 405);   // before authentication: the path exists, the method does not
    EXPECT_EQ(header(get, "Allow"), QByteArray("POST"));
}

TEST_F(RouterTest, TokensAndRolesAreCheckedBeforeTheHandler)
{
    int calls = 0;
    ASSERT_TRUE(router->add(QStringLiteral("t"), "POST", QStringLiteral("/api/v1/windows/{window}/call"),
                            {QStringLiteral("operator")},
                            [&calls](const RouteRequest &r) {
                                ++calls;
                                return text(200, r.who.name + QLatin1Char(' ') + r.param(QStringLiteral("window")));
                            },
                            QStringLiteral("only the operator of the window may do this")));
    ASSERT_TRUE(router->add(QStringLiteral("t"), "GET", QStringLiteral("/api/v1/queue"), {},
                            [](const RouteRequest &r) { return text(200, r.who.role); }));
    ASSERT_TRUE(router->addPublic(QStringLiteral("t"), "GET", QStringLiteral("/api/v1/health"),
                                  [](const RouteRequest &r) { return text(200, r.who.kind == Principal::Kind::None ? QStringLiteral("anonymous") : QString()); }));

    const http::Response none = router->handle(request("POST", QStringLiteral("/api/v1/windows/3/call")));
    expectError(none, 401, QStringLiteral("unauthorized"));
    EXPECT_EQ(router->handle(request("POST", QStringLiteral("/api/v1/windows/3/call"), "forged")).status, 401);
    const http::Response kiosk = router->handle(request("POST", QStringLiteral("/api/v1/windows/3/call"), "kiosk"));
    EXPECT_EQ(kiosk.status, 403);
    EXPECT_TRUE(QString::fromUtf8(kiosk.body).contains(QStringLiteral("only the operator of the window")));
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(said(router->handle(request("POST", QStringLiteral("/api/v1/windows/3/call"), "op"))), QStringLiteral("ivanova 3"));
    EXPECT_EQ(calls, 1);

    // No roles: any valid token; a public route needs none (and does not look at one).
    EXPECT_EQ(said(router->handle(request("GET", QStringLiteral("/api/v1/queue"), "kiosk"))), QStringLiteral("kiosk"));
    EXPECT_EQ(router->handle(request("GET", QStringLiteral("/api/v1/queue"))).status, 401);
    EXPECT_EQ(said(router->handle(request("GET", QStringLiteral("/api/v1/health"), "op"))), QStringLiteral("anonymous"));
}

TEST_F(RouterTest, ConflictingRoutesAreRefusedAndNamed)
{
    auto ok = [](const RouteRequest &) { return text(200, QStringLiteral("ok")); };
    ASSERT_TRUE(router->add(QStringLiteral("tickets"), "GET", QStringLiteral("/api/v1/tickets/{id}"), {}, ok));
    // The same shape under another parameter name is the same route.
    EXPECT_FALSE(router->add(QStringLiteral("booking"), "GET", QStringLiteral("/api/v1/tickets/{code}"), {}, ok));
    // Another method on the same path, or a literal beside the parameter, is not a conflict.
    EXPECT_TRUE(router->add(QStringLiteral("booking"), "DELETE", QStringLiteral("/api/v1/tickets/{code}"), {}, ok));
    EXPECT_TRUE(router->add(QStringLiteral("booking"), "GET", QStringLiteral("/api/v1/tickets/today"), {}, ok));
    // Patterns that cannot work are refused too.
    EXPECT_FALSE(router->add(QStringLiteral("bad"), "GET", QStringLiteral("/api/v1/{rest*}/x"), {}, ok));
    EXPECT_FALSE(router->add(QStringLiteral("bad"), "PATCH", QStringLiteral("/api/v1/x"), {}, ok));
    EXPECT_FALSE(router->add(QStringLiteral("bad"), "GET", QStringLiteral("/api/v1/{a}/{a}"), {}, ok));

    ASSERT_EQ(router->errors().size(), 4);
    EXPECT_EQ(router->errors().first(),
              QStringLiteral("route GET /api/v1/tickets/{code} (booking) conflicts with GET /api/v1/tickets/{id} (tickets)"));
    // The first registration stays in force.
    EXPECT_EQ(router->table(), (QStringList{QStringLiteral("GET /api/v1/tickets/{id}"), QStringLiteral("DELETE /api/v1/tickets/{code}"),
                                            QStringLiteral("GET /api/v1/tickets/today")}));
}

TEST_F(RouterTest, AnIdempotencyKeyReplaysTheFirstAnswerWithoutRunningTheHandlerAgain)
{
    int calls = 0;
    ASSERT_TRUE(router->add(QStringLiteral("t"), "POST", QStringLiteral("/api/v1/tickets"), {}, [&](const RouteRequest &) {
        ++calls;
        storage.appendEvent(clock.nowMs(), QStringLiteral("ticket.issued"), calls, 0, QJsonObject{});
        return text(201, QStringLiteral("ticket %1").arg(calls));
    }));
    ASSERT_TRUE(router->add(QStringLiteral("t"), "POST", QStringLiteral("/api/v1/windows/1/call"), {}, [&](const RouteRequest &) {
        ++calls;
        return http::Response::noContent();
    }));

    const http::Response first = router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk", "k-1"));
    EXPECT_EQ(said(first), QStringLiteral("ticket 1"));
    const http::Response again = router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk", "k-1"));
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(said(again), QStringLiteral("ticket 1"));
    EXPECT_EQ(header(again, "Idempotent-Replay"), QByteArray("true"));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(eventCount(), 1);

    // The key is the caller's: another kiosk with the same key is another request.
    EXPECT_EQ(said(router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk2", "k-1"))), QStringLiteral("ticket 2"));
    // Without a key, every request counts.
    EXPECT_EQ(said(router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk"))), QStringLiteral("ticket 3"));
    // A 204 replays as a 204.
    EXPECT_EQ(router->handle(request("POST", QStringLiteral("/api/v1/windows/1/call"), "op", "c-1")).status, 204);
    const http::Response empty = router->handle(request("POST", QStringLiteral("/api/v1/windows/1/call"), "op", "c-1"));
    EXPECT_EQ(empty.status, 204);
    EXPECT_TRUE(empty.body.isEmpty());
    EXPECT_EQ(calls, 4);
    // Too long a key is refused before anything happens.
    EXPECT_EQ(router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk", QByteArray(101, 'x'))).status, 400);
    EXPECT_EQ(calls, 4);

    // After 24 hours the key may be used again.
    clock.advanceSec(24 * 3600 + 1);
    router->purgeIdempotencyKeys();
    EXPECT_EQ(said(router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk", "k-1"))), QStringLiteral("ticket 5"));
}

TEST_F(RouterTest, AFailedRequestIsRolledBackAndNotStoredForItsKey)
{
    bool fail = true;
    ASSERT_TRUE(router->add(QStringLiteral("t"), "POST", QStringLiteral("/api/v1/tickets"), {}, [&](const RouteRequest &) {
        storage.appendEvent(clock.nowMs(), QStringLiteral("ticket.issued"), 1, 0, QJsonObject{});
        return fail ? http::Response::json(500, "{}") : text(201, QStringLiteral("issued"));
    }));
    QSignalSpy committed(&storage, &Storage::eventsCommitted);
    EXPECT_EQ(router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk", "k-1")).status, 500);
    EXPECT_EQ(eventCount(), 0);
    EXPECT_EQ(committed.count(), 0);
    fail = false;   // the retry with the same key runs again
    EXPECT_EQ(said(router->handle(request("POST", QStringLiteral("/api/v1/tickets"), "kiosk", "k-1"))), QStringLiteral("issued"));
    EXPECT_EQ(eventCount(), 1);
    EXPECT_EQ(committed.count(), 1);
}

// The server's own table: built-in routes and every module, without a conflict;
// a module that takes a built-in route stops the server from listening.
class ConflictingModule final : public ApiModule {
public:
    void registerRoutes(Router &router) override
    {
        router.add(QStringLiteral("rogue"), "POST", QStringLiteral("/api/v1/tickets"), {QStringLiteral("kiosk")},
                   [](const RouteRequest &) { return http::Response::noContent(); });
    }
};

TEST(ServerRoutes, EveryModuleRegistersWithoutConflictAndAConflictStopsTheStart)
{
    QTemporaryDir dir;
    OfficeConfig config = OfficeConfig::builtIn();
    for (OperatorConfig &op : config.operators)
        op.pinHash = pinhash::hash(QStringLiteral("1234"), 1000);
    ManualClock clock{QDateTime(QDate(2026, 12, 2), QTime(9, 0), Qt::UTC)};
    PriorityFifoPolicy policy;
    Storage storage;
    QString error;
    ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Off, &error));
    QueueEngine engine(config, storage, clock, policy);
    ASSERT_TRUE(engine.initialize(&error)) << qPrintable(error);
    ApiServer api(engine, storage);
    installModules(api);
    EXPECT_TRUE(api.router().errors().isEmpty()) << qPrintable(api.router().errors().join(QLatin1Char('\n')));
    for (const char *route : {"POST /api/v1/tickets", "POST /api/v1/bookings/{code}/check-in", "GET /t/{token}",
                              "GET /metrics", "GET /api/v1/dashboard", "POST /api/v1/windows/{window}/call"})
        EXPECT_TRUE(api.router().table().contains(QLatin1String(route))) << route;

    // The login is in the table too: answered in process, 405 for another method.
    http::Request login = request("POST", QStringLiteral("/api/v1/sessions"));
    login.body = QJsonDocument(QJsonObject{{QStringLiteral("login"), config.operators.first().login},
                                           {QStringLiteral("pin"), QStringLiteral("1234")},
                                           {QStringLiteral("window"), config.windows.first().number}})
                     .toJson();
    const http::Response session = api.router().handle(login);
    ASSERT_EQ(session.status, 201) << session.body.constData();
    const QByteArray token = QJsonDocument::fromJson(session.body).object().value(QStringLiteral("token")).toString().toUtf8();
    EXPECT_EQ(api.router().handle(request("GET", QStringLiteral("/api/v1/sessions/current"), token)).status, 200);
    const http::Response wrong = api.router().handle(request("GET", QStringLiteral("/api/v1/sessions")));
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(header(wrong, "Allow"), QByteArray("POST"));

    api.addModule(std::make_unique<ConflictingModule>());
    ASSERT_EQ(api.router().errors().size(), 1);
    EXPECT_FALSE(api.listen(QHostAddress::LocalHost, 0, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("POST /api/v1/tickets (rogue) conflicts with POST /api/v1/tickets (built-in)")))
        << qPrintable(error);
}

// Found by fuzz_router_bodies: {"window": 4.4e63} was cast to qint64 before the range
// check, which is undefined behaviour (UBSan: "outside the range of representable values";
// scripts/sanitize.sh runs this test under it). Such numbers are a 400 like any bad field.
TEST(ApiUtil, IntFieldRefusesWhatIsNoWholeNumberWithoutUndefinedBehaviour)
{
    using apiutil::intField;
    for (const double bad : {4.44444e63, -4.44444e63, 1e300, 9.3e18, -9.3e18, 1e15 + 2, 1.5, -0.25}) {
        qint64 out = 42;
        http::Response error;
        EXPECT_FALSE(intField(QJsonObject{{QStringLiteral("window"), bad}}, "window", &out, &error, true)) << bad;
        EXPECT_EQ(error.status, 400) << bad;
        EXPECT_EQ(out, 42) << "nothing written for " << bad;
    }
    for (const qint64 good : {qint64(0), qint64(7), qint64(-3), qint64(1'000'000'000'000'000)}) {
        qint64 out = 42;
        http::Response error;
        EXPECT_TRUE(intField(QJsonObject{{QStringLiteral("n"), double(good)}}, "n", &out, &error, true)) << good;
        EXPECT_EQ(out, good);
    }
}

} // namespace
