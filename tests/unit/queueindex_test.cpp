// QueueIndex against the brute force it replaces: random queues (plain, out-of-turn,
// booked, postponed and window-bound tickets, redirects that keep the arrival time),
// both policies, many moments of the day. Every count and every "first" must equal a
// pass over all tickets with the policy's before().
#include "server/callpolicy.h"
#include "server/queueindex.h"

#include <gtest/gtest.h>

#include <random>

using namespace queue::server;

namespace {

constexpr qint64 kMin = 60000;
constexpr int kTopics = 5;
const int kNorms[kTopics] = {10, 5, 0, 15, 3};   // 0: a topic without a waiting norm; 3: under the guard

struct World {
    std::mt19937 rng;
    qint64 now = 600 * kMin;
    qint64 nextId = 1;
    QHash<qint64, Candidate> truth;
    QueueIndex index;

    explicit World(unsigned seed) : rng(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

    Candidate make()
    {
        Candidate c;
        c.id = nextId++;
        c.serviceIndex = pick(kTopics);
        c.service = QStringLiteral("t%1").arg(c.serviceIndex);
        c.waitNormMin = kNorms[c.serviceIndex];
        // Arrivals within the last 40 minutes, some at the same millisecond.
        c.issuedAt = now - pick(40) * kMin - (pick(3) == 0 ? 0 : pick(1000));
        switch (pick(10)) {
        case 0: c.outOfTurn = true; break;
        case 1: c.bookedAt = now + (pick(2) ? -1 : 1) * pick(20) * kMin; break;
        case 2: c.availableAt = now + (pick(2) ? -1 : 1) * pick(5) * kMin; break;
        case 3: c.targetWindow = 1 + pick(3); break;
        default: break;
        }
        return c;
    }

    void step()
    {
        const int op = pick(10);
        if (op < 5 || truth.isEmpty()) {
            const Candidate c = make();
            truth.insert(c.id, c);
            index.insert(c);
        } else if (op < 8) {
            const qint64 id = truth.keys().at(pick(static_cast<int>(truth.size())));
            truth.remove(id);
            index.remove(id);
        } else {
            // A redirect, a postponement or its return: same id, same arrival, new attributes.
            const qint64 id = truth.keys().at(pick(static_cast<int>(truth.size())));
            Candidate c = make();
            c.id = id;
            c.issuedAt = truth.value(id).issuedAt;
            truth.insert(id, c);
            index.insert(c);
        }
        now += pick(20000);
    }
};

CallContext contextAt(qint64 now)
{
    CallContext c{0, {}, now};
    c.noNormLimitMin = 15;
    return c;
}

} // namespace

TEST(QueueIndexTest, PlainTicketsOfATopicAreCalledInArrivalOrderByEveryPolicy)
{
    // The contract QueueIndex relies on (callpolicy.h), for both policies.
    PriorityFifoPolicy fifo;
    NormSlackPolicy norm;
    World w(7);
    for (int i = 0; i < 400; ++i) {
        Candidate a = w.make(), b = w.make();
        a.outOfTurn = b.outOfTurn = false;
        a.bookedAt = b.bookedAt = a.availableAt = b.availableAt = 0;
        a.targetWindow = b.targetWindow = 0;
        b.serviceIndex = a.serviceIndex;
        b.waitNormMin = a.waitNormMin;
        const bool aFirst = std::tie(a.issuedAt, a.id) < std::tie(b.issuedAt, b.id);
        for (const CallPolicy *p : {static_cast<const CallPolicy *>(&fifo), static_cast<const CallPolicy *>(&norm)})
            EXPECT_EQ(p->before(a, b, contextAt(w.now)), aFirst) << p->name().toStdString();
    }
}

TEST(QueueIndexTest, CountsAndFirstsEqualAPassOverEveryTicket)
{
    PriorityFifoPolicy fifo;
    NormSlackPolicy norm;
    for (unsigned seed = 1; seed <= 6; ++seed) {
        World w(seed);
        for (int stepNo = 0; stepNo < 600; ++stepNo) {
            w.step();
            ASSERT_EQ(w.index.size(), w.truth.size());
            if (stepNo % 7)
                continue;
            for (const CallPolicy *p : {static_cast<const CallPolicy *>(&fifo), static_cast<const CallPolicy *>(&norm)}) {
                const CallContext ctx = contextAt(w.now);
                // Plain counts for a probe of every kind, queued or not.
                QList<Candidate> probes{w.make(), w.make()};
                for (int k = 0; k < 3 && !w.truth.isEmpty(); ++k)
                    probes.append(w.truth.value(w.truth.keys().at(w.pick(static_cast<int>(w.truth.size())))));
                for (const Candidate &self : probes) {
                    for (int topic = 0; topic < kTopics; ++topic) {
                        int expected = 0, plain = 0;
                        for (const Candidate &c : std::as_const(w.truth)) {
                            if (!QueueIndex::isPlain(c) || c.serviceIndex != topic)
                                continue;
                            ++plain;
                            if (c.id != self.id && p->before(c, self, ctx))
                                ++expected;
                        }
                        ASSERT_EQ(w.index.plainBefore(topic, self, *p, ctx), expected)
                            << "seed " << seed << " step " << stepNo << " topic " << topic;
                        ASSERT_EQ(w.index.plainCount(topic), plain);
                        // The front is the plain ticket the policy calls first.
                        const Candidate *front = w.index.plainFront(topic);
                        const Candidate *best = nullptr;
                        for (const Candidate &c : std::as_const(w.truth))
                            if (QueueIndex::isPlain(c) && c.serviceIndex == topic && (!best || p->before(c, *best, ctx)))
                                best = &c;
                        ASSERT_EQ(front ? front->id : 0, best ? best->id : 0);
                    }
                }
            }
            int special = 0;
            for (const Candidate &c : std::as_const(w.truth))
                special += QueueIndex::isPlain(c) ? 0 : 1;
            ASSERT_EQ(w.index.special().size(), special);
        }
    }
}

TEST(QueueIndexTest, ClearAndRemoveOfAnUnknownId)
{
    QueueIndex index;
    index.remove(42);
    Candidate c;
    c.id = 1;
    c.serviceIndex = 0;
    c.issuedAt = 5;
    index.insert(c);
    EXPECT_EQ(index.plainCount(0), 1);
    EXPECT_EQ(index.plainCount(3), 0);
    EXPECT_EQ(index.plainFront(3), nullptr);
    index.clear();
    EXPECT_EQ(index.size(), 0);
    EXPECT_EQ(index.plainCount(0), 0);
    EXPECT_EQ(index.find(1), nullptr);
}
