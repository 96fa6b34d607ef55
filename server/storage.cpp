#include "storage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QUuid>
#include <QVariant>

#include <sqlite3.h>

#include <iterator>

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcStorage, "queue.storage")

namespace queue::server {

namespace {
// Numbered migrations, embedded from resources/sql/. Only append.
const char *const kMigrations[] = {
    "001_initial.sql",
    "002_number_index.sql",
    "003_devices.sql",
    "004_manager.sql",
    "005_booking.sql",
    "006_enrolment.sql",
    "007_ticket_page.sql",
    "008_audit.sql",
    "009_accounts.sql",
    "010_live_config.sql",
    "011_offline_leases.sql",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));
} // namespace

Storage::Storage(QObject *parent)
    : QObject(parent),
      m_connectionName(QStringLiteral("queue-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Storage::~Storage() { close(); }

void Storage::close()
{
    m_statements.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool Storage::open(const QString &path, Sync sync, QString *error)
{
    m_path = path;
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    if (!m_db.open()) {
        *error = QStringLiteral("cannot open database %1: %2").arg(path, m_db.lastError().text());
        return false;
    }
    const char *syncPragma = sync == Sync::Full ? "FULL" : sync == Sync::Normal ? "NORMAL" : "OFF";
    const QStringList pragmas{
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=") + QLatin1String(syncPragma),
        QStringLiteral("PRAGMA foreign_keys=ON"),
        QStringLiteral("PRAGMA busy_timeout=5000"),
        QStringLiteral("PRAGMA temp_store=MEMORY"),
        QStringLiteral("PRAGMA cache_size=-32000"),
    };
    for (const QString &p : pragmas) {
        QSqlQuery q(m_db);
        if (!q.exec(p)) {
            *error = QStringLiteral("database %1: %2 failed: %3").arg(path, p, q.lastError().text());
            return false;
        }
        if (p.contains(QLatin1String("journal_mode")) && q.next()
            && q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0
            && path != QLatin1String(":memory:")) {
            *error = QStringLiteral("database %1: cannot switch to WAL mode").arg(path);
            return false;
        }
    }
    if (!migrate(error))
        return false;
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM events")) && q.next())
        m_lastCommittedSeq = q.value(0).toLongLong();
    return true;
}

bool Storage::migrate(QString *error)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = QStringLiteral("database %1: cannot read the schema version").arg(m_path);
        return false;
    }
    const int current = q.value(0).toInt();
    if (current > kSchemaVersion) {
        *error = QStringLiteral("database %1 has schema version %2, newer than this server knows (%3)")
                     .arg(m_path)
                     .arg(current)
                     .arg(kSchemaVersion);
        return false;
    }
    for (int v = current + 1; v <= kSchemaVersion; ++v) {
        QFile f(QStringLiteral(":/queue/sql/") + QLatin1String(kMigrations[v - 1]));
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("migration %1 is missing from the build").arg(v);
            return false;
        }
        const QString script = QString::fromUtf8(f.readAll());
        if (!execRaw(QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
        // QSqlQuery runs one statement at a time: split on ';' at line ends.
        const QStringList statements = script.split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
        for (const QString &statement : statements) {
            QString sql;
            for (const QString &line : statement.split(QLatin1Char('\n')))
                if (!line.trimmed().startsWith(QLatin1String("--")))
                    sql += line + QLatin1Char('\n');
            if (sql.trimmed().isEmpty())
                continue;
            if (!execRaw(sql, error)) {
                execRaw(QStringLiteral("ROLLBACK"));
                *error = QStringLiteral("migration %1 failed: %2").arg(v).arg(*error);
                return false;
            }
        }
        if (!execRaw(QStringLiteral("PRAGMA user_version=%1").arg(v), error) || !execRaw(QStringLiteral("COMMIT"), error))
            return false;
        qCInfo(lcStorage) << "database migrated to schema version" << v;
    }
    return true;
}

QSqlQuery &Storage::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        auto q = std::make_shared<QSqlQuery>(m_db);
        if (!q->prepare(sql))
            qCCritical(lcStorage) << "cannot prepare" << sql << q->lastError().text();
        it = m_statements.insert(sql, q);
    }
    return **it;
}

bool Storage::exec(QSqlQuery &q)
{
    if (m_doomed) {
        // The transaction is gone: a statement now would run (and commit) on its own.
        qCWarning(lcStorage) << "not run, the transaction was lost to a disk failure:" << q.lastQuery();
        return false;
    }
    if (q.exec())
        return true;
    qCCritical(lcStorage) << "SQL failed:" << q.lastQuery() << q.lastError().text();
    noteFailure(q.lastError());
    return false;
}

namespace {
sqlite3 *handleOf(const QSqlDatabase &db)
{
    const QVariant handle = db.isValid() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.data());
}
} // namespace

bool Storage::inTransaction() const
{
    sqlite3 *h = handleOf(m_db);
    return !h || sqlite3_get_autocommit(h) == 0;   // cannot tell: assume it is still there
}

qint64 Storage::rowsChanged() const
{
    sqlite3 *h = handleOf(m_db);
    return h ? sqlite3_total_changes64(h) : 0;
}

void Storage::noteFailure(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;   // the primary result code
    QString problem;
    switch (code) {
    case SQLITE_FULL: problem = QStringLiteral("the disk is full"); break;
    case SQLITE_IOERR: problem = QStringLiteral("the disk reported an I/O error"); break;
    case SQLITE_READONLY: problem = QStringLiteral("the database is read-only"); break;
    case SQLITE_CANTOPEN: problem = QStringLiteral("a database file cannot be opened"); break;
    default: return;
    }
    ++m_diskFailures;
    if (m_depth > 0 && !inTransaction()) {
        qCCritical(lcStorage) << "the transaction was rolled back by SQLite after a disk failure; nothing of it is kept";
        m_doomed = true;
    }
    const QString message = problem + QStringLiteral(" (") + error.databaseText() + QLatin1Char(')');
    if (message != m_diskProblem) {
        m_diskProblem = message;
        emit diskProblemChanged(m_diskProblem);
    }
}

bool Storage::execRaw(const QString &sql, QString *error)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    qCWarning(lcStorage) << "SQL failed:" << sql << q.lastError().text();
    return false;
}

bool Storage::control(const QString &sql)
{
    // Transaction control runs several times per request: prepare it once.
    QSqlQuery &q = prepared(sql);
    if (q.exec())
        return true;
    qCWarning(lcStorage) << "SQL failed:" << sql << q.lastError().text();
    noteFailure(q.lastError());
    return false;
}

bool Storage::beginScope()
{
    if (m_doomed)
        return false;   // a savepoint now would open a transaction of its own
    const bool ok = m_depth == 0 ? control(QStringLiteral("BEGIN IMMEDIATE"))
                                 : control(QStringLiteral("SAVEPOINT s%1").arg(m_depth));
    if (!ok)
        return false;
    if (m_depth == 0)
        m_rowsAtBegin = rowsChanged();
    ++m_depth;
    m_scopeEventMarks.append(m_pendingEvents.size());
    return true;
}

bool Storage::commitScope()
{
    Q_ASSERT(m_depth > 0);
    --m_depth;
    m_scopeEventMarks.removeLast();
    if (m_depth > 0)
        return !m_doomed && control(QStringLiteral("RELEASE s%1").arg(m_depth));
    m_lastCommitFailed = m_doomed || !control(QStringLiteral("COMMIT"));
    if (m_lastCommitFailed) {
        if (inTransaction())
            control(QStringLiteral("ROLLBACK"));
        m_doomed = false;
        m_pendingEvents.clear();
        emit rolledBack();
        return false;
    }
    // Only a commit that wrote something shows the disk takes writes again (a read-only
    // one needs no room). The alarms' tick keeps trying to store the problem's alarm,
    // so the first write after space returns comes within a second.
    if (!m_diskProblem.isEmpty() && rowsChanged() != m_rowsAtBegin) {
        qCInfo(lcStorage) << "the database is written again after:" << m_diskProblem;
        m_diskProblem.clear();
        emit diskProblemChanged(QString());
    }
    if (!m_pendingEvents.isEmpty()) {
        const QList<StoredEvent> events = std::exchange(m_pendingEvents, {});
        m_lastCommittedSeq = events.last().seq;
        emit eventsCommitted(events);
    }
    return true;
}

void Storage::rollbackScope()
{
    Q_ASSERT(m_depth > 0);
    --m_depth;
    const int mark = m_scopeEventMarks.takeLast();
    m_pendingEvents.resize(mark);
    if (m_doomed) {
        // Nothing to undo: SQLite already rolled the whole transaction back.
        if (m_depth == 0)
            m_doomed = false;
    } else if (m_depth > 0) {
        control(QStringLiteral("ROLLBACK TO s%1").arg(m_depth));
        control(QStringLiteral("RELEASE s%1").arg(m_depth));
    } else {
        control(QStringLiteral("ROLLBACK"));
    }
    emit rolledBack();
}

qint64 Storage::appendEvent(qint64 atMs, const QString &type, qint64 ticketId, int window, QJsonObject event)
{
    Q_ASSERT(m_depth > 0);
    const qint64 seq = (m_pendingEvents.isEmpty() ? m_lastCommittedSeq : m_pendingEvents.last().seq) + 1;
    event.insert(QStringLiteral("seq"), seq);
    const QByteArray json = QJsonDocument(event).toJson(QJsonDocument::Compact);
    QSqlQuery &q = prepared(QStringLiteral(
        "INSERT INTO events(seq, at, type, ticket_id, window, data) VALUES (?, ?, ?, ?, ?, ?)"));
    q.bindValue(0, seq);
    q.bindValue(1, atMs);
    q.bindValue(2, type);
    q.bindValue(3, ticketId ? QVariant(ticketId) : QVariant());
    q.bindValue(4, window ? QVariant(window) : QVariant());
    q.bindValue(5, QString::fromUtf8(json));
    if (!exec(q))
        return 0;
    m_pendingEvents.append({seq, json});
    return seq;
}

QList<StoredEvent> Storage::eventsAfter(qint64 after, int limit)
{
    QList<StoredEvent> out;
    QSqlQuery &q = prepared(QStringLiteral("SELECT seq, data FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"));
    q.bindValue(0, after);
    q.bindValue(1, m_lastCommittedSeq);
    q.bindValue(2, limit);
    if (!exec(q))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString().toUtf8()});
    q.finish();
    return out;
}

bool Storage::backupTo(const QString &target, QString *error)
{
    const QVariant handle = m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        *error = QStringLiteral("the SQLite handle is not available");
        return false;
    }
    sqlite3 *source = *static_cast<sqlite3 *const *>(handle.data());
    sqlite3 *dest = nullptr;
    if (sqlite3_open(QFile::encodeName(target).constData(), &dest) != SQLITE_OK) {
        *error = QStringLiteral("cannot open %1: %2").arg(target, QString::fromUtf8(sqlite3_errmsg(dest)));
        sqlite3_close(dest);
        return false;
    }
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", source, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        rc = sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
    }
    const bool ok = rc == SQLITE_DONE;
    if (!ok)
        *error = QStringLiteral("backup to %1 failed: %2").arg(target, QString::fromUtf8(sqlite3_errmsg(dest)));
    sqlite3_close(dest);
    return ok;
}

// ---------------------------------------------------------------- backup and restore (other processes)

namespace {

// One raw SQLite connection, closed on scope exit.
struct RawDb {
    sqlite3 *h = nullptr;
    RawDb() = default;
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;
    ~RawDb() { close(); }
    void close()
    {
        if (h)
            sqlite3_close(h);
        h = nullptr;
    }
    QString errorText() const { return QString::fromUtf8(h ? sqlite3_errmsg(h) : "out of memory"); }
    bool open(const QString &path, int flags, QString *error)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &h, flags, nullptr) != SQLITE_OK) {
            *error = QStringLiteral("cannot open %1: %2").arg(path, errorText());
            close();
            return false;
        }
        sqlite3_busy_timeout(h, 10000);
        return true;
    }
    bool exec(const char *sql, QString *error)
    {
        char *msg = nullptr;
        if (sqlite3_exec(h, sql, nullptr, nullptr, &msg) == SQLITE_OK)
            return true;
        *error = QString::fromUtf8(msg ? msg : sqlite3_errmsg(h));
        sqlite3_free(msg);
        return false;
    }
    // The first column of the first row, as text ("" when there is none).
    bool value(const char *sql, QString *out, QString *error)
    {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) != SQLITE_OK) {
            *error = errorText();
            return false;
        }
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *out = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)));
        else
            out->clear();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            *error = errorText();
        sqlite3_finalize(st);
        return rc == SQLITE_ROW || rc == SQLITE_DONE;
    }
};

// Copies all of `from` into `to` as one consistent snapshot, waiting out short locks.
bool copyDatabase(RawDb &from, RawDb &to, QString *error)
{
    sqlite3_backup *b = sqlite3_backup_init(to.h, "main", from.h, "main");
    if (!b) {
        *error = to.errorText();
        return false;
    }
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 400; ++attempt) {
        rc = sqlite3_backup_step(b, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        *error = QString::fromUtf8(sqlite3_errstr(rc)) + QStringLiteral(": ") + from.errorText();
        return false;
    }
    return true;
}

bool checkIntegrity(RawDb &db, const QString &path, QString *error)
{
    QString result;
    if (!db.value("PRAGMA integrity_check", &result, error)) {
        *error = QStringLiteral("%1: %2").arg(path, *error);
        return false;
    }
    if (result != QLatin1String("ok")) {
        *error = QStringLiteral("%1 fails the integrity check: %2").arg(path, result);
        return false;
    }
    return true;
}

bool syncPath(const QString &path, int flags)
{
    const int fd = ::open(QFile::encodeName(path).constData(), flags | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

void removeWithSidecars(const QString &path)
{
    for (const char *suffix : {"", "-journal", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
}

} // namespace

bool Storage::backupFile(const QString &source, const QString &target, QString *error)
{
    if (!QFileInfo(source).isFile()) {
        *error = QStringLiteral("no database at %1").arg(source);
        return false;
    }
    if (QFileInfo(target).exists() && QFileInfo(target).canonicalFilePath() == QFileInfo(source).canonicalFilePath()) {
        *error = QStringLiteral("%1 is the database itself").arg(target);
        return false;
    }
    const QString part = target + QStringLiteral(".part");
    removeWithSidecars(part);
    QString copyError;
    bool ok = false;
    {
        RawDb from, to;
        ok = from.open(source, SQLITE_OPEN_READWRITE, error) && to.open(part, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
        if (ok && !copyDatabase(from, to, &copyError)) {
            *error = QStringLiteral("backup of %1 failed: %2").arg(source, copyError);
            ok = false;
        }
        // A self-contained file: no -wal beside it to forget when it is copied away.
        if (ok && !to.exec("PRAGMA journal_mode=DELETE", &copyError)) {
            *error = QStringLiteral("%1: %2").arg(part, copyError);
            ok = false;
        }
        ok = ok && checkIntegrity(to, part, error);
    }
    if (ok && !syncPath(part, O_RDONLY)) {
        *error = QStringLiteral("cannot flush %1 to disk").arg(part);
        ok = false;
    }
    if (ok && std::rename(QFile::encodeName(part).constData(), QFile::encodeName(target).constData()) != 0) {
        *error = QStringLiteral("cannot rename %1 to %2").arg(part, target);
        ok = false;
    }
    if (!ok) {
        removeWithSidecars(part);
        return false;
    }
    syncPath(QFileInfo(target).absolutePath(), O_RDONLY | O_DIRECTORY);
    return true;
}

bool Storage::restoreFile(const QString &source, const QString &target, const QString &savedCopy, QString *error)
{
    if (!QFileInfo(source).isFile()) {
        *error = QStringLiteral("no backup at %1").arg(source);
        return false;
    }
    if (QFileInfo(target).exists() && QFileInfo(target).canonicalFilePath() == QFileInfo(source).canonicalFilePath()) {
        *error = QStringLiteral("%1 is the database itself").arg(source);
        return false;
    }
    RawDb from;
    if (!from.open(source, SQLITE_OPEN_READONLY, error) || !checkIntegrity(from, source, error))
        return false;
    QString text;
    if (!from.value("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'tickets'", &text, error)
        || text.isEmpty()) {
        *error = QStringLiteral("%1 is not a queue database (no tickets table)").arg(source);
        return false;
    }
    if (!from.value("PRAGMA user_version", &text, error))
        return false;
    if (text.toInt() > kSchemaVersion) {
        *error = QStringLiteral("%1 has schema version %2, newer than this server knows (%3)")
                     .arg(source, text)
                     .arg(kSchemaVersion);
        return false;
    }

    const bool existed = QFileInfo(target).isFile() && QFileInfo(target).size() > 0;
    RawDb to;
    if (!to.open(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
        return false;
    // A running server keeps the database open: taking the exclusive lock fails at once.
    sqlite3_busy_timeout(to.h, 0);
    QString lockError;
    if (!to.exec("PRAGMA locking_mode=EXCLUSIVE", &lockError) || !to.exec("BEGIN EXCLUSIVE", &lockError)
        || !to.exec("COMMIT", &lockError)) {
        *error = QStringLiteral("the database %1 is in use (%2): stop queue-server first").arg(target, lockError);
        return false;
    }
    if (existed && !savedCopy.isEmpty()) {
        removeWithSidecars(savedCopy);
        RawDb saved;
        QString copyError;
        if (!saved.open(savedCopy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
            return false;
        if (!copyDatabase(to, saved, &copyError) || !saved.exec("PRAGMA journal_mode=DELETE", &copyError)) {
            *error = QStringLiteral("cannot keep the current database as %1: %2").arg(savedCopy, copyError);
            return false;
        }
    }
    QString copyError;
    if (!copyDatabase(from, to, &copyError)) {
        *error = QStringLiteral("restore into %1 failed: %2").arg(target, copyError);
        return false;
    }
    return checkIntegrity(to, target, error);
}

} // namespace queue::server
