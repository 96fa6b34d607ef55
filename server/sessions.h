#pragma once

#include "common/clock.h"
#include "common/protocol.h"
#include "result.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <optional>

namespace queue::server {

class QueueEngine;
class Storage;

// Called on a thread that checks PINs or passwords: it yields to the event loop.
void lowerHashingThreadPriority();

// Failed logins per source address over a sliding window (10 a minute by
// default): a LAN client guessing PINs is slowed down to that rate, and each
// guess costs a PBKDF2 hash on the server. Attempts still being checked count
// too, so a burst sent at once is held to the same number.
class LoginRateLimiter {
public:
    explicit LoginRateLimiter(const Clock &clock, int maxFailures = 10, qint64 windowMs = 60 * 1000);

    // Admits an attempt from `address` (0, the attempt now counts until
    // finish()) or refuses it: the seconds until the address may try again.
    qint64 admit(const QHostAddress &address);
    void finish(const QHostAddress &address, bool failed);
    int trackedAddresses() const { return static_cast<int>(m_entries.size()); }

private:
    struct Entry {
        QList<qint64> failures;   // times, oldest first, within the window
        int inFlight = 0;
    };
    static QString keyOf(const QHostAddress &address);
    void expire(Entry &e, qint64 now) const;
    void prune(qint64 now);

    const Clock &m_clock;
    const int m_maxFailures;
    const qint64 m_windowMs;
    QHash<QString, Entry> m_entries;
};

struct Session {
    QString login;
    int window = 0;
    qint64 expiresAt = 0;
};

struct LoginResult {
    QString token;
    OperatorInfo op;
    WindowInfo window;
};

// An operator whose PIN was checked; only Sessions makes one.
class PinChecked {
public:
    const QString &login() const { return m_login; }

private:
    friend class Sessions;
    explicit PinChecked(QString login) : m_login(std::move(login)) {}
    QString m_login;
};

// Operator login: the PIN check (PBKDF2 on a worker thread, so the event loop
// keeps serving kiosks while it runs), the lock of a login after five wrong
// PINs, the limit per source address, tokens and the `sessions` table. Taking
// the window is the engine's (QueueEngine::signIn).
class Sessions : public QObject {
    Q_OBJECT
public:
    Sessions(QueueEngine &engine, Storage &storage, QObject *parent = nullptr);
    ~Sessions() override;

    using PinDone = std::function<void(Result<PinChecked>)>;
    // Checks `pin` of `login` coming from `address`; `done` is called later on
    // this object's thread (never from inside this call).
    void checkPin(const QString &login, const QString &pin, const QHostAddress &address, PinDone done);
    // The checked operator takes `window`: a new token, their other session ended.
    // Writes inside the caller's storage scope (or its own).
    Result<LoginResult> openSession(const PinChecked &who, int window);
    // checkPin + openSession on the calling thread (tests, tools).
    Result<LoginResult> loginNow(const QString &login, const QString &pin, int window,
                                 const QHostAddress &address = QHostAddress::LocalHost);

    std::optional<Session> session(const QString &token) const;
    Result<bool> logout(const QString &token);

    // A deactivated operator (server/admin.cpp): their sessions end, and they leave
    // their window unless a ticket is still at it (the window then shows them until
    // the ticket is done; they cannot act, their token no longer works). Writes in the
    // caller's scope; false if the database failed.
    bool endSessionsOf(const QString &login);
    // Lifts the lock after too many wrong PINs; whether there was one.
    bool unlock(const QString &login);
    bool isLocked(const QString &login) const;

    // Hashes waiting for the worker thread, or running on it.
    int pendingChecks() const { return m_pending; }
    // The per-address limit of failed logins, shared with the accounts' password sign-in.
    LoginRateLimiter &limiter() { return m_limiter; }

private:
    // The part of a check before the hash: limits and locks. nullopt: go on and hash.
    std::optional<DomainError> admit(const QString &login, const QHostAddress &address);
    // The part after the hash, on this thread.
    Result<PinChecked> conclude(const QString &login, const QHostAddress &address, bool pinOk);
    QString storedHash(const QString &login) const;

    struct LoginFailures {
        int count = 0;
        qint64 lockedUntil = 0;
    };

    QueueEngine &m_engine;
    Storage &m_storage;
    const Clock &m_clock;
    LoginRateLimiter m_limiter;
    const QString m_dummyHash;
    QHash<QString, LoginFailures> m_loginFailures;
    int m_pending = 0;
    QThreadPool m_hashing;   // one thread: logins are rare, one at a time is enough
};

} // namespace queue::server
