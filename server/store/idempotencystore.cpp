#include "idempotencystore.h"

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

std::optional<IdempotencyStore::Answer> IdempotencyStore::find(const QString &principal, const QString &key,
                                                               qint64 notBeforeMs)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT status, body FROM idempotency WHERE principal = ? AND key = ? AND created_at > ?"));
    q.bindValue(0, principal);
    q.bindValue(1, key);
    q.bindValue(2, notBeforeMs);
    std::optional<Answer> out;
    if (m_storage.exec(q) && q.next())
        out = Answer{q.value(0).toInt(), q.value(1).toByteArray()};
    q.finish();
    return out;
}

bool IdempotencyStore::put(const QString &principal, const QString &key, qint64 atMs, const Answer &answer)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT OR REPLACE INTO idempotency(principal, key, created_at, status, body) VALUES (?, ?, ?, ?, ?)"));
    q.bindValue(0, principal);
    q.bindValue(1, key);
    q.bindValue(2, atMs);
    q.bindValue(3, answer.status);
    q.bindValue(4, answer.body.isNull() ? QByteArray("") : answer.body);   // 204 has no body
    return m_storage.exec(q);
}

bool IdempotencyStore::purgeBefore(qint64 beforeMs)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("DELETE FROM idempotency WHERE created_at < ?"));
    q.bindValue(0, beforeMs);
    return m_storage.exec(q);
}

} // namespace queue::server
