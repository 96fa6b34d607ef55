#include "ratingstore.h"

#include "firstvalue.h"
#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

std::optional<int> RatingStore::score(qint64 ticketId)
{
    if (const std::optional<QVariant> v = firstValue(m_storage, QStringLiteral("SELECT score FROM ratings WHERE ticket_id = ?"), ticketId))
        return v->toInt();
    return std::nullopt;
}

bool RatingStore::add(const Rating &r)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT INTO ratings(ticket_id, score, reason, channel, service, window, operator, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bindValue(0, r.ticketId);
    q.bindValue(1, r.score);
    q.bindValue(2, r.reason.isEmpty() ? QVariant() : QVariant(r.reason));
    q.bindValue(3, r.channel);
    q.bindValue(4, r.service);
    q.bindValue(5, r.window ? QVariant(r.window) : QVariant());
    q.bindValue(6, r.operatorLogin.isEmpty() ? QVariant() : QVariant(r.operatorLogin));
    q.bindValue(7, r.createdAt);
    return m_storage.exec(q);
}

QHash<QString, RatingStore::Summary> RatingStore::byServiceOn(const QDate &businessDay)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT r.service, COUNT(*), SUM(r.score) FROM ratings r JOIN tickets t ON t.id = r.ticket_id "
        "WHERE t.business_day = ? GROUP BY r.service"));
    q.bindValue(0, businessDay.toString(Qt::ISODate));
    QHash<QString, Summary> out;
    if (m_storage.exec(q))
        while (q.next())
            out.insert(q.value(0).toString(), Summary{q.value(1).toInt(), q.value(2).toInt()});
    q.finish();
    return out;
}

} // namespace queue::server
