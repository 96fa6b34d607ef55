// Every wire type survives encode (server side) → decode (client side).
#include "common/protocol.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace queue;

TEST(Protocol, TicketRoundTrip)
{
    Ticket t;
    t.id = 42;
    t.number = QStringLiteral("П015");
    t.service = QStringLiteral("contracts");
    t.originalService = QStringLiteral("payments");
    t.segment = Segment::B2C;
    t.state = TicketState::Serving;
    t.priority = QStringLiteral("disability");
    t.issuedAt = 1764148502123;
    t.calledAt = t.issuedAt + 60000;
    t.lastCalledAt = t.calledAt + 1000;
    t.startedAt = t.calledAt + 30000;
    t.window = 3;
    t.operatorLogin = QStringLiteral("ivanova");
    t.recalls = 1;
    t.redirects = 1;
    const QJsonObject json = t.toJson(t.startedAt);
    EXPECT_EQ(json.value(QStringLiteral("issued_at")).toString(), QStringLiteral("2025-11-26T09:15:02.123Z"));
    EXPECT_EQ(json.value(QStringLiteral("wait_s")).toInt(), 60);
    EXPECT_TRUE(json.value(QStringLiteral("finished_at")).isNull());
    EXPECT_TRUE(json.value(QStringLiteral("service_s")).isNull());
    const auto back = Ticket::fromJson(json);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->id, t.id);
    EXPECT_EQ(back->number, t.number);
    EXPECT_EQ(back->service, t.service);
    EXPECT_EQ(back->originalService, t.originalService);
    EXPECT_EQ(back->state, t.state);
    EXPECT_EQ(back->priority, t.priority);
    EXPECT_EQ(back->issuedAt, t.issuedAt);
    EXPECT_EQ(back->calledAt, t.calledAt);
    EXPECT_EQ(back->lastCalledAt, t.lastCalledAt);
    EXPECT_EQ(back->startedAt, t.startedAt);
    EXPECT_EQ(back->window, 3);
    EXPECT_EQ(back->operatorLogin, t.operatorLogin);
    EXPECT_EQ(back->recalls, 1);
    EXPECT_EQ(back->redirects, 1);
}

TEST(Protocol, WindowRoundTrip)
{
    WindowInfo w;
    w.number = 2;
    w.state = WindowState::Paused;
    w.pauseReason = PauseReason::Lunch;
    w.services = {QStringLiteral("contracts"), QStringLiteral("payments")};
    w.op = {QStringLiteral("petrov"), QStringLiteral("Петров")};
    w.since = 1764148502000;
    const auto back = WindowInfo::fromJson(w.toJson(0));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->number, 2);
    EXPECT_EQ(back->state, WindowState::Paused);
    EXPECT_EQ(back->pauseReason, PauseReason::Lunch);
    EXPECT_EQ(back->services, w.services);
    EXPECT_EQ(back->op.name, QStringLiteral("Петров"));
    EXPECT_FALSE(back->ticket.has_value());
    EXPECT_EQ(back->since, w.since);
}

TEST(Protocol, ServiceRoundTripAndNullNorm)
{
    ServiceInfo s;
    s.id = QStringLiteral("reception");
    s.name = QStringLiteral("Приём");
    s.prefix = QStringLiteral("Д");
    s.serviceNormMin = 5;
    s.waiting = 3;
    const QJsonObject json = s.toJson();
    EXPECT_TRUE(json.value(QStringLiteral("wait_norm_min")).isNull());
    const auto back = ServiceInfo::fromJson(json);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->waitNormMin, 0);
    EXPECT_EQ(back->serviceNormMin, 5);
    EXPECT_EQ(back->waiting, 3);
}

TEST(Protocol, EnumNamesAreStableAndGarbageIsRejected)
{
    EXPECT_EQ(toString(TicketState::NoShow), QStringLiteral("no_show"));
    EXPECT_EQ(toString(Outcome::BackOffice), QStringLiteral("back_office"));
    EXPECT_EQ(ticketStateFromString(QStringLiteral("postponed")), TicketState::Postponed);
    EXPECT_FALSE(ticketStateFromString(QStringLiteral("Waiting")).has_value());
    EXPECT_FALSE(Ticket::fromJson(QJsonObject{{QStringLiteral("id"), 1}}).has_value());
    EXPECT_FALSE(WindowInfo::fromJson(QJsonObject{{QStringLiteral("number"), -1}}).has_value());
    EXPECT_EQ(parseIsoUtc(QStringLiteral("garbage")), 0);
}

TEST(Protocol, EveryErrorCodeHasOneNameThatReadsBack)
{
    using queue::api::ErrorCode;
    QSet<QString> seen;
    for (int i = 0; i <= static_cast<int>(ErrorCode::Unavailable); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const QString name = QLatin1String(queue::api::errorCodeName(code));
        EXPECT_FALSE(seen.contains(name)) << qPrintable(name);
        seen.insert(name);
        const auto back = queue::api::errorCodeFromName(name);
        ASSERT_TRUE(back.has_value()) << qPrintable(name);
        EXPECT_EQ(*back, code) << qPrintable(name);
    }
    EXPECT_EQ(queue::api::errorCodeName(ErrorCode::WrongState), QByteArray("wrong_state"));
    EXPECT_FALSE(queue::api::errorCodeFromName(QStringLiteral("no_such_code")).has_value());
}
