// The real engine with the norm policy and the live forecast (ManualClock, temporary database).
#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/storage.h"
#include "support/manualclock.h"

#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

#include <memory>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;

namespace {

const QDateTime kMorning(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

class EngineNormTest : public ::testing::Test {
protected:
    void open(const QString &policyName)
    {
        config = OfficeConfig::builtIn();   // window 2: contracts + payments
        OfficeConfig &c = config;
        c.timeZone = QTimeZone::utc();
        c.hasSchedule = false;
        static const QString hash = pinhash::hash(QStringLiteral("1234"), 1000);
        for (OperatorConfig &op : c.operators)
            op.pinHash = hash;
        engine.reset();
        policy = makeCallPolicy(policyName);
        storage = std::make_unique<Storage>();
        QString error;
        ASSERT_TRUE(storage->open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error));
        engine = std::make_unique<QueueEngine>(c, *storage, clock, *policy);
        ASSERT_TRUE(engine->initialize(&error)) << qPrintable(error);
    }

    IssuedTicket issue(const QString &service)
    {
        auto r = engine->issue(service, QString());
        EXPECT_TRUE(r.ok());
        return r.ok() ? r.value() : IssuedTicket{};
    }

    void login(const QString &who, int window)
    {
        auto r = engine->signIn(who, window);
        ASSERT_TRUE(r.ok()) << qPrintable(r.error().message);
    }

    QString callNumber(int window)
    {
        auto r = engine->call(window);
        EXPECT_TRUE(r.ok());
        return r.ok() && r.value() ? r.value()->number : QString();
    }

    QTemporaryDir dir;
    OfficeConfig config;
    ManualClock clock{kMorning};
    std::unique_ptr<CallPolicy> policy;
    std::unique_ptr<Storage> storage;
    std::unique_ptr<QueueEngine> engine;
};

} // namespace

TEST_F(EngineNormTest, NormPolicyCallsTheTightTopicWhileTheOtherHasSlack)
{
    for (const QString &name : {QStringLiteral("fifo"), QStringLiteral("norm")}) {
        SCOPED_TRACE(qPrintable(name));
        QTemporaryDir fresh;
        dir.swap(fresh);
        clock.set(kMorning);
        open(name);
        login(QStringLiteral("petrov"), 2);
        issue(QStringLiteral("contracts"));   // К001 at 9:00, norm 10: due 9:10
        clock.advanceMin(3);
        issue(QStringLiteral("payments"));    // П001 at 9:03, norm 5: due 9:08
        clock.advanceMin(1);
        const QString first = callNumber(2);
        EXPECT_EQ(first, name == QLatin1String("norm") ? QStringLiteral("П001") : QStringLiteral("К001"));
        // The order shown for the window agrees with the call.
        ASSERT_TRUE(engine->start(2).ok());
        ASSERT_TRUE(engine->finish(2, QStringLiteral("resolved"), QString()).ok());
        EXPECT_EQ(callNumber(2), name == QLatin1String("norm") ? QStringLiteral("К001") : QStringLiteral("П001"));
    }
}

TEST_F(EngineNormTest, NormPolicyCallsALateTicketBeforeOneWithSlack)
{
    QTemporaryDir fresh;
    dir.swap(fresh);
    open(QStringLiteral("norm"));
    login(QStringLiteral("petrov"), 2);
    issue(QStringLiteral("contracts"));   // К001 at 9:00, late from 9:10
    clock.advanceMin(9);
    issue(QStringLiteral("payments"));    // П001 at 9:09, 5 min of slack
    clock.advanceMin(2);                  // 9:11: К001 is late, П001 is not
    EXPECT_EQ(callNumber(2), QStringLiteral("К001"));
}

TEST_F(EngineNormTest, NormPolicyStopsPassingATicketThatIsAboutToBreakItsNorm)
{
    // К001 at 9:00 (due 9:10), П001 at 9:04 (due 9:09). At 9:06 both have more than
    // the 3-min guard of slack: least slack, П001. At 9:08 both are guarded (2 and
    // 1 min left): nobody passes К001, arrival order.
    for (const int callAtMin : {6, 8}) {
        SCOPED_TRACE(callAtMin);
        QTemporaryDir fresh;
        dir.swap(fresh);
        clock.set(kMorning);
        open(QStringLiteral("norm"));
        login(QStringLiteral("petrov"), 2);
        issue(QStringLiteral("contracts"));
        clock.advanceMin(4);
        issue(QStringLiteral("payments"));
        clock.advanceMin(callAtMin - 4);
        EXPECT_EQ(callNumber(2), callAtMin == 6 ? QStringLiteral("П001") : QStringLiteral("К001"));
    }
}

TEST_F(EngineNormTest, ForecastCountsTheBusyWindowAndTheLiveServiceTimes)
{
    QTemporaryDir fresh;
    dir.swap(fresh);
    open(QStringLiteral("fifo"));
    login(QStringLiteral("ivanova"), 1);   // window 1: reception + payments; the others closed
    EXPECT_EQ(issue(QStringLiteral("payments")).estimatedWaitS, 0);   // window idle
    ASSERT_EQ(callNumber(1), QStringLiteral("П001"));
    ASSERT_TRUE(engine->start(1).ok());
    clock.advanceMin(2);
    // No service measured yet: the norm (5 min); 3 min of it are left.
    const IssuedTicket second = issue(QStringLiteral("payments"));
    EXPECT_EQ(second.ahead, 0);
    EXPECT_EQ(second.estimatedWaitS, 180);
    // One more behind it: 180 s + a whole service.
    EXPECT_EQ(issue(QStringLiteral("payments")).estimatedWaitS, 180 + 300);
    EXPECT_EQ(engine->estimatedWaitS(engine->ticket(second.ticket.id).value()), 180);

    // A 1-minute service is measured: the mean is (60 + 2 x 300) / 3 = 220 s.
    clock.advanceMin(-1);
    ASSERT_TRUE(engine->finish(1, QStringLiteral("resolved"), QString()).ok());   // started 9:00, done 9:01
    clock.advanceMin(1);
    ASSERT_EQ(callNumber(1), QStringLiteral("П002"));
    ASSERT_TRUE(engine->start(1).ok());
    // П003 is next: the window is busy for a whole (new) mean.
    EXPECT_EQ(engine->estimatedWaitS(engine->ticket(second.ticket.id + 1).value()), 220);

    // The statistics are rebuilt from the tickets table after a restart.
    engine.reset();
    QString error;
    engine = std::make_unique<QueueEngine>(config, *storage, clock, *policy);
    ASSERT_TRUE(engine->initialize(&error));
    EXPECT_EQ(engine->estimatedWaitS(engine->ticket(second.ticket.id + 1).value()), 220);
}

TEST_F(EngineNormTest, TopicsWithoutANormAreTreatedLikeTheLoosestNormAndNeverStarve)
{
    QTemporaryDir fresh;
    dir.swap(fresh);
    open(QStringLiteral("norm"));
    login(QStringLiteral("ivanova"), 1);   // reception (no norm) + payments (5 min)
    issue(QStringLiteral("reception"));   // Д001 at 9:00: limit 10 min (contracts' norm), due 9:10
    clock.advanceMin(4);
    issue(QStringLiteral("payments"));    // П001 at 9:04: due 9:09
    clock.advanceMin(1);
    EXPECT_EQ(callNumber(1), QStringLiteral("П001"));
    ASSERT_TRUE(engine->start(1).ok());
    ASSERT_TRUE(engine->finish(1, QStringLiteral("resolved"), QString()).ok());
    // Payments keep coming, each with less slack than Д001 had at first; from
    // 9:10 Д001 is late and goes before all of them.
    for (int i = 0; i < 6; ++i) {
        issue(QStringLiteral("payments"));
        clock.advanceMin(1);
    }
    EXPECT_EQ(callNumber(1), QStringLiteral("Д001"));
}
