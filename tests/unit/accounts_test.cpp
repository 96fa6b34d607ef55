// Personal accounts without a server process (server/accounts.h): the idle expiry of a
// session against a manual clock, the lock after five wrong passwords, the password rule,
// and the role rule of the route table.
#include "server/accounts.h"
#include "server/router.h"
#include "server/sessions.h"
#include "server/storage.h"
#include "server/store/auditstore.h"
#include "support/manualclock.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;

namespace {

constexpr qint64 kMinute = 60 * 1000;
const QString kPassword = QStringLiteral("correct-horse-1");

class AccountsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("a.db")), Storage::Sync::Normal, &error)) << qPrintable(error);
        ASSERT_TRUE(accounts.putAdministrator(QStringLiteral("admin"), kPassword, QStringLiteral("cli")));
    }
    Result<SignedIn> signIn(const QString &password, const QString &login = QStringLiteral("admin"))
    {
        Scope scope(storage);
        auto r = accounts.finishLogin(accounts.checkPasswordNow(login, password, QHostAddress(QStringLiteral("10.0.0.7"))));
        EXPECT_TRUE(scope.commit());
        return r;
    }
    QStringList outcomes()
    {
        QStringList out;
        for (const AuditStore::Entry &e : AuditStore(storage).find({}).value_or(QList<AuditStore::Entry>{}))
            if (e.action == QLatin1String("auth.login"))
                out.prepend(e.outcome);
        return out;
    }

    QTemporaryDir dir;
    Storage storage;
    test::ManualClock clock{1'800'000'000'000};
    LoginRateLimiter limiter{clock};
    qint64 idleMs = 30 * kMinute;
    Accounts accounts{storage, clock, limiter, [this] { return idleMs; }};
};

TEST(AccountRules, ASessionIsAliveUntilTheIdleLimit)
{
    EXPECT_TRUE(Accounts::sessionAlive(1000, 1000, 30 * kMinute));
    EXPECT_TRUE(Accounts::sessionAlive(1000, 1000 + 30 * kMinute - 1, 30 * kMinute));
    EXPECT_FALSE(Accounts::sessionAlive(1000, 1000 + 30 * kMinute, 30 * kMinute));
}

TEST(AccountRules, PasswordsHaveAtLeastTenCharacters)
{
    EXPECT_TRUE(Accounts::passwordProblem(QStringLiteral("123456789")).has_value());
    EXPECT_FALSE(Accounts::passwordProblem(QStringLiteral("1234567890")).has_value());
    EXPECT_TRUE(Accounts::passwordProblem(QString(201, QLatin1Char('x'))).has_value());
}

TEST(AccountRules, AnAdministratorMayDoWhatAManagerMayAndNotTheReverse)
{
    const QStringList manager{QStringLiteral("manager")};
    const QStringList administrator{QStringLiteral("administrator")};
    EXPECT_TRUE(Router::allows(manager, QStringLiteral("administrator")));
    EXPECT_TRUE(Router::allows(manager, QStringLiteral("manager")));
    EXPECT_FALSE(Router::allows(administrator, QStringLiteral("manager")));
    EXPECT_FALSE(Router::allows(manager, QStringLiteral("kiosk")));
    EXPECT_TRUE(Router::allows({}, QStringLiteral("kiosk")));
}

TEST(AccountRules, TheCsrfValueIsDerivedFromTheTokenAndDoesNotContainIt)
{
    const QString a = Accounts::csrfFor(QStringLiteral("token-a"));
    EXPECT_EQ(a, Accounts::csrfFor(QStringLiteral("token-a")));
    EXPECT_NE(a, Accounts::csrfFor(QStringLiteral("token-b")));
    EXPECT_FALSE(a.contains(QStringLiteral("token-a")));
}

TEST_F(AccountsTest, ASessionEndsAfterThirtyIdleMinutesAndEachUseExtendsIt)
{
    const auto s = signIn(kPassword);
    ASSERT_TRUE(s) << qPrintable(s.error().message);
    EXPECT_EQ(s.value().who.role, QStringLiteral("administrator"));
    EXPECT_EQ(s.value().who.expiresAt, clock.nowMs() + 30 * kMinute);

    clock.advanceMin(29);
    const auto used = accounts.session(s.value().token);   // used: the idle time starts again
    ASSERT_TRUE(used);
    EXPECT_EQ(used->expiresAt, clock.nowMs() + 30 * kMinute);
    clock.advanceMin(29);
    EXPECT_TRUE(accounts.session(s.value().token));
    clock.advanceMin(30);
    EXPECT_FALSE(accounts.session(s.value().token));
}

TEST_F(AccountsTest, TheIdleLimitComesFromTheConfiguration)
{
    idleMs = 5 * kMinute;
    const auto s = signIn(kPassword);
    ASSERT_TRUE(s);
    clock.advanceMin(4);
    EXPECT_TRUE(accounts.session(s.value().token));
    clock.advanceMin(5);
    EXPECT_FALSE(accounts.session(s.value().token));
}

TEST_F(AccountsTest, FiveWrongPasswordsLockTheLoginForAMinute)
{
    for (int i = 0; i < 5; ++i) {
        const auto r = signIn(QStringLiteral("wrong-password-%1").arg(i));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, api::ErrorCode::Unauthorized);
    }
    const auto locked = signIn(kPassword);
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, api::ErrorCode::LoginLocked);
    EXPECT_GT(locked.error().retryAfterS, 0);
    clock.advanceSec(61);
    EXPECT_TRUE(signIn(kPassword));
    EXPECT_EQ(outcomes(), (QStringList{QStringLiteral("wrong_password"), QStringLiteral("wrong_password"),
                                       QStringLiteral("wrong_password"), QStringLiteral("wrong_password"),
                                       QStringLiteral("wrong_password"), QStringLiteral("locked"), QStringLiteral("ok")}));
}

TEST_F(AccountsTest, AnUnknownLoginIsAuditedWithoutTheTextTyped)
{
    EXPECT_FALSE(signIn(kPassword, QStringLiteral("my-secret-typed-as-login")));
    const auto entries = AuditStore(storage).find({}).value();
    ASSERT_FALSE(entries.isEmpty());
    EXPECT_EQ(entries.first().outcome, QStringLiteral("unknown_login"));
    EXPECT_TRUE(entries.first().object.isEmpty());
}

TEST_F(AccountsTest, ResettingAnAdministratorEndsItsSessionsAndChangesThePassword)
{
    const auto s = signIn(kPassword);
    ASSERT_TRUE(s);
    ASSERT_TRUE(accounts.putAdministrator(QStringLiteral("admin"), QStringLiteral("new-password-2"), QStringLiteral("cli")));
    EXPECT_FALSE(accounts.session(s.value().token));
    EXPECT_FALSE(signIn(kPassword));
    EXPECT_TRUE(signIn(QStringLiteral("new-password-2")));
}

TEST_F(AccountsTest, IdleSessionsArePurged)
{
    const auto s = signIn(kPassword);
    ASSERT_TRUE(s);
    clock.advanceMin(31);
    Scope scope(storage);
    accounts.purgeIdle();
    ASSERT_TRUE(scope.commit());
    EXPECT_FALSE(accounts.store().session(Accounts::tokenHash(s.value().token)));
}

} // namespace
