// Alarms and the book of reviews with an injected clock: no sockets, no sleeps.
#include "server/apiserver.h"
#include "server/callpolicy.h"
#include "server/manager.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/storage.h"
#include "support/manualclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;

namespace {

// Thursday 2026-11-26 09:00 UTC.
const QDateTime kMorning(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

class AlarmTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        config = OfficeConfig::builtIn();
        config.timeZone = QTimeZone::utc();
        config.hasSchedule = false;
        static const QString hash = pinhash::hash(QStringLiteral("1234"), 1000);
        for (OperatorConfig &op : config.operators)
            op.pinHash = hash;
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error));
        engine = std::make_unique<QueueEngine>(config, storage, clock, policy);
        ASSERT_TRUE(engine->initialize(&error)) << qPrintable(error);
        api = std::make_unique<ApiServer>(*engine, storage);
        auto m = std::make_unique<ManagerModule>(*api);
        manager = m.get();
        api->addModule(std::move(m));
        QObject::connect(&storage, &Storage::eventsCommitted, &storage, [this](const QList<StoredEvent> &events) {
            for (const StoredEvent &e : events)
                this->events.append(QJsonDocument::fromJson(e.json).object());
        });
    }

    // The keys of the alarms that are not cleared.
    QStringList activeKeys()
    {
        QStringList keys;
        QSqlQuery &q = storage.prepared(QStringLiteral("SELECT key FROM alarms WHERE cleared_at IS NULL ORDER BY key"));
        EXPECT_TRUE(storage.exec(q));
        while (q.next())
            keys.append(q.value(0).toString());
        q.finish();
        return keys;
    }

    QStringList eventTypes(const char *prefix)
    {
        QStringList out;
        for (const QJsonObject &e : std::as_const(events))
            if (e.value(QStringLiteral("type")).toString().startsWith(QLatin1String(prefix)))
                out.append(e.value(QStringLiteral("type")).toString() + QLatin1Char(' ')
                           + e.value(QStringLiteral("alarm")).toObject().value(QStringLiteral("key")).toString());
        return out;
    }

    http::Response request(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        http::Request r;
        r.method = method;
        r.path = path;
        if (!body.isEmpty())
            r.body = QJsonDocument(body).toJson();
        Principal who{Principal::Kind::Device, QStringLiteral("manager"), QStringLiteral("manager"), 0};
        QStringList parts = path.mid(8).split(QLatin1Char('/'));   // after "/api/v1/"
        Scope scope(storage);
        auto response = manager->handle(r, who, parts);
        scope.commit();
        return response.value_or(http::Response{});
    }

    QTemporaryDir dir;
    OfficeConfig config;
    ManualClock clock{kMorning};
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<ApiServer> api;
    ManagerModule *manager = nullptr;
    QList<QJsonObject> events;
};

TEST_F(AlarmTest, OldestWaitRaisesAt80And100PercentOfTheNormAndClearsWhenCalled)
{
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());   // waiting norm 5 min
    clock.advanceSec(3 * 60 + 59);
    api->tickModules();
    EXPECT_TRUE(activeKeys().isEmpty());

    clock.advanceSec(1);   // 4:00 = 80 % of 5 min
    api->tickModules();
    EXPECT_EQ(activeKeys(), QStringList{QStringLiteral("wait80:payments")});
    api->tickModules();    // raised once while it lasts
    EXPECT_EQ(eventTypes("alarm."), QStringList{QStringLiteral("alarm.raised wait80:payments")});

    clock.advanceSec(60);  // 5:00 = the norm
    api->tickModules();
    EXPECT_EQ(activeKeys(), (QStringList{QStringLiteral("wait100:payments"), QStringLiteral("wait80:payments")}));

    const QJsonObject raised = events.last().value(QStringLiteral("alarm")).toObject();
    EXPECT_EQ(raised.value(QStringLiteral("level")).toString(), QStringLiteral("critical"));
    EXPECT_TRUE(raised.value(QStringLiteral("message")).toString().contains(QStringLiteral("П001")));

    ASSERT_TRUE(engine->signIn(QStringLiteral("ivanova"), 1).ok());
    ASSERT_TRUE(engine->call(1).ok());
    api->tickModules();
    EXPECT_TRUE(activeKeys().isEmpty());
    EXPECT_EQ(eventTypes("alarm.").size(), 4);   // two raised, two cleared
}

TEST_F(AlarmTest, ServiceOverItsNormAndAVisitOver30Minutes)
{
    ASSERT_TRUE(engine->issue(QStringLiteral("contracts"), QString()).ok());   // service norm 15 min
    ASSERT_TRUE(engine->signIn(QStringLiteral("petrov"), 2).ok());
    clock.advanceMin(9);
    ASSERT_TRUE(engine->call(2).ok());
    ASSERT_TRUE(engine->start(2).ok());
    clock.advanceMin(15);
    api->tickModules();
    EXPECT_TRUE(activeKeys().isEmpty());   // exactly the norm is within it
    clock.advanceSec(1);
    api->tickModules();
    EXPECT_EQ(activeKeys(), QStringList{QStringLiteral("service:1")});
    clock.advanceMin(6);   // 30 min 1 s since the ticket was taken
    api->tickModules();
    EXPECT_EQ(activeKeys(), (QStringList{QStringLiteral("service:1"), QStringLiteral("visit:1")}));
    ASSERT_TRUE(engine->finish(2, QStringLiteral("resolved"), QString()).ok());
    api->tickModules();
    EXPECT_TRUE(activeKeys().isEmpty());
}

TEST_F(AlarmTest, PrinterPaperStatesFromTheDevicesTable)
{
    QString error;
    ASSERT_TRUE(storage.execRaw(QStringLiteral("INSERT INTO device_status(device, role, printer, detail, reported_at) "
                                               "VALUES ('kiosk-1', 'kiosk', 'paper_low', '', 0)"),
                                &error));
    api->tickModules();
    EXPECT_EQ(activeKeys(), QStringList{QStringLiteral("printer:kiosk-1:paper_low")});
    ASSERT_TRUE(storage.execRaw(QStringLiteral("UPDATE device_status SET printer = 'paper_out'"), &error));
    api->tickModules();
    EXPECT_EQ(activeKeys(), QStringList{QStringLiteral("printer:kiosk-1:paper_out")});
    ASSERT_TRUE(storage.execRaw(QStringLiteral("UPDATE device_status SET printer = 'ok'"), &error));
    api->tickModules();
    EXPECT_TRUE(activeKeys().isEmpty());
}

TEST_F(AlarmTest, AcknowledgingKeepsTheAlarmUntilItsConditionEnds)
{
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
    clock.advanceMin(4);
    api->tickModules();
    const QJsonArray active = QJsonDocument::fromJson(request("GET", QStringLiteral("/api/v1/alarms")).body)
                                  .object().value(QStringLiteral("alarms")).toArray();
    ASSERT_EQ(active.size(), 1);
    const qint64 id = active[0].toObject().value(QStringLiteral("id")).toInteger();
    const http::Response acked = request("POST", QStringLiteral("/api/v1/alarms/%1/ack").arg(id));
    EXPECT_EQ(acked.status, 200);
    EXPECT_EQ(QJsonDocument::fromJson(acked.body).object().value(QStringLiteral("acked_by")).toString(),
              QStringLiteral("manager"));
    EXPECT_EQ(activeKeys(), QStringList{QStringLiteral("wait80:payments")});
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/alarms/999/ack")).status, 404);
    EXPECT_EQ(request("GET", QStringLiteral("/api/v1/alarms/%1/ack").arg(id)).status, 405);
}

TEST(ReviewDeadlineTest, TenWorkingDaysSkipWeekends)
{
    const QTimeZone utc = QTimeZone::utc();
    // Thursday 26 November → ten working days later is Thursday 10 December, end of day.
    const qint64 due = ManagerModule::addWorkingDays(kMorning.toMSecsSinceEpoch(), 10, utc);
    EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(due, utc), QDateTime(QDate(2026, 12, 10), QTime(23, 59, 59), utc));
    // Registered on a Saturday: counting starts on Monday.
    const qint64 sat = QDateTime(QDate(2026, 11, 28), QTime(12, 0), utc).toMSecsSinceEpoch();
    EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(ManagerModule::addWorkingDays(sat, 1, utc), utc).date(), QDate(2026, 11, 30));
}

TEST_F(AlarmTest, ReviewsNeedConsentForAContactAndCloseWithMeasures)
{
    http::Response r = request("POST", QStringLiteral("/api/v1/reviews"),
                               QJsonObject{{QStringLiteral("kind"), QStringLiteral("complaint")},
                                           {QStringLiteral("channel"), QStringLiteral("book")},
                                           {QStringLiteral("text"), QStringLiteral("Долго ждал")},
                                           {QStringLiteral("contact"), QStringLiteral("+7 900 000-00-00")}});
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(QString::fromUtf8(r.body).contains(QStringLiteral("consent_required")));
    r = request("POST", QStringLiteral("/api/v1/reviews"),
                QJsonObject{{QStringLiteral("kind"), QStringLiteral("praise")}, {QStringLiteral("channel"), QStringLiteral("book")},
                            {QStringLiteral("text"), QStringLiteral("x")}});
    EXPECT_EQ(r.status, 400);
    QSqlQuery &count = storage.prepared(QStringLiteral("SELECT COUNT(*) FROM reviews"));
    ASSERT_TRUE(storage.exec(count) && count.next());
    EXPECT_EQ(count.value(0).toInt(), 0);   // bad input changes nothing
    count.finish();

    r = request("POST", QStringLiteral("/api/v1/reviews"),
                QJsonObject{{QStringLiteral("kind"), QStringLiteral("complaint")}, {QStringLiteral("channel"), QStringLiteral("book")},
                            {QStringLiteral("text"), QStringLiteral("Долго ждал")},
                            {QStringLiteral("contact"), QStringLiteral("+7 900 000-00-00")},
                            {QStringLiteral("consent"), true}});
    ASSERT_EQ(r.status, 201);
    const qint64 id = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger();
    // The event carries neither the text nor the contact.
    const QJsonObject e = events.last();
    EXPECT_EQ(e.value(QStringLiteral("type")).toString(), QStringLiteral("review.added"));
    EXPECT_FALSE(QJsonDocument(e).toJson().contains("900"));

    clock.advanceMin(60 * 24 * 15);   // past the deadline
    QJsonArray overdue = QJsonDocument::fromJson(request("GET", QStringLiteral("/api/v1/reviews")).body).object()
                             .value(QStringLiteral("reviews")).toArray();
    ASSERT_EQ(overdue.size(), 1);
    EXPECT_TRUE(overdue[0].toObject().value(QStringLiteral("overdue")).toBool());
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/reviews/%1/close").arg(id), QJsonObject{}).status, 400);
    r = request("POST", QStringLiteral("/api/v1/reviews/%1/close").arg(id),
                QJsonObject{{QStringLiteral("measures"), QStringLiteral("Открыто третье окно в часы пик")}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/reviews/%1/close").arg(id),
                      QJsonObject{{QStringLiteral("measures"), QStringLiteral("ещё раз")}})
                  .status,
              409);
    EXPECT_TRUE(QJsonDocument::fromJson(request("GET", QStringLiteral("/api/v1/reviews")).body).object()
                    .value(QStringLiteral("reviews")).toArray().isEmpty());
}

} // namespace

namespace {

QJsonArray adviceOf(const http::Response &r) { return QJsonDocument::fromJson(r.body).object().value(QStringLiteral("advice")).toArray(); }

TEST_F(AlarmTest, AdviceOpensAWindowWhenTheFlowNeedsIt)
{
    ASSERT_TRUE(engine->signIn(QStringLiteral("ivanova"), 1).ok());   // reception + payments
    // 30 payment tickets in the last hour, 5 min each (the norm, no history yet):
    // 2.5 Erlangs; Erlang C wants 4 windows for 90 % within 5 minutes
    // (C(4, 2.5) = 0.32; 0.32 × e^-1.5 = 7 % wait longer).
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
        clock.advanceSec(110);
    }
    const QJsonArray advice = adviceOf(request("GET", QStringLiteral("/api/v1/dashboard")));
    ASSERT_EQ(advice.size(), 1);
    const QJsonObject a = advice[0].toObject();
    EXPECT_EQ(a.value(QStringLiteral("kind")).toString(), QStringLiteral("open_window"));
    EXPECT_EQ(a.value(QStringLiteral("service")).toString(), QStringLiteral("payments"));
    EXPECT_EQ(a.value(QStringLiteral("needed")).toInt(), 4);
    EXPECT_EQ(a.value(QStringLiteral("windows")).toInt(), 1);
}

TEST_F(AlarmTest, AdviceAllowsABreakWhenTheQueueIsCalm)
{
    for (int w = 1; w <= 3; ++w) {
        const QStringList logins{QStringLiteral("ivanova"), QStringLiteral("petrov"), QStringLiteral("sidorova")};
        ASSERT_TRUE(engine->signIn(logins[w - 1], w).ok());
    }
    const http::Response first = request("GET", QStringLiteral("/api/v1/dashboard"));
    EXPECT_EQ(adviceOf(first).size(), 1) << first.body.constData();   // nobody came: a break is fine
    ASSERT_TRUE(engine->issue(QStringLiteral("contracts"), QString()).ok());
    ASSERT_TRUE(engine->call(2).ok());
    const QJsonArray advice = adviceOf(request("GET", QStringLiteral("/api/v1/dashboard")));
    ASSERT_EQ(advice.size(), 1);
    EXPECT_EQ(advice[0].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("break_possible"));
    EXPECT_EQ(advice[0].toObject().value(QStringLiteral("open")).toInt(), 3);

    // Someone waiting past half the norm: no break.
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
    clock.advanceSec(150);
    const http::Response busy = request("GET", QStringLiteral("/api/v1/dashboard"));
    EXPECT_TRUE(adviceOf(busy).isEmpty()) << QJsonDocument(adviceOf(busy)).toJson().constData();
}

} // namespace
