// Erlang C against values computed by hand (Erlang B recursion, then C).
#include "server/staffing.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace queue::server;

TEST(StaffingTest, ErlangCMatchesHandComputedValues)
{
    // A = 12/h x 5 min = 1 Erlang, c = 2: B(2) = 0.2, C = 2*0.2 / (2 - 0.8) = 1/3.
    EXPECT_DOUBLE_EQ(staffing::offeredLoad(12, 5), 1.0);
    EXPECT_NEAR(staffing::probabilityOfWait(2, 12, 5), 1.0 / 3, 1e-12);
    // P(W > 5 min) = 1/3 * exp(-(2 - 1) * 5 / 5).
    EXPECT_NEAR(staffing::probabilityWaitExceeds(2, 12, 5, 5), std::exp(-1.0) / 3, 1e-12);
    EXPECT_NEAR(staffing::shareWithinNorm(2, 12, 5, 5), 1 - std::exp(-1.0) / 3, 1e-12);
    EXPECT_NEAR(staffing::meanWaitMin(2, 12, 5), 5.0 / 3, 1e-12);
    // A = 2, c = 3: C = 4/9 (B(3) = 4/19).
    EXPECT_NEAR(staffing::probabilityOfWait(3, 24, 5), 4.0 / 9, 1e-12);
    // c = 1 is M/M/1: C = utilisation.
    EXPECT_NEAR(staffing::probabilityOfWait(1, 6, 5), 0.5, 1e-12);
    EXPECT_NEAR(staffing::shareWithinNorm(1, 6, 5, 10), 1 - 0.5 * std::exp(-1.0), 1e-12);
}

TEST(StaffingTest, OverloadAndNoArrivals)
{
    EXPECT_DOUBLE_EQ(staffing::probabilityOfWait(2, 30, 5), 1.0);   // A = 2.5 > 2
    EXPECT_DOUBLE_EQ(staffing::shareWithinNorm(2, 30, 5, 5), 0.0);
    EXPECT_TRUE(std::isinf(staffing::meanWaitMin(2, 24, 5)));        // A = c
    EXPECT_DOUBLE_EQ(staffing::probabilityOfWait(3, 0, 5), 0.0);
    EXPECT_DOUBLE_EQ(staffing::shareWithinNorm(3, 0, 5, 5), 1.0);
}

TEST(StaffingTest, WindowsNeededIsTheFewestMeetingTheTarget)
{
    // A = 1: c = 2 gives 87.7 % within 5 min, c = 3 gives 98.8 %.
    EXPECT_EQ(staffing::windowsNeeded(12, 5, 5, 0.85), 2);
    EXPECT_EQ(staffing::windowsNeeded(12, 5, 5, 0.90), 3);
    EXPECT_EQ(staffing::windowsNeeded(0, 5, 5, 0.95), 0);
    // Never fewer windows than the load needs to be stable.
    EXPECT_EQ(staffing::windowsNeeded(60, 5, 600, 0.5), 6);
    for (double target : {0.8, 0.9, 0.95, 0.99}) {
        const int c = staffing::windowsNeeded(40, 6, 5, target);
        EXPECT_GE(staffing::shareWithinNorm(c, 40, 6, 5), target);
        EXPECT_LT(staffing::shareWithinNorm(c - 1, 40, 6, 5), target);
    }
    EXPECT_EQ(staffing::windowsNeeded(12, 5, 5, 1.0), -1);
    EXPECT_EQ(staffing::windowsNeeded(-1, 5, 5, 0.9), -1);
}

TEST(StaffingTest, PooledWindowsShareOneQueue)
{
    // Payments 6/h x 4 min and contracts 6/h x 6 min on shared windows: 12/h with a
    // mean of 5 min, A = 1. Two windows: C = 1/3, P(W > t) = exp(-t / 5) / 3.
    const std::vector<staffing::TopicLoad> topics{{6, 4, 5, true}, {6, 6, 10, true}, {0, 4, 30, false}};
    const std::vector<double> shares = staffing::pooledSharesWithinNorm(2, topics);
    ASSERT_EQ(shares.size(), 3u);
    EXPECT_NEAR(shares[0], 1 - std::exp(-1.0) / 3, 1e-12);
    EXPECT_NEAR(shares[1], 1 - std::exp(-2.0) / 3, 1e-12);
    EXPECT_NEAR(staffing::pooledShareWithinNorm(2, topics), (shares[0] + shares[1]) / 2, 1e-12);   // 91.6 %
    // 91.6 % overall with 2 windows; payments alone 87.7 % needs a third (98.8 %).
    EXPECT_EQ(staffing::pooledWindowsNeeded(topics, 0.9, 0), 2);
    EXPECT_EQ(staffing::pooledWindowsNeeded(topics, 0.9, 0.9), 3);
    // Dedicated windows would need 2 + 2 for the same target.
    EXPECT_EQ(staffing::windowsNeeded(6, 4, 5, 0.9), 2);
    EXPECT_EQ(staffing::windowsNeeded(6, 6, 10, 0.9), 2);
    // A topic without a norm (not counted) alone: the share is 1.
    EXPECT_DOUBLE_EQ(staffing::pooledShareWithinNorm(1, {{3, 4, 30, false}}), 1.0);
    EXPECT_EQ(staffing::pooledWindowsNeeded({{0, 4, 5, true}}, 0.95, 0), 0);
    EXPECT_EQ(staffing::pooledWindowsNeeded(topics, 1.0, 0), -1);
    EXPECT_EQ(staffing::pooledWindowsNeeded({{-1, 4, 5, true}}, 0.9, 0), -1);
}
