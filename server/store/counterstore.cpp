#include "counterstore.h"

#include "statement.h"

namespace queue::server {

bool CounterStore::load(const QString &prefix, Counter *out) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT business_day, last FROM counters WHERE prefix = ?"), {prefix});
    if (!m_storage.exec(q))
        return false;
    *out = q.next() ? Counter{q.value(0).toString(), q.value(1).toInt()} : Counter{};
    q.finish();
    return true;
}

bool CounterStore::put(const QString &prefix, const Counter &counter)
{
    return run(m_storage, QStringLiteral("INSERT OR REPLACE INTO counters(prefix, business_day, last) VALUES (?, ?, ?)"),
               {prefix, counter.businessDay, counter.last});
}

} // namespace queue::server
