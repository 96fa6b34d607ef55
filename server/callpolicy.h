#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace queue::server {

// What a call policy knows about a queued ticket.
struct Candidate {
    qint64 id = 0;
    QString service;
    int serviceIndex = -1;       // position of the topic in the office config
    bool outOfTurn = false;
    qint64 issuedAt = 0;         // arrival: kept through redirects
    qint64 availableAt = 0;      // postponed until; 0 = now
    int targetWindow = 0;        // 0: any window serving the topic
};

struct CallContext {
    int window = 0;
    QStringList services;        // topics the calling window serves
    qint64 nowMs = 0;
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

// Out-of-turn tickets first, then by arrival time (then by id).
class PriorityFifoPolicy final : public CallPolicy {
public:
    QString name() const override { return QStringLiteral("fifo"); }
    bool before(const Candidate &a, const Candidate &b, const CallContext &context) const override;
};

std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name);

} // namespace queue::server
