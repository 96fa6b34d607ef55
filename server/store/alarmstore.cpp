#include "alarmstore.h"

#include "statement.h"

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
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT %1 FROM alarms WHERE id = ?").arg(kColumns), {id});
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
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT %1 FROM alarms ORDER BY id DESC LIMIT ?").arg(kColumns), {limit});
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
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "INSERT INTO alarms(key, kind, level, message, data, raised_at) VALUES (?, ?, ?, ?, ?, ?)"),
        {a.key, a.kind, a.level, a.message, QString::fromUtf8(a.data), a.raisedAt});
    if (!m_storage.exec(q))
        return 0;
    return q.lastInsertId().toLongLong();
}

bool AlarmStore::clear(qint64 id, qint64 atMs)
{
    return run(m_storage, QStringLiteral("UPDATE alarms SET cleared_at = ? WHERE id = ?"), {atMs, id});
}

bool AlarmStore::acknowledge(qint64 id, qint64 atMs, const QString &by)
{
    return run(m_storage, QStringLiteral("UPDATE alarms SET acked_at = ?, acked_by = ? WHERE id = ?"), {atMs, by, id});
}

} // namespace queue::server
