#include "staffing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace queue::server::staffing {

namespace {

constexpr int kMaxWindows = 1000;

bool valid(double arrivalsPerHour, double meanServiceMin)
{
    return std::isfinite(arrivalsPerHour) && std::isfinite(meanServiceMin) && arrivalsPerHour >= 0
           && meanServiceMin >= 0;
}

} // namespace

double offeredLoad(double arrivalsPerHour, double meanServiceMin)
{
    return arrivalsPerHour * meanServiceMin / 60.0;
}

double probabilityOfWait(int windows, double arrivalsPerHour, double meanServiceMin)
{
    if (!valid(arrivalsPerHour, meanServiceMin))
        return 1.0;
    const double a = offeredLoad(arrivalsPerHour, meanServiceMin);
    if (a <= 0)
        return 0.0;
    if (windows <= 0 || a >= windows)
        return 1.0;
    // Erlang B by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)), then
    // C = c B / (c - a (1 - B)).
    double b = 1.0;
    for (int k = 1; k <= windows; ++k)
        b = a * b / (k + a * b);
    return windows * b / (windows - a * (1.0 - b));
}

double probabilityWaitExceeds(int windows, double arrivalsPerHour, double meanServiceMin, double waitMin)
{
    const double c = probabilityOfWait(windows, arrivalsPerHour, meanServiceMin);
    const double a = offeredLoad(arrivalsPerHour, meanServiceMin);
    if (c >= 1.0 && (windows <= 0 || a >= windows))
        return 1.0;
    if (c <= 0 || meanServiceMin <= 0)
        return c;
    return c * std::exp(-(windows - a) * std::max(0.0, waitMin) / meanServiceMin);
}

double shareWithinNorm(int windows, double arrivalsPerHour, double meanServiceMin, double waitNormMin)
{
    return 1.0 - probabilityWaitExceeds(windows, arrivalsPerHour, meanServiceMin, waitNormMin);
}

double meanWaitMin(int windows, double arrivalsPerHour, double meanServiceMin)
{
    const double a = offeredLoad(arrivalsPerHour, meanServiceMin);
    if (a <= 0)
        return 0.0;
    if (windows <= 0 || a >= windows)
        return std::numeric_limits<double>::infinity();
    return probabilityOfWait(windows, arrivalsPerHour, meanServiceMin) * meanServiceMin / (windows - a);
}

int windowsNeeded(double arrivalsPerHour, double meanServiceMin, double waitNormMin, double targetShare)
{
    if (!valid(arrivalsPerHour, meanServiceMin) || !std::isfinite(waitNormMin) || waitNormMin < 0
        || !(targetShare > 0 && targetShare < 1))
        return -1;
    const double a = offeredLoad(arrivalsPerHour, meanServiceMin);
    if (a <= 0)
        return 0;
    for (int c = std::max(1, static_cast<int>(std::floor(a)) + 1); c <= kMaxWindows; ++c)
        if (shareWithinNorm(c, arrivalsPerHour, meanServiceMin, waitNormMin) >= targetShare)
            return c;
    return -1;
}

namespace {

// The pool as one topic: summed arrivals, arrival-weighted mean service.
bool pool(const std::vector<TopicLoad> &topics, double *lambda, double *mean)
{
    double l = 0, work = 0;
    for (const TopicLoad &t : topics) {
        if (!valid(t.arrivalsPerHour, t.meanServiceMin) || !std::isfinite(t.waitNormMin) || t.waitNormMin < 0)
            return false;
        l += t.arrivalsPerHour;
        work += t.arrivalsPerHour * t.meanServiceMin;
    }
    *lambda = l;
    *mean = l > 0 ? work / l : 0;
    return true;
}

} // namespace

std::vector<double> pooledSharesWithinNorm(int windows, const std::vector<TopicLoad> &topics)
{
    std::vector<double> out(topics.size(), 0.0);
    double lambda = 0, mean = 0;
    if (!pool(topics, &lambda, &mean))
        return out;
    for (size_t i = 0; i < topics.size(); ++i)
        out[i] = shareWithinNorm(windows, lambda, mean, topics[i].waitNormMin);
    return out;
}

double pooledShareWithinNorm(int windows, const std::vector<TopicLoad> &topics)
{
    const std::vector<double> shares = pooledSharesWithinNorm(windows, topics);
    double within = 0, total = 0;
    for (size_t i = 0; i < topics.size(); ++i) {
        if (!topics[i].counted)
            continue;
        within += topics[i].arrivalsPerHour * shares[i];
        total += topics[i].arrivalsPerHour;
    }
    return total > 0 ? within / total : 1.0;
}

int pooledWindowsNeeded(const std::vector<TopicLoad> &topics, double targetShare, double topicFloor)
{
    double lambda = 0, mean = 0;
    if (!pool(topics, &lambda, &mean) || !(targetShare > 0 && targetShare < 1) || !(topicFloor >= 0 && topicFloor < 1))
        return -1;
    const double a = offeredLoad(lambda, mean);
    if (a <= 0)
        return 0;
    for (int c = std::max(1, static_cast<int>(std::floor(a)) + 1); c <= kMaxWindows; ++c) {
        if (pooledShareWithinNorm(c, topics) < targetShare)
            continue;
        bool floorMet = true;
        const std::vector<double> shares = pooledSharesWithinNorm(c, topics);
        for (size_t i = 0; i < topics.size(); ++i)
            if (topics[i].arrivalsPerHour > 0 && shares[i] < topicFloor)
                floorMet = false;
        if (floorMet)
            return c;
    }
    return -1;
}

} // namespace queue::server::staffing
