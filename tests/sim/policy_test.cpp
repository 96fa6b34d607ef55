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

TEST(CallPolicyTest, TopicsWithoutANormGetTheVisitNormAsTheirLimitSoTheyNeverStarve)
{
    // Reception has no waiting norm. After 10 min it still has 20 of its 30 min:
    // a fresh payments ticket (5 min of slack) goes first…
    EXPECT_EQ(ids(NormSlackPolicy(), {ticket(1, QStringLiteral("reception"), 0, 10), ticket(2, QStringLiteral("payments"), 5, 0)}),
              (QList<qint64>{2, 1}));
    // …but after 31 min it is late and is called before every ticket that is not.
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
