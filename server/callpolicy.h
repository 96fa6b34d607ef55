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

// Norm-aware ("norm", docs/policies.md). Each ticket has a deadline: its
// arrival plus its topic's waiting norm (topics without one: plus
// context.noNormLimitMin). Classes, best first:
//   1. out-of-turn tickets, by arrival;
//   2. due booked visitors (nowMs >= bookedAt), by slot;
//   3. overdue tickets (deadline < nowMs), by arrival;
//   4. the rest by least slack, i.e. earliest deadline, then arrival.
// No starvation: a ticket past its deadline is never passed over by one that
// is not (class 3 before class 4), and among the late the earlier arrival goes
// first, so every ticket's wait is bounded like under arrival order once late.
class NormSlackPolicy final : public CallPolicy {
public:
    QString name() const override { return QStringLiteral("norm"); }
    bool before(const Candidate &a, const Candidate &b, const CallContext &context) const override;

    static qint64 deadline(const Candidate &c, const CallContext &context);
};

// "fifo" or "norm"; nullptr for an unknown name.
std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name);

} // namespace queue::server
