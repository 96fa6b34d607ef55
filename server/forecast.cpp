#include "forecast.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <vector>

namespace queue::server::forecast {

namespace {

constexpr int kIterations = 20;
constexpr double kMaxTicketsSimulated = 5000;

// Seconds until the ticket is called with `n` tickets (mean `m` s) ahead of
// it on windows that free up at `freeAt`.
double listSchedule(std::vector<double> freeAt, double n, double m, bool fluid)
{
    const double c = static_cast<double>(freeAt.size());
    if (fluid || n > kMaxTicketsSimulated) {   // fluid limit; for a long queue the same to a few seconds
        double sum = 0;
        for (double f : freeAt)
            sum += f;
        return (sum + n * m) / c;
    }
    std::priority_queue<double, std::vector<double>, std::greater<double>> heap(std::greater<double>(), std::move(freeAt));
    while (n >= 1) {
        const double f = heap.top();
        heap.pop();
        heap.push(f + m);
        n -= 1;
    }
    // A fraction of a ticket left: part of the next service.
    return heap.top() + n * m / c;
}

} // namespace

double expectedWaitS(const Input &in)
{
    const int topics = static_cast<int>(in.topics.size());
    if (in.topic < 0 || in.topic >= topics)
        return -1;
    std::vector<double> freeAt;
    QList<int> openFor(topics, 0), sharedFor(topics, 0);
    for (const Window &w : in.windows) {
        const bool mine = in.topic < w.serves.size() && w.serves[in.topic];
        if (mine)
            freeAt.push_back(std::max(0.0, w.busyForS));
        for (int t = 0; t < topics && t < w.serves.size(); ++t) {
            if (!w.serves[t])
                continue;
            openFor[t] += 1;
            if (mine)
                sharedFor[t] += 1;
        }
    }
    if (freeAt.empty())
        return -1;
    const double c = static_cast<double>(freeAt.size());
    auto share = [&](int t) { return openFor[t] ? double(sharedFor[t]) / openFor[t] : 0.0; };

    double n = 0, work = 0;
    for (int t = 0; t < topics && t < in.ahead.size(); ++t) {
        const double k = std::max(0.0, in.ahead[t]) * share(t);
        n += k;
        work += k * in.topics[t].meanServiceS;
    }

    // Overtakers: a constant rate, and under the norm policy a bounded burst
    // from the tighter topics (those arriving within the difference of norms).
    const auto limitMin = [&](int t) {
        return in.topics[t].waitNormMin > 0 ? in.topics[t].waitNormMin : in.noNormLimitMin;
    };
    double rate = 0, rateWork = 0;
    struct Burst {
        double rate, mean, spanS;
    };
    QList<Burst> bursts;
    for (int t = 0; t < topics; ++t) {
        const double sh = share(t);
        if (sh <= 0)
            continue;
        const Topic &tp = in.topics[t];
        rate += tp.outOfTurnPerS * sh;
        rateWork += tp.outOfTurnPerS * sh * tp.meanServiceS;
        if (in.normPolicy && !in.outOfTurn) {
            const double span = (limitMin(in.topic) - limitMin(t)) * 60.0;
            if (span > 0)
                bursts.append({std::max(0.0, tp.arrivalsPerS - tp.outOfTurnPerS) * sh, tp.meanServiceS, span});
        }
    }
    if (in.outOfTurn)
        rate = rateWork = 0;   // later arrivals never go before an out-of-turn ticket
    // The overtaking work must leave the windows some capacity, or the
    // iteration diverges; cap it at 90 % of the windows.
    if (rateWork > 0.9 * c) {
        rate *= 0.9 * c / rateWork;
        rateWork = 0.9 * c;
    }

    double wait = 0;
    for (int i = 0; i < kIterations; ++i) {
        double extraN = rate * wait, extraWork = rateWork * wait;
        for (const Burst &b : std::as_const(bursts)) {
            const double k = b.rate * std::min(wait, b.spanS);
            extraN += k;
            extraWork += k * b.mean;
        }
        const double total = n + extraN;
        const double mean = total > 0 ? (work + extraWork) / total : 0;
        const double next = listSchedule(freeAt, total, mean, in.fluid);
        if (std::abs(next - wait) < 1)
            return next;
        wait = next;
    }
    return wait;
}

// ---------------------------------------------------------------- statistics

void TopicStatistics::prune(std::deque<qint64> &times, qint64 nowMs)
{
    while (!times.empty() && times.front() < nowMs - kRateWindowMs)
        times.pop_front();
}

void TopicStatistics::addArrival(qint64 atMs, bool outOfTurn)
{
    if (!m_firstArrival || atMs < m_firstArrival)
        m_firstArrival = atMs;
    m_arrivals.push_back(atMs);
    prune(m_arrivals, atMs);
    if (outOfTurn) {
        m_outOfTurn.push_back(atMs);
        prune(m_outOfTurn, atMs);
    }
}

void TopicStatistics::addService(double durationS)
{
    if (!(durationS >= 0))
        return;
    m_services.push_back(durationS);
    m_serviceSum += durationS;
    while (m_services.size() > kServiceSamples) {
        m_serviceSum -= m_services.front();
        m_services.pop_front();
    }
}

void TopicStatistics::clear()
{
    *this = TopicStatistics();
}

double TopicStatistics::meanServiceS(double priorS) const
{
    return (m_serviceSum + kPriorWeight * priorS) / (static_cast<double>(m_services.size()) + kPriorWeight);
}

double TopicStatistics::rate(const std::deque<qint64> &times, qint64 nowMs) const
{
    if (times.empty() || !m_firstArrival)
        return 0;
    const auto first = std::lower_bound(times.begin(), times.end(), nowMs - kRateWindowMs);
    const auto count = static_cast<double>(std::distance(first, times.end()));
    if (count < kMinRateEvents)
        return 0;
    const qint64 span = std::clamp(nowMs - m_firstArrival, kMinRateSpanMs, kRateWindowMs);
    return count / (span / 1000.0);
}

double TopicStatistics::arrivalsPerS(qint64 nowMs) const { return rate(m_arrivals, nowMs); }
double TopicStatistics::outOfTurnPerS(qint64 nowMs) const { return rate(m_outOfTurn, nowMs); }

} // namespace queue::server::forecast
