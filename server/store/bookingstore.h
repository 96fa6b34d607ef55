#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `bookings` table (migration 005): pre-booked visits. Every statement on it
// is here; what a booking may do (slots, check-in windows) is BookingModule's.
// Times are ms since the epoch, 0 when not reached. Writes happen inside the
// caller's storage scope.
class BookingStore {
public:
    explicit BookingStore(Storage &storage) : m_storage(storage) {}

    struct Booking {
        qint64 id = 0;
        QString code;
        QString service;
        qint64 slotStart = 0;
        qint64 slotEnd = 0;
        QString state;                        // active, checked_in, late, cancelled, no_show
        std::optional<QString> phone;         // nullopt once purged
        std::optional<QString> name;
        std::optional<QString> ticketNumber;  // the ticket it was checked in for
        qint64 createdAt = 0;
        qint64 checkedInAt = 0;
        qint64 cancelledAt = 0;
        qint64 purgedAt = 0;
    };
    std::optional<Booking> load(qint64 id) const;
    // The booking with `code`: the active one, else the latest.
    std::optional<qint64> findByCode(const QString &code) const;
    // True when an active booking has `code`, or when that cannot be checked.
    bool codeTaken(const QString &code) const;
    // Bookings of `service` at `slotStart` that are not cancelled.
    int countInSlot(const QString &service, qint64 slotStart) const;

    struct NewBooking {
        QString code;
        QString service;
        qint64 slotStart = 0;
        qint64 slotEnd = 0;
        QString phone;
        QString name;        // empty: none
        qint64 createdAt = 0;
        QString createdBy;
    };
    qint64 insert(const NewBooking &b);   // the id, 0 on failure
    bool cancel(qint64 id, qint64 atMs);
    bool checkIn(qint64 id, const QString &state, qint64 ticketId, qint64 atMs);

    struct SlotState {
        QString state;
        qint64 slotStart = 0;
    };
    // Bookings with slots in [fromMs, toMs); nullopt when the query failed.
    std::optional<QList<SlotState>> inRange(qint64 fromMs, qint64 toMs) const;

    // Erases phone and name of bookings with slots before `beforeMs`; how many, -1 on failure.
    qint64 purgePersonal(qint64 beforeMs, qint64 atMs);
    // Active bookings with slots before `beforeMs` become no-shows.
    bool markNoShows(qint64 beforeMs);

private:
    Storage &m_storage;
};

} // namespace queue::server
