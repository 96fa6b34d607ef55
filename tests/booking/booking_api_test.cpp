// Bookings against the real queue-server process: many clients booking the
// last places of a slot at once, the booking role, and check-in through the
// kiosk's POST /api/v1/tickets {"booking_code"}.
#include "bookingfixture.h"
#include "integration/server_testutil.h"
#include "support/testserver.h"

#include <QDateTime>
#include <QSet>
#include <QTimeZone>

#include <memory>
#include <vector>

using namespace queue::test;

namespace {

const QByteArray kBookingToken = QByteArrayLiteral("booking-token");

// Open around the clock (a holiday long past makes the schedule explicit),
// 10-minute slots, no places kept for walk-ins: payments has 4 per slot.
QJsonObject roundTheClockOffice()
{
    QJsonObject root = bookingOfficeJson();
    root.remove(QStringLiteral("schedule"));
    root.remove(QStringLiteral("special_days"));
    root.insert(QStringLiteral("holidays"), QJsonArray{QStringLiteral("2020-01-01")});
    root.insert(QStringLiteral("booking"), QJsonObject{{QStringLiteral("walk_in_share"), 0}});
    QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
    devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("board")}, {QStringLiteral("role"), QStringLiteral("display")},
                               {QStringLiteral("token"), QString::fromLatin1(kDisplayToken)}});
    root.insert(QStringLiteral("devices"), devices);
    return root;
}

// The start of the 10-minute slot `n` slots after the current one (UTC).
QDateTime slotAfter(int n)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 len = 10 * 60 * 1000;
    return QDateTime::fromMSecsSinceEpoch((now / len + n) * len, QTimeZone::utc());
}

QJsonObject bookingBody(const QDateTime &start, const QString &phone)
{
    return QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                       {QStringLiteral("start"), start.toString(Qt::ISODate)},
                       {QStringLiteral("phone"), phone},
                       {QStringLiteral("name"), QStringLiteral("Мария Иванова")}};
}

class BookingApi : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(server.start()) << server.output().toStdString(); }
    TestServer server{roundTheClockOffice()};
    Api api{server};
};

} // namespace

TEST_F(BookingApi, ConcurrentClientsNeverOverbookASlot)
{
    // Three slots two hours ahead, 4 places each; 3 x 15 clients at once.
    constexpr int kClients = 45;
    const QList<QDateTime> starts{slotAfter(12), slotAfter(13), slotAfter(14)};
    // One place of the first slot is already taken: the rest race for the last three.
    ASSERT_EQ(api.post(QStringLiteral("/api/v1/bookings"), kBookingToken, bookingBody(starts[0], QStringLiteral("89000000000"))).status, 201);

    std::vector<std::unique_ptr<AsyncClient>> clients;
    QList<QNetworkReply *> replies;
    for (int c = 0; c < kClients; ++c) {
        clients.push_back(std::make_unique<AsyncClient>());
        replies << clients.back()->post(server.url(QStringLiteral("/api/v1/bookings")), kBookingToken,
                                        bookingBody(starts[c % 3], QStringLiteral("8900000%1").arg(1000 + c)));
    }
    ASSERT_TRUE(waitAllFinished(replies, 90000));
    QHash<qint64, int> created;
    QSet<QString> codes;
    int full = 0;
    for (QNetworkReply *reply : std::as_const(replies)) {
        const HttpResult r = resultOf(reply);
        reply->deleteLater();
        if (r.status == 201) {
            const QJsonObject b = r.json().value(QStringLiteral("booking")).toObject();
            ++created[QDateTime::fromString(b.value(QStringLiteral("start")).toString(), Qt::ISODate).toMSecsSinceEpoch()];
            codes.insert(r.json().value(QStringLiteral("code")).toString());
        } else {
            EXPECT_EQ(r.status, 409);
            EXPECT_EQ(r.errorCode(), QStringLiteral("slot_full"));
            ++full;
        }
    }
    // Exactly the capacity: 3 + 4 + 4 new bookings, each with its own code.
    EXPECT_EQ(created.value(starts[0].toMSecsSinceEpoch()), 3);
    EXPECT_EQ(created.value(starts[1].toMSecsSinceEpoch()), 4);
    EXPECT_EQ(created.value(starts[2].toMSecsSinceEpoch()), 4);
    EXPECT_EQ(codes.size(), 11);
    EXPECT_EQ(full, kClients - 11);
    // None of the three is offered any more.
    const HttpResult offered = api.get(QStringLiteral("/api/v1/slots?service=payments&from=%1&to=%2")
                                           .arg(starts[0].date().toString(Qt::ISODate), starts[2].date().toString(Qt::ISODate)),
                                       kBookingToken);
    ASSERT_EQ(offered.status, 200);
    for (const QJsonValue &s : offered.json().value(QStringLiteral("slots")).toArray())
        for (const QDateTime &taken : starts)
            EXPECT_NE(QDateTime::fromString(s.toObject().value(QStringLiteral("start")).toString(), Qt::ISODate), taken);
}

TEST_F(BookingApi, RolesAndCheckInAtTheKiosk)
{
    // Kiosks and boards do not book; the booking client does not issue tickets.
    EXPECT_EQ(api.post(QStringLiteral("/api/v1/bookings"), kKioskToken, bookingBody(slotAfter(3), QStringLiteral("89001112233"))).status, 403);
    EXPECT_EQ(api.post(QStringLiteral("/api/v1/tickets"), kBookingToken, QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}}).status, 403);
    EXPECT_EQ(api.get(QStringLiteral("/api/v1/slots?service=payments"), kDisplayToken).status, 403);

    // The next slot starts within 10 minutes: inside the check-in window (the one after it if
    // the next is about to begin, so that the request cannot arrive after its start).
    const QDateTime next = slotAfter(1);
    const QDateTime soon = QDateTime::currentDateTimeUtc().secsTo(next) < 30 ? slotAfter(2) : next;
    const HttpResult booked = api.post(QStringLiteral("/api/v1/bookings"), kBookingToken, bookingBody(soon, QStringLiteral("+7 900 555-66-77")));
    ASSERT_EQ(booked.status, 201) << booked.body.constData();
    const QString code = booked.json().value(QStringLiteral("code")).toString();
    const HttpResult later = api.post(QStringLiteral("/api/v1/bookings"), kBookingToken, bookingBody(slotAfter(6), QStringLiteral("89001112233")));
    ASSERT_EQ(later.status, 201);

    const HttpResult ticket = api.post(QStringLiteral("/api/v1/tickets"), kKioskToken, QJsonObject{{QStringLiteral("booking_code"), code}});
    ASSERT_EQ(ticket.status, 201) << ticket.body.constData();
    EXPECT_EQ(ticket.json().value(QStringLiteral("checkin")).toString(), QStringLiteral("on_time"));
    EXPECT_TRUE(ticket.json().value(QStringLiteral("number")).toString().startsWith(QStringLiteral("П")));
    EXPECT_EQ(isError(api.post(QStringLiteral("/api/v1/tickets"), kKioskToken, QJsonObject{{QStringLiteral("booking_code"), code}}), 409,
                      QStringLiteral("already_checked_in")),
              ::testing::AssertionSuccess());
    // An hour early: come back later.
    const HttpResult early = api.post(QStringLiteral("/api/v1/tickets"), kKioskToken,
                                      QJsonObject{{QStringLiteral("booking_code"), later.json().value(QStringLiteral("code")).toString()}});
    EXPECT_EQ(early.status, 409);
    EXPECT_EQ(early.errorCode(), QStringLiteral("too_early"));
    EXPECT_FALSE(early.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("come_back_at")).toString().isEmpty());
    // An ordinary ticket still works, and the booking shows its ticket.
    EXPECT_EQ(api.post(QStringLiteral("/api/v1/tickets"), kKioskToken, QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}}).status, 201);
    const HttpResult shown = api.get(QStringLiteral("/api/v1/bookings/") + code, kBookingToken);
    EXPECT_EQ(shown.json().value(QStringLiteral("state")).toString(), QStringLiteral("checked_in"));
    EXPECT_EQ(shown.json().value(QStringLiteral("ticket")).toString(), ticket.json().value(QStringLiteral("number")).toString());

    // Nothing personal on the queue, the ticket or in the server's log.
    const HttpResult queue = api.get(QStringLiteral("/api/v1/queue"), kDisplayToken);
    ASSERT_EQ(queue.status, 200);
    EXPECT_EQ(queue.body.count("\"number\""), 2);
    // The phone in any spelling (a bare "555" may be part of a time stamp).
    for (const QByteArray &phone : {QByteArrayLiteral("555-66"), QByteArrayLiteral("5556677"), QByteArrayLiteral("555 66")}) {
        EXPECT_FALSE(queue.body.contains(phone)) << queue.body.constData();
        EXPECT_FALSE(ticket.body.contains(phone)) << ticket.body.constData();
    }
    EXPECT_FALSE(QString::fromUtf8(ticket.body).contains(QStringLiteral("Мария")));
    EXPECT_FALSE(server.output().contains("555-66")) << server.output().constData();
    EXPECT_FALSE(QString::fromUtf8(server.output()).contains(QStringLiteral("Мария")));
}

TEST_F(BookingApi, IdempotentRetryBooksOnceAndKeepsNothingPersonal)
{
    const QDateTime slot = slotAfter(20);
    const Headers key{{QByteArrayLiteral("Idempotency-Key"), QByteArrayLiteral("site-retry-1")}};
    const QJsonObject body = bookingBody(slot, QStringLiteral("+7 900 777-88-99"));
    const HttpResult first = api.post(QStringLiteral("/api/v1/bookings"), kBookingToken, body, key);
    ASSERT_EQ(first.status, 201) << first.body.constData();
    const HttpResult again = api.post(QStringLiteral("/api/v1/bookings"), kBookingToken, body, key);
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.json().value(QStringLiteral("code")), first.json().value(QStringLiteral("code")));   // one booking
    // The stored answer that was replayed has no phone and no name.
    EXPECT_FALSE(again.body.contains("777")) << again.body.constData();
    EXPECT_FALSE(QString::fromUtf8(again.body).contains(QStringLiteral("Мария")));
    const HttpResult offered = api.get(QStringLiteral("/api/v1/slots?service=payments&from=%1&to=%1")
                                           .arg(slot.date().toString(Qt::ISODate)), kBookingToken);
    int free = -1;
    for (const QJsonValue &s : offered.json().value(QStringLiteral("slots")).toArray()) {
        if (QDateTime::fromString(s.toObject().value(QStringLiteral("start")).toString(), Qt::ISODate) == slot)
            free = s.toObject().value(QStringLiteral("free")).toInt();
    }
    EXPECT_EQ(free, 3);   // 4 places, one taken once
}
