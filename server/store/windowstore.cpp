#include "windowstore.h"

#include "statement.h"

namespace queue::server {

bool WindowStore::ensure(int number, qint64 sinceMs)
{
    return run(m_storage, QStringLiteral("INSERT OR IGNORE INTO windows(number, state, since) VALUES (?, 'closed', ?)"),
               {number, sinceMs});
}

std::optional<WindowStore::Row> WindowStore::load(int number) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT state, pause_reason, operator, ticket_id, since FROM windows WHERE number = ?"),
                         {number});
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
    return run(m_storage, QStringLiteral(
        "UPDATE windows SET state = ?, pause_reason = ?, operator = ?, ticket_id = ?, since = ? WHERE number = ?"),
        {toString(row.state), orNull(toString(row.reason)), orNull(row.op), orNull(row.ticketId), row.since, row.number});
}

std::optional<QList<int>> WindowStore::othersOf(const QString &login, int exceptNumber) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT number FROM windows WHERE operator = ? AND number != ?"),
                         {login, exceptNumber});
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<int> out;
    while (q.next())
        out.append(q.value(0).toInt());
    q.finish();
    return out;
}

} // namespace queue::server
