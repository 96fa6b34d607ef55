#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace queue::server {

// What a call policy knows about a queued ticket. The engine fills every field
// from the ticket and the office config (candidateOf), so a policy needs no
// other state: the same policy object serves the server and the simulator.
struct Candidate {
    qint64 id = 0;
    QString service;
    int serviceIndex = -1;       // position of the topic in the office config
    bool outOfTurn = false;
    qint64 issuedAt = 0;         // arrival: kept through redirects
    qint64 availableAt = 0;      // postponed until; 0 = now
    int targetWindow = 0;        // 0: any window serving the topic
    int waitNormMin = 0;         // the (current) topic's waiting norm; 0 = the topic has none
    qint64 bookedAt = 0;         // slot start of a pre-booked visitor; 0 = walk-in. Due when nowMs >= bookedAt
};

struct CallContext {
    int window = 0;
    QStringList services;        // topics the calling window serves
    qint64 nowMs = 0;
    // The norm policy's waiting limit for topics without a waiting norm, so
    // that they never starve. The engine passes the loosest waiting norm of the
    // office's topics (10 min in the built-in office), or the visit norm if no
    // topic has one.
    int noNormLimitMin = 30;
};

// Decides the order in which a window calls, as a strict weak ordering of the
// tickets this window may call: before(a, b) means a is called first. The
// engine finds the best one in a single pass (a call) or sorts (listings).
class CallPolicy {
public:
    virtual ~CallPolicy() = default;
    virtual QString name() const = 0;
    virtual bool before(const Candidate &a, const Candidate &b, const CallContext &context) const = 0;

    void order(QList<Candidate> &candidates, const CallContext &context) const;
};

// Out-of-turn tickets first, then due booked visitors (by slot), then by
// arrival time (then by id).
class PriorityFifoPolicy final : public CallPolicy {
public:
    QString name() const override { return QStringLiteral("fifo"); }
    bool before(const Candidate &a, const Candidate &b, const CallContext &context) const override;
};

// Norm-aware ("norm", docs/policies.md): least slack first, but nobody passes a
// ticket that is about to break its norm. Each ticket has a deadline: its
// arrival plus its topic's waiting norm (topics without one: plus
// context.noNormLimitMin); its slack is deadline - now. Classes, best first:
//   1. out-of-turn tickets, by arrival;
//   2. due booked visitors (nowMs >= bookedAt), by slot;
//   3. guarded tickets: late ones and those with less than kGuardMs of slack,
//      by arrival;
//   4. the rest by least slack, i.e. earliest deadline, then arrival.
// The guard: once a ticket's slack is below kGuardMs (or it is late) no
// later arrival is called before it (except classes 1-2), so a ticket is
// passed only while it still has time to spare. No starvation: a ticket past
// its deadline is never passed over by a later arrival that is not (class 3
// before class 4, arrival order within class 3).
class NormSlackPolicy final : public CallPolicy {
public:
    // 3 min: measured on the simulated days of docs/policies.md (2 and 4 min
    // did worse on the longest waits or on the within-norm share).
    static constexpr qint64 kGuardMs = 3 * 60000;

    QString name() const override { return QStringLiteral("norm"); }
    bool before(const Candidate &a, const Candidate &b, const CallContext &context) const override;

    static qint64 deadline(const Candidate &c, const CallContext &context);
    // The class above, 0-based: 0 out of turn, 1 due booked, 2 guarded, 3 the rest.
    static int rank(const Candidate &c, const CallContext &context);
};

// "fifo" or "norm"; nullptr for an unknown name.
std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name);

} // namespace queue::server
