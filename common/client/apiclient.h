#pragma once

#include "apiresult.h"
#include "apitypes.h"
#include "servertrust.h"
#include "common/protocol.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace queue::client {

// Asynchronous typed client of the queue server's HTTP API (docs/api.md).
//
// Every call takes a callback that runs exactly once, later, on this object's thread,
// with a Result<T>: the typed value, or an ApiError telling network failures (no answer)
// from HTTP errors (the server's error code). Callbacks rather than reply objects: the
// answers are typed (Ticket, WindowInfo, …), which a moc'd reply class cannot carry
// without one subclass per type, and there is no reply object whose lifetime a caller
// must manage. Callbacks are dropped without being run when the ApiClient is destroyed;
// wrap one in guarded(context, f) when it captures an object that may die first.
//
// Window actions (POST /windows/{n}/…) and issueTicket send an Idempotency-Key: a fresh
// UUID unless the caller passes one. To retry an action after a network error or timeout,
// call again with result.idempotencyKey(): the server then does it at most once.
class ApiClient : public QObject {
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);
    explicit ApiClient(const QUrl &baseUrl, QObject *parent = nullptr);
    ~ApiClient() override;

    // http://host:port (any path prefix is kept and /api/v1/… appended to it).
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    // How an https server is verified (a pin or a CA file); with one of them set, an http://
    // base URL is refused: every call fails with code "untrusted_server", nothing is sent.
    void setTrust(const ServerTrust &trust) { m_trust = trust; }
    const ServerTrust &trust() const { return m_trust; }
    // Why the last call that ended without an answer was refused by the trust; empty once a
    // call gets an answer again (for the apps' "no connection" state).
    QString trustProblem() const { return m_trustProblem; }
    // Bearer token sent with every call except health and login. login() sets it,
    // a successful logout() clears it.
    void setToken(const QString &token);
    QString token() const { return m_token; }
    // Time for a whole request (connect, send, complete answer); default 10 s.
    void setTimeout(int ms) { m_timeoutMs = ms; }
    int timeout() const { return m_timeoutMs; }
    // Whether the last finished request got an HTTP answer (of any status).
    bool isReachable() const { return m_reachable.value_or(false); }
    int pendingCount() const { return static_cast<int>(m_pending.size()); }
    // Drops every pending request; their callbacks are not run.
    void abortAll();

    static QString newIdempotencyKey();
    // A text for the user (translated) describing err.
    static QString errorText(const ApiError &err);

    // Public and device calls.
    void health(Callback<HealthInfo> cb);
    void services(Callback<ServiceCatalog> cb);
    // priority: empty (in turn) or one of priorityCategories().
    void issueTicket(const QString &service, const QString &priority, Callback<IssuedTicket> cb,
                     const QString &idempotencyKey = {});
    void ticket(qint64 id, Callback<TicketStatus> cb);
    void cancelTicket(qint64 id, Callback<Ticket> cb);
    // Check-in of a pre-booked visitor (POST /tickets {"booking_code"}): the ticket, or an
    // error too_early (json() error.come_back_at), unknown_booking, already_checked_in…;
    // a late visitor gets an ordinary ticket with json() "checkin": "late".
    void checkInBooking(const QString &code, Callback<IssuedTicket> cb, const QString &idempotencyKey = {});
    // A satisfaction rating 1..5 by the number printed on the ticket (POST /ratings).
    void rateTicket(const QString &number, int score, const QString &reason, Callback<Empty> cb);
    // service: empty for all topics; window: 0 for the per-topic listing.
    void queue(const QString &service, int window, Callback<QueueSnapshot> cb);
    void windows(Callback<QList<WindowInfo>> cb);
    void liveMetrics(Callback<LiveMetrics> cb);
    // A kiosk's or display's hardware state: POST /devices/status {"printer", "detail"};
    // printer is ok, paper_low, paper_out, offline or error.
    void reportDeviceStatus(const QString &printer, const QString &detail, Callback<Empty> cb);
    // A kiosk's offline reserve (docs/reliability.md, "The kiosk issues offline"):
    // POST /kiosk/reserve tops it up; the answer (business_day, server_time_ms, reserve) is in
    // the result's json(). POST /kiosk/offline-tickets uploads what was issued from it; the
    // per-ticket results are in json() too.
    void kioskReserve(Callback<Empty> cb);
    void uploadOfflineTickets(const QJsonObject &body, Callback<Empty> cb);

    // Operator session. login() stores the returned token.
    void login(const QString &login, const QString &pin, int window, Callback<SessionInfo> cb);
    void currentSession(Callback<SessionInfo> cb);
    void logout(Callback<Empty> cb);

    // Window actions of the logged-in operator. call() yields nullopt when nothing waits (204);
    // ticketId 0 calls the next ticket in turn.
    void call(int window, qint64 ticketId, Callback<std::optional<Ticket>> cb, const QString &idempotencyKey = {});
    void recall(int window, Callback<Ticket> cb, const QString &idempotencyKey = {});
    void start(int window, Callback<Ticket> cb, const QString &idempotencyKey = {});
    void noShow(int window, Callback<Ticket> cb, const QString &idempotencyKey = {});
    // comment: may be empty, except for Outcome::ServiceStopped.
    void finish(int window, Outcome outcome, const QString &comment, Callback<Ticket> cb,
                const QString &idempotencyKey = {});
    // service and/or targetWindow (empty / 0: not given).
    void redirect(int window, const QString &service, int targetWindow, Callback<Ticket> cb,
                  const QString &idempotencyKey = {});
    void postpone(int window, int minutes, Callback<Ticket> cb, const QString &idempotencyKey = {});
    void pause(int window, PauseReason reason, Callback<WindowInfo> cb, const QString &idempotencyKey = {});
    void resume(int window, Callback<WindowInfo> cb, const QString &idempotencyKey = {});

Q_SIGNALS:
    // Changes when a request gets an answer after failures, or fails without one after answers.
    void reachableChanged(bool reachable);
    // An authenticated call (not login) got 401: the token is unknown or the session ended.
    void unauthorized();
    // A call was refused because the server is not the trusted one (wrong certificate, or
    // plain http while a pin or CA is set); the call fails with ApiError code
    // "untrusted_server" (kind Network, not retryable). `problem` is English, for the log.
    void trustFailed(const QString &problem);

private:
    // What one finished request produced, before it is turned into a typed Result.
    struct RawReply {
        int status = 0;
        QJsonObject json;
        ApiError error;            // kind None on 2xx
        QString idempotencyKey;
    };
    using RawHandler = std::function<void(const RawReply &)>;
    struct Pending {
        QNetworkReply *reply = nullptr;
        QTimer *timer = nullptr;
        RawHandler handler;
        bool timedOut = false;
        QString trustProblem;      // set when the handshake was refused
    };

    enum class Auth { None, Bearer };
    void send(const QByteArray &method, const QString &path, const QUrlQuery *query, const QJsonObject *body,
              Auth auth, const QString &idempotencyKey, RawHandler handler);
    void onFinished(QNetworkReply *reply);
    void refuseTrust(QNetworkReply *reply, const QString &problem);
    void setReachable(bool reachable);
    QUrl urlFor(const QString &path) const { return urlFor(m_baseUrl, path); }

public:
    // `path` (e.g. "/api/v1/services") under the server URL `base`, which may have a path prefix.
    static QUrl urlFor(const QUrl &base, const QString &path);

private:
    // GET/DELETE/POST returning an object parsed by parse(json) → std::optional<T>.
    template <typename T, typename Parse>
    void request(const QByteArray &method, const QString &path, const QUrlQuery *query,
                 const QJsonObject *body, Auth auth, const QString &idempotencyKey,
                 Callback<T> cb, Parse parse);
    void windowAction(int window, const char *action, const QJsonObject &body, Callback<Ticket> cb,
                      const QString &idempotencyKey);
    void windowStateAction(int window, const char *action, const QJsonObject &body, Callback<WindowInfo> cb,
                           const QString &idempotencyKey);

    QNetworkAccessManager *m_nam = nullptr;
    QUrl m_baseUrl;
    QString m_token;
    ServerTrust m_trust;
    QString m_trustProblem;
    int m_timeoutMs = 10000;
    std::optional<bool> m_reachable;
    QHash<QNetworkReply *, Pending> m_pending;
};

// Wraps callback f so that it runs only while context is alive:
//   api.start(2, guarded(this, [this](const Result<Ticket> &r) { … }));
template <typename F>
auto guarded(QObject *context, F f)
{
    return [ctx = QPointer<QObject>(context), f = std::move(f)](const auto &result) {
        if (ctx)
            f(result);
    };
}

} // namespace queue::client
