#include "bookingstore.h"

#include "firstvalue.h"
#include "statement.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

namespace {
std::optional<QString> optionalText(const QVariant &v) { return v.isNull() ? std::nullopt : std::optional<QString>(v.toString()); }
} // namespace

std::optional<BookingStore::Booking> BookingStore::load(qint64 id) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT b.code, b.service, b.slot_start, b.slot_end, b.state, b.phone, b.name, b.checked_in_at, "
        "b.cancelled_at, b.purged_at, t.number, b.created_at FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id "
        "WHERE b.id = ?"));
    q.bindValue(0, id);
    if (!m_storage.exec(q) || !q.next())
        return std::nullopt;
    Booking b;
    b.id = id;
    b.code = q.value(0).toString();
    b.service = q.value(1).toString();
    b.slotStart = q.value(2).toLongLong();
    b.slotEnd = q.value(3).toLongLong();
    b.state = q.value(4).toString();
    b.phone = optionalText(q.value(5));
    b.name = optionalText(q.value(6));
    b.checkedInAt = q.value(7).toLongLong();
    b.cancelledAt = q.value(8).toLongLong();
    b.purgedAt = q.value(9).toLongLong();
    b.ticketNumber = optionalText(q.value(10));
    b.createdAt = q.value(11).toLongLong();
    q.finish();
    return b;
}

std::optional<qint64> BookingStore::findByCode(const QString &code) const
{
    if (const std::optional<QVariant> v = firstValue(m_storage, QStringLiteral(
            "SELECT id FROM bookings WHERE code = ? ORDER BY state = 'active' DESC, id DESC LIMIT 1"), code))
        return v->toLongLong();
    return std::nullopt;
}

bool BookingStore::codeTaken(const QString &code) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT 1 FROM bookings WHERE code = ? AND state = 'active'"), {code});
    const bool taken = !m_storage.exec(q) || q.next();
    q.finish();
    return taken;
}

int BookingStore::countInSlot(const QString &service, qint64 slotStart) const
{
    return scalar(m_storage, QStringLiteral(
        "SELECT COUNT(*) FROM bookings WHERE service = ? AND slot_start = ? AND state != 'cancelled'"), {service, slotStart})
        .value_or(0)
        .toInt();
}

qint64 BookingStore::insert(const NewBooking &b)
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "INSERT INTO bookings(code, service, slot_start, slot_end, state, phone, name, created_at, created_by) "
        "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)"),
        {b.code, b.service, b.slotStart, b.slotEnd, b.phone, orNull(b.name), b.createdAt, b.createdBy});
    if (!m_storage.exec(q))
        return 0;
    return q.lastInsertId().toLongLong();
}

bool BookingStore::cancel(qint64 id, qint64 atMs)
{
    return run(m_storage, QStringLiteral("UPDATE bookings SET state = 'cancelled', cancelled_at = ? WHERE id = ?"), {atMs, id});
}

bool BookingStore::checkIn(qint64 id, const QString &state, qint64 ticketId, qint64 atMs)
{
    return run(m_storage, QStringLiteral("UPDATE bookings SET state = ?, ticket_id = ?, checked_in_at = ? WHERE id = ?"),
               {state, ticketId, atMs, id});
}

std::optional<QList<BookingStore::SlotState>> BookingStore::inRange(qint64 fromMs, qint64 toMs) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT state, slot_start FROM bookings WHERE slot_start >= ? AND slot_start < ?"),
                         {fromMs, toMs});
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<SlotState> out;
    while (q.next())
        out.append(SlotState{q.value(0).toString(), q.value(1).toLongLong()});
    q.finish();
    return out;
}

qint64 BookingStore::purgePersonal(qint64 beforeMs, qint64 atMs)
{
    QSqlQuery &q = bound(m_storage, QStringLiteral(
        "UPDATE bookings SET phone = NULL, name = NULL, purged_at = ? WHERE purged_at IS NULL AND slot_start < ?"), {atMs, beforeMs});
    if (!m_storage.exec(q))
        return -1;
    return q.numRowsAffected();
}

bool BookingStore::markNoShows(qint64 beforeMs)
{
    return run(m_storage, QStringLiteral("UPDATE bookings SET state = 'no_show' WHERE state = 'active' AND slot_start < ?"),
               {beforeMs});
}

} // namespace queue::server
