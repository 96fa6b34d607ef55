#pragma once

#include "apimodule.h"
#include "officeconfig.h"
#include "result.h"
#include "schedule.h"
#include "store/bookingstore.h"

#include <QDate>
#include <QJsonObject>
#include <QList>

namespace queue::server {

class QueueEngine;
class Storage;

// Pre-booking by date and time (docs/booking.md, docs/api.md "Bookings"):
//  - GET /api/v1/slots, POST /api/v1/bookings, GET/DELETE /api/v1/bookings/{code}
//    for the website, chat-bot and contact centre (token role `booking`);
//  - check-in at the kiosk: POST /api/v1/bookings/{code}/check-in (and its older
//    form POST /api/v1/tickets {"booking_code"}, which the tickets route forwards here);
//  - GET /api/v1/reports/bookings for the manager;
//  - tick(): marks yesterday's unused bookings as no-shows and erases phone and
//    name `booking.purge_after_days` after the slot, recording the purge as an event.
// Phone and name live only in the bookings table: never in events, logs or tickets.
class BookingModule final : public ApiModule {
public:
    explicit BookingModule(const ModuleServices &services);

    void registerRoutes(Router &router) override;
    void tick(qint64 nowMs) override;

    struct SlotTime {
        qint64 start = 0;
        qint64 end = 0;
    };
    // The slots of `service` on the local `date`: back to back from the start of
    // each opening interval, as long as the slot length; a slot never crosses a
    // break or the closing time. Empty on holidays and for unknown topics.
    static QList<SlotTime> slotTimes(const OfficeConfig &config, const Schedule &schedule, const QString &service,
                                     const QDate &date);
    // Bookable places per slot: the windows serving the topic less the walk-in share.
    static int capacity(const OfficeConfig &config, const QString &service);
    static int slotMinutes(const OfficeConfig &config, const QString &service);

private:
    http::Response listSlots(const http::Request &request);
    http::Response create(const Principal &who, const QJsonObject &body);
    http::Response show(const QString &code);
    http::Response cancel(const QString &code);
    http::Response checkIn(const QString &code);
    http::Response report(const http::Request &request);

    int bookedCount(const QString &service, qint64 slotStart) const;
    // Why no booking may start at `start`; nullopt if a slot of `service` starts there.
    std::optional<DomainError> slotProblem(const QString &service, qint64 start, qint64 *end) const;
    QString newCode() const;
    std::optional<qint64> findBooking(const QString &code) const;
    QJsonObject bookingJson(qint64 id, bool personal) const;
    qint64 purge(qint64 nowMs);

    QueueEngine &m_engine;
    Storage &m_storage;
    BookingStore m_bookings;
    qint64 m_lastTick = 0;
};

} // namespace queue::server
