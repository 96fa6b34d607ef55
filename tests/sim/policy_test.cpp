// The call policies on hand-built candidates: ordering rules, booked and
// out-of-turn visitors, no starvation, and that the order is a strict weak ordering.
#include "server/callpolicy.h"

#include <gtest/gtest.h>

#include <random>

using namespace queue::server;

namespace {

constexpr qint64 kMin = 60000;
constexpr qint64 kNow = 1000 * kMin;

Candidate ticket(qint64 id, const QString &service, int normMin, qint64 issuedMinAgo)
{
    Candidate c;
    c.id = id;
    c.service = service;
    c.waitNormMin = normMin;
    c.issuedAt = kNow - issuedMinAgo * kMin;
    return c;
}

CallContext context()
{
    CallContext c{2, {QStringLiteral("contracts"), QStringLiteral("payments")}, kNow};
    c.noNormLimitMin = 30;
    return c;
}

QList<qint64> ids(const CallPolicy &policy, QList<Candidate> list)
{
    policy.order(list, context());
    QList<qint64> out;
    for (const Candidate &c : list)
        out.append(c.id);
    return out;
}

} // namespace

TEST(CallPolicyTest, FactoryKnowsBothPolicies)
{
    EXPECT_EQ(makeCallPolicy(QStringLiteral("fifo"))->name(), QStringLiteral("fifo"));
    EXPECT_EQ(makeCallPolicy(QStringLiteral("norm"))->name(), QStringLiteral("norm"));
    EXPECT_EQ(makeCallPolicy(QStringLiteral("edf")), nullptr);
}

TEST(CallPolicyTest, NormCallsTheTicketWithLeastSlackWhereFifoCallsTheOldest)
{
    // Contracts (norm 10) waited 3 min: 7 min of slack. Payments (norm 5) waited 1 min: 4 min.
    const QList<Candidate> list{ticket(1, QStringLiteral("contracts"), 10, 3), ticket(2, QStringLiteral("payments"), 5, 1)};
    EXPECT_EQ(ids(PriorityFifoPolicy(), list), (QList<qint64>{1, 2}));
    EXPECT_EQ(ids(NormSlackPolicy(), list), (QList<qint64>{2, 1}));
    // Same slack: the earlier arrival first.
    const QList<Candidate> tie{ticket(3, QStringLiteral("payments"), 5, 0), ticket(4, QStringLiteral("contracts"), 10, 5)};
    EXPECT_EQ(ids(NormSlackPolicy(), tie), (QList<qint64>{4, 3}));
}

TEST(CallPolicyTest, NormNeverPassesOverALateTicketForOneThatIsNot)
{
    // Contracts waited 11 min of 10: late. A payments ticket with 1 min of slack
    // (less than the contracts ticket ever had left) still comes second.
    const QList<Candidate> list{ticket(1, QStringLiteral("payments"), 5, 4), ticket(2, QStringLiteral("contracts"), 10, 11)};
    EXPECT_EQ(ids(NormSlackPolicy(), list), (QList<qint64>{2, 1}));
    // Among late tickets, arrival order: contracts 12 min (2 late) before payments 9 min (4 late).
    const QList<Candidate> late{ticket(3, QStringLiteral("payments"), 5, 9), ticket(4, QStringLiteral("contracts"), 10, 12),
                                ticket(5, QStringLiteral("payments"), 5, 2)};
    EXPECT_EQ(ids(NormSlackPolicy(), late), (QList<qint64>{4, 3, 5}));
}

TEST(CallPolicyTest, NormGuardStopsPassingATicketWithLessThanThreeMinutesOfSlack)
{
    // Contracts waited 8 min of 10 (2 min of slack: guarded); payments waited 4 of 5
    // (1 min: guarded too). Least slack would call payments; the guard keeps arrival order.
    const QList<Candidate> guarded{ticket(1, QStringLiteral("payments"), 5, 4), ticket(2, QStringLiteral("contracts"), 10, 8)};
    EXPECT_EQ(ids(NormSlackPolicy(), guarded), (QList<qint64>{2, 1}));
    // Contracts waited 6 (4 min of slack: may still be passed); payments 1 min of slack: first.
    const QList<Candidate> free{ticket(1, QStringLiteral("payments"), 5, 4), ticket(2, QStringLiteral("contracts"), 10, 6)};
    EXPECT_EQ(ids(NormSlackPolicy(), free), (QList<qint64>{1, 2}));
    // The boundary: exactly 3 min of slack is not guarded. Contracts waited 7 (slack 3),
    // payments waited 3 (slack 2, guarded): payments goes first although it came later.
    const QList<Candidate> edge{ticket(1, QStringLiteral("contracts"), 10, 7), ticket(2, QStringLiteral("payments"), 5, 3)};
    EXPECT_EQ(ids(NormSlackPolicy(), edge), (QList<qint64>{2, 1}));
    EXPECT_EQ(NormSlackPolicy::rank(edge[0], context()), 3);
    EXPECT_EQ(NormSlackPolicy::rank(edge[1], context()), 2);
}

TEST(CallPolicyTest, NormOrderOfAMixedQueueWorkedOutByHand)
{
    // Limits: reception 30 (the context's), contracts 10, payments 5. Slack = limit - waited.
    const QList<Candidate> list{
        ticket(1, QStringLiteral("reception"), 0, 20),   // slack 10
        ticket(2, QStringLiteral("contracts"), 10, 9),   // slack 1: guarded
        ticket(3, QStringLiteral("payments"), 5, 6),     // late
        ticket(4, QStringLiteral("payments"), 5, 1),     // slack 4
        ticket(5, QStringLiteral("contracts"), 10, 4),   // slack 6
        ticket(6, QStringLiteral("payments"), 5, 3),     // slack 2: guarded
    };
    // Guarded and late by arrival (2, 3, 6), then least slack (4, 5, 1).
    EXPECT_EQ(ids(NormSlackPolicy(), list), (QList<qint64>{2, 3, 6, 4, 5, 1}));
    EXPECT_EQ(ids(PriorityFifoPolicy(), list), (QList<qint64>{1, 2, 3, 5, 6, 4}));
}

TEST(CallPolicyTest, NormLetsAnEarlierArrivalWithSlackGoBeforeALateTicket)
{
    // Contracts waited 9 min (1 min of slack), payments 6 min (late): the contracts
    // visitor came first and is not passing anybody, so arrival order holds.
    const QList<Candidate> list{ticket(1, QStringLiteral("payments"), 5, 6), ticket(2, QStringLiteral("contracts"), 10, 9)};
    EXPECT_EQ(ids(NormSlackPolicy(), list), (QList<qint64>{2, 1}));
}

TEST(CallPolicyTest, NormNoLaterArrivalPassesALateOrGuardedTicket)
{
    // On random queues: a walk-in that is late or has less than the guard of slack is
    // never put after a later walk-in (out-of-turn and due booked visitors aside).
    std::mt19937 rng(11);
    const QStringList services{QStringLiteral("reception"), QStringLiteral("contracts"), QStringLiteral("payments")};
    const int norms[] = {0, 10, 5};
    QList<Candidate> list;
    for (int i = 0; i < 80; ++i) {
        const int s = static_cast<int>(rng() % 3);
        Candidate c = ticket(i + 1, services[s], norms[s], 0);
        c.issuedAt = kNow - static_cast<qint64>(rng() % (40 * 60)) * 1000;   // seconds, so slacks fall near the guard
        c.outOfTurn = rng() % 15 == 0;
        list.append(c);
    }
    const NormSlackPolicy norm;
    int guardedPairs = 0;
    for (const Candidate &a : list) {
        if (a.outOfTurn || NormSlackPolicy::rank(a, context()) != 2)
            continue;
        for (const Candidate &b : list) {
            if (b.outOfTurn || b.issuedAt <= a.issuedAt)
                continue;
            ++guardedPairs;
            EXPECT_TRUE(norm.before(a, b, context())) << a.id << " " << b.id;
        }
    }
    EXPECT_GT(guardedPairs, 100);   // the property was exercised
}

TEST(CallPolicyTest, TopicsWithoutANormGetTheVisitNormAsTheirLimitSoTheyNeverStarve)
{
    // Reception has no waiting norm. After 10 min it still has 20 of its 30 min:
    // a fresh payments ticket (5 min of slack) goes first…
    EXPECT_EQ(ids(NormSlackPolicy(), {ticket(1, QStringLiteral("reception"), 0, 10), ticket(2, QStringLiteral("payments"), 5, 0)}),
              (QList<qint64>{2, 1}));
    // …but after 31 min it is late, and no later arrival goes before it.
    QList<Candidate> list{ticket(1, QStringLiteral("reception"), 0, 31)};
    for (int i = 0; i < 20; ++i)
        list.append(ticket(10 + i, QStringLiteral("payments"), 5, i % 5));
    EXPECT_EQ(ids(NormSlackPolicy(), list).first(), 1);
}

TEST(CallPolicyTest, OutOfTurnThenDueBookedThenTheRestInBothPolicies)
{
    Candidate late = ticket(1, QStringLiteral("contracts"), 10, 40);
    Candidate outOfTurn = ticket(2, QStringLiteral("payments"), 5, 0);
    outOfTurn.outOfTurn = true;
    Candidate booked = ticket(3, QStringLiteral("contracts"), 10, 0);
    booked.bookedAt = kNow - 2 * kMin;   // slot started 2 min ago: due
    Candidate bookedLater = ticket(4, QStringLiteral("contracts"), 10, 1);
    bookedLater.bookedAt = kNow + 20 * kMin;   // came early: a walk-in until its slot
    Candidate bookedEarlier = ticket(5, QStringLiteral("payments"), 5, 0);
    bookedEarlier.bookedAt = kNow - 5 * kMin;
    const QList<Candidate> list{late, outOfTurn, booked, bookedLater, bookedEarlier};
    EXPECT_EQ(ids(NormSlackPolicy(), list), (QList<qint64>{2, 5, 3, 1, 4}));
    EXPECT_EQ(ids(PriorityFifoPolicy(), list), (QList<qint64>{2, 5, 3, 1, 4}));
    // Out-of-turn among themselves: by arrival.
    Candidate other = ticket(6, QStringLiteral("contracts"), 10, 3);
    other.outOfTurn = true;
    EXPECT_EQ(ids(NormSlackPolicy(), {outOfTurn, other}), (QList<qint64>{6, 2}));
}

TEST(CallPolicyTest, BothPoliciesAreStrictWeakOrderings)
{
    std::mt19937 rng(7);
    const QStringList services{QStringLiteral("reception"), QStringLiteral("contracts"), QStringLiteral("payments")};
    const int norms[] = {0, 10, 5};
    QList<Candidate> list;
    for (int i = 0; i < 60; ++i) {
        const int s = static_cast<int>(rng() % 3);
        Candidate c = ticket(i + 1, services[s], norms[s], static_cast<qint64>(rng() % 45));
        c.outOfTurn = rng() % 10 == 0;
        if (rng() % 8 == 0)
            c.bookedAt = kNow + (static_cast<qint64>(rng() % 20) - 10) * kMin;
        list.append(c);
    }
    const PriorityFifoPolicy fifo;
    const NormSlackPolicy norm;
    for (const CallPolicy *p : {static_cast<const CallPolicy *>(&fifo), static_cast<const CallPolicy *>(&norm)}) {
        for (const Candidate &a : list) {
            EXPECT_FALSE(p->before(a, a, context()));
            for (const Candidate &b : list) {
                if (a.id != b.id) {
                    EXPECT_NE(p->before(a, b, context()), p->before(b, a, context())) << a.id << " " << b.id;
                }
                for (const Candidate &c : list) {
                    if (p->before(a, b, context()) && p->before(b, c, context())) {
                        EXPECT_TRUE(p->before(a, c, context()));
                    }
                }
            }
        }
    }
}
