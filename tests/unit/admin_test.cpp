// Live administration in process (server/admin.cpp): the real Router, engine, sessions and
// SQLite database; an Authenticator that hands out the Principal each test needs (account
// sign-in lives in another part). Per route and role, validation with the field named,
// versions, the live effects, the audit rows and one config.changed event per change.
#include "server/admin.h"
#include "server/apiserver.h"
#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/router.h"
#include "server/sessions.h"
#include "server/storage.h"
#include "server/store/auditstore.h"
#include "support/manualclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;

namespace {

QJsonObject json(const http::Response &r) { return QJsonDocument::fromJson(r.body).object(); }
QJsonObject errorOf(const http::Response &r) { return json(r).value(QStringLiteral("error")).toObject(); }

QByteArray header(const http::Response &r, const QByteArray &name)
{
    for (const auto &h : r.headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

// Who each test token is.
Principal principalOf(const QByteArray &token)
{
    if (token == "admin")
        return {Principal::Kind::Account, QStringLiteral("administrator"), QStringLiteral("boss"), 0};
    if (token == "manager")
        return {Principal::Kind::Account, QStringLiteral("manager"), QStringLiteral("head"), 0};
    if (token == "kiosk" || token == "display" || token == "booking")
        return {Principal::Kind::Device, QString::fromLatin1(token), QString::fromLatin1(token) + QStringLiteral("-1"), 0};
    if (token == "operator")
        return {Principal::Kind::Operator, QStringLiteral("operator"), QStringLiteral("ivanova"), 1};
    return {};
}

class Admin : public ::testing::Test {
protected:
    void SetUp() override
    {
        config = OfficeConfig::builtIn();
        config.timeZone = QTimeZone::utc();
        config.hasSchedule = false;
        for (OperatorConfig &op : config.operators)
            op.pinHash = pinhash::hash(QStringLiteral("1234"), 1000);
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Off, &error)) << qPrintable(error);
        engine = std::make_unique<QueueEngine>(config, storage, clock, policy);
        ASSERT_TRUE(engine->initialize(&error)) << qPrintable(error);
        api = std::make_unique<ApiServer>(*engine, storage);   // the built-in routes: services, tickets, calls
        admin = std::make_unique<Router>(storage, clock, [](const http::Request &r) {
            const QByteArray h = r.header("authorization");
            return principalOf(h.startsWith("Bearer ") ? h.mid(7) : QByteArray());
        });
        module = std::make_unique<AdminModule>(api->services());
        module->registerRoutes(*admin);
        ASSERT_TRUE(admin->errors().isEmpty()) << qPrintable(admin->errors().join(QLatin1Char('\n')));
    }

    static http::Request request(const QByteArray &method, const QString &path, const QByteArray &token,
                                 const QJsonObject &body = {}, const QByteArray &ifMatch = {})
    {
        http::Request r;
        r.method = method;
        r.path = path;
        r.peer = QHostAddress(QStringLiteral("127.0.0.7"));
        if (!token.isEmpty())
            r.headers.append({QByteArrayLiteral("authorization"), QByteArrayLiteral("Bearer ") + token});
        if (!ifMatch.isEmpty())
            r.headers.append({QByteArrayLiteral("if-match"), ifMatch});
        r.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
        if (!body.isEmpty())
            r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return r;
    }
    http::Response adm(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                       const QByteArray &token = "admin", const QByteArray &ifMatch = {})
    {
        return admin->handle(request(method, QStringLiteral("/api/v1/admin") + path, token, body, ifMatch));
    }
    http::Response callApi(const QByteArray &method, const QString &path, const QByteArray &token, const QJsonObject &body = {})
    {
        return api->router().handle(request(method, QStringLiteral("/api/v1") + path, token, body));
    }
    QByteArray signIn(const QString &login, int window, const QString &pin = QStringLiteral("1234"))
    {
        const auto s = api->sessions().loginNow(login, pin, window);
        return s ? s->token.toUtf8() : QByteArray();
    }
    QString issue(const QString &service)
    {
        const auto r = callApi("POST", QStringLiteral("/tickets"), "demo-kiosk", {{QStringLiteral("service"), service}});
        EXPECT_EQ(r.status, 201) << r.body.constData();
        return json(r).value(QStringLiteral("number")).toString();
    }
    QString callNext(int window, const QByteArray &token)
    {
        const auto r = callApi("POST", QStringLiteral("/windows/%1/call").arg(window), token);
        EXPECT_TRUE(r.status == 200 || r.status == 204) << r.status << r.body.constData();
        return r.status == 200 ? json(r).value(QStringLiteral("number")).toString() : QString();
    }
    qint64 version() { return json(adm("GET", QStringLiteral("/config"))).value(QStringLiteral("version")).toInteger(); }
    QList<QJsonObject> configEvents(qint64 after)
    {
        QList<QJsonObject> out;
        for (const StoredEvent &e : storage.eventsAfter(after, 1000)) {
            const QJsonObject o = QJsonDocument::fromJson(e.json).object();
            if (o.value(QStringLiteral("type")) == QLatin1String("config.changed"))
                out.append(o);
        }
        return out;
    }
    QList<AuditStore::Entry> audit()
    {
        return AuditStore(storage).find({}).value_or(QList<AuditStore::Entry>());
    }
    QStringList serviceIds()
    {
        QStringList ids;
        for (const QJsonValue &v : json(callApi("GET", QStringLiteral("/services"), "demo-kiosk")).value(QStringLiteral("services")).toArray())
            ids.append(v.toObject().value(QStringLiteral("id")).toString());
        return ids;
    }

    QTemporaryDir dir;
    ManualClock clock{QDateTime(QDate(2026, 12, 2), QTime(9, 0), QTimeZone::utc())};
    OfficeConfig config;
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<ApiServer> api;
    std::unique_ptr<Router> admin;
    std::unique_ptr<AdminModule> module;
};

TEST_F(Admin, EveryRouteAnswers401WithoutCredentialsAnd403ToOtherRoles)
{
    const QStringList managerToo{QStringLiteral("PUT /api/v1/admin/windows/{n}"),
                                 QStringLiteral("POST /api/v1/admin/operators/{login}/reset-pin"),
                                 QStringLiteral("POST /api/v1/admin/operators/{login}/unlock")};
    const QStringList table = admin->table();
    ASSERT_GE(table.size(), 14);
    for (const QString &line : table) {
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        const QByteArray method = line.left(space).toLatin1();
        QString path = line.mid(space + 1);
        path.replace(QStringLiteral("{id}"), QStringLiteral("payments"))
            .replace(QStringLiteral("{n}"), QStringLiteral("2"))
            .replace(QStringLiteral("{login}"), QStringLiteral("petrov"));
        const qint64 before = version();
        EXPECT_EQ(admin->handle(request(method, path, {})).status, 401) << qPrintable(line);
        for (const QByteArray token : {"kiosk", "display", "booking", "operator"})
            EXPECT_EQ(admin->handle(request(method, path, token)).status, 403) << qPrintable(line) << " " << token.constData();
        const int manager = admin->handle(request(method, path, "manager", {{QStringLiteral("services"), QJsonArray{QStringLiteral("payments")}}})).status;
        if (managerToo.contains(line)) {
            EXPECT_NE(manager, 403) << qPrintable(line);
        } else {
            EXPECT_EQ(manager, 403) << qPrintable(line);
        }
        if (!managerToo.contains(line)) {
            EXPECT_EQ(version(), before) << "a refused caller changed the configuration: " << qPrintable(line);
        }
    }
}

TEST_F(Admin, ConfigIsTheFileSchemaWithSecretsAsHashesAndItsVersion)
{
    const http::Response r = adm("GET", QStringLiteral("/config"));
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(header(r, "ETag"), QByteArray("\"1\""));
    EXPECT_EQ(json(r).value(QStringLiteral("version")).toInteger(), 1);
    const QJsonObject c = json(r).value(QStringLiteral("config")).toObject();
    ConfigError e;
    const auto parsed = parseOfficeConfig(c, &e);
    ASSERT_TRUE(parsed) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
    EXPECT_TRUE(*parsed == engine->config());
    EXPECT_FALSE(r.body.contains("demo-kiosk")) << "a device token in the answer";
    EXPECT_TRUE(c.value(QStringLiteral("devices")).toArray().first().toObject().value(QStringLiteral("token")).toString().startsWith(
        QStringLiteral("sha256:")));
}

TEST_F(Admin, InvalidChangesAre400WithTheFieldNamedAndChangeNothing)
{
    const qint64 seq = storage.lastCommittedSeq();
    const int audits = static_cast<int>(audit().size());
    struct Case {
        QByteArray method;
        QString path;
        QJsonObject body;
        QString field;
        QString says;
    };
    const QList<Case> cases{
        {"POST", QStringLiteral("/topics"),
         {{QStringLiteral("id"), QStringLiteral("meters")}, {QStringLiteral("name"), QStringLiteral("Счётчики")},
          {QStringLiteral("prefix"), QStringLiteral("12")}, {QStringLiteral("service_norm_min"), 10}},
         QStringLiteral("services[4].prefix"), QStringLiteral("must be one or two letters")},
        {"POST", QStringLiteral("/topics"),
         {{QStringLiteral("id"), QStringLiteral("payments")}, {QStringLiteral("name"), QStringLiteral("x")},
          {QStringLiteral("prefix"), QStringLiteral("Z")}, {QStringLiteral("service_norm_min"), 10}},
         QStringLiteral("services[4].id"), QStringLiteral("used by two topics")},
        {"PUT", QStringLiteral("/topics/contracts"), {{QStringLiteral("service_norm_min"), 0}},
         QStringLiteral("services[1].service_norm_min"), QStringLiteral("from 1 to 600")},
        {"PUT", QStringLiteral("/topics/contracts"), {{QStringLiteral("colour"), QStringLiteral("red")}},
         QStringLiteral("colour"), QStringLiteral("not known")},
        {"PUT", QStringLiteral("/windows/2"), {{QStringLiteral("services"), QJsonArray{QStringLiteral("teleportation")}}},
         QStringLiteral("windows[1].services"), QStringLiteral("unknown topic 'teleportation'")},
        {"POST", QStringLiteral("/windows"), {{QStringLiteral("number"), 2}, {QStringLiteral("services"), QJsonArray{QStringLiteral("payments")}}},
         QStringLiteral("windows[4].number"), QStringLiteral("listed twice")},
        {"POST", QStringLiteral("/operators"), {{QStringLiteral("login"), QStringLiteral("petrov")}, {QStringLiteral("name"), QStringLiteral("Двойник")}},
         QStringLiteral("operators[4].login"), QStringLiteral("listed twice")},
        {"POST", QStringLiteral("/operators"), {{QStringLiteral("login"), QStringLiteral("novikov")}},
         QStringLiteral("operators[4].name"), QStringLiteral("missing")},
        {"PUT", QStringLiteral("/office"), {{QStringLiteral("booking"), QJsonObject{{QStringLiteral("walk_in_share"), 2}}}},
         QStringLiteral("booking.walk_in_share"), QStringLiteral("from 0 to 1")},
        {"PUT", QStringLiteral("/office"), {{QStringLiteral("schedule"), QJsonObject{{QStringLiteral("mon"), QJsonArray{QStringLiteral("18:00-09:00")}}}}},
         QStringLiteral("schedule.mon[0]"), QStringLiteral("start before end")},
        {"PUT", QStringLiteral("/office"), {{QStringLiteral("call_policy"), QStringLiteral("random")}},
         QStringLiteral("call_policy"), QStringLiteral("not a known call policy")},
        {"PUT", QStringLiteral("/topics/order"), {{QStringLiteral("order"), QJsonArray{QStringLiteral("payments")}}},
         QStringLiteral("order"), QStringLiteral("each topic")},
    };
    const OfficeConfig before = engine->config();
    for (const Case &c : cases) {
        const http::Response r = adm(c.method, c.path, c.body);
        EXPECT_EQ(r.status, 400) << qPrintable(c.path) << " " << r.body.constData();
        EXPECT_EQ(errorOf(r).value(QStringLiteral("field")).toString(), c.field) << r.body.constData();
        EXPECT_TRUE(errorOf(r).value(QStringLiteral("message")).toString().contains(c.says)) << r.body.constData();
    }
    EXPECT_EQ(version(), 1);
    EXPECT_TRUE(engine->config() == before);
    EXPECT_TRUE(configEvents(seq).isEmpty());
    EXPECT_EQ(audit().size(), audits);
}

TEST_F(Admin, AStaleVersionIs409AndChangesNothing)
{
    const QJsonObject body{{QStringLiteral("services"), QJsonArray{QStringLiteral("payments")}}};
    const http::Response first = adm("PUT", QStringLiteral("/windows/2"), body, "admin", "\"1\"");
    ASSERT_EQ(first.status, 200) << first.body.constData();
    EXPECT_EQ(header(first, "ETag"), QByteArray("\"2\""));
    EXPECT_EQ(json(first).value(QStringLiteral("version")).toInteger(), 2);

    const http::Response stale = adm("PUT", QStringLiteral("/windows/2"),
                                     {{QStringLiteral("services"), QJsonArray{QStringLiteral("contracts")}}}, "admin", "\"1\"");
    EXPECT_EQ(stale.status, 409) << stale.body.constData();
    EXPECT_EQ(errorOf(stale).value(QStringLiteral("field")).toString(), QStringLiteral("version"));
    QJsonObject staleBody{{QStringLiteral("name"), QStringLiteral("Окно Б")}, {QStringLiteral("version"), 1}};
    EXPECT_EQ(adm("PUT", QStringLiteral("/windows/2"), staleBody).status, 409);
    EXPECT_EQ(version(), 2);
    EXPECT_EQ(engine->config().window(2)->services, QStringList{QStringLiteral("payments")});
    EXPECT_TRUE(engine->config().window(2)->name.isEmpty());
    staleBody.insert(QStringLiteral("version"), 2);
    EXPECT_EQ(adm("PUT", QStringLiteral("/windows/2"), staleBody).status, 200);
    EXPECT_EQ(engine->config().window(2)->name, QStringLiteral("Окно Б"));
}

TEST_F(Admin, AWindowsNewTopicIsCalledByTheOperatorAlreadySignedInThere)
{
    const QByteArray petrov = signIn(QStringLiteral("petrov"), 2);   // window 2: contracts, payments
    ASSERT_FALSE(petrov.isEmpty());
    const QString reception = issue(QStringLiteral("reception"));
    EXPECT_TRUE(callNext(2, petrov).isEmpty()) << "window 2 does not serve reception yet";

    const qint64 seq = storage.lastCommittedSeq();
    const http::Response r = adm("PUT", QStringLiteral("/windows/2"),
                                 {{QStringLiteral("services"), QJsonArray{QStringLiteral("reception"), QStringLiteral("payments")}}},
                                 "manager");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(callNext(2, petrov), reception) << "the next call takes the new topic, with no new sign-in";

    const auto events = configEvents(seq);
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].value(QStringLiteral("version")).toInteger(), 2);
    EXPECT_EQ(events[0].value(QStringLiteral("parts")).toArray(), QJsonArray{QStringLiteral("windows")});

    const auto rows = audit();
    ASSERT_FALSE(rows.isEmpty());
    EXPECT_EQ(rows.first().actor, QStringLiteral("account:head"));
    EXPECT_EQ(rows.first().address, QStringLiteral("127.0.0.7"));
    EXPECT_EQ(rows.first().action, QStringLiteral("window.services"));
    EXPECT_EQ(rows.first().object, QStringLiteral("window:2"));
    EXPECT_TRUE(rows.first().before.contains("contracts"));
    EXPECT_TRUE(rows.first().after.contains("reception"));

    // The manager assigns topics; renaming is the administrator's.
    EXPECT_EQ(adm("PUT", QStringLiteral("/windows/2"), {{QStringLiteral("name"), QStringLiteral("x")}}, "manager").status, 403);
}

TEST_F(Admin, ARetiredTopicLeavesTheKioskButItsQueueIsServedToTheEnd)
{
    const QString first = issue(QStringLiteral("payments"));
    const QString second = issue(QStringLiteral("payments"));
    ASSERT_TRUE(serviceIds().contains(QStringLiteral("payments")));

    const qint64 seq = storage.lastCommittedSeq();
    const http::Response r = adm("POST", QStringLiteral("/topics/payments/retire"));
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(json(r).value(QStringLiteral("still_waiting")).toInt(), 2);
    EXPECT_EQ(configEvents(seq).size(), 1);
    EXPECT_FALSE(serviceIds().contains(QStringLiteral("payments")));
    EXPECT_EQ(serviceIds().size(), 3);

    const http::Response refused = callApi("POST", QStringLiteral("/tickets"), "demo-kiosk", {{QStringLiteral("service"), QStringLiteral("payments")}});
    EXPECT_EQ(refused.status, 400) << refused.body.constData();
    EXPECT_TRUE(errorOf(refused).value(QStringLiteral("message")).toString().contains(QStringLiteral("retired")));

    const QByteArray ivanova = signIn(QStringLiteral("ivanova"), 1);   // window 1: reception, payments
    EXPECT_EQ(callNext(1, ivanova), first);
    ASSERT_EQ(callApi("POST", QStringLiteral("/windows/1/start"), ivanova).status, 200);
    ASSERT_EQ(callApi("POST", QStringLiteral("/windows/1/finish"), ivanova, {{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    EXPECT_EQ(callNext(1, ivanova), second);
    EXPECT_EQ(adm("POST", QStringLiteral("/topics/payments/retire")).status, 409) << "already retired";
    EXPECT_EQ(adm("DELETE", QStringLiteral("/topics/nothing")).status, 404);
}

TEST_F(Admin, TopicsAreAddedEditedAndOrderedAsTheKioskShowsThem)
{
    const qint64 seq = storage.lastCommittedSeq();
    const http::Response add = adm("POST", QStringLiteral("/topics"),
                                   {{QStringLiteral("id"), QStringLiteral("meters")},
                                    {QStringLiteral("name"), QStringLiteral("Счётчики")},
                                    {QStringLiteral("prefix"), QStringLiteral("С")},
                                    {QStringLiteral("wait_norm_min"), 10},
                                    {QStringLiteral("service_norm_min"), 7}});
    ASSERT_EQ(add.status, 201) << add.body.constData();
    EXPECT_EQ(serviceIds().last(), QStringLiteral("meters"));
    const http::Response edit = adm("PUT", QStringLiteral("/topics/meters"),
                                    {{QStringLiteral("name"), QStringLiteral("Приборы учёта")}, {QStringLiteral("service_norm_min"), 8}});
    ASSERT_EQ(edit.status, 200) << edit.body.constData();
    EXPECT_EQ(engine->config().service(QStringLiteral("meters"))->name, QStringLiteral("Приборы учёта"));
    EXPECT_EQ(engine->config().service(QStringLiteral("meters"))->serviceNormMin, 8);
    const QStringList order{QStringLiteral("payments"), QStringLiteral("meters"), QStringLiteral("reception"),
                            QStringLiteral("contracts"), QStringLiteral("b2b_contracts")};
    ASSERT_EQ(adm("PUT", QStringLiteral("/topics/order"), {{QStringLiteral("order"), QJsonArray::fromStringList(order)}}).status, 200);
    EXPECT_EQ(serviceIds(), order);
    EXPECT_EQ(configEvents(seq).size(), 3) << "one event per change";
    EXPECT_EQ(version(), 4);
    // A ticket of the new topic, called by a window given it.
    const QString ticket = issue(QStringLiteral("meters"));
    EXPECT_TRUE(ticket.startsWith(QStringLiteral("С")));
    ASSERT_EQ(adm("PUT", QStringLiteral("/windows/3"), {{QStringLiteral("services"), QJsonArray{QStringLiteral("meters")}}}).status, 200);
    EXPECT_EQ(callNext(3, signIn(QStringLiteral("sidorova"), 3)), ticket);
}

TEST_F(Admin, APrefixThatNumberedTicketsTodayGoesToNoOtherTopic)
{
    issue(QStringLiteral("reception"));   // Д001
    ASSERT_EQ(adm("PUT", QStringLiteral("/topics/reception"), {{QStringLiteral("prefix"), QStringLiteral("Р")}}).status, 200);
    const http::Response r = adm("PUT", QStringLiteral("/topics/contracts"), {{QStringLiteral("prefix"), QStringLiteral("Д")}});
    EXPECT_EQ(r.status, 409) << r.body.constData();
    EXPECT_EQ(errorOf(r).value(QStringLiteral("field")).toString(), QStringLiteral("services[1].prefix"));
    EXPECT_EQ(engine->config().service(QStringLiteral("contracts"))->prefix, QStringLiteral("К"));
    EXPECT_TRUE(issue(QStringLiteral("reception")).startsWith(QStringLiteral("Р")));
    // Tomorrow the prefix is free again.
    clock.advanceSec(24 * 3600);
    EXPECT_EQ(adm("PUT", QStringLiteral("/topics/contracts"), {{QStringLiteral("prefix"), QStringLiteral("Д")}}).status, 200);
}

TEST_F(Admin, ANewOperatorSignsInWithTheOneTimePinShownOnce)
{
    const qint64 seq = storage.lastCommittedSeq();
    const http::Response r = adm("POST", QStringLiteral("/operators"),
                                 {{QStringLiteral("login"), QStringLiteral("novikov")}, {QStringLiteral("name"), QStringLiteral("Новиков Олег")}});
    ASSERT_EQ(r.status, 201) << r.body.constData();
    const QString pin = json(r).value(QStringLiteral("pin")).toString();
    EXPECT_EQ(pin.size(), 6);
    EXPECT_FALSE(signIn(QStringLiteral("novikov"), 3, pin).isEmpty());
    // Shown once: not in the configuration, the audit or the event.
    EXPECT_FALSE(adm("GET", QStringLiteral("/config")).body.contains(pin.toUtf8()));
    for (const auto &e : audit()) {
        EXPECT_FALSE(e.after.contains(pin.toUtf8()));
        EXPECT_FALSE(e.after.contains("pbkdf2"));
    }
    for (const QJsonObject &e : configEvents(seq))
        EXPECT_FALSE(QJsonDocument(e).toJson().contains(pin.toUtf8()));

    // Not kept for an Idempotency-Key replay either (the router stores those answers).
    http::Request keyed = request("POST", QStringLiteral("/api/v1/admin/operators/novikov/reset-pin"), "admin");
    keyed.headers.append({QByteArrayLiteral("idempotency-key"), QByteArrayLiteral("k1")});
    const http::Response once = admin->handle(keyed);
    ASSERT_EQ(once.status, 200) << once.body.constData();
    EXPECT_EQ(header(once, "Cache-Control"), QByteArray("no-store"));
    const http::Response again = admin->handle(keyed);
    EXPECT_TRUE(header(again, "Idempotent-Replay").isEmpty()) << "a PIN answer was stored for replay";
    EXPECT_NE(json(again).value(QStringLiteral("pin")), json(once).value(QStringLiteral("pin")));

    // A new PIN: the old one stops working.
    const http::Response reset = adm("POST", QStringLiteral("/operators/novikov/reset-pin"), {}, "manager");
    ASSERT_EQ(reset.status, 200) << reset.body.constData();
    const QString second = json(reset).value(QStringLiteral("pin")).toString();
    EXPECT_TRUE(signIn(QStringLiteral("novikov"), 3, pin).isEmpty() || pin == second);
    EXPECT_FALSE(signIn(QStringLiteral("novikov"), 3, second).isEmpty());
}

TEST_F(Admin, ADeactivatedOperatorsSessionEndsAndTheyCannotSignIn)
{
    const QByteArray token = signIn(QStringLiteral("petrov"), 2);
    ASSERT_EQ(callApi("GET", QStringLiteral("/sessions/current"), token).status, 200);
    const http::Response r = adm("POST", QStringLiteral("/operators/petrov/deactivate"));
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(json(r).value(QStringLiteral("operator")).toObject().value(QStringLiteral("active")), QJsonValue(false));
    EXPECT_EQ(callApi("GET", QStringLiteral("/sessions/current"), token).status, 401);
    EXPECT_EQ(engine->window(2)->state, WindowState::Closed) << "the window is left";
    EXPECT_TRUE(signIn(QStringLiteral("petrov"), 2).isEmpty());
    EXPECT_EQ(audit().first().action, QStringLiteral("operator.deactivate"));
    // Back again.
    ASSERT_EQ(adm("PUT", QStringLiteral("/operators/petrov"), {{QStringLiteral("active"), true}}).status, 200);
    EXPECT_FALSE(signIn(QStringLiteral("petrov"), 2).isEmpty());
}

TEST_F(Admin, TheManagerUnlocksAnOperatorAfterFiveWrongPins)
{
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(signIn(QStringLiteral("petrov"), 2, QStringLiteral("0000")).isEmpty());
    EXPECT_TRUE(signIn(QStringLiteral("petrov"), 2).isEmpty()) << "locked";
    const http::Response r = adm("POST", QStringLiteral("/operators/petrov/unlock"), {}, "manager");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(json(r).value(QStringLiteral("was_locked")), QJsonValue(true));
    EXPECT_FALSE(signIn(QStringLiteral("petrov"), 2).isEmpty());
    EXPECT_EQ(audit().first().action, QStringLiteral("operator.unlock"));
    EXPECT_EQ(audit().first().actor, QStringLiteral("account:head"));
}

TEST_F(Admin, TheOfficesSettingsChangeLive)
{
    const qint64 seq = storage.lastCommittedSeq();
    const http::Response r = adm("PUT", QStringLiteral("/office"),
                                 {{QStringLiteral("office"), QJsonObject{{QStringLiteral("phone"), QStringLiteral("8-800-555-35-35")},
                                                                         {QStringLiteral("running_line"), QStringLiteral("Добро пожаловать")}}},
                                  {QStringLiteral("holidays"), QJsonArray{QStringLiteral("2026-12-31")}},
                                  {QStringLiteral("call_policy"), QStringLiteral("norm")}});
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(engine->config().phone, QStringLiteral("8-800-555-35-35"));
    EXPECT_EQ(engine->config().runningLine, QStringLiteral("Добро пожаловать"));
    EXPECT_EQ(engine->config().callPolicy, QStringLiteral("norm"));
    EXPECT_EQ(engine->config().name, config.name) << "the other office fields stay";
    EXPECT_TRUE(engine->schedule().isSpecialDay(QDate(2026, 12, 31)));
    const auto events = configEvents(seq);
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].value(QStringLiteral("parts")).toArray(), QJsonArray{QStringLiteral("office")});
    EXPECT_EQ(json(callApi("GET", QStringLiteral("/services"), "demo-kiosk")).value(QStringLiteral("office")).toObject()
                  .value(QStringLiteral("phone")).toString(),
              QStringLiteral("8-800-555-35-35"));
}

TEST_F(Admin, AChangeUndoneByARollbackPutsTheStoredConfigurationBack)
{
    {
        Scope outer(storage);
        ASSERT_EQ(adm("PUT", QStringLiteral("/windows/2"), {{QStringLiteral("services"), QJsonArray{QStringLiteral("reception")}}}).status, 200);
        EXPECT_EQ(engine->config().window(2)->services, QStringList{QStringLiteral("reception")});
    }   // not committed: the batch failed
    EXPECT_EQ(engine->config().window(2)->services, (QStringList{QStringLiteral("contracts"), QStringLiteral("payments")}));
    EXPECT_EQ(version(), 1);
}

} // namespace
