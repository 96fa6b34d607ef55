#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace queue::server {

struct StoredEvent {
    qint64 seq = 0;
    QByteArray json;   // the complete event as sent on the stream
};

// The one SQLite writer connection. WAL, synchronous=FULL by default.
//
// Changes happen in nested scopes: the outermost scope is a transaction
// (BEGIN IMMEDIATE … COMMIT), inner ones are savepoints, so the API layer can
// put a whole batch of requests into one commit (group commit) while each
// request still succeeds or fails on its own. Events appended inside a scope
// are announced by eventsCommitted() only after the outermost COMMIT is on disk.
class Storage : public QObject {
    Q_OBJECT
public:
    enum class Sync { Full, Normal, Off };

    explicit Storage(QObject *parent = nullptr);
    ~Storage() override;

    bool open(const QString &path, Sync sync, QString *error);
    void close();
    QString path() const { return m_path; }

    // A cached prepared statement for `sql` (prepared once per connection).
    QSqlQuery &prepared(const QString &sql);
    // Runs a statement; false (and a log line) on failure.
    bool exec(QSqlQuery &q);
    bool execRaw(const QString &sql, QString *error = nullptr);

    bool beginScope();
    bool commitScope();
    void rollbackScope();
    int depth() const { return m_depth; }
    bool lastCommitFailed() const { return m_lastCommitFailed; }

    // Writes the disk refused (full, I/O error, read-only): how many since start, and
    // what the last one was ("" once a commit got through again). After such a failure
    // SQLite may have rolled back the whole transaction on its own; the open scopes are
    // then doomed: every later statement, savepoint and the final commit of that
    // transaction fail, so nothing of it runs outside a transaction or is half-kept.
    qint64 diskFailures() const { return m_diskFailures; }
    QString diskProblem() const { return m_diskProblem; }

    // Stores an event; `json` gets "seq" filled in. Returns the seq, 0 on failure.
    qint64 appendEvent(qint64 atMs, const QString &type, qint64 ticketId, int window, QJsonObject event);
    qint64 lastCommittedSeq() const { return m_lastCommittedSeq; }
    // Committed events with seq in (after, lastCommittedSeq], at most `limit`.
    QList<StoredEvent> eventsAfter(qint64 after, int limit);

    // Copies the live database to `target` (SQLite online backup, safe while serving).
    bool backupTo(const QString &target, QString *error);

    // `queue-server --backup`: copies the database file `source` to `target` from another
    // process while the server keeps writing (SQLite online backup of one consistent
    // snapshot; WAL readers never block the writer). The copy is a self-contained
    // rollback-journal file, checked with integrity_check, written next to `target` and
    // renamed over it only when complete.
    static bool backupFile(const QString &source, const QString &target, QString *error);
    // `queue-server --restore`: replaces the database `target` with the backup `source`.
    // Refuses a backup that fails integrity_check or comes from a newer server, and a
    // target that another connection (a running server) has open. When `target` had data,
    // it is first copied to `savedCopy` (if not empty).
    static bool restoreFile(const QString &source, const QString &target, const QString &savedCopy, QString *error);

signals:
    void eventsCommitted(const QList<queue::server::StoredEvent> &events);
    // Some changes were undone: in-memory copies of the data must be reloaded.
    void rolledBack();
    // The disk refused a write (`problem` says why), or a commit got through again ("").
    void diskProblemChanged(const QString &problem);

private:
    bool migrate(QString *error);
    bool control(const QString &sql);
    // Looks at a failed statement's error: a disk failure is counted and may doom the
    // open transaction (see diskFailures()).
    void noteFailure(const QSqlError &error);
    bool inTransaction() const;

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    int m_depth = 0;
    QList<int> m_scopeEventMarks;
    QList<StoredEvent> m_pendingEvents;
    qint64 m_lastCommittedSeq = 0;
    bool m_lastCommitFailed = false;
    qint64 m_diskFailures = 0;
    QString m_diskProblem;
    bool m_doomed = false;   // the open transaction is gone (SQLite rolled it back)
};

// RAII scope: rolls back unless commit() succeeded.
class Scope {
public:
    explicit Scope(Storage &s) : m_storage(s), m_open(s.beginScope()) {}
    ~Scope()
    {
        if (m_open)
            m_storage.rollbackScope();
    }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;
    bool isOpen() const { return m_open; }
    bool commit()
    {
        if (!m_open)
            return false;
        m_open = false;
        return m_storage.commitScope();
    }

private:
    Storage &m_storage;
    bool m_open;
};

} // namespace queue::server
