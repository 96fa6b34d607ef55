#include "reviewstore.h"

#include "statement.h"

namespace queue::server {

namespace {

const QString kColumns = QStringLiteral(
    "id, kind, channel, text, contact, ticket_id, registered_at, registered_by, due_at, closed_at, measures");

ReviewStore::Review fromRow(const QSqlQuery &q)
{
    ReviewStore::Review r;
    r.id = q.value(0).toLongLong();
    r.kind = q.value(1).toString();
    r.channel = q.value(2).toString();
    r.text = q.value(3).toString();
    if (!q.value(4).isNull())
        r.contact = q.value(4).toString();
    r.ticketId = q.value(5).toLongLong();
    r.registeredAt = q.value(6).toLongLong();
    r.registeredBy = q.value(7).toString();
    r.dueAt = q.value(8).toLongLong();
    r.closedAt = q.value(9).toLongLong();
    if (!q.value(10).isNull())
        r.measures = q.value(10).toString();
    return r;
}

} // namespace

std::optional<ReviewStore::Review> ReviewStore::load(qint64 id) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT %1 FROM reviews WHERE id = ?").arg(kColumns), {id});
    std::optional<Review> out;
    if (m_storage.exec(q) && q.next())
        out = fromRow(q);
    q.finish();
    return out;
}

std::optional<QList<ReviewStore::Review>> ReviewStore::list(Filter filter, qint64 nowMs) const
{
    QString where;
    switch (filter) {
    case Filter::Open: where = QStringLiteral("closed_at IS NULL"); break;
    case Filter::Overdue: where = QStringLiteral("closed_at IS NULL AND due_at < ?"); break;
    case Filter::Closed: where = QStringLiteral("closed_at IS NOT NULL"); break;
    case Filter::All: where = QStringLiteral("1"); break;
    }
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM reviews WHERE %2 ORDER BY due_at, id LIMIT 1000")
                                          .arg(kColumns, where));
    if (filter == Filter::Overdue)
        q.bindValue(0, nowMs);
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<Review> out;
    while (q.next())
        out.append(fromRow(q));
    q.finish();
    return out;
}

qint64 ReviewStore::add(const Review &r)
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "INSERT INTO reviews(kind, channel, text, contact, consent, ticket_id, registered_at, registered_by, due_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {r.kind, r.channel, r.text, orNull(r.contact.value_or(QString())), r.consent ? 1 : 0, orNull(r.ticketId),
         r.registeredAt, r.registeredBy, r.dueAt});
    if (!m_storage.exec(q))
        return 0;
    return q.lastInsertId().toLongLong();
}

bool ReviewStore::close(qint64 id, qint64 atMs, const QString &measures)
{
    return run(m_storage, QStringLiteral("UPDATE reviews SET closed_at = ?, measures = ? WHERE id = ?"), {atMs, measures, id});
}

ReviewStore::Counts ReviewStore::counts(qint64 nowMs) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "SELECT COUNT(*), COALESCE(SUM(due_at < ?), 0) FROM reviews WHERE closed_at IS NULL"), {nowMs});
    Counts c;
    if (m_storage.exec(q) && q.next())
        c = Counts{q.value(0).toInt(), q.value(1).toInt()};
    q.finish();
    return c;
}

} // namespace queue::server
