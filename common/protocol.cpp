#include "protocol.h"

#include <QDateTime>
#include <QJsonArray>

namespace queue {

namespace {

template <typename E, size_t N>
QString nameOf(E v, const char *const (&names)[N])
{
    const auto i = static_cast<size_t>(v);
    return i < N ? QString::fromLatin1(names[i]) : QString();
}

template <typename E, size_t N>
std::optional<E> valueOf(const QString &s, const char *const (&names)[N])
{
    for (size_t i = 0; i < N; ++i)
        if (s == QLatin1String(names[i]))
            return static_cast<E>(i);
    return std::nullopt;
}

const char *const kTicketStates[] = {"waiting", "called", "serving", "done",
                                     "no_show", "redirected", "postponed", "cancelled"};
const char *const kWindowStates[] = {"closed", "open", "calling", "serving", "paused"};
const char *const kPauseReasons[] = {"", "break", "lunch", "technical"};
const char *const kOutcomes[] = {"", "resolved", "back_office", "service_stopped"};
const char *const kSegments[] = {"b2c", "b2b"};

QJsonValue nullableTime(qint64 ms) { return ms ? QJsonValue(isoUtc(ms)) : QJsonValue(); }
QJsonValue nullableInt(qint64 v) { return v ? QJsonValue(v) : QJsonValue(); }
QJsonValue nullableString(const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); }
QJsonValue nonNegativeOrNull(qint64 v) { return v >= 0 ? QJsonValue(v) : QJsonValue(); }

} // namespace

QString toString(TicketState s) { return nameOf(s, kTicketStates); }
QString toString(WindowState s) { return nameOf(s, kWindowStates); }
QString toString(PauseReason r) { return nameOf(r, kPauseReasons); }
QString toString(Outcome o) { return nameOf(o, kOutcomes); }
QString toString(Segment s) { return nameOf(s, kSegments); }
std::optional<TicketState> ticketStateFromString(const QString &s) { return valueOf<TicketState>(s, kTicketStates); }
std::optional<WindowState> windowStateFromString(const QString &s) { return valueOf<WindowState>(s, kWindowStates); }
std::optional<PauseReason> pauseReasonFromString(const QString &s) { return valueOf<PauseReason>(s, kPauseReasons); }
std::optional<Outcome> outcomeFromString(const QString &s) { return valueOf<Outcome>(s, kOutcomes); }
std::optional<Segment> segmentFromString(const QString &s) { return valueOf<Segment>(s, kSegments); }

bool isQueued(TicketState s)
{
    return s == TicketState::Waiting || s == TicketState::Redirected || s == TicketState::Postponed;
}

bool isAtWindow(TicketState s) { return s == TicketState::Called || s == TicketState::Serving; }

const QStringList &priorityCategories()
{
    static const QStringList categories{QStringLiteral("disability"), QStringLiteral("veteran"),
                                        QStringLiteral("pregnant"), QStringLiteral("with_infant"),
                                        QStringLiteral("other_legal")};
    return categories;
}

QString isoUtc(qint64 ms)
{
    if (!ms)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

qint64 parseIsoUtc(const QString &s)
{
    if (s.isEmpty())
        return 0;
    const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

qint64 Ticket::waitSeconds(qint64 nowMs) const
{
    if (!issuedAt)
        return -1;
    const qint64 end = calledAt ? calledAt : (isQueued(state) ? nowMs : 0);
    return end ? qMax<qint64>(0, (end - issuedAt) / 1000) : -1;
}

qint64 Ticket::serviceSeconds() const
{
    return (startedAt && finishedAt) ? qMax<qint64>(0, (finishedAt - startedAt) / 1000) : -1;
}

QJsonObject Ticket::toJson(qint64 nowMs) const
{
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("number"), number},
        {QStringLiteral("service"), service},
        {QStringLiteral("original_service"), originalService},
        {QStringLiteral("segment"), toString(segment)},
        {QStringLiteral("state"), toString(state)},
        {QStringLiteral("priority"), nullableString(priority)},
        {QStringLiteral("issued_at"), nullableTime(issuedAt)},
        {QStringLiteral("called_at"), nullableTime(calledAt)},
        {QStringLiteral("last_called_at"), nullableTime(lastCalledAt)},
        {QStringLiteral("started_at"), nullableTime(startedAt)},
        {QStringLiteral("finished_at"), nullableTime(finishedAt)},
        {QStringLiteral("postponed_until"), nullableTime(postponedUntil)},
        {QStringLiteral("window"), nullableInt(window)},
        {QStringLiteral("target_window"), nullableInt(targetWindow)},
        {QStringLiteral("operator"), nullableString(operatorLogin)},
        {QStringLiteral("recalls"), recalls},
        {QStringLiteral("redirects"), redirects},
        {QStringLiteral("outcome"), nullableString(toString(outcome))},
        {QStringLiteral("comment"), nullableString(comment)},
        {QStringLiteral("wait_s"), nonNegativeOrNull(waitSeconds(nowMs))},
        {QStringLiteral("service_s"), nonNegativeOrNull(serviceSeconds())},
    };
    if (!page.isEmpty())
        o.insert(QStringLiteral("page"), page);
    return o;
}

std::optional<Ticket> Ticket::fromJson(const QJsonObject &o)
{
    Ticket t;
    t.id = o.value(QStringLiteral("id")).toInteger();
    t.number = o.value(QStringLiteral("number")).toString();
    const auto state = ticketStateFromString(o.value(QStringLiteral("state")).toString());
    if (!t.id || t.number.isEmpty() || !state)
        return std::nullopt;
    t.state = *state;
    t.service = o.value(QStringLiteral("service")).toString();
    t.originalService = o.value(QStringLiteral("original_service")).toString();
    t.segment = segmentFromString(o.value(QStringLiteral("segment")).toString()).value_or(Segment::B2C);
    t.priority = o.value(QStringLiteral("priority")).toString();
    t.issuedAt = parseIsoUtc(o.value(QStringLiteral("issued_at")).toString());
    t.calledAt = parseIsoUtc(o.value(QStringLiteral("called_at")).toString());
    t.lastCalledAt = parseIsoUtc(o.value(QStringLiteral("last_called_at")).toString());
    t.startedAt = parseIsoUtc(o.value(QStringLiteral("started_at")).toString());
    t.finishedAt = parseIsoUtc(o.value(QStringLiteral("finished_at")).toString());
    t.postponedUntil = parseIsoUtc(o.value(QStringLiteral("postponed_until")).toString());
    t.window = o.value(QStringLiteral("window")).toInt();
    t.targetWindow = o.value(QStringLiteral("target_window")).toInt();
    t.operatorLogin = o.value(QStringLiteral("operator")).toString();
    t.recalls = o.value(QStringLiteral("recalls")).toInt();
    t.redirects = o.value(QStringLiteral("redirects")).toInt();
    t.outcome = outcomeFromString(o.value(QStringLiteral("outcome")).toString()).value_or(Outcome::None);
    t.comment = o.value(QStringLiteral("comment")).toString();
    t.page = o.value(QStringLiteral("page")).toString();
    return t;
}

QJsonObject ServiceInfo::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), description},
        {QStringLiteral("prefix"), prefix},
        {QStringLiteral("segment"), toString(segment)},
        {QStringLiteral("wait_norm_min"), nullableInt(waitNormMin)},
        {QStringLiteral("service_norm_min"), serviceNormMin},
        {QStringLiteral("waiting"), waiting},
        {QStringLiteral("estimated_wait_s"), estimatedWaitS},
    };
}

std::optional<ServiceInfo> ServiceInfo::fromJson(const QJsonObject &o)
{
    ServiceInfo s;
    s.id = o.value(QStringLiteral("id")).toString();
    if (s.id.isEmpty())
        return std::nullopt;
    s.name = o.value(QStringLiteral("name")).toString();
    s.description = o.value(QStringLiteral("description")).toString();
    s.prefix = o.value(QStringLiteral("prefix")).toString();
    s.segment = segmentFromString(o.value(QStringLiteral("segment")).toString()).value_or(Segment::B2C);
    s.waitNormMin = o.value(QStringLiteral("wait_norm_min")).toInt();
    s.serviceNormMin = o.value(QStringLiteral("service_norm_min")).toInt();
    s.waiting = o.value(QStringLiteral("waiting")).toInt();
    s.estimatedWaitS = o.value(QStringLiteral("estimated_wait_s")).toInteger();
    return s;
}

QJsonObject WindowInfo::toJson(qint64 nowMs) const
{
    QJsonValue opJson;
    if (!op.isNull())
        opJson = QJsonObject{{QStringLiteral("login"), op.login}, {QStringLiteral("name"), op.name}};
    return QJsonObject{
        {QStringLiteral("number"), number},
        {QStringLiteral("state"), toString(state)},
        {QStringLiteral("pause_reason"), nullableString(toString(pauseReason))},
        {QStringLiteral("services"), QJsonArray::fromStringList(services)},
        {QStringLiteral("segment"), toString(segment)},
        {QStringLiteral("operator"), opJson},
        {QStringLiteral("ticket"), ticket ? QJsonValue(ticket->toJson(nowMs)) : QJsonValue()},
        {QStringLiteral("since"), nullableTime(since)},
    };
}

std::optional<WindowInfo> WindowInfo::fromJson(const QJsonObject &o)
{
    WindowInfo w;
    w.number = o.value(QStringLiteral("number")).toInt();
    const auto state = windowStateFromString(o.value(QStringLiteral("state")).toString());
    if (w.number <= 0 || !state)
        return std::nullopt;
    w.state = *state;
    w.pauseReason = pauseReasonFromString(o.value(QStringLiteral("pause_reason")).toString()).value_or(PauseReason::None);
    for (const QJsonValue &v : o.value(QStringLiteral("services")).toArray())
        w.services.append(v.toString());
    w.segment = segmentFromString(o.value(QStringLiteral("segment")).toString()).value_or(Segment::B2C);
    const QJsonObject op = o.value(QStringLiteral("operator")).toObject();
    w.op.login = op.value(QStringLiteral("login")).toString();
    w.op.name = op.value(QStringLiteral("name")).toString();
    if (o.value(QStringLiteral("ticket")).isObject())
        w.ticket = Ticket::fromJson(o.value(QStringLiteral("ticket")).toObject());
    w.since = parseIsoUtc(o.value(QStringLiteral("since")).toString());
    return w;
}

namespace api {
namespace {
struct ErrorCodeName {
    ErrorCode code;
    const char *name;
};
constexpr ErrorCodeName kErrorCodeNames[] = {
    {ErrorCode::BadRequest, "bad_request"},
    {ErrorCode::InvalidJson, "invalid_json"},
    {ErrorCode::UnknownService, "unknown_service"},
    {ErrorCode::BadPhone, "bad_phone"},
    {ErrorCode::ConsentRequired, "consent_required"},
    {ErrorCode::Unauthorized, "unauthorized"},
    {ErrorCode::Forbidden, "forbidden"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::UnknownBooking, "unknown_booking"},
    {ErrorCode::MethodNotAllowed, "method_not_allowed"},
    {ErrorCode::WrongState, "wrong_state"},
    {ErrorCode::TicketActive, "ticket_active"},
    {ErrorCode::TooFewRecalls, "too_few_recalls"},
    {ErrorCode::NumbersExhausted, "numbers_exhausted"},
    {ErrorCode::OfficeClosed, "office_closed"},
    {ErrorCode::NotServed, "not_served"},
    {ErrorCode::AlreadyRated, "already_rated"},
    {ErrorCode::RatingClosed, "rating_closed"},
    {ErrorCode::NotActive, "not_active"},
    {ErrorCode::SlotFull, "slot_full"},
    {ErrorCode::AlreadyCheckedIn, "already_checked_in"},
    {ErrorCode::BookingCancelled, "booking_cancelled"},
    {ErrorCode::BookingExpired, "booking_expired"},
    {ErrorCode::TooEarly, "too_early"},
    {ErrorCode::SlotInPast, "slot_in_past"},
    {ErrorCode::BeyondHorizon, "beyond_horizon"},
    {ErrorCode::Holiday, "holiday"},
    {ErrorCode::OutsideHours, "outside_hours"},
    {ErrorCode::NotLeased, "not_leased"},
    {ErrorCode::RequestTimeout, "request_timeout"},
    {ErrorCode::LengthRequired, "length_required"},
    {ErrorCode::PayloadTooLarge, "payload_too_large"},
    {ErrorCode::UriTooLong, "uri_too_long"},
    {ErrorCode::UpgradeRequired, "upgrade_required"},
    {ErrorCode::LoginLocked, "login_locked"},
    {ErrorCode::TooManyRequests, "too_many_requests"},
    {ErrorCode::HeaderTooLarge, "header_too_large"},
    {ErrorCode::HttpVersionNotSupported, "http_version_not_supported"},
    {ErrorCode::UnknownEnrolmentCode, "unknown_enrolment_code"},
    {ErrorCode::EnrolmentCodeUsed, "enrolment_code_used"},
    {ErrorCode::EnrolmentCodeExpired, "enrolment_code_expired"},
    {ErrorCode::Internal, "internal"},
    {ErrorCode::NotImplemented, "not_implemented"},
    {ErrorCode::Unavailable, "unavailable"},
};
} // namespace

const char *errorCodeName(ErrorCode code)
{
    for (const ErrorCodeName &e : kErrorCodeNames)
        if (e.code == code)
            return e.name;
    return "internal";
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const ErrorCodeName &e : kErrorCodeNames)
        if (name == QLatin1String(e.name))
            return e.code;
    return std::nullopt;
}
} // namespace api

} // namespace queue
