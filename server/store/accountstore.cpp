#include "accountstore.h"

#include "statement.h"

namespace queue::server {

namespace {
const QString kColumns = QStringLiteral(
    "login, name, role, password_hash, active, version, created_at, password_changed_at, failed_logins, locked_until");

AccountStore::Account accountOf(const QSqlQuery &q)
{
    return AccountStore::Account{q.value(0).toString(),   q.value(1).toString(),   q.value(2).toString(),
                                 q.value(3).toString(),   q.value(4).toBool(),     q.value(5).toLongLong(),
                                 q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toInt(),
                                 q.value(9).toLongLong()};
}
} // namespace

std::optional<AccountStore::Account> AccountStore::account(const QString &login) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM accounts WHERE login = ?"),
                         {login});
    std::optional<Account> out;
    if (m_storage.exec(q) && q.next())
        out = accountOf(q);
    q.finish();
    return out;
}

bool AccountStore::putAccount(const Account &a)
{
    return run(m_storage,
               QStringLiteral("INSERT INTO accounts(login, name, role, password_hash, active, version, created_at, "
                              "password_changed_at, failed_logins, locked_until) VALUES (?, ?, ?, ?, 1, 1, ?, ?, 0, 0) "
                              "ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role, "
                              "password_hash = excluded.password_hash, active = 1, version = version + 1, "
                              "password_changed_at = excluded.password_changed_at, failed_logins = 0, locked_until = 0"),
               {a.login, a.name, a.role, a.passwordHash, a.createdAt, a.passwordChangedAt})
           && removeSessionsOf(a.login);
}

bool AccountStore::setPassword(const QString &login, const QString &passwordHash, qint64 at)
{
    return run(m_storage,
               QStringLiteral("UPDATE accounts SET password_hash = ?, password_changed_at = ?, version = version + 1, "
                              "failed_logins = 0, locked_until = 0 WHERE login = ?"),
               {passwordHash, at, login});
}

bool AccountStore::setFailures(const QString &login, int failedLogins, qint64 lockedUntil)
{
    return run(m_storage, QStringLiteral("UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE login = ?"),
               {failedLogins, lockedUntil, login});
}

std::optional<QList<AccountStore::Account>> AccountStore::accounts() const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM accounts ORDER BY login"), {});
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<Account> out;
    while (q.next())
        out.append(accountOf(q));
    q.finish();
    return out;
}

int AccountStore::maxIterationsHint() const
{
    const auto all = accounts();
    int most = 0;
    if (all)
        for (const Account &a : *all)
            most = qMax(most, a.passwordHash.section(QLatin1Char('$'), 1, 1).toInt());
    return most;
}

bool AccountStore::addSession(const QString &tokenHash, const Session &s)
{
    return run(m_storage,
               QStringLiteral("INSERT INTO account_sessions(token_hash, login, created_at, last_used_at) VALUES (?, ?, ?, ?)"),
               {tokenHash, s.login, s.createdAt, s.lastUsedAt});
}

std::optional<AccountStore::Session> AccountStore::session(const QString &tokenHash) const
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("SELECT login, created_at, last_used_at FROM account_sessions WHERE token_hash = ?"),
                         {tokenHash});
    std::optional<Session> out;
    if (m_storage.exec(q) && q.next())
        out = Session{q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong()};
    q.finish();
    return out;
}

bool AccountStore::touchSession(const QString &tokenHash, qint64 at)
{
    return run(m_storage, QStringLiteral("UPDATE account_sessions SET last_used_at = ? WHERE token_hash = ?"),
               {at, tokenHash});
}

int AccountStore::removeSession(const QString &tokenHash)
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("DELETE FROM account_sessions WHERE token_hash = ?"), {tokenHash});
    if (!m_storage.exec(q))
        return -1;
    const int n = q.numRowsAffected() > 0 ? 1 : 0;
    q.finish();
    return n;
}

bool AccountStore::removeSessionsOf(const QString &login, const QString &keepTokenHash)
{
    return run(m_storage, QStringLiteral("DELETE FROM account_sessions WHERE login = ? AND token_hash <> ?"),
               {login, keepTokenHash.isNull() ? QStringLiteral("") : keepTokenHash});
}

bool AccountStore::removeIdleSessions(qint64 lastUsedBefore)
{
    return run(m_storage, QStringLiteral("DELETE FROM account_sessions WHERE last_used_at < ?"), {lastUsedBefore});
}

} // namespace queue::server
