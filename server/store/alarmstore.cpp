#include "alarmstore.h"

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

namespace {

const QString kColumns = QStringLiteral("id, key, kind, level, message, data, raised_at, cleared_at, acked_at, acked_by");

AlarmStore::Alarm fromRow(const QSqlQuery &q)
{
    AlarmStore::Alarm a;
    a.id = q.value(0).toLongLong();
    a.key = q.value(1).toString();
    a.kind = q.value(2).toString();
    a.level = q.value(3).toString();
    a.message = q.value(4).toString();
    a.data = q.value(5).toByteArray();
    a.raisedAt = q.value(6).toLongLong();
    a.clearedAt = q.value(7).toLongLong();
    a.ackedAt = q.value(8).toLongLong();
    if (!q.value(9).isNull())
        a.ackedBy = q.value(9).toString();
    return a;
}

QList<AlarmStore::Alarm> readAll(Storage &storage, QSqlQuery &q)
{
    QList<AlarmStore::Alarm> out;
    if (storage.exec(q))
        while (q.next())
            out.append(fromRow(q));
    q.finish();
    return out;
}

} // namespace

std::optional<AlarmStore::Alarm> AlarmStore::load(qint64 id) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM alarms WHERE id = ?").arg(kColumns));
    q.bindValue(0, id);
    std::optional<Alarm> out;
    if (m_storage.exec(q) && q.next())
        out = fromRow(q);
    q.finish();
    return out;
}

QList<AlarmStore::Alarm> AlarmStore::active() const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM alarms WHERE cleared_at IS NULL ORDER BY id").arg(kColumns));
    return readAll(m_storage, q);
}

QList<AlarmStore::Alarm> AlarmStore::latest(int limit) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM alarms ORDER BY id DESC LIMIT ?").arg(kColumns));
    q.bindValue(0, limit);
    return readAll(m_storage, q);
}

std::optional<QHash<QString, qint64>> AlarmStore::activeKeys() const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT key, id FROM alarms WHERE cleared_at IS NULL"));
    if (!m_storage.exec(q))
        return std::nullopt;
    QHash<QString, qint64> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toLongLong());
    q.finish();
    return out;
}

qint64 AlarmStore::raise(const Alarm &a)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT INTO alarms(key, kind, level, message, data, raised_at) VALUES (?, ?, ?, ?, ?, ?)"));
    q.bindValue(0, a.key);
    q.bindValue(1, a.kind);
    q.bindValue(2, a.level);
    q.bindValue(3, a.message);
    q.bindValue(4, QString::fromUtf8(a.data));
    q.bindValue(5, a.raisedAt);
    if (!m_storage.exec(q))
        return 0;
    return q.lastInsertId().toLongLong();
}

bool AlarmStore::clear(qint64 id, qint64 atMs)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("UPDATE alarms SET cleared_at = ? WHERE id = ?"));
    q.bindValue(0, atMs);
    q.bindValue(1, id);
    return m_storage.exec(q);
}

bool AlarmStore::acknowledge(qint64 id, qint64 atMs, const QString &by)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("UPDATE alarms SET acked_at = ?, acked_by = ? WHERE id = ?"));
    q.bindValue(0, atMs);
    q.bindValue(1, by);
    q.bindValue(2, id);
    return m_storage.exec(q);
}

} // namespace queue::server
