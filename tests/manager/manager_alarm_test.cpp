// Alarms and the book of reviews with an injected clock: no sockets, no sleeps.
#include "server/admin.h"
#include "server/apiserver.h"
#include "server/callpolicy.h"
#include "server/manager_alarms.h"
#include "server/manager_dashboard.h"
#include "server/manager_reports.h"
#include "server/manager_reviews.h"
#include "server/schedule.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/storage.h"
#include "support/engineoffice.h"
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
        config = queue::test::engineOfficeConfig();
        configure(config);
        const QString error = queue::test::openEngine(config, storage, dir, Storage::Sync::Normal, clock, policy, engine);
        ASSERT_TRUE(error.isEmpty()) << qPrintable(error);
        api = std::make_unique<ApiServer>(*engine, storage);
        api->addModule(std::make_unique<AlarmsModule>(api->services()));
        api->addModule(std::make_unique<DashboardModule>(api->services()));
        api->addModule(std::make_unique<ReviewsModule>(api->services()));
        api->addModule(std::make_unique<AdminModule>(api->services()));   // the advice's button
        QObject::connect(&storage, &Storage::eventsCommitted, &storage, [this](const QList<StoredEvent> &events) {
            for (const StoredEvent &e : events)
                this->events.append(QJsonDocument::fromJson(e.json).object());
        });
    }

    virtual void configure(OfficeConfig &) {}

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
        r.headers.append({QByteArrayLiteral("authorization"), QByteArrayLiteral("Bearer demo-manager")});
        return api->router().handle(r);
    }

    QTemporaryDir dir;
    OfficeConfig config;
    ManualClock clock{kMorning};
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<ApiServer> api;
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

// The office's one working-day calendar (Schedule): weekends by the weekly
// hours, holidays and shortened days from the config.
TEST(WorkingDays, TenWorkingDaysSkipWeekendsAndHolidays)
{
    OfficeConfig config = OfficeConfig::builtIn();
    config.timeZone = QTimeZone::utc();
    const QTimeZone utc = QTimeZone::utc();
    {
        config.hasSchedule = false;   // no hours: Monday to Friday
        const Schedule schedule(config);
        // Thursday 26 November → ten working days later is Thursday 10 December, end of day.
        const qint64 due = schedule.addWorkingDays(kMorning.toMSecsSinceEpoch(), 10);
        EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(due, utc), QDateTime(QDate(2026, 12, 10), QTime(23, 59, 59), utc));
        // Registered on a Saturday: counting starts on Monday.
        const qint64 sat = QDateTime(QDate(2026, 11, 28), QTime(12, 0), utc).toMSecsSinceEpoch();
        EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(schedule.addWorkingDays(sat, 1), utc).date(), QDate(2026, 11, 30));
    }
    config.hasSchedule = true;
    for (int day = 0; day < 7; ++day)
        config.schedule[day] = day < 5 ? QList<Interval>{Interval{9 * 60, 18 * 60}} : QList<Interval>{};
    config.specialDays.insert(QDate(2026, 12, 7), {});                          // a holiday (Monday)
    config.specialDays.insert(QDate(2026, 12, 10), {});                         // a holiday (Thursday)
    config.specialDays.insert(QDate(2026, 12, 12), {Interval{10 * 60, 14 * 60}});   // a working Saturday
    const Schedule schedule(config);
    EXPECT_FALSE(schedule.isWorkingDay(QDate(2026, 12, 7)));
    EXPECT_TRUE(schedule.isWorkingDay(QDate(2026, 12, 8)));
    EXPECT_TRUE(schedule.isWorkingDay(QDate(2026, 12, 12)));
    EXPECT_FALSE(schedule.isWorkingDay(QDate(2026, 12, 13)));
    EXPECT_EQ(schedule.workingDaysBetween(QDate(2026, 12, 1), QDate(2026, 12, 31)), 23 - 2 + 1);
    const qint64 wed = QDateTime(QDate(2026, 12, 2), QTime(15, 0), utc).toMSecsSinceEpoch();
    // 3, 4, 8, 9, 11, 12 (the working Saturday), 14, 15, 16, 17.
    EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(schedule.addWorkingDays(wed, 10), utc).date(), QDate(2026, 12, 17));
}

// The book of reviews through the API: a complaint of 2 December with holidays
// on 7 and 10 December is due on 18 December (10 working days), not the 16th.
class HolidayReviewTest : public AlarmTest {
protected:
    void configure(OfficeConfig &c) override
    {
        c.hasSchedule = true;
        for (int day = 0; day < 7; ++day)
            c.schedule[day] = day < 5 ? QList<Interval>{Interval{9 * 60, 18 * 60}} : QList<Interval>{};
        c.specialDays.insert(QDate(2026, 12, 7), {});
        c.specialDays.insert(QDate(2026, 12, 10), {});
    }
};

TEST_F(HolidayReviewTest, AComplaintIsDueAfterTenWorkingDaysOfTheOfficesCalendar)
{
    clock.set(QDateTime(QDate(2026, 12, 2), QTime(11, 0), QTimeZone::utc()));
    const http::Response r = request("POST", QStringLiteral("/api/v1/reviews"),
                                     QJsonObject{{QStringLiteral("kind"), QStringLiteral("complaint")},
                                                 {QStringLiteral("channel"), QStringLiteral("book")},
                                                 {QStringLiteral("text"), QStringLiteral("Долго ждал")}});
    ASSERT_EQ(r.status, 201) << r.body.constData();
    EXPECT_EQ(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("due_at")).toString(),
              QStringLiteral("2026-12-18T23:59:59.000Z"));
}

// The reports' history not loading at start is not a log line only: the
// health check says "degraded" with the reason and the manager gets an alarm.
TEST_F(AlarmTest, AHistoryThatDoesNotLoadIsDegradedHealthAndAnAlarm)
{
    auto health = [this] {
        http::Request r;
        r.method = "GET";
        r.path = QStringLiteral("/api/v1/health");
        return QJsonDocument::fromJson(api->router().handle(r).body).object();
    };
    EXPECT_EQ(health().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    ASSERT_TRUE(storage.execRaw(QStringLiteral("ALTER TABLE tickets RENAME TO tickets_moved")));   // the scan fails
    api->addModule(std::make_unique<ReportsModule>(api->services()));

    const QJsonObject h = health();
    EXPECT_EQ(h.value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
    EXPECT_TRUE(h.value(QStringLiteral("problems")).toObject().value(QStringLiteral("reports_history")).toString()
                    .contains(QStringLiteral("no such table"))) << QJsonDocument(h).toJson().constData();
    api->tickModules();
    EXPECT_TRUE(activeKeys().contains(QStringLiteral("health:reports_history")));
    EXPECT_EQ(request("GET", QStringLiteral("/api/v1/reports")).status, 500);
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

    // What a button needs: the windows that could take payments (1–3 serve it already) and
    // the call that puts one on it, which the manager may make.
    const QJsonArray candidates = a.value(QStringLiteral("candidates")).toArray();
    ASSERT_EQ(candidates.size(), 1) << QJsonDocument(a).toJson().constData();
    const QJsonObject w4 = candidates[0].toObject();
    EXPECT_EQ(w4.value(QStringLiteral("window")).toInt(), 4);
    EXPECT_EQ(w4.value(QStringLiteral("method")).toString(), QStringLiteral("PUT"));
    EXPECT_EQ(w4.value(QStringLiteral("path")).toString(), QStringLiteral("/api/v1/admin/windows/4"));
    const QJsonArray after{QStringLiteral("b2b_contracts"), QStringLiteral("payments")};
    EXPECT_EQ(w4.value(QStringLiteral("services_after")).toArray(), after);
    const http::Response put = request("PUT", w4.value(QStringLiteral("path")).toString(), {{QStringLiteral("services"), after}});
    ASSERT_EQ(put.status, 200) << put.body.constData();
    ASSERT_TRUE(engine->signIn(QStringLiteral("kuznetsov"), 4).ok());
    const auto called = engine->call(4);
    ASSERT_TRUE(called.ok() && called.value().has_value());
    EXPECT_EQ(called.value()->service, QStringLiteral("payments")) << "window 4 now calls payments";
    EXPECT_TRUE(adviceOf(request("GET", QStringLiteral("/api/v1/dashboard")))[0].toObject()
                    .value(QStringLiteral("candidates")).toArray().isEmpty());
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

TEST_F(AlarmTest, TheOldestWaitingTicketOfATopicAndAWaitingVisitOver30Minutes)
{
    // Three payments tickets; the alarm names the oldest one that is waiting.
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());   // П001
    clock.advanceMin(1);
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());   // П002
    ASSERT_TRUE(engine->issue(QStringLiteral("reception"), QString()).ok());  // no waiting norm
    clock.advanceMin(4);   // П001 waited 5 min, П002 4 min
    api->tickModules();
    EXPECT_EQ(activeKeys(), (QStringList{QStringLiteral("wait100:payments"), QStringLiteral("wait80:payments")}));
    EXPECT_TRUE(events.last().value(QStringLiteral("alarm")).toObject().value(QStringLiteral("message")).toString().contains(
        QStringLiteral("П001")));

    clock.advanceMin(26);   // 31 min since П001, 30 since П002 and the reception ticket: only П001 is over
    api->tickModules();
    EXPECT_TRUE(activeKeys().contains(QStringLiteral("visit:1")));
    EXPECT_FALSE(activeKeys().contains(QStringLiteral("visit:2")));
    clock.advanceSec(1);
    api->tickModules();
    EXPECT_TRUE(activeKeys().contains(QStringLiteral("visit:2")));
    EXPECT_TRUE(activeKeys().contains(QStringLiteral("visit:3")));
}
