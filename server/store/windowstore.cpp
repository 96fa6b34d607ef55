#include "windowstore.h"

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

bool WindowStore::ensure(int number, qint64 sinceMs)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT OR IGNORE INTO windows(number, state, since) VALUES (?, 'closed', ?)"));
    q.bindValue(0, number);
    q.bindValue(1, sinceMs);
    return m_storage.exec(q);
}

std::optional<WindowStore::Row> WindowStore::load(int number) const
{
    QSqlQuery &q = m_storage.prepared(
        QStringLiteral("SELECT state, pause_reason, operator, ticket_id, since FROM windows WHERE number = ?"));
    q.bindValue(0, number);
    if (!m_storage.exec(q) || !q.next())
        return std::nullopt;
    Row row;
    row.number = number;
    row.state = windowStateFromString(q.value(0).toString()).value_or(WindowState::Closed);
    row.reason = pauseReasonFromString(q.value(1).toString()).value_or(PauseReason::None);
    row.op = q.value(2).toString();
    row.ticketId = q.value(3).toLongLong();
    row.since = q.value(4).toLongLong();
    q.finish();
    return row;
}

bool WindowStore::save(const Row &row)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "UPDATE windows SET state = ?, pause_reason = ?, operator = ?, ticket_id = ?, since = ? WHERE number = ?"));
    const QString reason = toString(row.reason);
    q.bindValue(0, toString(row.state));
    q.bindValue(1, reason.isEmpty() ? QVariant() : QVariant(reason));
    q.bindValue(2, row.op.isEmpty() ? QVariant() : QVariant(row.op));
    q.bindValue(3, row.ticketId ? QVariant(row.ticketId) : QVariant());
    q.bindValue(4, row.since);
    q.bindValue(5, row.number);
    return m_storage.exec(q);
}

std::optional<QList<int>> WindowStore::othersOf(const QString &login, int exceptNumber) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT number FROM windows WHERE operator = ? AND number != ?"));
    q.bindValue(0, login);
    q.bindValue(1, exceptNumber);
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<int> out;
    while (q.next())
        out.append(q.value(0).toInt());
    q.finish();
    return out;
}

} // namespace queue::server
