#include "accounts.h"

#include "pinhash.h"
#include "sessions.h"
#include "storage.h"
#include "store/auditstore.h"

#include "common/clock.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace queue::server {

namespace {

// Checks queued for the hashing thread at most; more answer 429 at once.
constexpr int kMaxPendingChecks = 64;
// A session's last use is written at most this often (every request would be a write).
constexpr qint64 kTouchEveryMs = 15 * 1000;

DomainError wrongPassword() { return {api::ErrorCode::Unauthorized, QStringLiteral("wrong login or password")}; }

QString randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString dummyHashWith(int iterations)
{
    return QStringLiteral("pbkdf2-sha256$%1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .arg(iterations > 0 ? iterations : pinhash::kDefaultIterations);
}

} // namespace

Accounts::Accounts(Storage &storage, const Clock &clock, LoginRateLimiter &limiter, std::function<qint64()> idleMs,
                   QObject *parent)
    : QObject(parent), m_storage(storage), m_clock(clock), m_limiter(limiter), m_idleMs(std::move(idleMs)),
      m_store(storage), m_dummyHash(dummyHashWith(pinhash::kDefaultIterations))
{
    m_hashing.setMaxThreadCount(1);
}

Accounts::~Accounts()
{
    m_hashing.clear();
    m_hashing.waitForDone();
}

QString Accounts::tokenHash(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString Accounts::csrfFor(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray(QByteArrayLiteral("csrf:") + token.toUtf8()), QCryptographicHash::Sha256).toHex());
}

std::optional<QString> Accounts::passwordProblem(const QString &password)
{
    if (password.size() < kMinPasswordLength)
        return QStringLiteral("the password must have at least %1 characters").arg(kMinPasswordLength);
    if (password.size() > kMaxPasswordLength)
        return QStringLiteral("the password must have at most %1 characters").arg(kMaxPasswordLength);
    return std::nullopt;
}

QString Accounts::storedHash(const QString &login) const
{
    const auto a = m_store.account(login);
    return a && a->active && pinhash::isWellFormed(a->passwordHash) ? a->passwordHash : m_dummyHash;
}

PasswordCheck Accounts::admit(const QString &login, const QHostAddress &address)
{
    PasswordCheck c;
    c.login = login;
    c.address = address;
    const qint64 now = m_clock.nowMs();
    const auto a = m_store.account(login);
    if (a && a->lockedUntil > now) {
        const qint64 s = (a->lockedUntil - now + 999) / 1000;
        c.refused = DomainError{api::ErrorCode::LoginLocked,
                                QStringLiteral("too many wrong passwords; try again in %1 s").arg(s), s};
        c.refusedOutcome = QStringLiteral("locked");
    } else if (m_pending >= kMaxPendingChecks) {
        c.refused = DomainError{api::ErrorCode::TooManyRequests, QStringLiteral("too many sign-ins at once; try again"), 1};
        c.refusedOutcome = QStringLiteral("rate_limited");
    } else if (const qint64 s = m_limiter.admit(address)) {
        c.refused = DomainError{api::ErrorCode::TooManyRequests,
                                QStringLiteral("too many failed logins from this address; try again in %1 s").arg(s), s};
        c.refusedOutcome = QStringLiteral("rate_limited");
    } else {
        c.admitted = true;
    }
    return c;
}

void Accounts::checkPassword(const QString &login, const QString &password, const QHostAddress &address, CheckDone done,
                             const QString &newPassword)
{
    PasswordCheck c = admit(login, address);
    if (!c.admitted) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done), c] { done(c); }, Qt::QueuedConnection);
        return;
    }
    m_pending += 1;
    const QString stored = storedHash(login);
    m_hashing.start([this, c, password, newPassword, stored, done = std::move(done)]() mutable {
        lowerHashingThreadPriority();
        c.passwordOk = pinhash::verify(password, stored);
        if (c.passwordOk && !newPassword.isEmpty())
            c.newHash = pinhash::hash(newPassword);
        QMetaObject::invokeMethod(
            this,
            [this, c, done = std::move(done)] {
                m_pending -= 1;
                done(c);
            },
            Qt::QueuedConnection);
    });
}

PasswordCheck Accounts::checkPasswordNow(const QString &login, const QString &password, const QHostAddress &address,
                                         const QString &newPassword)
{
    PasswordCheck c = admit(login, address);
    if (!c.admitted)
        return c;
    c.passwordOk = pinhash::verify(password, storedHash(login));
    if (c.passwordOk && !newPassword.isEmpty())
        c.newHash = pinhash::hash(newPassword);
    return c;
}

void Accounts::audit(const QString &actor, const QHostAddress &address, const QString &action, const QString &object,
                     const QString &outcome)
{
    AuditStore::Entry e;
    e.at = m_clock.nowMs();
    e.actor = actor;
    e.address = address.isNull() ? QString() : address.toString();
    e.action = action;
    e.object = object;
    e.outcome = outcome;
    AuditStore(m_storage).record(e);
}

void Accounts::countFailure(const QString &login)
{
    const auto a = m_store.account(login);
    if (!a)
        return;
    const int count = a->failedLogins + 1;
    if (count >= kMaxLoginFailures)
        m_store.setFailures(login, 0, m_clock.nowMs() + kLoginLockMs);
    else
        m_store.setFailures(login, count, a->lockedUntil);
}

Result<SignedIn> Accounts::finishLogin(const PasswordCheck &c)
{
    const auto a = m_store.account(c.login);
    const bool known = a && a->active;
    // An unknown login is not written down: people type their password into the
    // login field by mistake.
    const QString object = known ? QStringLiteral("account:") + c.login : QString();
    if (c.refused) {
        audit(QString(), c.address, QStringLiteral("auth.login"), object, c.refusedOutcome);
        return *c.refused;
    }
    const bool ok = known && c.passwordOk;
    m_limiter.finish(c.address, !ok);
    if (!ok) {
        if (known)
            countFailure(c.login);
        audit(QString(), c.address, QStringLiteral("auth.login"), object,
              known ? QStringLiteral("wrong_password") : QStringLiteral("unknown_login"));
        return wrongPassword();
    }
    const qint64 now = m_clock.nowMs();
    SignedIn s;
    s.token = randomToken();
    s.csrf = csrfFor(s.token);
    s.who = AccountSession{a->login, a->name, a->role, now + m_idleMs()};
    if ((a->failedLogins || a->lockedUntil) && !m_store.setFailures(c.login, 0, 0))
        return internalError();
    if (!m_store.addSession(tokenHash(s.token), AccountStore::Session{a->login, now, now}))
        return internalError();
    audit(QStringLiteral("account:") + a->login, c.address, QStringLiteral("auth.login"), object, QStringLiteral("ok"));
    return s;
}

Result<bool> Accounts::finishPasswordChange(const PasswordCheck &c, const QString &currentToken)
{
    const QString actor = QStringLiteral("account:") + c.login;
    if (c.refused) {
        audit(actor, c.address, QStringLiteral("auth.password"), actor, c.refusedOutcome);
        return *c.refused;
    }
    m_limiter.finish(c.address, !c.passwordOk);
    if (!c.passwordOk) {
        countFailure(c.login);
        audit(actor, c.address, QStringLiteral("auth.password"), actor, QStringLiteral("wrong_password"));
        return DomainError{api::ErrorCode::Forbidden, QStringLiteral("the old password is wrong")};
    }
    if (!m_store.setPassword(c.login, c.newHash, m_clock.nowMs())
        || !m_store.removeSessionsOf(c.login, tokenHash(currentToken)))
        return internalError();
    audit(actor, c.address, QStringLiteral("auth.password"), actor, QStringLiteral("ok"));
    return true;
}

std::optional<AccountSession> Accounts::session(const QString &token)
{
    if (token.isEmpty())
        return std::nullopt;
    const QString hash = tokenHash(token);
    const auto s = m_store.session(hash);
    if (!s)
        return std::nullopt;
    const qint64 now = m_clock.nowMs();
    const qint64 idle = m_idleMs();
    if (!sessionAlive(s->lastUsedAt, now, idle))
        return std::nullopt;
    const auto a = m_store.account(s->login);
    if (!a || !a->active)
        return std::nullopt;
    qint64 lastUsed = s->lastUsedAt;
    if (now - lastUsed >= kTouchEveryMs) {
        Scope scope(m_storage);
        if (m_store.touchSession(hash, now) && scope.commit())
            lastUsed = now;
    }
    return AccountSession{a->login, a->name, a->role, lastUsed + idle};
}

Result<bool> Accounts::signOut(const QString &token, const QHostAddress &address)
{
    const auto s = session(token);
    if (!s)
        return DomainError{api::ErrorCode::Unauthorized, QStringLiteral("no such session")};
    if (m_store.removeSession(tokenHash(token)) < 0)
        return internalError();
    audit(QStringLiteral("account:") + s->login, address, QStringLiteral("auth.logout"),
          QStringLiteral("account:") + s->login, QStringLiteral("ok"));
    return true;
}

Result<bool> Accounts::putAdministrator(const QString &login, const QString &password, const QString &actor)
{
    static const QRegularExpression loginShape(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!loginShape.match(login).hasMatch())
        return badRequest(QStringLiteral("the login must be 1 to 64 letters, digits, '.', '_' or '-'"));
    if (const auto problem = passwordProblem(password))
        return badRequest(*problem);
    const qint64 now = m_clock.nowMs();
    const auto existing = m_store.account(login);
    AccountStore::Account a;
    a.login = login;
    a.name = existing ? existing->name : login;
    a.role = QStringLiteral("administrator");
    a.passwordHash = pinhash::hash(password);
    a.createdAt = now;
    a.passwordChangedAt = now;
    Scope scope(m_storage);
    if (!scope.isOpen() || !m_store.putAccount(a))
        return internalError();
    AuditStore::Entry e;
    e.at = now;
    e.actor = actor;
    e.action = existing ? QStringLiteral("account.reset") : QStringLiteral("account.create");
    e.object = QStringLiteral("account:") + login;
    e.after = QByteArrayLiteral("{\"role\":\"administrator\",\"password\":\"(set)\"}");
    if (!AuditStore(m_storage).record(e) || !scope.commit())
        return internalError();
    return true;
}

void Accounts::purgeIdle()
{
    m_store.removeIdleSessions(m_clock.nowMs() - m_idleMs());
}

} // namespace queue::server
