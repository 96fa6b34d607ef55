#include "leasestore.h"

#include "statement.h"

namespace queue::server {

namespace {
LeaseStore::Lease leaseOf(const QSqlQuery &q)
{
    // Columns in the order of kColumns.
    return LeaseStore::Lease{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(),
                             q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong(),
                             q.value(6).toLongLong()};
}
const QString kColumns = QStringLiteral("prefix, business_day, number, device, service, leased_at, ticket_id");
} // namespace

std::optional<QList<LeaseStore::Lease>> LeaseStore::unused(const QString &device, const QString &day) const
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("SELECT %1 FROM leases WHERE device = ? AND business_day = ? AND ticket_id IS NULL "
                                        "ORDER BY service, number").arg(kColumns),
                         {device, day});
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<Lease> out;
    while (q.next())
        out.append(leaseOf(q));
    q.finish();
    return out;
}

std::optional<QHash<QString, QSet<int>>> LeaseStore::unusedNumbers(const QString &day) const
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("SELECT prefix, number FROM leases WHERE business_day = ? AND ticket_id IS NULL"),
                         {day});
    if (!m_storage.exec(q))
        return std::nullopt;
    QHash<QString, QSet<int>> out;
    while (q.next())
        out[q.value(0).toString()].insert(q.value(1).toInt());
    q.finish();
    return out;
}

std::optional<QHash<QString, int>> LeaseStore::unusedPerDevice(const QString &day) const
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("SELECT device, COUNT(*) FROM leases WHERE business_day = ? AND ticket_id IS NULL "
                                        "GROUP BY device"),
                         {day});
    if (!m_storage.exec(q))
        return std::nullopt;
    QHash<QString, int> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toInt());
    q.finish();
    return out;
}

std::optional<LeaseStore::Lease> LeaseStore::find(const QString &prefix, const QString &day, int number, bool *ok) const
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("SELECT %1 FROM leases WHERE prefix = ? AND business_day = ? AND number = ?").arg(kColumns),
                         {prefix, day, number});
    *ok = m_storage.exec(q);
    std::optional<Lease> out;
    if (*ok && q.next())
        out = leaseOf(q);
    q.finish();
    return out;
}

bool LeaseStore::add(const Lease &l)
{
    return run(m_storage,
               QStringLiteral("INSERT INTO leases(prefix, business_day, number, device, service, leased_at) "
                              "VALUES (?, ?, ?, ?, ?, ?)"),
               {l.prefix, l.businessDay, l.number, l.device, l.service, l.leasedAt});
}

bool LeaseStore::use(const QString &prefix, const QString &day, int number, qint64 ticketId)
{
    return run(m_storage, QStringLiteral("UPDATE leases SET ticket_id = ? WHERE prefix = ? AND business_day = ? AND number = ?"),
               {ticketId, prefix, day, number});
}

int LeaseStore::release(const QString &device)
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("DELETE FROM leases WHERE device = ? AND ticket_id IS NULL"), {device});
    if (!m_storage.exec(q))
        return -1;
    const int n = q.numRowsAffected();
    q.finish();
    return n;
}

bool LeaseStore::purgeBefore(const QString &day)
{
    return run(m_storage, QStringLiteral("DELETE FROM leases WHERE business_day < ?"), {day});
}

} // namespace queue::server
