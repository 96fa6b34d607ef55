#include "sessions.h"

#include "pinhash.h"
#include "queueengine.h"
#include "storage.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QVariant>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

namespace queue::server {

namespace {

constexpr qint64 kSessionLifetimeMs = 16LL * 3600 * 1000;
constexpr int kMaxLoginFailures = 5;
constexpr qint64 kLoginLockMs = 60 * 1000;
// Checks queued for the hashing thread at most; more answer 429 at once.
constexpr int kMaxPendingChecks = 64;
constexpr int kMaxTrackedLogins = 1000;

// What an unknown login is checked against: as many iterations as the office's
// operators have, so that the answer's timing does not tell which logins exist.
QString dummyHash(const OfficeConfig &config)
{
    int iterations = 0;
    for (const OperatorConfig &op : config.operators)
        iterations = qMax(iterations, pinhash::iterations(op.pinHash));
    return QStringLiteral("pbkdf2-sha256$%1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .arg(iterations ? iterations : pinhash::kDefaultIterations);
}

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

DomainError wrongPin() { return {api::ErrorCode::Unauthorized, QStringLiteral("wrong login or PIN")}; }

} // namespace

// The hashing thread yields to the event loop when both want a core: a kiosk's
// ticket must not wait for someone's PIN. Nice 10, not 19 nor SCHED_IDLE: on a busy machine
// logins still get their share (at nice 19 a login took over 2 min beside two compilers,
// docs/BENCHMARKS.md). On Linux, setpriority(PRIO_PROCESS, 0) is per thread.
void lowerHashingThreadPriority()
{
#ifdef Q_OS_LINUX
    static thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        setpriority(PRIO_PROCESS, 0, 10);
    }
#endif
}

// ---------------------------------------------------------------- LoginRateLimiter

LoginRateLimiter::LoginRateLimiter(const Clock &clock, int maxFailures, qint64 windowMs)
    : m_clock(clock), m_maxFailures(maxFailures), m_windowMs(windowMs)
{
}

QString LoginRateLimiter::keyOf(const QHostAddress &address)
{
    // ::ffff:10.0.0.5 and 10.0.0.5 are one client.
    bool v4 = false;
    const quint32 ip4 = address.toIPv4Address(&v4);
    return v4 ? QHostAddress(ip4).toString() : address.toString();
}

void LoginRateLimiter::expire(Entry &e, qint64 now) const
{
    while (!e.failures.isEmpty() && e.failures.first() <= now - m_windowMs)
        e.failures.removeFirst();
}

void LoginRateLimiter::prune(qint64 now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        expire(it.value(), now);
        if (it->failures.isEmpty() && it->inFlight == 0)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

qint64 LoginRateLimiter::admit(const QHostAddress &address)
{
    const qint64 now = m_clock.nowMs();
    if (m_entries.size() > 4096)
        prune(now);
    Entry &e = m_entries[keyOf(address)];
    expire(e, now);
    if (e.failures.size() + e.inFlight >= m_maxFailures) {
        if (e.failures.isEmpty() || e.failures.size() < m_maxFailures)
            return 1;   // the rest are still being checked: soon
        return qMax<qint64>(1, (e.failures.first() + m_windowMs - now + 999) / 1000);
    }
    e.inFlight += 1;
    return 0;
}

void LoginRateLimiter::finish(const QHostAddress &address, bool failed)
{
    const QString key = keyOf(address);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return;
    it->inFlight = qMax(0, it->inFlight - 1);
    if (failed)
        it->failures.append(m_clock.nowMs());
    else if (it->failures.isEmpty() && it->inFlight == 0)
        m_entries.erase(it);
}

// ---------------------------------------------------------------- Sessions

Sessions::Sessions(QueueEngine &engine, Storage &storage, QObject *parent)
    : QObject(parent),
      m_engine(engine),
      m_storage(storage),
      m_clock(engine.clock()),
      m_limiter(engine.clock()),
      m_dummyHash(dummyHash(engine.config()))
{
    m_hashing.setMaxThreadCount(1);
}

Sessions::~Sessions()
{
    // The answers of checks still running are dropped with this object.
    m_hashing.clear();
    m_hashing.waitForDone();
}

QString Sessions::storedHash(const QString &login) const
{
    const OperatorConfig *op = m_engine.config().findActiveOperator(login);
    return op && pinhash::isWellFormed(op->pinHash) ? op->pinHash : m_dummyHash;
}

std::optional<DomainError> Sessions::admit(const QString &login, const QHostAddress &address)
{
    const qint64 now = m_clock.nowMs();
    const auto failures = m_loginFailures.constFind(login);
    if (failures != m_loginFailures.cend() && failures->lockedUntil > now) {
        const qint64 s = (failures->lockedUntil - now + 999) / 1000;
        return DomainError{api::ErrorCode::LoginLocked, QStringLiteral("too many wrong PINs; try again in %1 s").arg(s), s};
    }
    if (m_pending >= kMaxPendingChecks)
        return DomainError{api::ErrorCode::TooManyRequests, QStringLiteral("too many logins at once; try again"), 1};
    if (const qint64 s = m_limiter.admit(address))
        return DomainError{api::ErrorCode::TooManyRequests,
                           QStringLiteral("too many failed logins from this address; try again in %1 s").arg(s), s};
    return std::nullopt;
}

Result<PinChecked> Sessions::conclude(const QString &login, const QHostAddress &address, bool pinOk)
{
    const bool known = m_engine.config().findActiveOperator(login) != nullptr;
    const bool ok = pinOk && known;
    m_limiter.finish(address, !ok);
    if (!ok) {
        if (m_loginFailures.size() > kMaxTrackedLogins) {
            const qint64 now = m_clock.nowMs();
            for (auto it = m_loginFailures.begin(); it != m_loginFailures.end();)
                it = it->lockedUntil > now ? std::next(it) : m_loginFailures.erase(it);
        }
        LoginFailures &f = m_loginFailures[login];
        if (++f.count >= kMaxLoginFailures)
            f = {0, m_clock.nowMs() + kLoginLockMs};
        return wrongPin();
    }
    m_loginFailures.remove(login);
    return PinChecked(login);
}

void Sessions::checkPin(const QString &login, const QString &pin, const QHostAddress &address, PinDone done)
{
    if (auto refused = admit(login, address)) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done), e = *refused] { done(e); }, Qt::QueuedConnection);
        return;
    }
    m_pending += 1;
    const QString stored = storedHash(login);
    m_hashing.start([this, login, pin, stored, address, done = std::move(done)]() mutable {
        lowerHashingThreadPriority();
        const bool pinOk = pinhash::verify(pin, stored);
        // Back on the owner's thread (the destructor waits for this thread, and
        // drops the answers not yet delivered).
        QMetaObject::invokeMethod(
            this,
            [this, login, address, pinOk, done = std::move(done)] {
                m_pending -= 1;
                done(conclude(login, address, pinOk));
            },
            Qt::QueuedConnection);
    });
}

Result<LoginResult> Sessions::loginNow(const QString &login, const QString &pin, int window, const QHostAddress &address)
{
    if (auto refused = admit(login, address))
        return *refused;
    const auto checked = conclude(login, address, pinhash::verify(pin, storedHash(login)));
    if (!checked)
        return checked.error();
    return openSession(checked.value(), window);
}

Result<LoginResult> Sessions::openSession(const PinChecked &who, int window)
{
    const QString &login = who.login();
    const OperatorConfig *op = m_engine.config().findActiveOperator(login);
    if (!op)
        return wrongPin();
    const qint64 now = m_clock.nowMs();
    Scope scope(m_storage);
    if (!scope.isOpen())
        return internalError();
    const auto taken = m_engine.signIn(login, window);
    if (!taken)
        return taken.error();
    QString token;
    for (int i = 0; i < 4; ++i)
        token += QString::fromLatin1(QByteArray::number(QRandomGenerator::system()->generate64(), 16));
    QSqlQuery &end = m_storage.prepared(QStringLiteral("DELETE FROM sessions WHERE login = ? OR window = ?"));
    end.bindValue(0, login);
    end.bindValue(1, window);
    if (!m_storage.exec(end))
        return internalError();
    QSqlQuery &ins = m_storage.prepared(QStringLiteral(
        "INSERT INTO sessions(token_hash, login, window, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"));
    ins.bindValue(0, tokenHash(token));
    ins.bindValue(1, login);
    ins.bindValue(2, window);
    ins.bindValue(3, now);
    ins.bindValue(4, now + kSessionLifetimeMs);
    if (!m_storage.exec(ins) || !scope.commit())
        return internalError();
    return LoginResult{token, OperatorInfo{op->login, op->name}, taken.value()};
}

std::optional<Session> Sessions::session(const QString &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT login, window, expires_at FROM sessions WHERE token_hash = ?"));
    q.bindValue(0, tokenHash(token));
    if (!m_storage.exec(q) || !q.next())
        return std::nullopt;
    Session s{q.value(0).toString(), q.value(1).toInt(), q.value(2).toLongLong()};
    q.finish();
    const OfficeConfig &config = m_engine.config();
    if (s.expiresAt <= m_clock.nowMs() || !config.findActiveOperator(s.login) || !config.window(s.window))
        return std::nullopt;
    return s;
}

bool Sessions::endSessionsOf(const QString &login)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT window FROM sessions WHERE login = ?"));
    q.bindValue(0, login);
    if (!m_storage.exec(q))
        return false;
    QList<int> windows;
    while (q.next())
        windows.append(q.value(0).toInt());
    q.finish();
    QSqlQuery &end = m_storage.prepared(QStringLiteral("DELETE FROM sessions WHERE login = ?"));
    end.bindValue(0, login);
    if (!m_storage.exec(end))
        return false;
    for (int window : std::as_const(windows)) {
        const auto left = m_engine.signOut(login, window);
        if (!left && left.error().code == api::ErrorCode::Internal)
            return false;
    }
    return true;
}

bool Sessions::unlock(const QString &login) { return m_loginFailures.remove(login) > 0; }

bool Sessions::isLocked(const QString &login) const
{
    const auto it = m_loginFailures.constFind(login);
    return it != m_loginFailures.cend() && it->lockedUntil > m_clock.nowMs();
}

Result<bool> Sessions::logout(const QString &token)
{
    const auto s = session(token);
    if (!s)
        return DomainError{api::ErrorCode::Unauthorized, QStringLiteral("no such session")};
    if (const auto can = m_engine.canSignOut(s->window); !can)
        return can;
    Scope scope(m_storage);
    QSqlQuery &q = m_storage.prepared(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"));
    q.bindValue(0, tokenHash(token));
    if (!m_storage.exec(q))
        return internalError();
    const auto left = m_engine.signOut(s->login, s->window);
    if (!left)
        return left;
    if (!scope.commit())
        return internalError();
    return true;
}

} // namespace queue::server
