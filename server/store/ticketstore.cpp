#include "ticketstore.h"

#include "firstvalue.h"
#include "statement.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

namespace {

const QString kTicketColumns = QStringLiteral(
    "id, number, service, original_service, priority, state, issued_at, called_at, last_called_at, started_at, "
    "finished_at, postponed_until, window, target_window, operator, recalls, redirects, outcome, comment");

QVariant nullable(qint64 v) { return v ? QVariant(v) : QVariant(); }
QVariant nullable(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }

} // namespace

TicketStore::TicketStore(Storage &storage) : m_storage(storage) {}

std::optional<Ticket> TicketStore::load(qint64 id) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT ") + kTicketColumns + QStringLiteral(" FROM tickets WHERE id = ?"));
    q.bindValue(0, id);
    if (!m_storage.exec(q) || !q.next())
        return std::nullopt;
    Ticket t;
    t.id = q.value(0).toLongLong();
    t.number = q.value(1).toString();
    t.service = q.value(2).toString();
    t.originalService = q.value(3).toString();
    t.priority = q.value(4).toString();
    t.state = ticketStateFromString(q.value(5).toString()).value_or(TicketState::Cancelled);
    t.issuedAt = q.value(6).toLongLong();
    t.calledAt = q.value(7).toLongLong();
    t.lastCalledAt = q.value(8).toLongLong();
    t.startedAt = q.value(9).toLongLong();
    t.finishedAt = q.value(10).toLongLong();
    t.postponedUntil = q.value(11).toLongLong();
    t.window = q.value(12).toInt();
    t.targetWindow = q.value(13).toInt();
    t.operatorLogin = q.value(14).toString();
    t.recalls = q.value(15).toInt();
    t.redirects = q.value(16).toInt();
    t.outcome = outcomeFromString(q.value(17).toString()).value_or(Outcome::None);
    t.comment = q.value(18).toString();
    q.finish();
    return t;
}

bool TicketStore::save(const Ticket &t)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "UPDATE tickets SET service = ?, state = ?, called_at = ?, last_called_at = ?, started_at = ?, "
        "finished_at = ?, postponed_until = ?, window = ?, target_window = ?, operator = ?, recalls = ?, "
        "redirects = ?, outcome = ?, comment = ?, called_service = COALESCE(called_service, ?) WHERE id = ?"));
    q.bindValue(0, t.service);
    q.bindValue(1, toString(t.state));
    q.bindValue(2, nullable(t.calledAt));
    q.bindValue(3, nullable(t.lastCalledAt));
    q.bindValue(4, nullable(t.startedAt));
    q.bindValue(5, nullable(t.finishedAt));
    q.bindValue(6, nullable(t.postponedUntil));
    q.bindValue(7, nullable(qint64(t.window)));
    q.bindValue(8, nullable(qint64(t.targetWindow)));
    q.bindValue(9, nullable(t.operatorLogin));
    q.bindValue(10, t.recalls);
    q.bindValue(11, t.redirects);
    q.bindValue(12, nullable(toString(t.outcome)));
    q.bindValue(13, nullable(t.comment));
    q.bindValue(14, t.calledAt ? QVariant(t.service) : QVariant());
    q.bindValue(15, t.id);
    return m_storage.exec(q);
}

qint64 TicketStore::insert(const Ticket &t, const QString &prefix, int seq, const QString &businessDay, qint64 bookedAt,
                           const QString &pageToken)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT INTO tickets(number, prefix, seq_no, business_day, service, original_service, priority, state, issued_at, "
        "booked_at, page_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bindValue(0, t.number);
    q.bindValue(1, prefix);
    q.bindValue(2, seq);
    q.bindValue(3, businessDay);
    q.bindValue(4, t.service);
    q.bindValue(5, t.originalService.isEmpty() ? t.service : t.originalService);
    q.bindValue(6, nullable(t.priority));
    q.bindValue(7, toString(t.state));
    q.bindValue(8, t.issuedAt);
    q.bindValue(9, nullable(bookedAt));
    q.bindValue(10, nullable(pageToken));
    if (!m_storage.exec(q))
        return 0;
    return q.lastInsertId().toLongLong();
}

qint64 TicketStore::bookedAt(qint64 id) const
{
    return firstValue(m_storage, QStringLiteral("SELECT booked_at FROM tickets WHERE id = ?"), id).value_or(QVariant()).toLongLong();
}

QString TicketStore::pageToken(qint64 id) const
{
    return firstValue(m_storage, QStringLiteral("SELECT page_token FROM tickets WHERE id = ?"), id).value_or(QVariant()).toString();
}

qint64 TicketStore::idByPageToken(const QString &token) const
{
    if (token.isEmpty())
        return 0;
    return firstValue(m_storage, QStringLiteral("SELECT id FROM tickets WHERE page_token = ?"), token)
        .value_or(QVariant())
        .toLongLong();
}

QList<qint64> TicketStore::queuedIds() const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT id FROM tickets WHERE state IN ('waiting', 'redirected', 'postponed')"));
    QList<qint64> ids;
    if (m_storage.exec(q))
        while (q.next())
            ids.append(q.value(0).toLongLong());
    q.finish();
    return ids;
}

QHash<QString, QSet<int>> TicketStore::heldNumbers() const
{
    QHash<QString, QSet<int>> held;
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT prefix, seq_no FROM tickets WHERE state IN ('waiting', 'called', 'serving', 'redirected', 'postponed')"));
    if (m_storage.exec(q))
        while (q.next())
            held[q.value(0).toString()].insert(q.value(1).toInt());
    q.finish();
    return held;
}

std::optional<qint64> TicketStore::findByNumber(const QString &number, const QString &day, const QString &otherDay) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "SELECT id FROM tickets WHERE number = ? AND business_day IN (?, ?) ORDER BY id DESC LIMIT 1"), {number, day, otherDay});
    std::optional<qint64> out;
    if (m_storage.exec(q) && q.next())
        out = q.value(0).toLongLong();
    q.finish();
    return out;
}

namespace {

const QString kTimesColumns = QStringLiteral(
    "service, original_service, called_service, priority, state, issued_at, called_at, started_at, finished_at");

QList<TicketStore::Times> readTimes(Storage &storage, QSqlQuery &q)
{
    QList<TicketStore::Times> out;
    if (storage.exec(q))
        while (q.next())
            out.append(TicketStore::Times{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                          q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong(),
                                          q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toLongLong()});
    q.finish();
    return out;
}

} // namespace

QList<TicketStore::Times> TicketStore::ofDay(const QString &businessDay) const
{
    return readTimes(m_storage, bound(m_storage, QStringLiteral("SELECT ") + kTimesColumns
                                                     + QStringLiteral(" FROM tickets WHERE business_day = ? ORDER BY issued_at, id"),
                                      {businessDay}));
}

QList<TicketStore::Times> TicketStore::endedAtWindow(const QString &businessDay, int window) const
{
    return readTimes(m_storage, bound(m_storage, QStringLiteral("SELECT ") + kTimesColumns
                                                     + QStringLiteral(" FROM tickets WHERE business_day = ? AND window = ? "
                                                                      "AND state IN ('done', 'no_show')"),
                                      {businessDay, window}));
}

QHash<QString, int> TicketStore::arrivalsSince(qint64 sinceMs) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "SELECT service, COUNT(*) FROM tickets WHERE issued_at > ? AND state != 'cancelled' GROUP BY service"), {sinceMs});
    QHash<QString, int> out;
    if (m_storage.exec(q))
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toInt());
    q.finish();
    return out;
}

QList<TicketStore::AtWindow> TicketStore::atWindows() const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT w.number, w.state, t.service, t.state, t.called_at, t.started_at "
        "FROM windows w LEFT JOIN tickets t ON t.id = w.ticket_id"));
    QList<AtWindow> out;
    if (m_storage.exec(q)) {
        while (q.next()) {
            AtWindow a;
            a.window = q.value(0).toInt();
            a.windowState = q.value(1).toString();
            a.hasTicket = !q.value(2).isNull();
            a.service = q.value(2).toString();
            a.state = q.value(3).toString();
            a.calledAt = q.value(4).toLongLong();
            a.startedAt = q.value(5).toLongLong();
            out.append(a);
        }
    }
    q.finish();
    return out;
}

std::optional<TicketStore::Visitors> TicketStore::visitorsBetween(const QDate &from, const QDate &to) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "SELECT booked_at IS NOT NULL, COUNT(*) FROM tickets WHERE business_day BETWEEN ? AND ? "
        "AND state != 'cancelled' GROUP BY 1"), {from.toString(Qt::ISODate), to.toString(Qt::ISODate)});
    if (!m_storage.exec(q))
        return std::nullopt;
    Visitors v;
    while (q.next())
        (q.value(0).toBool() ? v.booked : v.walkIn) = q.value(1).toInt();
    q.finish();
    return v;
}

std::optional<QList<qint64>> TicketStore::bookedWaitsBetween(const QDate &from, const QDate &to) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "SELECT called_at - MAX(issued_at, booked_at) FROM tickets WHERE business_day BETWEEN ? AND ? "
        "AND booked_at IS NOT NULL AND called_at IS NOT NULL"), {from.toString(Qt::ISODate), to.toString(Qt::ISODate)});
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<qint64> out;
    while (q.next())
        out.append(q.value(0).toLongLong());
    q.finish();
    return out;
}

} // namespace queue::server
