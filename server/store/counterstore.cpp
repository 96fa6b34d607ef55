#include "counterstore.h"

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

bool CounterStore::load(const QString &prefix, Counter *out) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT business_day, last FROM counters WHERE prefix = ?"));
    q.bindValue(0, prefix);
    if (!m_storage.exec(q))
        return false;
    *out = q.next() ? Counter{q.value(0).toString(), q.value(1).toInt()} : Counter{};
    q.finish();
    return true;
}

bool CounterStore::put(const QString &prefix, const Counter &counter)
{
    QSqlQuery &q = m_storage.prepared(
        QStringLiteral("INSERT OR REPLACE INTO counters(prefix, business_day, last) VALUES (?, ?, ?)"));
    q.bindValue(0, prefix);
    q.bindValue(1, counter.businessDay);
    q.bindValue(2, counter.last);
    return m_storage.exec(q);
}

} // namespace queue::server
