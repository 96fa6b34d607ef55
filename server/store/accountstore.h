#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The tables of personal accounts (migration 009): `accounts` and `account_sessions`.
// Every statement on them is here. Passwords are stored only as PBKDF2 hashes, session
// tokens only as SHA-256 hashes; writes happen inside the caller's storage scope.
class AccountStore {
public:
    explicit AccountStore(Storage &storage) : m_storage(storage) {}

    struct Account {
        QString login;
        QString name;
        QString role;            // administrator, manager
        QString passwordHash;
        bool active = true;
        qint64 version = 1;
        qint64 createdAt = 0;
        qint64 passwordChangedAt = 0;
        int failedLogins = 0;
        qint64 lockedUntil = 0;
    };
    std::optional<Account> account(const QString &login) const;
    // Creates the account, or gives an existing one this role, name and password
    // (unlocked, active, its sessions ended). False on failure.
    bool putAccount(const Account &account);
    bool setPassword(const QString &login, const QString &passwordHash, qint64 at);
    // The wrong-password count and lock after a check.
    bool setFailures(const QString &login, int failedLogins, qint64 lockedUntil);
    std::optional<QList<Account>> accounts() const;
    // The highest PBKDF2 iteration count among the stored hashes (for the dummy hash).
    int maxIterationsHint() const;

    struct Session {
        QString login;
        qint64 createdAt = 0;
        qint64 lastUsedAt = 0;
    };
    bool addSession(const QString &tokenHash, const Session &session);
    std::optional<Session> session(const QString &tokenHash) const;
    bool touchSession(const QString &tokenHash, qint64 at);
    // 1 when it was there, 0 when not, -1 on failure.
    int removeSession(const QString &tokenHash);
    // Every session of `login` except `keepTokenHash` ("" for none); false on failure.
    bool removeSessionsOf(const QString &login, const QString &keepTokenHash = QString());
    bool removeIdleSessions(qint64 lastUsedBefore);

private:
    Storage &m_storage;
};

} // namespace queue::server
