#pragma once

// The wire protocol, defined once: the server serialises these types and the
// clients (kiosk, desk, board, manager tools) parse them. docs/api.md is the
// human description of the same thing; keep both in step.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace queue {

enum class TicketState { Waiting, Called, Serving, Done, NoShow, Redirected, Postponed, Cancelled };
enum class WindowState { Closed, Open, Calling, Serving, Paused };
enum class PauseReason { None, Break, Lunch, Technical };
enum class Outcome { None, Resolved, BackOffice, ServiceStopped };
enum class Segment { B2C, B2B };

QString toString(TicketState s);
QString toString(WindowState s);
QString toString(PauseReason r);   // "" for None
QString toString(Outcome o);       // "" for None
QString toString(Segment s);
std::optional<TicketState> ticketStateFromString(const QString &s);
std::optional<WindowState> windowStateFromString(const QString &s);
std::optional<PauseReason> pauseReasonFromString(const QString &s);   // "" → None
std::optional<Outcome> outcomeFromString(const QString &s);           // "" → None
std::optional<Segment> segmentFromString(const QString &s);

// States in which a ticket is in the queue (may be called).
bool isQueued(TicketState s);
// States in which a ticket occupies a window.
bool isAtWindow(TicketState s);
// The out-of-turn categories the kiosk offers (standard 2.1.2, App. 2 4.2).
const QStringList &priorityCategories();

// ISO 8601 UTC with milliseconds; 0 ↔ null.
QString isoUtc(qint64 ms);
qint64 parseIsoUtc(const QString &s);   // 0 when empty or invalid

struct Ticket {
    qint64 id = 0;
    QString number;
    QString service;
    QString originalService;
    Segment segment = Segment::B2C;
    TicketState state = TicketState::Waiting;
    QString priority;            // empty: in turn
    qint64 issuedAt = 0;         // ms since epoch; all times 0 = not yet
    qint64 calledAt = 0;         // first call
    qint64 lastCalledAt = 0;     // latest call (recalls, calls after redirect/postpone)
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    qint64 postponedUntil = 0;
    int window = 0;              // 0: none
    int targetWindow = 0;
    QString operatorLogin;
    int recalls = 0;
    int redirects = 0;
    Outcome outcome = Outcome::None;
    QString comment;
    // "/t/<token>": the ticket's unguessable public page. Only in the answers that issue a
    // ticket (POST /api/v1/tickets, a booking's check-in); never in events or listings, so
    // that a board or a desk does not learn every visitor's page. Empty otherwise.
    QString page;

    // Seconds from issue to first call (to `nowMs` while still waiting); -1 if unknown.
    qint64 waitSeconds(qint64 nowMs) const;
    qint64 serviceSeconds() const;   // -1 until finished
    QJsonObject toJson(qint64 nowMs) const;
    static std::optional<Ticket> fromJson(const QJsonObject &o);
};

struct ServiceInfo {
    QString id;
    QString name;
    QString description;
    QString prefix;
    Segment segment = Segment::B2C;
    int waitNormMin = 0;         // 0: no waiting norm
    int serviceNormMin = 0;
    // Live values from GET /api/v1/services.
    int waiting = 0;
    qint64 estimatedWaitS = 0;

    QJsonObject toJson() const;
    static std::optional<ServiceInfo> fromJson(const QJsonObject &o);
};

struct OperatorInfo {
    QString login;
    QString name;
    bool isNull() const { return login.isEmpty(); }
};

struct WindowInfo {
    int number = 0;
    WindowState state = WindowState::Closed;
    PauseReason pauseReason = PauseReason::None;
    QStringList services;
    Segment segment = Segment::B2C;
    OperatorInfo op;
    std::optional<Ticket> ticket;
    qint64 since = 0;

    QJsonObject toJson(qint64 nowMs) const;
    static std::optional<WindowInfo> fromJson(const QJsonObject &o);
};

namespace api {

// The error codes of the API's one error shape {"error":{"code","message"}},
// defined once: the server refuses with them (server/apierrors.cpp maps each
// to its HTTP status in one table) and the clients turn them into texts.
enum class ErrorCode {
    // 400
    BadRequest, InvalidJson, UnknownService, BadPhone, ConsentRequired,
    // 401, 403, 404, 405
    Unauthorized, Forbidden, NotFound, UnknownBooking, MethodNotAllowed,
    // 409: the request is valid but the state does not allow it
    WrongState, TicketActive, TooFewRecalls, NumbersExhausted, OfficeClosed, NotServed, AlreadyRated,
    RatingClosed, NotActive, SlotFull, AlreadyCheckedIn, BookingCancelled, BookingExpired, TooEarly,
    SlotInPast, BeyondHorizon, Holiday, OutsideHours, NotLeased,
    // 408, 411, 413, 414, 426, 429, 431, 505: the HTTP layer and the limits
    RequestTimeout, LengthRequired, PayloadTooLarge, UriTooLong, UpgradeRequired, LoginLocked,
    TooManyRequests, HeaderTooLarge, HttpVersionNotSupported,
    // 404, 409, 410: a device's one-time enrolment code (POST /api/v1/devices/enrol)
    UnknownEnrolmentCode, EnrolmentCodeUsed, EnrolmentCodeExpired,
    // 500, 501, 503
    Internal, NotImplemented, Unavailable,
};
// "bad_request", "wrong_state", …: the code as it travels in the error body.
const char *errorCodeName(ErrorCode code);
// The code named `name`; nullopt for a code this build does not know.
std::optional<ErrorCode> errorCodeFromName(const QString &name);
inline constexpr char kPrefix[] = "/api/v1";
inline constexpr char kEventsPath[] = "/api/v1/events";
// Event types on the stream.
inline constexpr char kHello[] = "hello";
inline constexpr char kStreamReset[] = "stream.reset";
inline constexpr char kTicketIssued[] = "ticket.issued";
inline constexpr char kTicketCalled[] = "ticket.called";
inline constexpr char kTicketRecalled[] = "ticket.recalled";
inline constexpr char kTicketStarted[] = "ticket.started";
inline constexpr char kTicketFinished[] = "ticket.finished";
inline constexpr char kTicketNoShow[] = "ticket.no_show";
inline constexpr char kTicketRedirected[] = "ticket.redirected";
inline constexpr char kTicketPostponed[] = "ticket.postponed";
inline constexpr char kTicketReturned[] = "ticket.returned";
inline constexpr char kTicketCancelled[] = "ticket.cancelled";
inline constexpr char kWindowChanged[] = "window.changed";
// The manager's side (docs/api.md, "Manager").
inline constexpr char kAlarmRaised[] = "alarm.raised";
inline constexpr char kAlarmCleared[] = "alarm.cleared";
inline constexpr char kAlarmAcked[] = "alarm.acked";
inline constexpr char kRatingAdded[] = "rating.added";
inline constexpr char kReviewAdded[] = "review.added";
inline constexpr char kReviewClosed[] = "review.closed";
} // namespace api

} // namespace queue
