// Operator login (server/sessions.h): the PIN check off the event loop, the lock of a
// login, the limit per source address, sessions and their expiry. Time from ManualClock.

#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/sessions.h"
#include "server/storage.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"

#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

#include <memory>

using namespace queue;
using namespace queue::server;
using queue::api::ErrorCode;
using queue::test::ManualClock;

namespace {

const QDateTime kMorning(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());
const QHostAddress kDesk(QStringLiteral("10.0.0.7"));

TEST(LoginRateLimiter, TenFailuresAMinutePerAddressThenRetryAfter)
{
    ManualClock clock(kMorning);
    LoginRateLimiter limiter(clock, 10, 60 * 1000);
    const QHostAddress a(QStringLiteral("10.0.0.1")), b(QStringLiteral("10.0.0.2"));
    for (int i = 0; i < 10; ++i) {
        ASSERT_EQ(limiter.admit(a), 0) << "attempt " << i + 1;
        limiter.finish(a, true);
        clock.advanceSec(2);   // the failures at 0, 2, …, 18 s
    }
    // At 20 s: the oldest failure (0 s) leaves the window at 60 s.
    EXPECT_EQ(limiter.admit(a), 40);
    EXPECT_EQ(limiter.admit(QHostAddress(QStringLiteral("::ffff:10.0.0.1"))), 40) << "the same client over IPv6";
    EXPECT_EQ(limiter.admit(b), 0) << "the limit is per address";
    limiter.finish(b, false);
    clock.advanceSec(40);
    EXPECT_EQ(limiter.admit(a), 0) << "one failure has left the window";
    limiter.finish(a, true);
    EXPECT_EQ(limiter.admit(a), 2) << "the next one leaves at 62 s";
    clock.advanceSec(60);
    EXPECT_EQ(limiter.admit(a), 0);
    limiter.finish(a, false);
}

TEST(LoginRateLimiter, AttemptsBeingCheckedCountAndSuccessesDoNot)
{
    ManualClock clock(kMorning);
    LoginRateLimiter limiter(clock, 3, 60 * 1000);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(limiter.admit(a), 0);
    EXPECT_EQ(limiter.admit(a), 1) << "three are still being checked";
    for (int i = 0; i < 3; ++i)
        limiter.finish(a, false);
    for (int round = 0; round < 5; ++round) {
        ASSERT_EQ(limiter.admit(a), 0) << "successful logins are never limited";
        limiter.finish(a, false);
    }
    EXPECT_EQ(limiter.trackedAddresses(), 0);
}

class SessionsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        clock.set(kMorning);
        OfficeConfig c = OfficeConfig::builtIn();
        c.timeZone = QTimeZone::utc();
        c.hasSchedule = false;
        const QString hash = pinhash::hash(QStringLiteral("1234"), 1000);
        for (OperatorConfig &op : c.operators)
            op.pinHash = hash;
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error)) << qPrintable(error);
        engine = std::make_unique<QueueEngine>(c, storage, clock, policy);
        ASSERT_TRUE(engine->initialize(&error)) << qPrintable(error);
        sessions = std::make_unique<Sessions>(*engine, storage);
    }

    QTemporaryDir dir;
    ManualClock clock;
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<Sessions> sessions;
};

TEST_F(SessionsTest, WrongPinsLockTheLoginForAMinuteAndSessionsExpire)
{
    auto bad = sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("0000"), 1, kDesk);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Unauthorized);
    for (int i = 0; i < 4; ++i)
        sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("0000"), 1, kDesk);
    auto locked = sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("1234"), 1, kDesk);
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, ErrorCode::LoginLocked);
    EXPECT_EQ(locked.error().retryAfterS, 60);
    EXPECT_TRUE(sessions->loginNow(QStringLiteral("petrov"), QStringLiteral("1234"), 2, kDesk).ok())
        << "the lock is per login";
    clock.advanceSec(61);
    auto ok = sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("1234"), 1, kDesk);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->window.state, WindowState::Open);
    EXPECT_EQ(ok->op.login, QStringLiteral("ivanova"));
    const auto s = sessions->session(ok->token);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->window, 1);
    EXPECT_FALSE(sessions->session(QStringLiteral("nope")).has_value());
    clock.advanceMin(17 * 60);
    EXPECT_FALSE(sessions->session(ok->token).has_value());
}

TEST_F(SessionsTest, AnAddressWithTenFailuresAMinuteIsRefusedWithRetryAfter)
{
    // Ten different (unknown) logins, so that no login lock comes first.
    for (int i = 0; i < 10; ++i) {
        auto r = sessions->loginNow(QStringLiteral("guess%1").arg(i), QStringLiteral("0000"), 1, kDesk);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::Unauthorized);
    }
    auto refused = sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("1234"), 1, kDesk);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::TooManyRequests);
    EXPECT_EQ(refused.error().retryAfterS, 60);
    EXPECT_TRUE(sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("1234"), 1, QHostAddress(QStringLiteral("10.0.0.8")))
                    .ok());
    clock.advanceSec(60);
    EXPECT_TRUE(sessions->loginNow(QStringLiteral("petrov"), QStringLiteral("1234"), 2, kDesk).ok());
}

TEST_F(SessionsTest, LoginElsewhereEndsTheOldSessionAndLogoutClosesTheWindow)
{
    auto first = sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("1234"), 1, kDesk);
    ASSERT_TRUE(first.ok());
    auto second = sessions->loginNow(QStringLiteral("ivanova"), QStringLiteral("1234"), 2, kDesk);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(engine->window(1)->state, WindowState::Closed);
    EXPECT_FALSE(sessions->session(first->token).has_value());
    ASSERT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
    ASSERT_TRUE(engine->call(2).ok());
    auto busy = sessions->logout(second->token);
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().code, ErrorCode::TicketActive);
    EXPECT_TRUE(sessions->session(second->token).has_value()) << "a refused logout keeps the session";
    engine->start(2);
    engine->finish(2, QStringLiteral("resolved"), QString());
    ASSERT_TRUE(sessions->logout(second->token).ok());
    EXPECT_EQ(engine->window(2)->state, WindowState::Closed);
    EXPECT_FALSE(sessions->session(second->token).has_value());
}

// The PIN is hashed on the worker thread: the answer never comes from inside checkPin.
TEST_F(SessionsTest, CheckPinAnswersLaterOnTheOwnersThread)
{
    std::optional<Result<PinChecked>> good, wrong;
    sessions->checkPin(QStringLiteral("ivanova"), QStringLiteral("1234"), kDesk, [&](Result<PinChecked> r) { good = r; });
    sessions->checkPin(QStringLiteral("petrov"), QStringLiteral("0000"), kDesk, [&](Result<PinChecked> r) { wrong = r; });
    EXPECT_FALSE(good.has_value());
    EXPECT_EQ(sessions->pendingChecks(), 2);
    ASSERT_TRUE(test::waitUntil([&] { return good.has_value() && wrong.has_value(); }));
    EXPECT_EQ(sessions->pendingChecks(), 0);
    ASSERT_TRUE(good->ok());
    EXPECT_EQ(good->value().login(), QStringLiteral("ivanova"));
    ASSERT_FALSE(wrong->ok());
    EXPECT_EQ(wrong->error().code, ErrorCode::Unauthorized);
    const auto opened = sessions->openSession(good->value(), 1);
    ASSERT_TRUE(opened.ok());
    EXPECT_TRUE(sessions->session(opened->token).has_value());
}

} // namespace
