#pragma once

#include "result.h"
#include "store/accountstore.h"

#include <QHostAddress>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <optional>

namespace queue {
class Clock;
}

namespace queue::server {

class LoginRateLimiter;
class Storage;

// Who an account session belongs to.
struct AccountSession {
    QString login;
    QString name;
    QString role;          // administrator, manager
    qint64 expiresAt = 0;  // when it ends unless used before
};

struct SignedIn {
    QString token;         // the bearer token, also the session cookie's value
    QString csrf;          // what a cookie-authenticated change must send in X-CSRF-Token
    AccountSession who;
};

// What the part of a sign-in (or a password change) done off the event loop found.
struct PasswordCheck {
    QString login;
    QHostAddress address;
    std::optional<DomainError> refused;   // before any hash: locked, rate-limited, busy
    QString refusedOutcome;               // its audit outcome: "locked", "rate_limited"
    bool admitted = false;                // counted by the per-address limiter
    bool passwordOk = false;
    QString newHash;                      // a password change: the new password's hash
};

// Personal accounts (administrator, manager): the password check (PBKDF2 on a worker
// thread, never on the event loop), the lock of a login after five wrong passwords,
// the per-address limiter shared with the operators' PIN logins, sessions that end
// after an idle time, and the audit of every sign-in, sign-out and password change.
// The statements are AccountStore's; writes happen inside the caller's storage scope.
class Accounts : public QObject {
    Q_OBJECT
public:
    static constexpr int kMinPasswordLength = 10;
    static constexpr int kMaxPasswordLength = 200;
    static constexpr int kMaxLoginFailures = 5;
    static constexpr qint64 kLoginLockMs = 60 * 1000;
    static constexpr char kCookie[] = "queue_session";
    static constexpr char kCsrfCookie[] = "queue_csrf";

    // `idleMs` says the idle limit of a session (the office's accounts.session_idle_min).
    Accounts(Storage &storage, const Clock &clock, LoginRateLimiter &limiter, std::function<qint64()> idleMs,
             QObject *parent = nullptr);
    ~Accounts() override;

    static QString tokenHash(const QString &token);
    // The CSRF value that goes with a session token (derived, so nothing more is stored;
    // it does not reveal the token).
    static QString csrfFor(const QString &token);
    // The pure idle rule: a session last used at `lastUsedAt` is alive at `now`.
    static bool sessionAlive(qint64 lastUsedAt, qint64 now, qint64 idleMs) { return now - lastUsedAt < idleMs; }
    // nullopt, or what is wrong with a new password.
    static std::optional<QString> passwordProblem(const QString &password);

    using CheckDone = std::function<void(PasswordCheck)>;
    // Checks `password` of `login` from `address` (and hashes `newPassword` when given);
    // `done` is called later on this object's thread, never from inside this call.
    void checkPassword(const QString &login, const QString &password, const QHostAddress &address, CheckDone done,
                       const QString &newPassword = QString());
    // The same on the calling thread (in-process callers, tests).
    PasswordCheck checkPasswordNow(const QString &login, const QString &password, const QHostAddress &address,
                                   const QString &newPassword = QString());

    // The rest of a sign-in, inside the caller's scope: the failure count or lock, the
    // audit entry and, when the password was right, a new session.
    Result<SignedIn> finishLogin(const PasswordCheck &check);
    // The rest of a password change by the signed-in `login`: its other sessions end.
    Result<bool> finishPasswordChange(const PasswordCheck &check, const QString &currentToken);

    // The session of `token` if it is alive (and marks it used); nullopt otherwise.
    std::optional<AccountSession> session(const QString &token);
    Result<bool> signOut(const QString &token, const QHostAddress &address);
    // Creates or resets an administrator (queue-server --add-admin), audited as `actor`.
    Result<bool> putAdministrator(const QString &login, const QString &password, const QString &actor);
    // Ends sessions idle for longer than the limit.
    void purgeIdle();

    int pendingChecks() const { return m_pending; }
    AccountStore &store() { return m_store; }

private:
    PasswordCheck admit(const QString &login, const QHostAddress &address);
    QString storedHash(const QString &login) const;
    void audit(const QString &actor, const QHostAddress &address, const QString &action, const QString &object,
               const QString &outcome);
    // A wrong password: counted for the login, locked after kMaxLoginFailures.
    void countFailure(const QString &login);

    Storage &m_storage;
    const Clock &m_clock;
    LoginRateLimiter &m_limiter;
    std::function<qint64()> m_idleMs;
    mutable AccountStore m_store;
    QString m_dummyHash;
    int m_pending = 0;
    QThreadPool m_hashing;   // one thread: sign-ins are rare
};

} // namespace queue::server
