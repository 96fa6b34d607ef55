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
