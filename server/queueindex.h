#pragma once

#include "callpolicy.h"

#include <QHash>

#include <vector>

namespace queue::server {

// The queued tickets in memory, indexed so that the hot paths (an issue's place
// and forecast, a window's next call) cost O(topics · log n) instead of a pass
// over the whole queue.
//
// Most tickets are "plain": a walk-in of a known topic, not out of turn, not
// booked, not postponed, not sent to one window. Those are kept per topic in
// arrival order (issuedAt, id). Every policy orders the plain tickets of one
// topic by arrival (CallPolicy's contract, checked by callpolicy_test), and so
// for any ticket `self` the plain tickets of a topic that the policy calls
// before `self` are a prefix of that topic's list: one binary search counts
// them, and the list's front is the topic's best plain ticket. The few other
// tickets are kept in one list that the callers scan.
class QueueIndex {
public:
    static bool isPlain(const Candidate &c)
    {
        return !c.outOfTurn && c.bookedAt == 0 && c.availableAt == 0 && c.targetWindow == 0 && c.serviceIndex >= 0;
    }

    void clear();
    // Adds `c`, or replaces the ticket with the same id.
    void insert(const Candidate &c);
    void remove(qint64 id);

    const Candidate *find(qint64 id) const;
    qsizetype size() const { return m_all.size(); }
    // Every queued ticket, in no particular order.
    const QHash<qint64, Candidate> &all() const { return m_all; }

    // The tickets that are not plain.
    const QHash<qint64, Candidate> &special() const { return m_special; }
    // How many plain tickets of topic `topic` the policy calls before `self`
    // (never `self` itself).
    int plainBefore(int topic, const Candidate &self, const CallPolicy &policy, const CallContext &context) const;
    int plainCount(int topic) const;
    // The plain ticket of the topic that every policy calls first; nullptr if none.
    const Candidate *plainFront(int topic) const;

private:
    std::vector<Candidate> *bucket(int topic);
    void unlink(const Candidate &c);

    QHash<qint64, Candidate> m_all;
    QHash<qint64, Candidate> m_special;
    std::vector<std::vector<Candidate>> m_plain;   // [topic], sorted by (issuedAt, id)
};

} // namespace queue::server
