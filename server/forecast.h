#pragma once

#include <QList>

#include <deque>

// The wait forecast printed on a ticket and shown on the kiosk (docs/policies.md,
// "Wait forecast"). Pure: the engine gathers the live state, this code does
// the arithmetic, tests feed it by hand.
namespace queue::server::forecast {

struct Topic {
    double meanServiceS = 0;     // live mean service duration of the topic
    double arrivalsPerS = 0;     // live arrival rate (all tickets of the topic)
    double outOfTurnPerS = 0;    // the out-of-turn part of arrivalsPerS
    int waitNormMin = 0;         // 0: no waiting norm
};

struct Window {
    QList<bool> serves;          // by topic index
    double busyForS = 0;         // expected seconds until the window is free; 0: idle
};

struct Input {
    QList<Topic> topics;
    QList<Window> windows;       // the open windows only
    int topic = 0;               // the ticket's topic
    QList<double> ahead;         // per topic: tickets the policy calls before this one
    bool normPolicy = false;     // later arrivals of tighter-norm topics overtake
    bool outOfTurn = false;      // the ticket itself is out of turn: later arrivals do not overtake it
    int noNormLimitMin = 30;     // the norm policy's limit for topics without a norm
    // Share the work evenly instead of list scheduling: (sum of busyForS + work ahead) / c.
    // The engine uses it when nobody is at a window serving the topic (before opening,
    // everyone on a break): the windows are assumed to open now, and "0 s" for fewer
    // tickets ahead than windows would mislead a visitor while nobody is there.
    bool fluid = false;
};

// Expected seconds until the ticket is called.
//  1. Only the open windows serving the ticket's topic (S, c = |S|) can call it.
//  2. A ticket of topic t ahead of it takes S's capacity in proportion to the
//     share of t's open windows that are in S; n = sum over t of ahead_t * share_t
//     tickets with the mixed mean service time m of those tickets.
//  3. Later arrivals that the policy puts ahead: out-of-turn ones (rate
//     sum outOfTurn_t * share_t) and, under the norm policy, tickets of
//     tighter-norm topics arriving within (norm_s - norm_t) of now.
//  4. List scheduling: the windows of S free up at their busyForS; each
//     free window takes one of the n (+ overtakers) tickets for m seconds;
//     the ticket is called when a window frees up and nobody is left ahead.
// 2-4 are solved by fixed-point iteration on the wait (overtakers depend on it).
// Returns -1 when no open window serves the topic.
double expectedWaitS(const Input &in);

// Running statistics of one topic that feed Topic: arrivals of the last hour,
// the last `kServiceSamples` service durations.
class TopicStatistics {
public:
    static constexpr int kServiceSamples = 20;
    static constexpr qint64 kRateWindowMs = 3600 * 1000;
    static constexpr qint64 kMinRateSpanMs = 15 * 60 * 1000;
    static constexpr double kPriorWeight = 2;   // the norm counts as this many samples
    // Fewer arrivals than this in the last hour give a rate of 0: a Poisson
    // rate from 1-2 events is off by more than half (sd/mean = 1/sqrt(n)).
    static constexpr int kMinRateEvents = 3;

    void addArrival(qint64 atMs, bool outOfTurn);
    void addService(double durationS);
    void clear();

    // Mean of the recent durations, pulled towards `priorS` (the service norm)
    // while there are few: (sum + k * prior) / (n + k).
    double meanServiceS(double priorS) const;
    // Arrivals in the last hour divided by the time they span (at least
    // kMinRateSpanMs, at most an hour, counted from the first arrival seen);
    // 0 with fewer than kMinRateEvents of them.
    double arrivalsPerS(qint64 nowMs) const;
    double outOfTurnPerS(qint64 nowMs) const;
    int serviceSamples() const { return static_cast<int>(m_services.size()); }

private:
    double rate(const std::deque<qint64> &times, qint64 nowMs) const;
    static void prune(std::deque<qint64> &times, qint64 nowMs);

    std::deque<qint64> m_arrivals, m_outOfTurn;
    std::deque<double> m_services;
    double m_serviceSum = 0;
    qint64 m_firstArrival = 0;
};

} // namespace queue::server::forecast
