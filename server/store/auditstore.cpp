#include "auditstore.h"

#include "statement.h"

namespace queue::server {

namespace {
// A null QString binds as NULL; the text columns are NOT NULL, "" when there is nothing.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}
} // namespace

qint64 AuditStore::record(const Entry &e)
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("INSERT INTO audit (at, actor, address, action, object, outcome, before_json, "
                                        "after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                         {e.at, text(e.actor), text(e.address), text(e.action), text(e.object), text(e.outcome),
                          e.before.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(e.before)),
                          e.after.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(e.after))});
    if (!m_storage.exec(q))
        return 0;
    const qint64 id = q.lastInsertId().toLongLong();
    q.finish();
    return id;
}

std::optional<QList<AuditStore::Entry>> AuditStore::find(const Filter &f) const
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("SELECT id, at, actor, address, action, object, outcome, before_json, after_json "
                                        "FROM audit WHERE at >= ? AND (? = 0 OR at < ?) AND (? = '' OR actor = ?) "
                                        "ORDER BY at DESC, id DESC LIMIT ?"),
                         {f.fromMs, f.toMs, f.toMs, text(f.actor), text(f.actor), qMax(1, f.limit)});
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<Entry> out;
    while (q.next()) {
        Entry e;
        e.id = q.value(0).toLongLong();
        e.at = q.value(1).toLongLong();
        e.actor = q.value(2).toString();
        e.address = q.value(3).toString();
        e.action = q.value(4).toString();
        e.object = q.value(5).toString();
        e.outcome = q.value(6).toString();
        e.before = q.value(7).toString().toUtf8();
        e.after = q.value(8).toString().toUtf8();
        out.append(e);
    }
    q.finish();
    return out;
}

} // namespace queue::server
