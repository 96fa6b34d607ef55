#pragma once

// Staffing advice from the Erlang C (M/M/c) queue: visitors arrive at random
// (Poisson, `arrivalsPerHour`), service times are exponential with mean
// `meanServiceMin`, `windows` identical windows serve one topic in arrival
// order. Pure functions, no Qt state: the simulator and the manager dashboard
// call the same code. See docs/policies.md.
#include <vector>

namespace queue::server::staffing {

// Offered load in Erlangs: arrivalsPerHour * meanServiceMin / 60.
double offeredLoad(double arrivalsPerHour, double meanServiceMin);

// Probability that a visitor has to wait at all (Erlang C formula).
// 1 when the windows cannot keep up (load >= windows); 0 without arrivals.
double probabilityOfWait(int windows, double arrivalsPerHour, double meanServiceMin);

// Probability that the wait exceeds `waitMin` minutes:
// C(c, A) * exp(-(c - A) * waitMin / meanServiceMin).
double probabilityWaitExceeds(int windows, double arrivalsPerHour, double meanServiceMin, double waitMin);

// Share of visitors called within the waiting norm: 1 - probabilityWaitExceeds.
double shareWithinNorm(int windows, double arrivalsPerHour, double meanServiceMin, double waitNormMin);

// Mean wait in minutes, C(c, A) * meanServiceMin / (c - A); infinity when overloaded.
double meanWaitMin(int windows, double arrivalsPerHour, double meanServiceMin);

// The fewest windows for which shareWithinNorm >= targetShare (e.g. 0.95).
// 0 without arrivals; -1 for invalid input (targetShare outside (0, 1),
// negative rates or durations) or if more than 1000 windows would be needed.
int windowsNeeded(double arrivalsPerHour, double meanServiceMin, double waitNormMin, double targetShare);

// Pooled windows: every window serves all the topics of `topics` from one
// queue. The pool is an M/M/c queue with the summed arrivals and the
// arrival-weighted mean service time; in arrival order every visitor has the
// same wait distribution, P(W > t) = C(c, A) exp(-(c - A) t / mean), and a
// topic's share is that at its own norm (docs/policies.md).
struct TopicLoad {
    double arrivalsPerHour = 0;
    double meanServiceMin = 0;
    double waitNormMin = 0;
    bool counted = true;   // counts in the overall share (false: a topic without a waiting norm)
};

// Per topic, the share called within its norm with `windows` pooled windows.
std::vector<double> pooledSharesWithinNorm(int windows, const std::vector<TopicLoad> &topics);

// The arrival-weighted share of the counted topics' visitors called within
// their norms (1 without counted arrivals).
double pooledShareWithinNorm(int windows, const std::vector<TopicLoad> &topics);

// The fewest pooled windows for which pooledShareWithinNorm >= targetShare and
// every topic (counted or not) gets at least `topicFloor` within its norm.
// 0 without arrivals; -1 for invalid input or more than 1000 windows.
int pooledWindowsNeeded(const std::vector<TopicLoad> &topics, double targetShare, double topicFloor);

} // namespace queue::server::staffing
