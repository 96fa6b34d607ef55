#include "booking.h"

#include "apierrors.h"
#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"
#include "store/ticketstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QRegularExpression>

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

} // namespace

BookingModule::BookingModule(const ModuleServices &services)
    : m_engine(services.engine), m_storage(services.storage), m_bookings(services.storage)
{
}

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
    return m_bookings.countInSlot(service, slotStart);
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
    if (c.isRetired(service))
        return errorResponse(api::ErrorCode::UnknownService, QStringLiteral("the topic '%1' is retired: it cannot be booked").arg(service));
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
    for (int attempt = 0; attempt < 100; ++attempt) {
        const QString code = QString::number(QRandomGenerator::system()->bounded(100000, 1000000));
        if (!m_bookings.codeTaken(code))
            return code;
    }
    return {};
}

std::optional<qint64> BookingModule::findBooking(const QString &code) const
{
    return m_bookings.findByCode(code);
}

QJsonObject BookingModule::bookingJson(qint64 id, bool personal) const
{
    const std::optional<BookingStore::Booking> b = m_bookings.load(id);
    if (!b)
        return {};
    const OfficeConfig &c = m_engine.config();
    auto time = [](qint64 ms) { return ms ? QJsonValue(isoUtc(ms)) : QJsonValue(); };
    auto text = [](const std::optional<QString> &v) { return v ? QJsonValue(*v) : QJsonValue(); };
    const ServiceInfo *s = c.service(b->service);
    QJsonObject o{{QStringLiteral("code"), b->code},
                  {QStringLiteral("service"), b->service},
                  {QStringLiteral("service_name"), s ? s->name : b->service},
                  {QStringLiteral("start"), isoUtc(b->slotStart)},
                  {QStringLiteral("end"), isoUtc(b->slotEnd)},
                  {QStringLiteral("state"), b->state},
                  {QStringLiteral("checkin_from"), isoUtc(b->slotStart - c.booking.checkinBeforeMin * kMinute)},
                  {QStringLiteral("checkin_until"), isoUtc(b->slotStart + c.booking.checkinAfterMin * kMinute)},
                  {QStringLiteral("created_at"), time(b->createdAt)},
                  {QStringLiteral("checked_in_at"), time(b->checkedInAt)},
                  {QStringLiteral("cancelled_at"), time(b->cancelledAt)},
                  {QStringLiteral("purged_at"), time(b->purgedAt)},
                  {QStringLiteral("ticket"), text(b->ticketNumber)}};
    if (personal) {
        o.insert(QStringLiteral("phone"), text(b->phone));
        o.insert(QStringLiteral("name"), text(b->name));
    }
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
    if (c.isRetired(service))
        return errorResponse(api::ErrorCode::UnknownService, QStringLiteral("the topic '%1' is retired: it cannot be booked").arg(service));
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
    const qint64 id = m_bookings.insert(BookingStore::NewBooking{code, service, start.toMSecsSinceEpoch(), end, digits, name,
                                                                 m_engine.nowMs(), who.name});
    if (!id || !scope.commit())
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
    if (!m_bookings.cancel(*id, m_engine.nowMs()) || !scope.commit())
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
    if (!m_bookings.checkIn(*id, late ? QStringLiteral("late") : QStringLiteral("checked_in"), issued->ticket.id, now)
        || !scope.commit())
        return errorResponse(internalError());
    QJsonObject o = issuedTicketJson(issued.value(), now);
    o.insert(QStringLiteral("booking"), bookingJson(*id, false));
    o.insert(QStringLiteral("checkin"), late ? QStringLiteral("late") : QStringLiteral("on_time"));
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

    TicketStore tickets(m_storage);
    const std::optional<TicketStore::Visitors> visitors = tickets.visitorsBetween(from, to);
    // A booked visitor waits from the slot start (or from check-in, if later) to the first call.
    const std::optional<QList<qint64>> waits = tickets.bookedWaitsBetween(from, to);
    const qint64 fromMs = QDateTime(from, QTime(0, 0), c.timeZone).toMSecsSinceEpoch();
    const qint64 toMs = QDateTime(to.addDays(1), QTime(0, 0), c.timeZone).toMSecsSinceEpoch();
    const std::optional<QList<BookingStore::SlotState>> slotStates = m_bookings.inRange(fromMs, toMs);
    if (!visitors || !waits || !slotStates)
        return errorResponse(internalError());
    qint64 count = 0, sum = 0, max = 0, within = 0;
    for (const qint64 w : *waits) {
        const qint64 wait = std::max<qint64>(0, w);
        ++count;
        sum += wait;
        max = std::max(max, wait);
        if (wait <= kBookedWaitTargetMs)
            ++within;
    }
    QJsonObject bookings{{QStringLiteral("total"), 0}, {QStringLiteral("checked_in"), 0}, {QStringLiteral("late"), 0},
                         {QStringLiteral("cancelled"), 0}, {QStringLiteral("no_show"), 0}, {QStringLiteral("upcoming"), 0}};
    for (const BookingStore::SlotState &b : *slotStates) {
        QString state = b.state;
        // Still open but past its check-in window: not come (so far).
        if (state == QLatin1String("active"))
            state = b.slotStart + c.booking.checkinAfterMin * kMinute < now ? QStringLiteral("no_show")
                                                                             : QStringLiteral("upcoming");
        bookings.insert(state, bookings.value(state).toInt() + 1);
    }
    bookings.insert(QStringLiteral("total"), static_cast<int>(slotStates->size()));
    return jsonResponse(200, QJsonObject{
        {QStringLiteral("from"), from.toString(Qt::ISODate)},
        {QStringLiteral("to"), to.toString(Qt::ISODate)},
        {QStringLiteral("visitors"), QJsonObject{{QStringLiteral("booked"), visitors->booked},
                                                 {QStringLiteral("walk_in"), visitors->walkIn}}},
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
    const qint64 n = m_bookings.purgePersonal(before, nowMs);
    if (n <= 0)
        return n;
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
    m_bookings.markNoShows(QDateTime(today, QTime(0, 0), m_engine.config().timeZone).toMSecsSinceEpoch());
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
