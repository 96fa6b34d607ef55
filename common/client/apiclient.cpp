#include "apiclient.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcClientTls, "queue.client.tls")

namespace queue::client {

namespace {

QString apiPath(const char *path) { return QLatin1String(api::kPrefix) + QLatin1String(path); }

QString windowPath(int window, const char *action)
{
    return apiPath("/windows/") + QString::number(window) + QLatin1Char('/') + QLatin1String(action);
}

} // namespace

ApiClient::ApiClient(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this))
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ApiClient::ApiClient(const QUrl &baseUrl, QObject *parent) : ApiClient(parent) { setBaseUrl(baseUrl); }

ApiClient::~ApiClient() { abortAll(); }

void ApiClient::setBaseUrl(const QUrl &url) { m_baseUrl = url; }

void ApiClient::setToken(const QString &token) { m_token = token; }

void ApiClient::abortAll()
{
    const auto pending = std::exchange(m_pending, {});
    for (const Pending &p : pending) {
        p.reply->disconnect(this);
        p.reply->abort();
        p.reply->deleteLater();
        delete p.timer;
    }
}

QString ApiClient::newIdempotencyKey() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QString ApiClient::errorText(const ApiError &err)
{
    switch (err.kind) {
    case ApiError::Kind::None:
        return QString();
    case ApiError::Kind::Network:
        if (err.code == QLatin1String("untrusted_server"))
            return tr("The queue server could not be verified (its certificate is not the expected one). "
                      "Connection refused.");
        return tr("No connection to the queue server.");
    case ApiError::Kind::Timeout:
        return tr("The queue server did not answer in time.");
    case ApiError::Kind::Protocol:
        return tr("The queue server sent an answer that could not be understood.");
    case ApiError::Kind::Http:
        break;
    }
    const QString &c = err.code;
    if (c == QLatin1String("unauthorized"))
        return tr("Wrong login or PIN, or the session has ended.");
    if (c == QLatin1String("forbidden"))
        return tr("This action is not allowed here.");
    if (c == QLatin1String("office_closed"))
        return tr("The office is closed.");
    if (c == QLatin1String("wrong_state"))
        return tr("The ticket or the window is not in a state that allows this.");
    if (c == QLatin1String("ticket_active"))
        return tr("Finish the current ticket first.");
    if (c == QLatin1String("too_few_recalls"))
        return tr("Recall the client more times before marking a no-show.");
    if (c == QLatin1String("login_locked"))
        return tr("Too many wrong PINs. Try again in a minute.");
    if (c == QLatin1String("unknown_service"))
        return tr("Unknown service.");
    if (c == QLatin1String("not_found"))
        return tr("Not found.");
    if (c == QLatin1String("internal"))
        return tr("The server could not save the change. Nothing was changed; please try again.");
    if (c == QLatin1String("bad_request") || c == QLatin1String("invalid_json"))
        return tr("The request was rejected: %1").arg(err.message);
    return tr("The request failed (HTTP %1).").arg(err.status);
}

QUrl ApiClient::urlFor(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

void ApiClient::send(const QByteArray &method, const QString &path, const QUrlQuery *query,
                     const QJsonObject *body, Auth auth, const QString &idempotencyKey, RawHandler handler)
{
    QUrl url = urlFor(path);
    if (query)
        url.setQuery(*query);
    if (m_trust.requiresTls() && url.scheme() != QLatin1String("https")) {
        // Never plain while a pin or a CA is set: the token would travel in clear.
        const QString problem = QStringLiteral("a server certificate pin or CA file is set, but the server URL %1 is not https")
                                    .arg(m_baseUrl.toString());
        qCWarning(lcClientTls).noquote() << problem;
        QTimer::singleShot(0, this, [this, handler = std::move(handler), problem, idempotencyKey] {
            RawReply raw;
            raw.idempotencyKey = idempotencyKey;
            raw.error = ApiError{ApiError::Kind::Network, 0, QStringLiteral("untrusted_server"), problem, false};
            const QPointer<ApiClient> self(this);
            m_trustProblem = problem;
            setReachable(false);
            if (!self)
                return;
            Q_EMIT trustFailed(problem);
            if (self)
                handler(raw);
        });
        return;
    }
    QNetworkRequest req(url);
    if (url.scheme() == QLatin1String("https"))
        req.setSslConfiguration(m_trust.configure(req.sslConfiguration()));
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setRawHeader("Accept", "application/json");
    if (auth == Auth::Bearer && !m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    if (!idempotencyKey.isEmpty())
        req.setRawHeader("Idempotency-Key", idempotencyKey.toUtf8());

    QNetworkReply *reply = nullptr;
    if (body) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QByteArray data = QJsonDocument(*body).toJson(QJsonDocument::Compact);
        reply = method == "POST" ? m_nam->post(req, data) : m_nam->sendCustomRequest(req, method, data);
    } else if (method == "GET") {
        reply = m_nam->get(req);
    } else if (method == "DELETE") {
        reply = m_nam->deleteResource(req);
    } else {
        reply = m_nam->sendCustomRequest(req, method);
    }

    Pending p;
    p.reply = reply;
    p.handler = std::move(handler);
    p.timer = new QTimer(this);
    p.timer->setSingleShot(true);
    connect(p.timer, &QTimer::timeout, this, [this, reply] {
        auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        it->timedOut = true;
        reply->abort();   // finishes the reply (OperationCanceledError) → onFinished
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        QString problem;
        const QList<QSslError> ignore = m_trust.ignorable(errors, &problem);
        if (ignore.isEmpty())
            refuseTrust(reply, problem);
        else
            reply->ignoreSslErrors(ignore);
    });
    // Before any byte of the request is sent; a pin is checked even when the chain verified.
    connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
        QString problem;
        if (!m_trust.accepts(reply->sslConfiguration().peerCertificate(), &problem)) {
            refuseTrust(reply, problem);
            reply->abort();
        }
    });
    m_pending.insert(reply, p);
    p.timer->start(m_timeoutMs);
}

void ApiClient::refuseTrust(QNetworkReply *reply, const QString &problem)
{
    auto it = m_pending.find(reply);
    if (it == m_pending.end() || !it->trustProblem.isEmpty())
        return;
    it->trustProblem = problem;
    qCWarning(lcClientTls).noquote() << "refused" << reply->url().toString(QUrl::RemoveQuery) << "-" << problem;
}

void ApiClient::onFinished(QNetworkReply *reply)
{
    auto it = m_pending.find(reply);
    if (it == m_pending.end())
        return;
    const Pending p = *it;
    m_pending.erase(it);
    p.timer->stop();
    p.timer->deleteLater();
    reply->deleteLater();

    RawReply raw;
    raw.idempotencyKey = QString::fromUtf8(reply->request().rawHeader("Idempotency-Key"));
    raw.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = raw.status > 0 ? reply->readAll() : QByteArray();
    if (!bytes.trimmed().isEmpty()) {
        QJsonParseError perr{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &perr);
        if (doc.isObject())
            raw.json = doc.object();
        else if (raw.status >= 200 && raw.status < 300)
            raw.error = ApiError{ApiError::Kind::Protocol, raw.status, QStringLiteral("bad_response"),
                                 perr.errorString(), false};
    }

    if (!p.trustProblem.isEmpty()) {
        raw.status = 0;
        raw.json = {};
        raw.error = ApiError{ApiError::Kind::Network, 0, QStringLiteral("untrusted_server"), p.trustProblem, false};
    } else if (p.timedOut) {
        raw.status = 0;
        raw.error = ApiError{ApiError::Kind::Timeout, 0, QStringLiteral("timeout"),
                             QStringLiteral("no answer within %1 ms").arg(m_timeoutMs), true};
    } else if (raw.status == 0) {
        raw.error = ApiError{ApiError::Kind::Network, 0, QStringLiteral("network"), reply->errorString(), true};
    } else if (raw.status < 200 || raw.status >= 300) {
        const QJsonObject e = raw.json.value(QLatin1String("error")).toObject();
        raw.error = ApiError{ApiError::Kind::Http, raw.status, e.value(QLatin1String("code")).toString(),
                             e.value(QLatin1String("message")).toString(), false};
        if (raw.error.message.isEmpty())
            raw.error.message = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        raw.error.retryAfterS = qMax<qint64>(0, reply->rawHeader("Retry-After").trimmed().toLongLong());
    }

    const bool wasAuthenticated = reply->request().hasRawHeader("Authorization");
    QPointer<ApiClient> self(this);
    if (!p.trustProblem.isEmpty())
        m_trustProblem = p.trustProblem;
    else if (raw.status > 0)
        m_trustProblem.clear();
    setReachable(raw.status > 0);
    if (!self)
        return;
    if (!p.trustProblem.isEmpty()) {
        Q_EMIT trustFailed(p.trustProblem);
        if (!self)
            return;
    }
    if (raw.status == 401 && wasAuthenticated) {
        Q_EMIT unauthorized();
        if (!self)
            return;
    }
    p.handler(raw);
}

void ApiClient::setReachable(bool reachable)
{
    if (m_reachable == reachable)
        return;
    m_reachable = reachable;
    Q_EMIT reachableChanged(reachable);
}

template <typename T, typename Parse>
void ApiClient::request(const QByteArray &method, const QString &path, const QUrlQuery *query,
                        const QJsonObject *body, Auth auth, const QString &idempotencyKey, Callback<T> cb,
                        Parse parse)
{
    send(method, path, query, body, auth, idempotencyKey,
         [cb = std::move(cb), parse = std::move(parse)](const RawReply &raw) {
             if (!raw.error.isNull()) {
                 cb(Result<T>::failure(raw.error, raw.json, raw.idempotencyKey));
                 return;
             }
             std::optional<T> value = parse(raw);
             if (!value) {
                 cb(Result<T>::failure(ApiError{ApiError::Kind::Protocol, raw.status, QStringLiteral("bad_response"),
                                                QStringLiteral("unexpected answer"), false},
                                       raw.json, raw.idempotencyKey));
                 return;
             }
             cb(Result<T>::success(std::move(*value), raw.json, raw.idempotencyKey));
         });
}

// --- public and device calls ---

void ApiClient::health(Callback<HealthInfo> cb)
{
    request<HealthInfo>("GET", apiPath("/health"), nullptr, nullptr, Auth::None, {}, std::move(cb),
                        [](const RawReply &r) { return HealthInfo::fromJson(r.json); });
}

void ApiClient::services(Callback<ServiceCatalog> cb)
{
    request<ServiceCatalog>("GET", apiPath("/services"), nullptr, nullptr, Auth::Bearer, {}, std::move(cb),
                            [](const RawReply &r) { return ServiceCatalog::fromJson(r.json); });
}

void ApiClient::issueTicket(const QString &service, const QString &priority, Callback<IssuedTicket> cb,
                            const QString &idempotencyKey)
{
    QJsonObject body{{QStringLiteral("service"), service}};
    if (!priority.isEmpty())
        body.insert(QStringLiteral("priority"), priority);
    request<IssuedTicket>("POST", apiPath("/tickets"), nullptr, &body, Auth::Bearer,
                          idempotencyKey.isEmpty() ? newIdempotencyKey() : idempotencyKey, std::move(cb),
                          [](const RawReply &r) { return IssuedTicket::fromJson(r.json); });
}

void ApiClient::checkInBooking(const QString &code, Callback<IssuedTicket> cb, const QString &idempotencyKey)
{
    const QJsonObject body{{QStringLiteral("booking_code"), code}};
    request<IssuedTicket>("POST", apiPath("/tickets"), nullptr, &body, Auth::Bearer,
                          idempotencyKey.isEmpty() ? newIdempotencyKey() : idempotencyKey, std::move(cb),
                          [](const RawReply &r) { return IssuedTicket::fromJson(r.json); });
}

void ApiClient::rateTicket(const QString &number, int score, const QString &reason, Callback<Empty> cb)
{
    QJsonObject body{{QStringLiteral("number"), number}, {QStringLiteral("score"), score}};
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    request<Empty>("POST", apiPath("/ratings"), nullptr, &body, Auth::Bearer, {}, std::move(cb),
                   [](const RawReply &) { return std::optional<Empty>(Empty{}); });
}

void ApiClient::ticket(qint64 id, Callback<TicketStatus> cb)
{
    request<TicketStatus>("GET", apiPath("/tickets/") + QString::number(id), nullptr, nullptr, Auth::Bearer, {},
                          std::move(cb), [](const RawReply &r) { return TicketStatus::fromJson(r.json); });
}

void ApiClient::cancelTicket(qint64 id, Callback<Ticket> cb)
{
    request<Ticket>("DELETE", apiPath("/tickets/") + QString::number(id), nullptr, nullptr, Auth::Bearer, {},
                    std::move(cb), [](const RawReply &r) { return Ticket::fromJson(r.json); });
}

void ApiClient::reportDeviceStatus(const QString &printer, const QString &detail, Callback<Empty> cb)
{
    const QJsonObject body{{QStringLiteral("printer"), printer}, {QStringLiteral("detail"), detail}};
    request<Empty>("POST", apiPath("/devices/status"), nullptr, &body, Auth::Bearer, {}, std::move(cb),
                   [](const RawReply &) { return std::optional<Empty>(Empty{}); });
}

void ApiClient::kioskReserve(Callback<Empty> cb)
{
    const QJsonObject body;
    request<Empty>("POST", apiPath("/kiosk/reserve"), nullptr, &body, Auth::Bearer, {}, std::move(cb),
                   [](const RawReply &) { return std::optional<Empty>(Empty{}); });
}

void ApiClient::uploadOfflineTickets(const QJsonObject &body, Callback<Empty> cb)
{
    request<Empty>("POST", apiPath("/kiosk/offline-tickets"), nullptr, &body, Auth::Bearer, {}, std::move(cb),
                   [](const RawReply &) { return std::optional<Empty>(Empty{}); });
}

void ApiClient::queue(const QString &service, int window, Callback<QueueSnapshot> cb)
{
    QUrlQuery query;
    if (!service.isEmpty())
        query.addQueryItem(QStringLiteral("service"), service);
    if (window > 0)
        query.addQueryItem(QStringLiteral("window"), QString::number(window));
    request<QueueSnapshot>("GET", apiPath("/queue"), &query, nullptr, Auth::Bearer, {}, std::move(cb),
                           [](const RawReply &r) { return QueueSnapshot::fromJson(r.json); });
}

void ApiClient::windows(Callback<QList<WindowInfo>> cb)
{
    request<QList<WindowInfo>>("GET", apiPath("/windows"), nullptr, nullptr, Auth::Bearer, {}, std::move(cb),
                               [](const RawReply &r) -> std::optional<QList<WindowInfo>> {
                                   const QJsonValue list = r.json.value(QLatin1String("windows"));
                                   if (!list.isArray())
                                       return std::nullopt;
                                   QList<WindowInfo> windows;
                                   for (const QJsonValue &v : list.toArray()) {
                                       const auto w = WindowInfo::fromJson(v.toObject());
                                       if (!w)
                                           return std::nullopt;
                                       windows.append(*w);
                                   }
                                   return windows;
                               });
}

void ApiClient::liveMetrics(Callback<LiveMetrics> cb)
{
    request<LiveMetrics>("GET", apiPath("/metrics/live"), nullptr, nullptr, Auth::Bearer, {}, std::move(cb),
                         [](const RawReply &r) { return LiveMetrics::fromJson(r.json); });
}

// --- operator session ---

void ApiClient::login(const QString &login, const QString &pin, int window, Callback<SessionInfo> cb)
{
    const QJsonObject body{{QStringLiteral("login"), login}, {QStringLiteral("pin"), pin},
                           {QStringLiteral("window"), window}};
    QPointer<ApiClient> self(this);
    request<SessionInfo>("POST", apiPath("/sessions"), nullptr, &body, Auth::None, {},
                         [self, cb = std::move(cb)](const Result<SessionInfo> &r) {
                             if (r.ok() && self)
                                 self->setToken(r->token);
                             cb(r);
                         },
                         [](const RawReply &r) -> std::optional<SessionInfo> {
                             auto s = SessionInfo::fromJson(r.json);
                             if (!s || s->token.isEmpty())
                                 return std::nullopt;
                             return s;
                         });
}

void ApiClient::currentSession(Callback<SessionInfo> cb)
{
    request<SessionInfo>("GET", apiPath("/sessions/current"), nullptr, nullptr, Auth::Bearer, {}, std::move(cb),
                         [](const RawReply &r) { return SessionInfo::fromJson(r.json); });
}

void ApiClient::logout(Callback<Empty> cb)
{
    QPointer<ApiClient> self(this);
    const QString sentToken = m_token;
    request<Empty>("DELETE", apiPath("/sessions/current"), nullptr, nullptr, Auth::Bearer, {},
                   [self, sentToken, cb = std::move(cb)](const Result<Empty> &r) {
                       if (r.ok() && self && self->m_token == sentToken)
                           self->setToken(QString());
                       cb(r);
                   },
                   [](const RawReply &) { return std::optional<Empty>(Empty{}); });
}

// --- window actions ---

void ApiClient::windowAction(int window, const char *action, const QJsonObject &body, Callback<Ticket> cb,
                             const QString &idempotencyKey)
{
    request<Ticket>("POST", windowPath(window, action), nullptr, &body, Auth::Bearer,
                    idempotencyKey.isEmpty() ? newIdempotencyKey() : idempotencyKey, std::move(cb),
                    [](const RawReply &r) { return Ticket::fromJson(r.json); });
}

void ApiClient::windowStateAction(int window, const char *action, const QJsonObject &body,
                                  Callback<WindowInfo> cb, const QString &idempotencyKey)
{
    request<WindowInfo>("POST", windowPath(window, action), nullptr, &body, Auth::Bearer,
                        idempotencyKey.isEmpty() ? newIdempotencyKey() : idempotencyKey, std::move(cb),
                        [](const RawReply &r) { return WindowInfo::fromJson(r.json); });
}

void ApiClient::call(int window, qint64 ticketId, Callback<std::optional<Ticket>> cb, const QString &idempotencyKey)
{
    QJsonObject body;
    if (ticketId > 0)
        body.insert(QStringLiteral("ticket"), ticketId);
    request<std::optional<Ticket>>(
        "POST", windowPath(window, "call"), nullptr, &body, Auth::Bearer,
        idempotencyKey.isEmpty() ? newIdempotencyKey() : idempotencyKey, std::move(cb),
        [](const RawReply &r) -> std::optional<std::optional<Ticket>> {
            if (r.status == 204)
                return std::optional<std::optional<Ticket>>(std::in_place);   // 204: nothing waits
            auto t = Ticket::fromJson(r.json);
            if (!t)
                return std::nullopt;              // malformed answer
            return std::optional<std::optional<Ticket>>(std::in_place, std::move(*t));
        });
}

void ApiClient::recall(int window, Callback<Ticket> cb, const QString &idempotencyKey)
{
    windowAction(window, "recall", {}, std::move(cb), idempotencyKey);
}

void ApiClient::start(int window, Callback<Ticket> cb, const QString &idempotencyKey)
{
    windowAction(window, "start", {}, std::move(cb), idempotencyKey);
}

void ApiClient::noShow(int window, Callback<Ticket> cb, const QString &idempotencyKey)
{
    windowAction(window, "no-show", {}, std::move(cb), idempotencyKey);
}

void ApiClient::finish(int window, Outcome outcome, const QString &comment, Callback<Ticket> cb,
                       const QString &idempotencyKey)
{
    QJsonObject body{{QStringLiteral("outcome"), toString(outcome)}};
    if (!comment.isEmpty())
        body.insert(QStringLiteral("comment"), comment);
    windowAction(window, "finish", body, std::move(cb), idempotencyKey);
}

void ApiClient::redirect(int window, const QString &service, int targetWindow, Callback<Ticket> cb,
                         const QString &idempotencyKey)
{
    QJsonObject body;
    if (!service.isEmpty())
        body.insert(QStringLiteral("service"), service);
    if (targetWindow > 0)
        body.insert(QStringLiteral("window"), targetWindow);
    windowAction(window, "redirect", body, std::move(cb), idempotencyKey);
}

void ApiClient::postpone(int window, int minutes, Callback<Ticket> cb, const QString &idempotencyKey)
{
    windowAction(window, "postpone", QJsonObject{{QStringLiteral("minutes"), minutes}}, std::move(cb),
                 idempotencyKey);
}

void ApiClient::pause(int window, PauseReason reason, Callback<WindowInfo> cb, const QString &idempotencyKey)
{
    windowStateAction(window, "pause", QJsonObject{{QStringLiteral("reason"), toString(reason)}}, std::move(cb),
                      idempotencyKey);
}

void ApiClient::resume(int window, Callback<WindowInfo> cb, const QString &idempotencyKey)
{
    windowStateAction(window, "resume", {}, std::move(cb), idempotencyKey);
}

} // namespace queue::client
