#include "booking.h"

#include "apierrors.h"
#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"
#include "store/firstvalue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcBooking, "queue.booking")

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kDay = 24 * 60 * kMinute;
constexpr int kMaxSlotRangeDays = 31;
constexpr qint64 kBookedWaitTargetMs = 5 * kMinute;   // booked visitors should wait at most 5 minutes
constexpr int kMaxReportDays = 3 * 366;
const char kPurgedEvent[] = "bookings.purged";

DomainError conflict(api::ErrorCode code, const QString &message) { return DomainError{code, message}; }

// "YYYY-MM-DD" or an invalid date.
QDate parseDay(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    return re.match(text).hasMatch() ? QDate::fromString(text, Qt::ISODate) : QDate();
}

} // namespace

BookingModule::BookingModule(const ModuleServices &services) : m_engine(services.engine), m_storage(services.storage) {}

// ---------------------------------------------------------------- slots

int BookingModule::slotMinutes(const OfficeConfig &config, const QString &service)
{
    if (config.booking.slotMin > 0)
        return config.booking.slotMin;
    const ServiceInfo *s = config.service(service);
    return s ? std::max(1, s->serviceNormMin) : 0;
}

int BookingModule::capacity(const OfficeConfig &config, const QString &service)
{
    int windows = 0;
    for (const WindowConfig &w : config.windows)
        if (w.services.contains(service))
            ++windows;
    if (windows == 0 || config.booking.walkInShare >= 1.0)
        return 0;
    const int places = static_cast<int>(std::floor(windows * (1.0 - config.booking.walkInShare) + 1e-9));
    return std::max(1, places);   // a topic with one window still takes one booking per slot
}

QList<BookingModule::SlotTime> BookingModule::slotTimes(const OfficeConfig &config, const Schedule &schedule,
                                                         const QString &service, const QDate &date)
{
    QList<SlotTime> out;
    const int len = slotMinutes(config, service);
    if (len <= 0 || !date.isValid())
        return out;
    for (const Interval &in : schedule.intervals(date)) {
        for (int m = in.startMin; m + len <= in.endMin; m += len) {
            const qint64 start = QDateTime(date, QTime(m / 60, m % 60), config.timeZone).toMSecsSinceEpoch();
            out.append({start, start + len * kMinute});
        }
    }
    return out;
}

int BookingModule::bookedCount(const QString &service, qint64 slotStart) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT COUNT(*) FROM bookings WHERE service = ? AND slot_start = ? AND state != 'cancelled'"));
    q.bindValue(0, service);
    q.bindValue(1, slotStart);
    const int n = m_storage.exec(q) && q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

std::optional<DomainError> BookingModule::slotProblem(const QString &service, qint64 start, qint64 *end) const
{
    const OfficeConfig &c = m_engine.config();
    const qint64 now = m_engine.nowMs();
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(start, c.timeZone);
    const QDate date = local.date();
    const QString when = local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    if (start <= now)
        return conflict(api::ErrorCode::SlotInPast, QStringLiteral("the slot %1 has already begun").arg(when));
    const QDate today = m_engine.schedule().businessDay(now);
    if (date > today.addDays(c.booking.horizonDays))
        return conflict(api::ErrorCode::BeyondHorizon, QStringLiteral("bookings are taken at most %1 days ahead (until %2)")
                                              .arg(c.booking.horizonDays)
                                              .arg(today.addDays(c.booking.horizonDays).toString(Qt::ISODate)));
    if (!m_engine.schedule().isWorkingDay(date) || m_engine.schedule().intervals(date).isEmpty())
        return m_engine.schedule().isSpecialDay(date)
                   ? conflict(api::ErrorCode::Holiday, QStringLiteral("the office is closed on %1 (a holiday)").arg(date.toString(Qt::ISODate)))
                   : conflict(api::ErrorCode::OfficeClosed, QStringLiteral("the office does not open on %1").arg(date.toString(Qt::ISODate)));
    for (const SlotTime &s : slotTimes(c, m_engine.schedule(), service, date)) {
        if (s.start == start) {
            *end = s.end;
            return std::nullopt;
        }
    }
    return conflict(api::ErrorCode::OutsideHours,
                    QStringLiteral("no slot of topic '%1' starts at %2 (slots are %3 min from the opening, within the "
                                   "office's hours); see GET /api/v1/slots")
                        .arg(service, when)
                        .arg(slotMinutes(c, service)));
}

Response BookingModule::listSlots(const Request &request)
{
    const OfficeConfig &c = m_engine.config();
    const QString service = request.query.queryItemValue(QStringLiteral("service"));
    if (service.isEmpty())
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'service' (a topic id) is required"));
    if (!c.service(service))
        return errorResponse(api::ErrorCode::UnknownService, QStringLiteral("no topic '%1' in this office").arg(service));
    const qint64 now = m_engine.nowMs();
    const QDate today = m_engine.schedule().businessDay(now);
    const QString fromText = request.query.queryItemValue(QStringLiteral("from"));
    const QString toText = request.query.queryItemValue(QStringLiteral("to"));
    QDate from = fromText.isEmpty() ? today : parseDay(fromText);
    QDate to = toText.isEmpty() ? from.addDays(6) : parseDay(toText);
    if (!from.isValid() || !to.isValid())
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'from' and 'to' must be dates YYYY-MM-DD"));
    if (to < from)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'to' is before 'from'"));
    if (from.daysTo(to) >= kMaxSlotRangeDays)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("at most %1 days at once").arg(kMaxSlotRangeDays));
    from = std::max(from, today);
    to = std::min(to, today.addDays(c.booking.horizonDays));
    const int cap = capacity(c, service);
    QJsonArray list;
    for (QDate d = from; d <= to; d = d.addDays(1)) {
        for (const SlotTime &s : slotTimes(c, m_engine.schedule(), service, d)) {
            if (s.start <= now)
                continue;
            const int free = cap - bookedCount(service, s.start);
            if (free > 0)
                list.append(QJsonObject{{QStringLiteral("start"), isoUtc(s.start)},
                                        {QStringLiteral("end"), isoUtc(s.end)},
                                        {QStringLiteral("free"), free}});
        }
    }
    return jsonResponse(200, QJsonObject{{QStringLiteral("service"), service},
                                         {QStringLiteral("slot_min"), slotMinutes(c, service)},
                                         {QStringLiteral("capacity"), cap},
                                         {QStringLiteral("slots"), list}});
}

// ---------------------------------------------------------------- bookings

QString BookingModule::newCode() const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT 1 FROM bookings WHERE code = ? AND state = 'active'"));
    for (int attempt = 0; attempt < 100; ++attempt) {
        const QString code = QString::number(QRandomGenerator::system()->bounded(100000, 1000000));
        q.bindValue(0, code);
        const bool taken = !m_storage.exec(q) || q.next();
        q.finish();
        if (!taken)
            return code;
    }
    return {};
}

std::optional<qint64> BookingModule::findBooking(const QString &code) const
{
    if (const std::optional<QVariant> v = firstValue(m_storage, QStringLiteral(
            "SELECT id FROM bookings WHERE code = ? ORDER BY state = 'active' DESC, id DESC LIMIT 1"), code))
        return v->toLongLong();
    return std::nullopt;
}

QJsonObject BookingModule::bookingJson(qint64 id, bool personal) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT b.code, b.service, b.slot_start, b.slot_end, b.state, b.phone, b.name, b.checked_in_at, "
        "b.cancelled_at, b.purged_at, t.number, b.created_at FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id "
        "WHERE b.id = ?"));
    q.bindValue(0, id);
    if (!m_storage.exec(q) || !q.next())
        return {};
    const OfficeConfig &c = m_engine.config();
    const QString service = q.value(1).toString();
    const qint64 start = q.value(2).toLongLong();
    auto time = [&q](int column) {
        return q.value(column).isNull() ? QJsonValue() : QJsonValue(isoUtc(q.value(column).toLongLong()));
    };
    const ServiceInfo *s = c.service(service);
    QJsonObject o{{QStringLiteral("code"), q.value(0).toString()},
                  {QStringLiteral("service"), service},
                  {QStringLiteral("service_name"), s ? s->name : service},
                  {QStringLiteral("start"), isoUtc(start)},
                  {QStringLiteral("end"), isoUtc(q.value(3).toLongLong())},
                  {QStringLiteral("state"), q.value(4).toString()},
                  {QStringLiteral("checkin_from"), isoUtc(start - c.booking.checkinBeforeMin * kMinute)},
                  {QStringLiteral("checkin_until"), isoUtc(start + c.booking.checkinAfterMin * kMinute)},
                  {QStringLiteral("created_at"), time(11)},
                  {QStringLiteral("checked_in_at"), time(7)},
                  {QStringLiteral("cancelled_at"), time(8)},
                  {QStringLiteral("purged_at"), time(9)},
                  {QStringLiteral("ticket"), q.value(10).isNull() ? QJsonValue() : QJsonValue(q.value(10).toString())}};
    if (personal) {
        o.insert(QStringLiteral("phone"), q.value(5).isNull() ? QJsonValue() : QJsonValue(q.value(5).toString()));
        o.insert(QStringLiteral("name"), q.value(6).isNull() ? QJsonValue() : QJsonValue(q.value(6).toString()));
    }
    q.finish();
    return o;
}

Response BookingModule::create(const Principal &who, const QJsonObject &body)
{
    Response bad;
    QString service, startText, phone, name;
    if (!stringField(body, "service", &service, &bad, true) || !stringField(body, "start", &startText, &bad, true)
        || !stringField(body, "phone", &phone, &bad, true) || !stringField(body, "name", &name, &bad, false))
        return bad;
    const OfficeConfig &c = m_engine.config();
    if (!c.service(service))
        return errorResponse(api::ErrorCode::UnknownService, QStringLiteral("no topic '%1' in this office").arg(service));
    // An ISO date-time; without an offset it is the office's local time.
    static const QRegularExpression withOffset(QStringLiteral("(Z|[+-]\\d{2}:?\\d{2})$"));
    QDateTime start = QDateTime::fromString(startText.trimmed(), Qt::ISODate);
    if (start.isValid() && !withOffset.match(startText.trimmed()).hasMatch())
        start = QDateTime(start.date(), start.time(), c.timeZone);
    if (!start.isValid())
        return errorResponse(api::ErrorCode::BadRequest,
                             QStringLiteral("'start' must be a date and time, e.g. 2026-12-01T10:30:00+03:00"));
    QString digits = phone;
    digits.remove(QRegularExpression(QStringLiteral("[\\s()-]")));
    static const QRegularExpression phoneRe(QStringLiteral("^\\+?\\d{5,15}$"));
    if (!phoneRe.match(digits).hasMatch())
        return errorResponse(api::ErrorCode::BadPhone, QStringLiteral("'phone' must be a phone number of 5 to 15 digits"));
    name = name.trimmed();
    if (name.size() > 100)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'name' is longer than 100 characters"));

    qint64 end = 0;
    if (const auto problem = slotProblem(service, start.toMSecsSinceEpoch(), &end))
        return errorResponse(*problem);
    // The server is single-threaded: the count and the insert below run without
    // any other request in between, so a slot is never booked beyond its capacity.
    const int cap = capacity(c, service);
    if (bookedCount(service, start.toMSecsSinceEpoch()) >= cap)
        return errorResponse(api::ErrorCode::SlotFull, QStringLiteral("the slot %1 is fully booked; choose another one")
                                                   .arg(isoUtc(start.toMSecsSinceEpoch())));
    const QString code = newCode();
    if (code.isEmpty())
        return errorResponse(internalError());
    Scope scope(m_storage);
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT INTO bookings(code, service, slot_start, slot_end, state, phone, name, created_at, created_by) "
        "VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)"));
    q.bindValue(0, code);
    q.bindValue(1, service);
    q.bindValue(2, start.toMSecsSinceEpoch());
    q.bindValue(3, end);
    q.bindValue(4, digits);
    q.bindValue(5, name.isEmpty() ? QVariant() : QVariant(name));
    q.bindValue(6, m_engine.nowMs());
    q.bindValue(7, who.name);
    if (!m_storage.exec(q))
        return errorResponse(internalError());
    const qint64 id = q.lastInsertId().toLongLong();
    if (!scope.commit())
        return errorResponse(internalError());
    // No phone or name in the answer: answers to requests with an Idempotency-Key are kept
    // (table idempotency), and personal data must live only in the bookings table.
    return jsonResponse(201, QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("booking"), bookingJson(id, false)}});
}

Response BookingModule::show(const QString &code)
{
    const auto id = findBooking(code);
    if (!id)
        return errorResponse(api::ErrorCode::UnknownBooking, QStringLiteral("no booking with code %1").arg(code));
    return jsonResponse(200, bookingJson(*id, true));
}

Response BookingModule::cancel(const QString &code)
{
    const auto id = findBooking(code);
    if (!id)
        return errorResponse(api::ErrorCode::UnknownBooking, QStringLiteral("no booking with code %1").arg(code));
    const QJsonObject before = bookingJson(*id, false);
    const QString state = before.value(QStringLiteral("state")).toString();
    if (state != QLatin1String("active"))
        return errorResponse(api::ErrorCode::NotActive, QStringLiteral("booking %1 is %2 and cannot be cancelled").arg(code, state));
    Scope scope(m_storage);
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "UPDATE bookings SET state = 'cancelled', cancelled_at = ? WHERE id = ?"));
    q.bindValue(0, m_engine.nowMs());
    q.bindValue(1, *id);
    if (!m_storage.exec(q) || !scope.commit())
        return errorResponse(internalError());
    return jsonResponse(200, bookingJson(*id, false));   // kept for idempotent replays: nothing personal
}

// ---------------------------------------------------------------- check-in

Response BookingModule::checkIn(const QString &codeText)
{
    const QString code = codeText.trimmed();
    static const QRegularExpression codeRe(QStringLiteral("^\\d{4,8}$"));
    if (!codeRe.match(code).hasMatch())
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'booking_code' must be the digits of the booking code"));
    const auto id = findBooking(code);
    if (!id)
        return errorResponse(api::ErrorCode::UnknownBooking, QStringLiteral("no booking with code %1").arg(code));
    const QJsonObject booking = bookingJson(*id, false);
    const QString state = booking.value(QStringLiteral("state")).toString();
    if (state == QLatin1String("cancelled"))
        return errorResponse(api::ErrorCode::BookingCancelled, QStringLiteral("booking %1 was cancelled").arg(code));
    if (state == QLatin1String("checked_in") || state == QLatin1String("late"))
        return errorResponse(api::ErrorCode::AlreadyCheckedIn, QStringLiteral("booking %1 has already been used for ticket %2")
                                                            .arg(code, booking.value(QStringLiteral("ticket")).toString()));
    const OfficeConfig &c = m_engine.config();
    const qint64 now = m_engine.nowMs();
    const qint64 start = parseIsoUtc(booking.value(QStringLiteral("start")).toString());
    const qint64 from = start - c.booking.checkinBeforeMin * kMinute;
    const qint64 until = start + c.booking.checkinAfterMin * kMinute;
    const QString service = booking.value(QStringLiteral("service")).toString();
    auto hhmm = [&c](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, c.timeZone).toString(QStringLiteral("HH:mm")); };
    if (now < from) {
        QJsonObject o{{QStringLiteral("code"), QLatin1String(api::errorCodeName(api::ErrorCode::TooEarly))},
                      {QStringLiteral("message"), QStringLiteral("the booking is for %1 %2; check-in opens at %3")
                                                      .arg(QDateTime::fromMSecsSinceEpoch(start, c.timeZone).toString(QStringLiteral("yyyy-MM-dd")),
                                                           hhmm(start), hhmm(from))},
                      {QStringLiteral("come_back_at"), isoUtc(from)},
                      {QStringLiteral("slot_start"), isoUtc(start)}};
        return jsonResponse(httpStatus(api::ErrorCode::TooEarly), QJsonObject{{QStringLiteral("error"), o}});
    }
    const bool late = now > until;
    if (late && m_engine.schedule().businessDay(now) != m_engine.schedule().businessDay(start))
        return errorResponse(api::ErrorCode::BookingExpired, QStringLiteral("booking %1 was for an earlier day").arg(code));

    Scope scope(m_storage);
    const auto issued = m_engine.issue(service, QString(), late ? 0 : start);
    if (!issued)
        return errorResponse(issued.error());
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "UPDATE bookings SET state = ?, ticket_id = ?, checked_in_at = ? WHERE id = ?"));
    q.bindValue(0, late ? QStringLiteral("late") : QStringLiteral("checked_in"));
    q.bindValue(1, issued->ticket.id);
    q.bindValue(2, now);
    q.bindValue(3, *id);
    if (!m_storage.exec(q) || !scope.commit())
        return errorResponse(internalError());
    const Ticket &t = issued->ticket;
    QJsonObject o{{QStringLiteral("id"), t.id},
                  {QStringLiteral("number"), t.number},
                  {QStringLiteral("service"), t.service},
                  {QStringLiteral("issued_at"), isoUtc(t.issuedAt)},
                  {QStringLiteral("ahead"), issued->ahead},
                  {QStringLiteral("estimated_wait_s"), issued->estimatedWaitS},
                  {QStringLiteral("page"), t.page},
                  {QStringLiteral("ticket"), t.toJson(now)},
                  {QStringLiteral("booking"), bookingJson(*id, false)},
                  {QStringLiteral("checkin"), late ? QStringLiteral("late") : QStringLiteral("on_time")}};
    if (late)
        o.insert(QStringLiteral("notice"), QStringLiteral("check-in for the %1 slot closed at %2; this is an ordinary ticket in the "
                                                          "general queue")
                                               .arg(hhmm(start), hhmm(until)));
    return jsonResponse(201, o);
}

// ---------------------------------------------------------------- report

Response BookingModule::report(const Request &request)
{
    const OfficeConfig &c = m_engine.config();
    const qint64 now = m_engine.nowMs();
    const QDate today = m_engine.schedule().businessDay(now);
    const QString fromText = request.query.queryItemValue(QStringLiteral("from"));
    const QString toText = request.query.queryItemValue(QStringLiteral("to"));
    const QDate from = fromText.isEmpty() ? today : parseDay(fromText);
    const QDate to = toText.isEmpty() ? from : parseDay(toText);
    if (!from.isValid() || !to.isValid() || to < from)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'from' and 'to' must be dates YYYY-MM-DD, from <= to"));
    if (from.daysTo(to) > kMaxReportDays)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("at most %1 days at once").arg(kMaxReportDays));

    QJsonObject visitors{{QStringLiteral("booked"), 0}, {QStringLiteral("walk_in"), 0}};
    {
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT booked_at IS NOT NULL, COUNT(*) FROM tickets WHERE business_day BETWEEN ? AND ? "
            "AND state != 'cancelled' GROUP BY 1"));
        q.bindValue(0, from.toString(Qt::ISODate));
        q.bindValue(1, to.toString(Qt::ISODate));
        if (!m_storage.exec(q))
            return errorResponse(internalError());
        while (q.next())
            visitors.insert(q.value(0).toBool() ? QStringLiteral("booked") : QStringLiteral("walk_in"), q.value(1).toInt());
        q.finish();
    }
    qint64 count = 0, sum = 0, max = 0, within = 0;
    {
        // A booked visitor waits from the slot start (or from check-in, if later) to the first call.
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT called_at - MAX(issued_at, booked_at) FROM tickets WHERE business_day BETWEEN ? AND ? "
            "AND booked_at IS NOT NULL AND called_at IS NOT NULL"));
        q.bindValue(0, from.toString(Qt::ISODate));
        q.bindValue(1, to.toString(Qt::ISODate));
        if (!m_storage.exec(q))
            return errorResponse(internalError());
        while (q.next()) {
            const qint64 wait = std::max<qint64>(0, q.value(0).toLongLong());
            ++count;
            sum += wait;
            max = std::max(max, wait);
            if (wait <= kBookedWaitTargetMs)
                ++within;
        }
        q.finish();
    }
    QJsonObject bookings{{QStringLiteral("total"), 0}, {QStringLiteral("checked_in"), 0}, {QStringLiteral("late"), 0},
                         {QStringLiteral("cancelled"), 0}, {QStringLiteral("no_show"), 0}, {QStringLiteral("upcoming"), 0}};
    {
        const qint64 fromMs = QDateTime(from, QTime(0, 0), c.timeZone).toMSecsSinceEpoch();
        const qint64 toMs = QDateTime(to.addDays(1), QTime(0, 0), c.timeZone).toMSecsSinceEpoch();
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT state, slot_start FROM bookings WHERE slot_start >= ? AND slot_start < ?"));
        q.bindValue(0, fromMs);
        q.bindValue(1, toMs);
        if (!m_storage.exec(q))
            return errorResponse(internalError());
        int total = 0;
        while (q.next()) {
            ++total;
            QString state = q.value(0).toString();
            // Still open but past its check-in window: not come (so far).
            if (state == QLatin1String("active"))
                state = q.value(1).toLongLong() + c.booking.checkinAfterMin * kMinute < now ? QStringLiteral("no_show")
                                                                                              : QStringLiteral("upcoming");
            bookings.insert(state, bookings.value(state).toInt() + 1);
        }
        bookings.insert(QStringLiteral("total"), total);
        q.finish();
    }
    return jsonResponse(200, QJsonObject{
        {QStringLiteral("from"), from.toString(Qt::ISODate)},
        {QStringLiteral("to"), to.toString(Qt::ISODate)},
        {QStringLiteral("visitors"), visitors},
        {QStringLiteral("bookings"), bookings},
        {QStringLiteral("booked_wait"), QJsonObject{
            {QStringLiteral("target_s"), kBookedWaitTargetMs / 1000},
            {QStringLiteral("called"), count},
            {QStringLiteral("avg_s"), count ? QJsonValue(sum / count / 1000) : QJsonValue()},
            {QStringLiteral("max_s"), count ? QJsonValue(max / 1000) : QJsonValue()},
            {QStringLiteral("within_target"), within},
            {QStringLiteral("pct_within_target"), count ? QJsonValue(std::round(1000.0 * within / count) / 10) : QJsonValue()}}}});
}

// ---------------------------------------------------------------- timers

qint64 BookingModule::purge(qint64 nowMs)
{
    const qint64 before = nowMs - m_engine.config().booking.purgeAfterDays * kDay;
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "UPDATE bookings SET phone = NULL, name = NULL, purged_at = ? WHERE purged_at IS NULL AND slot_start < ?"));
    q.bindValue(0, nowMs);
    q.bindValue(1, before);
    if (!m_storage.exec(q))
        return -1;
    const qint64 n = q.numRowsAffected();
    if (n <= 0)
        return 0;
    // The record of the purge: how many and up to when, nothing about whom.
    const QJsonObject event{{QStringLiteral("type"), QLatin1String(kPurgedEvent)},
                            {QStringLiteral("at"), isoUtc(nowMs)},
                            {QStringLiteral("count"), n},
                            {QStringLiteral("slots_before"), isoUtc(before)}};
    if (!m_storage.appendEvent(nowMs, QLatin1String(kPurgedEvent), 0, 0, event))
        return -1;
    qCInfo(lcBooking) << "erased phone and name of" << n << "bookings with slots before" << isoUtc(before);
    return n;
}

void BookingModule::tick(qint64 nowMs)
{
    if (m_lastTick && nowMs - m_lastTick < kMinute)
        return;
    m_lastTick = nowMs;
    // Bookings of earlier days that nobody used are no-shows.
    const QDate today = m_engine.schedule().businessDay(nowMs);
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "UPDATE bookings SET state = 'no_show' WHERE state = 'active' AND slot_start < ?"));
    q.bindValue(0, QDateTime(today, QTime(0, 0), m_engine.config().timeZone).toMSecsSinceEpoch());
    m_storage.exec(q);
    purge(nowMs);
}

// ---------------------------------------------------------------- routing

void BookingModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("booking");
    const QString p = QLatin1String(api::kPrefix);
    const QStringList bookers{QStringLiteral("booking"), QStringLiteral("manager")};
    router.add(owner, "GET", p + QStringLiteral("/slots"), bookers + QStringList{QStringLiteral("kiosk")},
               [this](const RouteRequest &r) { return listSlots(r.http); },
               QStringLiteral("only a booking client, a kiosk or the manager reads the slots"));
    const QString bookersOnly = QStringLiteral("only a booking client or the manager handles bookings");
    router.add(owner, "POST", p + QStringLiteral("/bookings"), bookers, [this](const RouteRequest &r) {
        Response bad;
        const auto body = bodyObject(r.http, &bad);
        return body ? create(r.who, *body) : bad;
    }, bookersOnly);
    router.add(owner, "GET", p + QStringLiteral("/bookings/{code}"), bookers,
               [this](const RouteRequest &r) { return show(r.param(QStringLiteral("code"))); }, bookersOnly);
    router.add(owner, "DELETE", p + QStringLiteral("/bookings/{code}"), bookers,
               [this](const RouteRequest &r) { return cancel(r.param(QStringLiteral("code"))); }, bookersOnly);
    router.add(owner, "POST", p + QStringLiteral("/bookings/{code}/check-in"),
               {QStringLiteral("kiosk"), QStringLiteral("manager")},
               [this](const RouteRequest &r) { return checkIn(r.param(QStringLiteral("code"))); },
               QStringLiteral("only a kiosk or the manager checks visitors in"));
    router.add(owner, "GET", p + QStringLiteral("/reports/bookings"), {QStringLiteral("manager")},
               [this](const RouteRequest &r) { return report(r.http); }, QStringLiteral("only the manager reads reports"));
}

} // namespace queue::server
