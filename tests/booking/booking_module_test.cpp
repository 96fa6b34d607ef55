// The booking module in process with an injected clock: bookings and their
// refusals, the check-in window's edges, the booked visitor's place in the
// queue, the purge of personal data and the report. No sockets, no sleeps.
#include "bookingfixture.h"
#include "server/apiserver.h"
#include "server/booking.h"
#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/storage.h"
#include "support/manualclock.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::bookingOfficeJson;
using queue::test::ManualClock;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi) { return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc()); }
QString iso(const QDateTime &t) { return t.toString(Qt::ISODateWithMs).left(19) + QStringLiteral("Z"); }

struct Answer {
    int status = 0;
    QJsonObject json;
    QString code() const { return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(); }
};

class BookingTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QJsonObject root = bookingOfficeJson();
        QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
        devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("board")},
                                   {QStringLiteral("role"), QStringLiteral("display")},
                                   {QStringLiteral("token"), QStringLiteral("display-token")}});
        root.insert(QStringLiteral("devices"), devices);
        root.insert(QStringLiteral("operators"),
                    QJsonArray{QJsonObject{{QStringLiteral("login"), QStringLiteral("op1")},
                                           {QStringLiteral("name"), QStringLiteral("Operator")},
                                           {QStringLiteral("pin_hash"), pinhash::hash(QStringLiteral("1234"), 1000)}}});
        ConfigError e;
        config = parseOfficeConfig(root, &e).value_or(OfficeConfig{});
        ASSERT_FALSE(config.services.isEmpty()) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Off, &error));
        engine = std::make_unique<QueueEngine>(config, storage, clock, policy);
        ASSERT_TRUE(engine->initialize(&error)) << qPrintable(error);
        api = std::make_unique<ApiServer>(*engine, storage);
        auto m = std::make_unique<BookingModule>(api->services());
        module = m.get();
        api->addModule(std::move(m));
        QObject::connect(&storage, &Storage::eventsCommitted, &storage, [this](const QList<StoredEvent> &list) {
            for (const StoredEvent &ev : list)
                events.append(QString::fromUtf8(ev.json));
        });
    }

    Answer request(const QByteArray &method, const QString &pathAndQuery, const QJsonObject &body = {},
                   const QString &role = QStringLiteral("booking"))
    {
        http::Request r;
        r.method = method;
        const qsizetype q = pathAndQuery.indexOf(QLatin1Char('?'));
        r.path = pathAndQuery.left(q);
        if (q >= 0)
            r.query = QUrlQuery(pathAndQuery.mid(q + 1));
        if (!body.isEmpty())
            r.body = QJsonDocument(body).toJson();
        r.headers.append({QByteArrayLiteral("authorization"), QByteArray(QByteArrayLiteral("Bearer ") + role.toUtf8() + QByteArrayLiteral("-token"))});
        const http::Response response = api->router().handle(r);
        Answer a;
        a.status = response.status;
        a.json = QJsonDocument::fromJson(response.body).object();
        return a;
    }

    Answer book(const QDateTime &start, const QString &service = QStringLiteral("payments"))
    {
        return request("POST", QStringLiteral("/api/v1/bookings"),
                       QJsonObject{{QStringLiteral("service"), service},
                                   {QStringLiteral("start"), iso(start)},
                                   {QStringLiteral("phone"), QStringLiteral("+7 (900) 123-45-67")},
                                   {QStringLiteral("name"), QStringLiteral("Иван Петров")}});
    }

    Answer checkIn(const QString &code)
    {
        return request("POST", QStringLiteral("/api/v1/bookings/%1/check-in").arg(code), {}, QStringLiteral("kiosk"));
    }

    // The older form: the tickets route with {"booking_code"}.
    Answer checkInByTicketsRoute(const QString &code)
    {
        return request("POST", QStringLiteral("/api/v1/tickets"), QJsonObject{{QStringLiteral("booking_code"), code}},
                       QStringLiteral("kiosk"));
    }

    qint64 scalar(const QString &sql)
    {
        QSqlQuery &q = storage.prepared(sql);
        const qint64 v = storage.exec(q) && q.next() ? q.value(0).toLongLong() : -1;
        q.finish();
        return v;
    }

    QTemporaryDir dir;
    OfficeConfig config;
    ManualClock clock{utc(2026, 12, 28, 8, 0)};   // Monday, before opening
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<ApiServer> api;
    BookingModule *module = nullptr;
    QStringList events;
};

} // namespace

TEST_F(BookingTest, BookAndReadAndCancel)
{
    const Answer a = book(utc(2026, 12, 28, 10, 30));
    ASSERT_EQ(a.status, 201) << QJsonDocument(a.json).toJson().constData();
    const QString code = a.json.value(QStringLiteral("code")).toString();
    EXPECT_EQ(code.size(), 6);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^[1-9]\\d{5}$")).match(code).hasMatch());
    const QJsonObject b = a.json.value(QStringLiteral("booking")).toObject();
    EXPECT_EQ(b.value(QStringLiteral("start")).toString(), QStringLiteral("2026-12-28T10:30:00.000Z"));
    EXPECT_EQ(b.value(QStringLiteral("end")).toString(), QStringLiteral("2026-12-28T10:40:00.000Z"));
    EXPECT_EQ(b.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
    // Answers that may be stored for idempotent replays carry nothing personal.
    EXPECT_FALSE(b.contains(QStringLiteral("phone")));
    EXPECT_FALSE(b.contains(QStringLiteral("name")));

    const Answer shown = request("GET", QStringLiteral("/api/v1/bookings/") + code);
    EXPECT_EQ(shown.status, 200);
    EXPECT_EQ(shown.json.value(QStringLiteral("phone")).toString(), QStringLiteral("+79001234567"));
    EXPECT_EQ(shown.json.value(QStringLiteral("name")).toString(), QStringLiteral("Иван Петров"));

    // The slot now has one place left of two.
    const Answer before = request("GET", QStringLiteral("/api/v1/slots?service=payments&from=2026-12-28&to=2026-12-28"));
    ASSERT_EQ(before.status, 200);
    EXPECT_EQ(before.json.value(QStringLiteral("capacity")).toInt(), 2);
    const QJsonArray list = before.json.value(QStringLiteral("slots")).toArray();
    EXPECT_EQ(list.size(), 48);   // 24 + 24 ten-minute slots
    int free1030 = -1;
    for (const QJsonValue &s : list)
        if (s.toObject().value(QStringLiteral("start")).toString() == QStringLiteral("2026-12-28T10:30:00.000Z"))
            free1030 = s.toObject().value(QStringLiteral("free")).toInt();
    EXPECT_EQ(free1030, 1);

    EXPECT_EQ(request("DELETE", QStringLiteral("/api/v1/bookings/") + code).status, 200);
    EXPECT_EQ(request("DELETE", QStringLiteral("/api/v1/bookings/") + code).code(), QStringLiteral("not_active"));
    EXPECT_EQ(request("GET", QStringLiteral("/api/v1/bookings/000000")).status, 404);
    // Nothing personal went into the events.
    for (const QString &e : std::as_const(events)) {
        EXPECT_FALSE(e.contains(QStringLiteral("9001234567"))) << qPrintable(e);
        EXPECT_FALSE(e.contains(QStringLiteral("Иван"))) << qPrintable(e);
    }
}

TEST_F(BookingTest, ASlotIsNeverBookedBeyondItsCapacity)
{
    EXPECT_EQ(book(utc(2026, 12, 28, 11, 0)).status, 201);
    EXPECT_EQ(book(utc(2026, 12, 28, 11, 0)).status, 201);
    const Answer third = book(utc(2026, 12, 28, 11, 0));
    EXPECT_EQ(third.status, 409);
    EXPECT_EQ(third.code(), QStringLiteral("slot_full"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings")), 2);
    // The full slot is not offered.
    const Answer offered = request("GET", QStringLiteral("/api/v1/slots?service=payments&from=2026-12-28&to=2026-12-28"));
    for (const QJsonValue &s : offered.json.value(QStringLiteral("slots")).toArray())
        EXPECT_NE(s.toObject().value(QStringLiteral("start")).toString(), QStringLiteral("2026-12-28T11:00:00.000Z"));
    // Contracts: two windows, half kept for walk-ins: one place.
    EXPECT_EQ(book(utc(2026, 12, 28, 11, 0), QStringLiteral("contracts")).status, 201);
    EXPECT_EQ(book(utc(2026, 12, 28, 11, 0), QStringLiteral("contracts")).code(), QStringLiteral("slot_full"));
}

TEST_F(BookingTest, PastHolidayAndOutsideHoursAreRefusedWithClearCodes)
{
    clock.set(utc(2026, 12, 28, 10, 35));
    EXPECT_EQ(book(utc(2026, 12, 28, 10, 30)).code(), QStringLiteral("slot_in_past"));
    EXPECT_EQ(book(utc(2026, 12, 31, 10, 0)).code(), QStringLiteral("holiday"));
    EXPECT_EQ(book(utc(2027, 1, 10, 10, 0)).code(), QStringLiteral("office_closed"));   // a Sunday
    EXPECT_EQ(book(utc(2026, 12, 28, 13, 0)).code(), QStringLiteral("outside_hours"));  // lunch
    EXPECT_EQ(book(utc(2026, 12, 28, 10, 45)).code(), QStringLiteral("outside_hours")); // not a slot boundary
    EXPECT_EQ(book(utc(2026, 12, 30, 12, 0)).code(), QStringLiteral("outside_hours"));  // the shortened day is over
    EXPECT_EQ(book(utc(2027, 3, 1, 10, 0)).code(), QStringLiteral("beyond_horizon"));
    EXPECT_EQ(book(utc(2026, 12, 28, 10, 30)).status, 409);
    const Answer badPhone = request("POST", QStringLiteral("/api/v1/bookings"),
                                    QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                                                {QStringLiteral("start"), QStringLiteral("2026-12-29T10:00:00Z")},
                                                {QStringLiteral("phone"), QStringLiteral("call me")}});
    EXPECT_EQ(badPhone.code(), QStringLiteral("bad_phone"));
    const Answer badStart = request("POST", QStringLiteral("/api/v1/bookings"),
                                    QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                                                {QStringLiteral("start"), QStringLiteral("tomorrow")},
                                                {QStringLiteral("phone"), QStringLiteral("89001234567")}});
    EXPECT_EQ(badStart.status, 400);
    EXPECT_EQ(book(utc(2026, 12, 29, 10, 0), QStringLiteral("nope")).code(), QStringLiteral("unknown_service"));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings")), 0);   // nothing changed
    // A start without an offset is the office's local time (UTC here).
    const Answer local = request("POST", QStringLiteral("/api/v1/bookings"),
                                 QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                                             {QStringLiteral("start"), QStringLiteral("2026-12-29T10:00")},
                                             {QStringLiteral("phone"), QStringLiteral("89001234567")}});
    EXPECT_EQ(local.status, 201);
    // Only booking clients and the manager book.
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/bookings"), {}, QStringLiteral("display")).status, 403);
    // Holiday: no slots offered.
    const Answer offered = request("GET", QStringLiteral("/api/v1/slots?service=payments&from=2026-12-31&to=2026-12-31"));
    EXPECT_EQ(offered.status, 200);
    EXPECT_TRUE(offered.json.value(QStringLiteral("slots")).toArray().isEmpty());
    EXPECT_EQ(request("GET", QStringLiteral("/api/v1/slots?service=payments&from=2026-12-31&to=2026-12-01")).status, 400);
}

TEST_F(BookingTest, CheckInWindowEdges)
{
    // Three bookings for 10:30; the window is 10:15 .. 10:40.
    const QString early = book(utc(2026, 12, 28, 10, 30)).json.value(QStringLiteral("code")).toString();
    const QString onTime = book(utc(2026, 12, 28, 10, 30)).json.value(QStringLiteral("code")).toString();
    const QString late = book(utc(2026, 12, 28, 10, 20)).json.value(QStringLiteral("code")).toString();

    clock.set(utc(2026, 12, 28, 10, 14).addSecs(59));   // one second before the window
    const Answer tooEarly = checkIn(early);
    EXPECT_EQ(tooEarly.status, 409);
    EXPECT_EQ(tooEarly.code(), QStringLiteral("too_early"));
    EXPECT_EQ(tooEarly.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("come_back_at")).toString(),
              QStringLiteral("2026-12-28T10:15:00.000Z"));

    clock.set(utc(2026, 12, 28, 10, 15));   // the first moment
    const Answer first = checkIn(early);
    ASSERT_EQ(first.status, 201) << QJsonDocument(first.json).toJson().constData();
    EXPECT_EQ(first.json.value(QStringLiteral("checkin")).toString(), QStringLiteral("on_time"));
    EXPECT_EQ(checkIn(early).code(), QStringLiteral("already_checked_in"));

    // The last moment of a window (slot start + 10 min) is still on time.
    clock.set(utc(2026, 12, 28, 10, 30));
    const Answer edge = checkIn(late);   // the 10:20 booking at 10:30:00
    EXPECT_EQ(edge.json.value(QStringLiteral("checkin")).toString(), QStringLiteral("on_time"));
    clock.set(utc(2026, 12, 28, 10, 40));
    EXPECT_EQ(checkIn(onTime).json.value(QStringLiteral("checkin")).toString(), QStringLiteral("on_time"));

    const QString lateCode = book(utc(2026, 12, 28, 11, 0)).json.value(QStringLiteral("code")).toString();
    clock.set(utc(2026, 12, 28, 11, 10).addSecs(1));   // one second after the window
    const Answer ordinary = checkIn(lateCode);
    ASSERT_EQ(ordinary.status, 201);
    EXPECT_EQ(ordinary.json.value(QStringLiteral("checkin")).toString(), QStringLiteral("late"));
    EXPECT_TRUE(ordinary.json.value(QStringLiteral("notice")).toString().contains(QStringLiteral("11:10")));
    const qint64 lateTicket = ordinary.json.value(QStringLiteral("id")).toInteger();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM tickets WHERE id = %1 AND booked_at IS NULL").arg(lateTicket)), 1);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM tickets WHERE booked_at IS NOT NULL")), 3);

    // Nothing personal on the tickets.
    EXPECT_FALSE(QJsonDocument(ordinary.json).toJson().contains("9001234567"));
    EXPECT_EQ(checkIn(QStringLiteral("12ab")).status, 400);
    EXPECT_EQ(checkIn(QStringLiteral("999999")).status, 404);

    // A booking of an earlier day cannot be used.
    const QString tomorrowCode = book(utc(2026, 12, 29, 9, 0)).json.value(QStringLiteral("code")).toString();
    clock.set(utc(2026, 12, 30, 9, 0));
    EXPECT_EQ(checkIn(tomorrowCode).code(), QStringLiteral("booking_expired"));
}

// The check-in's own route and its older form on the tickets route answer the same.
TEST_F(BookingTest, CheckInThroughTheTicketsRouteIsTheSameCheckIn)
{
    const QString first = book(utc(2026, 12, 28, 10, 30)).json.value(QStringLiteral("code")).toString();
    const QString second = book(utc(2026, 12, 28, 10, 30)).json.value(QStringLiteral("code")).toString();
    clock.set(utc(2026, 12, 28, 10, 20));
    const Answer viaTickets = checkInByTicketsRoute(first);
    ASSERT_EQ(viaTickets.status, 201) << QJsonDocument(viaTickets.json).toJson().constData();
    const Answer viaRoute = checkIn(second);
    ASSERT_EQ(viaRoute.status, 201);
    QStringList keys = viaTickets.json.keys(), routeKeys = viaRoute.json.keys();
    EXPECT_EQ(keys, routeKeys);
    EXPECT_EQ(viaTickets.json.value(QStringLiteral("checkin")).toString(), QStringLiteral("on_time"));
    // A checked-in visitor's ticket has its own unguessable page too (issue #14).
    for (const Answer *a : {&viaTickets, &viaRoute}) {
        const QString page = a->json.value(QStringLiteral("page")).toString();
        EXPECT_TRUE(page.startsWith(QLatin1String("/t/")) && page.size() == 3 + 22) << qPrintable(page);
        EXPECT_EQ(a->json.value(QStringLiteral("ticket")).toObject().value(QStringLiteral("page")).toString(), page);
    }
    EXPECT_NE(viaTickets.json.value(QStringLiteral("page")), viaRoute.json.value(QStringLiteral("page")));
    // Refusals are the same too, and only a kiosk or the manager checks in.
    EXPECT_EQ(checkInByTicketsRoute(first).code(), QStringLiteral("already_checked_in"));
    EXPECT_EQ(checkIn(first).code(), QStringLiteral("already_checked_in"));
    EXPECT_EQ(checkInByTicketsRoute(QStringLiteral("12ab")).status, 400);
    EXPECT_EQ(checkInByTicketsRoute(QStringLiteral("1/2")).status, 400);
    EXPECT_EQ(checkInByTicketsRoute(QStringLiteral("999999")).code(), QStringLiteral("unknown_booking"));
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/bookings/%1/check-in").arg(second), {}, QStringLiteral("booking")).status,
              403);
    EXPECT_EQ(request("GET", QStringLiteral("/api/v1/bookings/%1/check-in").arg(second), {}, QStringLiteral("kiosk")).status,
              405);
}

TEST_F(BookingTest, ADueBookedVisitorIsCalledAheadOfWalkIns)
{
    const QString code = book(utc(2026, 12, 28, 10, 30)).json.value(QStringLiteral("code")).toString();
    clock.set(utc(2026, 12, 28, 10, 0));
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
    clock.set(utc(2026, 12, 28, 10, 20));
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
    clock.set(utc(2026, 12, 28, 10, 25));
    const Answer a = checkIn(code);   // 10:25: before the slot but within the window
    ASSERT_EQ(a.status, 201);
    const QString booked = a.json.value(QStringLiteral("number")).toString();
    // Before its slot the booked visitor is a walk-in: last.
    EXPECT_EQ(engine->queueForService(QStringLiteral("payments")).last().number, booked);
    // From the slot start on: first.
    clock.set(utc(2026, 12, 28, 10, 30));
    EXPECT_EQ(engine->queueForService(QStringLiteral("payments")).first().number, booked);
    // The slot is kept with the ticket: an engine loading the queue afresh (a restart) agrees.
    {
        QueueEngine reloaded(config, storage, clock, policy);
        QString error;
        ASSERT_TRUE(reloaded.initialize(&error)) << qPrintable(error);
        EXPECT_EQ(reloaded.queueForService(QStringLiteral("payments")).first().number, booked);
    }

    // The operator calls it first, and the report measures its wait from the slot start.
    const auto session = engine->signIn(QStringLiteral("op1"), 1);
    ASSERT_TRUE(session.ok());
    clock.set(utc(2026, 12, 28, 10, 33));
    const auto called = engine->call(1);
    ASSERT_TRUE(called.ok());
    ASSERT_TRUE(called.value().has_value());
    EXPECT_EQ(called.value()->number, booked);

    const Answer r = request("GET", QStringLiteral("/api/v1/reports/bookings?from=2026-12-28&to=2026-12-28"), {},
                             QStringLiteral("manager"));
    ASSERT_EQ(r.status, 200);
    const QJsonObject wait = r.json.value(QStringLiteral("booked_wait")).toObject();
    EXPECT_EQ(wait.value(QStringLiteral("called")).toInt(), 1);
    EXPECT_EQ(wait.value(QStringLiteral("max_s")).toInt(), 180);
    EXPECT_EQ(wait.value(QStringLiteral("within_target")).toInt(), 1);
    EXPECT_EQ(r.json.value(QStringLiteral("visitors")).toObject().value(QStringLiteral("booked")).toInt(), 1);
    EXPECT_EQ(r.json.value(QStringLiteral("visitors")).toObject().value(QStringLiteral("walk_in")).toInt(), 2);
    EXPECT_EQ(request("GET", QStringLiteral("/api/v1/reports/bookings"), {}, QStringLiteral("kiosk")).status, 403);
}

TEST_F(BookingTest, NoShowsAreCountedAndPersonalDataIsPurgedAfterNDays)
{
    const QString used = book(utc(2026, 12, 28, 10, 0)).json.value(QStringLiteral("code")).toString();
    book(utc(2026, 12, 28, 11, 0));   // nobody comes
    book(utc(2026, 12, 29, 11, 0));   // a later day
    clock.set(utc(2026, 12, 28, 9, 50));
    ASSERT_EQ(checkIn(used).status, 201);

    clock.set(utc(2026, 12, 28, 12, 0));
    Answer r = request("GET", QStringLiteral("/api/v1/reports/bookings?from=2026-12-28&to=2026-12-29"), {},
                       QStringLiteral("manager"));
    QJsonObject b = r.json.value(QStringLiteral("bookings")).toObject();
    EXPECT_EQ(b.value(QStringLiteral("total")).toInt(), 3);
    EXPECT_EQ(b.value(QStringLiteral("checked_in")).toInt(), 1);
    EXPECT_EQ(b.value(QStringLiteral("no_show")).toInt(), 1);
    EXPECT_EQ(b.value(QStringLiteral("upcoming")).toInt(), 1);

    // The next day the unused booking is marked as a no-show.
    clock.set(utc(2026, 12, 29, 8, 0));
    api->tickModules();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings WHERE state = 'no_show'")), 1);

    // 30 days after the 28th's slots, minus a minute: nothing erased yet.
    clock.set(utc(2027, 1, 27, 9, 59));
    api->tickModules();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings WHERE phone IS NOT NULL")), 3);
    clock.set(utc(2027, 1, 27, 11, 1));
    api->tickModules();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings WHERE phone IS NULL AND name IS NULL "
                                    "AND purged_at IS NOT NULL")), 2);
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings WHERE phone IS NOT NULL")), 1);
    // Recorded once, without personal data; the booking itself stays for the reports.
    ASSERT_EQ(events.filter(QStringLiteral("bookings.purged")).size(), 1);
    EXPECT_TRUE(events.filter(QStringLiteral("bookings.purged")).first().contains(QStringLiteral("\"count\":2")));
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE type = 'bookings.purged'")), 1);
    const Answer shown = request("GET", QStringLiteral("/api/v1/bookings/") + used);
    EXPECT_TRUE(shown.json.value(QStringLiteral("phone")).isNull());
    EXPECT_FALSE(shown.json.value(QStringLiteral("purged_at")).isNull());
    api->tickModules();   // within a minute: nothing again
    clock.advanceMin(2);
    api->tickModules();   // nothing new to purge: no new record
    EXPECT_EQ(events.filter(QStringLiteral("bookings.purged")).size(), 1);
    clock.set(utc(2027, 1, 28, 11, 1));
    api->tickModules();
    EXPECT_EQ(scalar(QStringLiteral("SELECT COUNT(*) FROM bookings WHERE phone IS NOT NULL")), 0);
    EXPECT_EQ(events.filter(QStringLiteral("bookings.purged")).size(), 2);
}
