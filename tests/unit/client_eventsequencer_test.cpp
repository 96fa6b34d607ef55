// EventSequencer: the ordering rules of the event stream, fed with synthetic messages; and
// the events the apps read by type (config.changed, the known types).
#include "common/client/apitypes.h"
#include "common/client/eventsequencer.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using queue::client::EventSequencer;
using V = EventSequencer::Verdict;

namespace {

QJsonObject msg(const char *type, qint64 seq)
{
    return QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("seq"), seq}};
}
QJsonObject hello(qint64 seq) { return msg("hello", seq); }
QJsonObject ev(qint64 seq) { return msg("ticket.issued", seq); }

} // namespace

TEST(ClientEventSequencer, FirstHelloWithoutKnownSeqRequiresReset)
{
    EventSequencer s;
    EXPECT_FALSE(s.hasLastSeq());
    EXPECT_EQ(s.lastSeq(), EventSequencer::kUnknown);
    EXPECT_EQ(s.accept(hello(41)), V::Reset);
    EXPECT_EQ(s.lastSeq(), 41);
    EXPECT_EQ(s.accept(ev(42)), V::Deliver);
    EXPECT_EQ(s.lastSeq(), 42);
}

TEST(ClientEventSequencer, HelloAtOrAboveKnownSeqIsLiveAndReplayIsDelivered)
{
    EventSequencer s;
    s.setLastSeq(10);
    EXPECT_EQ(s.accept(hello(13)), V::Live);
    EXPECT_EQ(s.lastSeq(), 10);   // the replay 11..13 follows
    EXPECT_EQ(s.accept(ev(11)), V::Deliver);
    EXPECT_EQ(s.accept(ev(12)), V::Deliver);
    EXPECT_EQ(s.accept(ev(13)), V::Deliver);
    EXPECT_EQ(s.lastSeq(), 13);
    EXPECT_EQ(s.accept(hello(13)), V::Live);
}

TEST(ClientEventSequencer, DuplicatesAreDropped)
{
    EventSequencer s;
    s.setLastSeq(5);
    EXPECT_EQ(s.accept(ev(6)), V::Deliver);
    EXPECT_EQ(s.accept(ev(6)), V::Duplicate);
    EXPECT_EQ(s.accept(ev(3)), V::Duplicate);
    EXPECT_EQ(s.accept(ev(0)), V::Duplicate);
    EXPECT_EQ(s.lastSeq(), 6);
    EXPECT_EQ(s.accept(ev(7)), V::Deliver);
}

TEST(ClientEventSequencer, HelloBelowKnownSeqMeansServerHistoryWentBack)
{
    EventSequencer s;
    s.setLastSeq(500);
    EXPECT_EQ(s.accept(hello(20)), V::Reset);
    EXPECT_EQ(s.lastSeq(), 20);
    EXPECT_EQ(s.accept(ev(21)), V::Deliver);
}

TEST(ClientEventSequencer, StreamResetJumpsToServerSeq)
{
    EventSequencer s;
    s.setLastSeq(3);
    EXPECT_EQ(s.accept(hello(20000)), V::Live);
    EXPECT_EQ(s.accept(msg("stream.reset", 20000)), V::Reset);
    EXPECT_EQ(s.lastSeq(), 20000);
    EXPECT_EQ(s.accept(ev(20000)), V::Duplicate);
    EXPECT_EQ(s.accept(ev(20001)), V::Deliver);
}

TEST(ClientEventSequencer, GapIsReportedOnceThenFilledByReplay)
{
    EventSequencer s;
    s.setLastSeq(7);
    EXPECT_EQ(s.accept(ev(8)), V::Deliver);
    EXPECT_EQ(s.accept(ev(10)), V::Gap);
    EXPECT_EQ(s.lastSeq(), 8);   // unchanged: reconnect with since=8
    // The reconnection replays 9, 10.
    EXPECT_EQ(s.accept(hello(10)), V::Live);
    EXPECT_EQ(s.accept(ev(9)), V::Deliver);
    EXPECT_EQ(s.accept(ev(10)), V::Deliver);
    // A later gap at another position is again first a Gap.
    EXPECT_EQ(s.accept(ev(12)), V::Gap);
    EXPECT_EQ(s.lastSeq(), 10);
}

TEST(ClientEventSequencer, GapStillThereAfterRefillIsSkipped)
{
    EventSequencer s;
    s.setLastSeq(8);
    EXPECT_EQ(s.accept(ev(10)), V::Gap);
    EXPECT_EQ(s.accept(hello(11)), V::Live);
    EXPECT_EQ(s.accept(ev(10)), V::GapSkipped);   // 9 is gone for good
    EXPECT_EQ(s.lastSeq(), 10);
    EXPECT_EQ(s.accept(ev(11)), V::Deliver);
    EXPECT_EQ(s.accept(ev(13)), V::Gap);          // a new position: try to refill again
}

TEST(ClientEventSequencer, SetLastSeqForgetsRefillAttempt)
{
    EventSequencer s;
    s.setLastSeq(8);
    EXPECT_EQ(s.accept(ev(10)), V::Gap);
    s.setLastSeq(8);
    EXPECT_EQ(s.accept(ev(10)), V::Gap);
    s.setLastSeq(-5);
    EXPECT_FALSE(s.hasLastSeq());
}

TEST(ClientEventSequencer, MalformedMessagesAreInvalidAndChangeNothing)
{
    EventSequencer s;
    s.setLastSeq(4);
    EXPECT_EQ(s.accept(QJsonObject{}), V::Invalid);
    EXPECT_EQ(s.accept(QJsonObject{{QStringLiteral("type"), QStringLiteral("ticket.issued")}}), V::Invalid);
    EXPECT_EQ(s.accept(QJsonObject{{QStringLiteral("seq"), 5}}), V::Invalid);
    EXPECT_EQ(s.accept(QJsonObject{{QStringLiteral("type"), QStringLiteral("ticket.issued")},
                                   {QStringLiteral("seq"), QStringLiteral("5")}}),
              V::Invalid);
    EXPECT_EQ(s.accept(QJsonObject{{QStringLiteral("type"), QStringLiteral("ticket.issued")},
                                   {QStringLiteral("seq"), 5.5}}),
              V::Invalid);
    EXPECT_EQ(s.accept(msg("ticket.issued", -1)), V::Invalid);
    EXPECT_EQ(s.lastSeq(), 4);
    EXPECT_EQ(s.accept(ev(5)), V::Deliver);
}

// config.changed (issue #15): its version and parts; any other event is not one.
TEST(ClientEvents, ConfigChangedAndKnownTypes)
{
    using queue::client::ConfigChange;
    const auto c = ConfigChange::fromEvent(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("config.changed")},
        {QStringLiteral("seq"), 7},
        {QStringLiteral("version"), 12},
        {QStringLiteral("parts"), QJsonArray{QStringLiteral("topics"), QStringLiteral("office")}}});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->version, 12);
    EXPECT_EQ(c->parts, (QStringList{QStringLiteral("topics"), QStringLiteral("office")}));
    EXPECT_FALSE(ConfigChange::fromEvent(msg("ticket.issued", 8)));
    EXPECT_FALSE(ConfigChange::fromEvent(QJsonObject{}));

    EXPECT_TRUE(queue::client::isKnownEventType(QStringLiteral("config.changed")));
    EXPECT_TRUE(queue::client::isKnownEventType(QStringLiteral("ticket.called")));
    EXPECT_TRUE(queue::client::isKnownEventType(QStringLiteral("device.status")));
    EXPECT_FALSE(queue::client::isKnownEventType(QStringLiteral("office.renovated")));
    EXPECT_FALSE(queue::client::isKnownEventType(QString()));
}
