// The wait forecast model (server/forecast.h) on hand-made states.
#include "server/forecast.h"

#include <gtest/gtest.h>

using namespace queue::server::forecast;

namespace {

Input oneTopic(double meanS, QList<double> busyFor, double ahead)
{
    Input in;
    in.topics = {Topic{meanS, 0, 0, 5}};
    for (double b : busyFor)
        in.windows.append(Window{{true}, b});
    in.ahead = {ahead};
    return in;
}

} // namespace

TEST(ForecastTest, IdleWindowAndNobodyAheadIsNoWait)
{
    EXPECT_DOUBLE_EQ(expectedWaitS(oneTopic(300, {0}, 0)), 0);
}

TEST(ForecastTest, NobodyAheadWaitsForTheFirstWindowToFreeUp)
{
    EXPECT_DOUBLE_EQ(expectedWaitS(oneTopic(300, {120, 250}, 0)), 120);
}

TEST(ForecastTest, TicketsAheadAreListScheduledOnTheWindows)
{
    // Two idle windows, three tickets of 300 s ahead: they take 0-300, 0-300,
    // 300-600; the ticket is called when the second window frees up at 300.
    EXPECT_DOUBLE_EQ(expectedWaitS(oneTopic(300, {0, 0}, 3)), 300);
    // One window busy for 100 s, two ahead: 100-400, 400-700, called at 700.
    EXPECT_DOUBLE_EQ(expectedWaitS(oneTopic(300, {100}, 2)), 700);
}

TEST(ForecastTest, OtherTopicsCountByTheShareOfTheirWindowsThatServeThisTopic)
{
    Input in;
    in.topics = {Topic{200, 0, 0, 10}, Topic{100, 0, 0, 5}};
    in.windows = {Window{{true, false}, 0}, Window{{true, true}, 0}};   // A: topic 0; B: both
    in.topic = 1;
    in.ahead = {2, 1};
    // Only B calls topic 1. Half of topic 0's two tickets land on B: one ticket
    // of 200 s and one of 100 s, mean 150 s; called at 300 s.
    EXPECT_DOUBLE_EQ(expectedWaitS(in), 300);
    in.windows = {Window{{true, false}, 0}};
    EXPECT_DOUBLE_EQ(expectedWaitS(in), -1);   // no open window serves the topic
}

TEST(ForecastTest, OutOfTurnArrivalsOvertakeAtTheirRate)
{
    // One idle window, one 300 s ticket ahead, an out-of-turn visitor every
    // 600 s: W = 300 + 300 W / 600, so W = 600 s.
    Input in = oneTopic(300, {0}, 1);
    in.topics[0].arrivalsPerS = in.topics[0].outOfTurnPerS = 1.0 / 600;
    EXPECT_NEAR(expectedWaitS(in), 600, 5);
    in.outOfTurn = true;   // nobody overtakes an out-of-turn ticket
    EXPECT_DOUBLE_EQ(expectedWaitS(in), 300);
}

TEST(ForecastTest, UnderTheNormPolicyTighterTopicsOvertakeForTheDifferenceOfNorms)
{
    // Our topic: norm 10. Topic 1: norm 5, one 60 s visitor a minute. The
    // window is busy for 600 s. Under the norm policy the visitors of topic 1
    // arriving in the next 5 min go first: 5 x 60 s more.
    Input in;
    in.topics = {Topic{600, 0, 0, 10}, Topic{60, 1.0 / 60, 0, 5}};
    in.windows = {Window{{true, true}, 600}};
    in.ahead = {0, 0};
    EXPECT_DOUBLE_EQ(expectedWaitS(in), 600);
    in.normPolicy = true;
    EXPECT_NEAR(expectedWaitS(in), 900, 1);
    // Topic 1 waiting for topic 0 is not overtaken by the looser topic.
    in.topic = 1;
    EXPECT_DOUBLE_EQ(expectedWaitS(in), 600);
}

TEST(TopicStatisticsTest, MeanServiceStartsAtTheNormAndFollowsTheSamples)
{
    TopicStatistics s;
    EXPECT_DOUBLE_EQ(s.meanServiceS(300), 300);
    s.addService(100);
    s.addService(200);
    EXPECT_DOUBLE_EQ(s.meanServiceS(300), (100 + 200 + 2 * 300) / 4.0);
    for (int i = 0; i < 100; ++i)
        s.addService(60);
    EXPECT_EQ(s.serviceSamples(), TopicStatistics::kServiceSamples);
    EXPECT_DOUBLE_EQ(s.meanServiceS(300), (20 * 60 + 2 * 300) / 22.0);
}

TEST(TopicStatisticsTest, ArrivalRateCountsTheLastHour)
{
    TopicStatistics s;
    const qint64 t0 = 1'000'000'000;
    EXPECT_DOUBLE_EQ(s.arrivalsPerS(t0), 0);
    for (int i = 0; i < 10; ++i)
        s.addArrival(t0 + i * 180'000, i % 3 == 0);   // every 3 min, 4 out of turn
    const qint64 now = t0 + 30 * 60'000;
    EXPECT_DOUBLE_EQ(s.arrivalsPerS(now), 10 / 1800.0);
    EXPECT_DOUBLE_EQ(s.outOfTurnPerS(now), 4 / 1800.0);
    // Early in the day the span is at least 15 min; fewer than 3 arrivals are no rate.
    TopicStatistics early;
    early.addArrival(t0, false);
    early.addArrival(t0 + 1000, false);
    EXPECT_DOUBLE_EQ(early.arrivalsPerS(t0 + 60'000), 0);
    early.addArrival(t0 + 2000, false);
    EXPECT_DOUBLE_EQ(early.arrivalsPerS(t0 + 60'000), 3 / 900.0);
    // Two hours later only the last hour counts: nothing.
    EXPECT_DOUBLE_EQ(s.arrivalsPerS(t0 + 3 * 3600'000LL), 0);
}

TEST(ForecastTest, FluidModeSharesTheWorkEvenly)
{
    // Used when nobody is at the windows: 2 x 300 s over 3 windows.
    Input in = oneTopic(300, {0, 0, 0}, 2);
    EXPECT_DOUBLE_EQ(expectedWaitS(in), 0);
    in.fluid = true;
    EXPECT_DOUBLE_EQ(expectedWaitS(in), 200);
}
