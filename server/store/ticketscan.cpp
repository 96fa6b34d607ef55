#include "ticketscan.h"

#include "ratingstore.h"

#include <QFile>

#include <sqlite3.h>

namespace queue::server {

namespace {

QByteArrayView text(sqlite3_stmt *st, int column)
{
    return QByteArrayView(reinterpret_cast<const char *>(sqlite3_column_text(st, column)), sqlite3_column_bytes(st, column));
}

} // namespace

TicketScan::~TicketScan()
{
    if (m_db)
        sqlite3_close(m_db);
}

bool TicketScan::open(const QString &databasePath, QString *error)
{
    if (m_db) {
        sqlite3_close(m_db);
        m_db = nullptr;
    }
    const int rc = sqlite3_open_v2(QFile::encodeName(databasePath).constData(), &m_db,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        *error = QStringLiteral("cannot open %1 for reports: %2").arg(databasePath, QString::fromUtf8(sqlite3_errmsg(m_db)));
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    }
    sqlite3_busy_timeout(m_db, 2000);
    return true;
}

bool TicketScan::scan(const QDate &from, const QDate &to, const std::function<void(const Row &)> &visit, QString *error)
{
    if (!m_db) {
        *error = QStringLiteral("the report database is not open");
        return false;
    }
    // The score comes from the ratings table's owner (server/store/ratingstore.h).
    static const QByteArray kSql = QByteArrayLiteral(
        "SELECT t.business_day, t.service, t.priority, t.state, t.issued_at, t.called_at, t.started_at,"
        " t.finished_at, t.window, t.operator, t.redirects, ") + RatingStore::kReportScore
        + " FROM tickets t" + RatingStore::kReportJoin
        + " WHERE t.business_day BETWEEN ?1 AND ?2 ORDER BY t.business_day";
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(m_db, kSql.constData(), -1, &st, nullptr) != SQLITE_OK) {
        *error = QStringLiteral("report query failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    const QByteArray f = from.toString(Qt::ISODate).toUtf8(), t = to.toString(Qt::ISODate).toUtf8();
    sqlite3_bind_text(st, 1, f.constData(), static_cast<int>(f.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, t.constData(), static_cast<int>(t.size()), SQLITE_TRANSIENT);

    int rc;
    Row row;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row.businessDay = text(st, 0);
        row.service = text(st, 1);
        row.outOfTurn = sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_bytes(st, 2) > 0;
        row.state = text(st, 3);
        row.issuedAt = sqlite3_column_int64(st, 4);
        row.calledAt = sqlite3_column_type(st, 5) != SQLITE_NULL ? sqlite3_column_int64(st, 5) : -1;
        row.startedAt = sqlite3_column_int64(st, 6);
        row.finishedAt = sqlite3_column_int64(st, 7);
        row.window = sqlite3_column_int(st, 8);
        row.operatorLogin = sqlite3_column_type(st, 9) != SQLITE_NULL ? text(st, 9) : QByteArrayView();
        row.redirects = sqlite3_column_int(st, 10);
        row.score = sqlite3_column_type(st, 11) != SQLITE_NULL ? sqlite3_column_int(st, 11) : 0;
        visit(row);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        *error = QStringLiteral("report query failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
        return false;
    }
    return true;
}

} // namespace queue::server
