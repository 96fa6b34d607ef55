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

// Decides the order in which a window calls. The engine gives it only the
// tickets this window may call that are available now; it sorts them, best first.
class CallPolicy {
public:
    virtual ~CallPolicy() = default;
    virtual QString name() const = 0;
    virtual void order(QList<Candidate> &candidates, const CallContext &context) const = 0;
};

// Out-of-turn tickets first, then by arrival time (then by id).
class PriorityFifoPolicy final : public CallPolicy {
public:
    QString name() const override { return QStringLiteral("fifo"); }
    void order(QList<Candidate> &candidates, const CallContext &context) const override;
};

std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name);

} // namespace queue::server
