#include "apiserver.h"
#include "accountsapi.h"
#include "livestats.h"
#include "apierrorbody.h"
#include "apiutil.h"
#include "enrolment.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QVariant>
#include <QWebSocket>

#include <algorithm>

Q_LOGGING_CATEGORY(lcApi, "queue.api")

namespace queue::server {

using http::Request;
using http::Response;

namespace {

constexpr int kMaxBatch = 256;
constexpr int kMaxReplay = 10000;
constexpr qint64 kMaxUnsentBytes = 8 * 1024 * 1024;

const QString kOwner = QStringLiteral("built-in");
constexpr qint64 kDiskRetryAfterS = 5;

} // namespace

using namespace apiutil;

ApiServer::ApiServer(QueueEngine &engine, Storage &storage, QObject *parent)
    : QObject(parent),
      m_engine(engine),
      m_storage(storage),
      m_sessions(engine, storage),
      m_clock(engine),
      m_devices(storage),
      m_accounts(storage, m_clock, m_sessions.limiter(),
                 [&engine] { return qint64(engine.config().accountSessionIdleMin) * 60 * 1000; }),
      m_router(storage, m_clock, [this](const Request &r) { return noteSeen(authenticate(r)); }),
      m_services{engine,   storage,  engine.config(), engine.schedule(), m_clock, m_health,
                 [this] { return requestCounts(); }, [this] { return eventClientCount(); }, m_devices,
                 [this](const QString &name) { closeDeviceStreams(name); }, [this] { return m_serverFingerprint; },
                 [this](const QString &name) { return deviceSeen(name); }, m_accounts,
                 [this](const Request &r) { return authenticate(r); }, m_sessions}
{
    m_uptime.start();
    // A change authenticated by the session cookie alone must carry the CSRF value.
    m_router.setCheck([](const Request &r) -> std::optional<QString> {
        if (AccountsModule::csrfOk(r))
            return std::nullopt;
        return QStringLiteral("a change made with the session cookie needs the X-CSRF-Token header");
    });
    registerRoutes();
    installApiErrorBody(m_http);
    m_http.setHandler([this](const Request &r, http::Responder responder) { onRequest(r, std::move(responder)); });
    m_http.addWebSocketPath(
        QLatin1String(api::kEventsPath), [this](const Request &r) { return gateEvents(r); },
        [this](QWebSocket *s, const Request &r) { acceptEvents(s, r); });
    connect(&m_storage, &Storage::eventsCommitted, this, &ApiServer::broadcast);
    // A full or failing disk: /api/v1/health and the manager's alarm say why, until a
    // commit gets through again (serving resumes by itself when space returns).
    connect(&m_storage, &Storage::diskProblemChanged, this, [this](const QString &problem) {
        if (problem.isEmpty())
            m_health.clearProblem(QStringLiteral("storage"));
        else
            m_health.setProblem(QStringLiteral("storage"), QStringLiteral("the database cannot be written: ") + problem);
    });
    // Stored idempotent answers are needed only while a client may still retry.
    auto *purge = new QTimer(this);
    connect(purge, &QTimer::timeout, this, [this] { m_router.purgeIdempotencyKeys(); });
    purge->start(15 * 60 * 1000);
}

ApiServer::~ApiServer()
{
    flushBatch();
    for (QWebSocket *s : m_eventClients.keys()) {
        s->disconnect(this);
        s->abort();
        s->deleteLater();
    }
}

bool ApiServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_router.errors().isEmpty()) {
        *error = QStringLiteral("the route table has conflicts: ") + m_router.errors().join(QStringLiteral("; "));
        return false;
    }
    if (m_http.listen(address, port))
        return true;
    *error = m_http.errorString();
    return false;
}

quint16 ApiServer::port() const { return m_http.serverPort(); }

// ---------------------------------------------------------------- batching

void ApiServer::onRequest(const Request &request, http::Responder responder)
{
    // The one route answered later: the PIN's hash runs off the event loop. The
    // route table holds it too (405, conflicts, in-process callers).
    if (request.method == "POST"
        && (request.path == QLatin1String(api::kPrefix) + QLatin1String("/sessions")
            || request.path == QLatin1String(api::kPrefix) + QLatin1String("/sessions/"))) {
        loginLater(request, std::move(responder));
        return;
    }
    // Routes answered later (a password's hash runs off the event loop).
    const QByteArray method = request.method;
    const ApiModule::Answer answer = [this, responder, method](std::function<Response()> make) {
        answerInBatch(responder, method, make);
    };
    for (const auto &module : m_modules)
        if (module->answerLater(request, answer))
            return;
    answerInBatch(std::move(responder), request.method, [this, &request] { return m_router.handle(request); });
}

void ApiServer::answerInBatch(http::Responder responder, const QByteArray &requestMethod,
                              const std::function<Response()> &handler)
{
    if (!m_batchOpen) {
        if (!m_storage.beginScope()) {
            responder.send(errorResponse(internalError()));
            return;
        }
        m_batchOpen = true;
        m_batchDiskFailures = m_storage.diskFailures();
        QTimer::singleShot(0, this, &ApiServer::flushBatch);
    }
    Response response = handler();
    static const QByteArray known[] = {"GET", "HEAD", "POST", "PUT", "DELETE"};
    const QByteArray method = std::find(std::begin(known), std::end(known), requestMethod) != std::end(known)
                                  ? requestMethod
                                  : QByteArrayLiteral("other");
    auto &counts = m_requestCounts[method];
    counts[static_cast<size_t>(qBound(0, response.status / 100, 5))] += 1;
    m_held.append({std::move(responder), std::move(response)});
    if (m_held.size() >= kMaxBatch)
        flushBatch();
}

namespace {
struct LoginBody {
    QString login, pin;
    qint64 window = 0;
};
std::optional<LoginBody> loginBody(const Request &request, Response *bad)
{
    LoginBody b;
    const auto body = bodyObject(request, bad);
    if (!body || !stringField(*body, "login", &b.login, bad, true) || !stringField(*body, "pin", &b.pin, bad, true)
        || !intField(*body, "window", &b.window, bad, true))
        return std::nullopt;
    return b;
}

Response loginAnswer(const LoginResult &r, qint64 now)
{
    return jsonResponse(201, QJsonObject{{QStringLiteral("token"), r.token},
                                         {QStringLiteral("operator"), QJsonObject{{QStringLiteral("login"), r.op.login},
                                                                                  {QStringLiteral("name"), r.op.name}}},
                                         {QStringLiteral("window"), r.window.toJson(now)}});
}
} // namespace

void ApiServer::loginLater(const Request &request, http::Responder responder)
{
    Response bad;
    const auto body = loginBody(request, &bad);
    if (!body) {
        answerInBatch(std::move(responder), request.method, [&bad] { return bad; });
        return;
    }
    const int window = static_cast<int>(body->window);
    m_sessions.checkPin(body->login, body->pin, request.peer, [this, responder, window](Result<PinChecked> checked) mutable {
        answerInBatch(std::move(responder), "POST", [&] { return openSession(checked, window); });
    });
}

Response ApiServer::openSession(const Result<PinChecked> &checked, int window)
{
    if (!checked)
        return errorResponse(checked.error());
    Scope scope(m_storage);
    const auto r = m_sessions.openSession(checked.value(), window);
    if (!r)
        return errorResponse(r.error());
    if (!scope.commit())
        return errorResponse(internalError());
    return loginAnswer(r.value(), m_engine.nowMs());
}

void ApiServer::flushBatch()
{
    if (!m_batchOpen)
        return;
    m_batchOpen = false;
    const bool committed = m_storage.commitScope();   // events are broadcast from here
    const QList<Held> held = std::exchange(m_held, {});
    // The disk refused a write in this batch: what failed says so (503, try again later)
    // instead of an internal error; nothing of a failed request was kept.
    const bool diskFailed = m_storage.diskFailures() != m_batchDiskFailures;
    const auto failed = [&] {
        return diskFailed ? errorResponse(DomainError{api::ErrorCode::Unavailable,
                                                      QStringLiteral("the database cannot be written (%1): nothing was "
                                                                     "saved, try again later")
                                                          .arg(m_storage.diskProblem().isEmpty()
                                                                   ? QStringLiteral("disk failure")
                                                                   : m_storage.diskProblem()),
                                                      kDiskRetryAfterS})
                          : errorResponse(internalError());
    };
    for (const Held &h : held)
        h.responder.send(!committed || (diskFailed && h.response.status == 500) ? failed() : h.response);
}

// ---------------------------------------------------------------- modules

void ApiServer::addModule(std::unique_ptr<ApiModule> module)
{
    module->registerRoutes(m_router);
    m_modules.push_back(std::move(module));
}

void ApiServer::tickModules()
{
    if (m_modules.empty())
        return;
    Scope scope(m_storage);
    const qint64 now = m_engine.nowMs();
    for (const auto &module : m_modules)
        module->tick(now);
    scope.commit();
}

QList<RequestCount> ApiServer::requestCounts() const
{
    QList<RequestCount> out;
    for (auto it = m_requestCounts.cbegin(); it != m_requestCounts.cend(); ++it)
        for (int cls = 1; cls <= 5; ++cls)
            if (it.value()[static_cast<size_t>(cls)])
                out.append({it.key(), cls, it.value()[static_cast<size_t>(cls)]});
    std::sort(out.begin(), out.end(), [](const RequestCount &a, const RequestCount &b) {
        return a.method != b.method ? a.method < b.method : a.statusClass < b.statusClass;
    });
    return out;
}

// ---------------------------------------------------------------- authentication

Principal ApiServer::authenticate(const Request &request) const
{
    QByteArray token = bearerToken(request);
    if (token.isEmpty() && request.path == QLatin1String(api::kEventsPath))
        token = request.query.queryItemValue(QStringLiteral("token")).toUtf8();
    if (token.isEmpty()) {
        // The manager page's session cookie: an account only, and a change only with
        // the CSRF value (the route table answers 403 before this; kept here as well).
        const QString cookie = AccountsModule::cookie(request, Accounts::kCookie);
        if (cookie.isEmpty() || !AccountsModule::csrfOk(request))
            return {};
        if (const auto a = m_accounts.session(cookie))
            return Principal{Principal::Kind::Account, a->role, a->login, 0};
        return {};
    }
    const QString t = QString::fromUtf8(token);
    if (const DeviceConfig *d = m_engine.config().deviceByToken(t))
        return Principal{Principal::Kind::Device, d->role, d->name, 0};
    if (const auto s = m_sessions.session(t))
        return Principal{Principal::Kind::Operator, QStringLiteral("operator"), s->login, s->window};
    // Enrolled devices: only the token's hash is stored.
    if (const auto d = m_devices.deviceByTokenHash(Enrolment::tokenHash(t)))
        return Principal{Principal::Kind::Device, d->role, d->name, 0};
    if (const auto a = m_accounts.session(t))
        return Principal{Principal::Kind::Account, a->role, a->login, 0};
    return {};
}

Principal ApiServer::noteSeen(Principal who)
{
    if (who.kind == Principal::Kind::Device)
        m_deviceLastSeen.insert(who.name, m_engine.nowMs());
    return who;
}

DeviceSeen ApiServer::deviceSeen(const QString &name) const
{
    const int streams = static_cast<int>(m_eventClients.keys(Principal{Principal::Kind::Device, {}, name, 0}.key()).size());
    // A device with an open stream is being heard from now.
    return DeviceSeen{streams > 0 ? m_engine.nowMs() : m_deviceLastSeen.value(name), streams};
}

void ApiServer::closeDeviceStreams(const QString &name)
{
    const QString key = Principal{Principal::Kind::Device, {}, name, 0}.key();
    const QList<QWebSocket *> sockets = m_eventClients.keys(key);
    for (QWebSocket *s : sockets) {
        qCInfo(lcApi) << "closing the event stream of device" << name;
        m_eventClients.remove(s);   // no more events; deleted when the close completes
        s->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("the device's token is no longer valid"));
    }
}

// ---------------------------------------------------------------- built-in routes

void ApiServer::registerRoutes()
{
    Router &r = m_router;
    const QString p = QLatin1String(api::kPrefix);
    const QStringList issuers{QStringLiteral("kiosk"), QStringLiteral("manager")};
    const QStringList anyone;

    r.addPublic(kOwner, "GET", p + QStringLiteral("/health"), [this](const RouteRequest &) { return healthAnswer(); });
    r.add(kOwner, "GET", p + QStringLiteral("/services"), anyone, [this](const RouteRequest &) { return servicesAnswer(); });

    r.add(kOwner, "POST", p + QStringLiteral("/tickets"), issuers,
          [this](const RouteRequest &q) { return issueTicket(q); },
          QStringLiteral("only a kiosk or the manager issues tickets"));
    // A ticket id is a positive number; anything else names no ticket route.
    auto ticketId = [](const RouteRequest &q) {
        bool ok = false;
        const qint64 id = q.param(QStringLiteral("id")).toLongLong(&ok);
        return ok && id > 0 ? id : 0;
    };
    r.add(kOwner, "GET", p + QStringLiteral("/tickets/{id}"), anyone, [this, ticketId](const RouteRequest &q) {
        const qint64 id = ticketId(q);
        if (!id)
            return pathNotFound();
        const auto t = m_engine.ticket(id);
        if (!t)
            return errorResponse(t.error());
        QJsonObject o = t->toJson(m_engine.nowMs());
        o.insert(QStringLiteral("ahead"), m_engine.ahead(t.value()));
        return jsonResponse(200, o);
    });
    r.add(kOwner, "DELETE", p + QStringLiteral("/tickets/{id}"), issuers, [this, ticketId](const RouteRequest &q) {
        const qint64 id = ticketId(q);
        if (!id)
            return pathNotFound();
        const auto t = m_engine.cancel(id);
        return t ? jsonResponse(200, t->toJson(m_engine.nowMs())) : errorResponse(t.error());
    }, QStringLiteral("only a kiosk or the manager cancels tickets"));
    r.add(kOwner, "GET", p + QStringLiteral("/queue"), anyone, [this](const RouteRequest &q) { return queue(q); });

    r.addPublic(kOwner, "POST", p + QStringLiteral("/sessions"), [this](const RouteRequest &q) { return login(q); });
    const QString operatorOnly = QStringLiteral("only an operator session has a current session");
    r.add(kOwner, "GET", p + QStringLiteral("/sessions/current"), {QStringLiteral("operator")},
          [this](const RouteRequest &q) { return currentSession(q); }, operatorOnly);
    r.add(kOwner, "DELETE", p + QStringLiteral("/sessions/current"), {QStringLiteral("operator")},
          [this](const RouteRequest &q) {
              const auto res = m_sessions.logout(QString::fromUtf8(bearerToken(q.http)));
              return res ? Response::noContent() : errorResponse(res.error());
          }, operatorOnly);

    r.add(kOwner, "GET", p + QStringLiteral("/windows"), anyone, [this](const RouteRequest &) {
        QJsonArray windows;
        const qint64 now = m_engine.nowMs();
        for (const WindowInfo &w : m_engine.windows())
            windows.append(w.toJson(now));
        return jsonResponse(200, QJsonObject{{QStringLiteral("windows"), windows}});
    });
    r.add(kOwner, "GET", p + QStringLiteral("/windows/{window}"), anyone, [this](const RouteRequest &q) {
        Response bad;
        const auto number = windowParam(q, &bad);
        if (!number)
            return bad;
        const auto w = m_engine.window(*number);
        return w ? jsonResponse(200, w->toJson(m_engine.nowMs())) : errorResponse(w.error());
    });
    r.add(kOwner, "GET", p + QStringLiteral("/windows/{window}/stats"), anyone, [this](const RouteRequest &q) {
        Response bad;
        const auto number = windowParam(q, &bad);
        return number ? jsonResponse(200, livestats::windowStats(m_engine, m_storage, *number)) : bad;
    });
    for (const char *action : {"call", "recall", "start", "no-show", "finish", "redirect", "postpone", "pause", "resume"}) {
        const QString name = QLatin1String(action);
        r.add(kOwner, "POST", p + QStringLiteral("/windows/{window}/") + name, {QStringLiteral("operator")},
              [this, name](const RouteRequest &q) { return windowAction(q, name); },
              QStringLiteral("only the operator of the window may do this"));
    }

    r.add(kOwner, "GET", p + QStringLiteral("/metrics/live"), anyone,
          [this](const RouteRequest &) { return jsonResponse(200, livestats::liveMetrics(m_engine, m_storage)); });
    r.add(kOwner, "GET", QLatin1String(api::kEventsPath), anyone, [](const RouteRequest &) {
        return errorResponse(api::ErrorCode::UpgradeRequired, QStringLiteral("the event stream is a WebSocket"));
    });
}

Response ApiServer::healthAnswer()
{
    QJsonObject problems;
    for (auto it = m_health.problems().cbegin(); it != m_health.problems().cend(); ++it)
        problems.insert(it.key(), it.value());
    QJsonObject o{{QStringLiteral("status"), m_health.isDegraded() ? QStringLiteral("degraded") : QStringLiteral("ok")},
                  {QStringLiteral("version"), QStringLiteral(QUEUE_VERSION)},
                  {QStringLiteral("office"), m_engine.config().name},
                  {QStringLiteral("time"), isoUtc(m_engine.nowMs())},
                  {QStringLiteral("uptime_s"), m_uptime.elapsed() / 1000},
                  {QStringLiteral("open"), m_engine.isOpen()}};
    if (m_health.isDegraded())
        o.insert(QStringLiteral("problems"), problems);
    return jsonResponse(200, o);
}

Response ApiServer::servicesAnswer()
{
    const qint64 now = m_engine.nowMs();
    QJsonArray services;
    for (const ServiceInfo &s : m_engine.services())
        services.append(s.toJson());
    const OfficeConfig &c = m_engine.config();
    const qint64 next = m_engine.isOpen() ? 0 : m_engine.schedule().nextOpening(now);
    return jsonResponse(200, QJsonObject{
        {QStringLiteral("office"), QJsonObject{{QStringLiteral("name"), c.name},
                                               {QStringLiteral("phone"), c.phone},
                                               {QStringLiteral("website"), c.website},
                                               {QStringLiteral("address"), c.address},
                                               {QStringLiteral("timezone"), QString::fromUtf8(c.timeZone.id())}}},
        {QStringLiteral("open"), m_engine.isOpen()},
        {QStringLiteral("next_opening"), next ? QJsonValue(isoUtc(next)) : QJsonValue()},
        {QStringLiteral("visit_norm_min"), c.visitNormMin},
        {QStringLiteral("max_recalls"), c.maxRecalls},
        {QStringLiteral("priorities"), QJsonArray::fromStringList(priorityCategories())},
        {QStringLiteral("services"), services}});
}

Response ApiServer::issueTicket(const RouteRequest &r)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    // The older form of the check-in, {"booking_code": …}: the same as
    // POST /api/v1/bookings/{code}/check-in (the booking module's route).
    if (body->contains(QStringLiteral("booking_code"))) {
        QString code;
        if (!stringField(*body, "booking_code", &code, &bad, true))
            return bad;
        code = code.trimmed();
        if (code.isEmpty() || code.contains(QLatin1Char('/')))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'booking_code' must be the digits of the booking code"));
        Request checkIn = r.http;
        checkIn.path = QLatin1String(api::kPrefix) + QStringLiteral("/bookings/") + code + QStringLiteral("/check-in");
        checkIn.body.clear();
        return m_router.handle(checkIn);   // idempotency was settled by this request
    }
    QString service, priority;
    if (!stringField(*body, "service", &service, &bad, true) || !stringField(*body, "priority", &priority, &bad, false))
        return bad;
    const auto issued = m_engine.issue(service, priority);
    if (!issued)
        return errorResponse(issued.error());
    return jsonResponse(201, issuedTicketJson(issued.value(), m_engine.nowMs()));
}

Response ApiServer::queue(const RouteRequest &r)
{
    const qint64 now = m_engine.nowMs();
    auto list = [now](const QList<Ticket> &tickets) {
        QJsonArray a;
        for (const Ticket &t : tickets) {
            QJsonObject o = t.toJson(now);
            o.insert(QStringLiteral("available"), t.state != TicketState::Postponed || t.postponedUntil <= now);
            a.append(o);
        }
        return a;
    };
    const QString windowText = r.http.query.queryItemValue(QStringLiteral("window"));
    if (!windowText.isEmpty()) {
        const int w = windowText.toInt();
        if (!m_engine.config().window(w))
            return errorResponse(notFound(QStringLiteral("no window %1").arg(windowText)));
        return jsonResponse(200, QJsonObject{{QStringLiteral("window"), w},
                                             {QStringLiteral("tickets"), list(m_engine.queueForWindow(w))}});
    }
    const QString only = r.http.query.queryItemValue(QStringLiteral("service"));
    if (!only.isEmpty() && !m_engine.config().service(only))
        return errorResponse(api::ErrorCode::UnknownService, QStringLiteral("no topic '%1' in this office").arg(only));
    QJsonArray services;
    for (const ServiceInfo &s : m_engine.config().services) {
        if (!only.isEmpty() && s.id != only)
            continue;
        const QList<Ticket> tickets = m_engine.queueForService(s.id);
        services.append(QJsonObject{{QStringLiteral("id"), s.id},
                                    {QStringLiteral("waiting"), tickets.size()},
                                    {QStringLiteral("tickets"), list(tickets)}});
    }
    return jsonResponse(200, QJsonObject{{QStringLiteral("services"), services}});
}

// The login route in process (tests, tools): the same checks, the hash on this thread.
Response ApiServer::login(const RouteRequest &r)
{
    Response bad;
    const auto body = loginBody(r.http, &bad);
    if (!body)
        return bad;
    const auto res = m_sessions.loginNow(body->login, body->pin, static_cast<int>(body->window), r.http.peer);
    if (!res)
        return errorResponse(res.error());
    return loginAnswer(res.value(), m_engine.nowMs());
}

Response ApiServer::currentSession(const RouteRequest &r)
{
    const auto w = m_engine.window(r.who.window);
    const OperatorConfig *op = m_engine.config().findOperator(r.who.name);
    return jsonResponse(200, QJsonObject{
        {QStringLiteral("operator"), QJsonObject{{QStringLiteral("login"), r.who.name},
                                                 {QStringLiteral("name"), op ? op->name : r.who.name}}},
        {QStringLiteral("window"), w ? QJsonValue(w->toJson(m_engine.nowMs())) : QJsonValue()}});
}

std::optional<int> ApiServer::windowParam(const RouteRequest &r, Response *error) const
{
    bool ok = false;
    const QString text = r.param(QStringLiteral("window"));
    const int number = text.toInt(&ok);
    if (!ok || !m_engine.config().window(number)) {
        *error = errorResponse(notFound(QStringLiteral("no window %1").arg(text)));
        return std::nullopt;
    }
    return number;
}

Response ApiServer::windowAction(const RouteRequest &r, const QString &action)
{
    Response bad;
    const auto number = windowParam(r, &bad);
    if (!number)
        return bad;
    const int window = *number;
    if (r.who.window != window)
        return forbidden(QStringLiteral("you are logged in to window %1, not %2").arg(r.who.window).arg(window));
    const qint64 now = m_engine.nowMs();
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    auto ticketResult = [now](const Result<Ticket> &r) {
        return r ? jsonResponse(200, r->toJson(now)) : errorResponse(r.error());
    };
    auto windowResult = [now](const Result<WindowInfo> &r) {
        return r ? jsonResponse(200, r->toJson(now)) : errorResponse(r.error());
    };

    if (action == QLatin1String("call")) {
        qint64 id = 0;
        if (!intField(*body, "ticket", &id, &bad, false))
            return bad;
        const auto r = m_engine.call(window, id);
        if (!r)
            return errorResponse(r.error());
        return r.value() ? jsonResponse(200, r.value()->toJson(now)) : Response::noContent();
    }
    if (action == QLatin1String("recall"))
        return ticketResult(m_engine.recall(window));
    if (action == QLatin1String("start"))
        return ticketResult(m_engine.start(window));
    if (action == QLatin1String("no-show"))
        return ticketResult(m_engine.noShow(window));
    if (action == QLatin1String("finish")) {
        QString outcome, comment;
        if (!stringField(*body, "outcome", &outcome, &bad, true) || !stringField(*body, "comment", &comment, &bad, false))
            return bad;
        return ticketResult(m_engine.finish(window, outcome, comment));
    }
    if (action == QLatin1String("redirect")) {
        QString service;
        qint64 target = 0;
        if (!stringField(*body, "service", &service, &bad, false) || !intField(*body, "window", &target, &bad, false))
            return bad;
        if (target < 0 || target > 100000)
            return errorResponse(badRequest(QStringLiteral("no window %1 in this office").arg(target)));
        return ticketResult(m_engine.redirect(window, service, static_cast<int>(target)));
    }
    if (action == QLatin1String("postpone")) {
        qint64 minutes = 0;
        if (!intField(*body, "minutes", &minutes, &bad, true))
            return bad;
        if (minutes < 1 || minutes > 240)
            return errorResponse(badRequest(QStringLiteral("minutes must be from 1 to 240")));
        return ticketResult(m_engine.postpone(window, static_cast<int>(minutes)));
    }
    if (action == QLatin1String("pause")) {
        QString reason;
        if (!stringField(*body, "reason", &reason, &bad, true))
            return bad;
        return windowResult(m_engine.pause(window, reason));
    }
    if (action == QLatin1String("resume"))
        return windowResult(m_engine.resume(window));
    return pathNotFound();
}


// ---------------------------------------------------------------- events

int ApiServer::gateEvents(const Request &request) const
{
    if (authenticate(request).kind == Principal::Kind::None)
        return 401;
    // A browser sends the session cookie from any page that opens a WebSocket here: a
    // cookie-authenticated stream only for a page of this server (its Origin names the Host).
    if (AccountsModule::byCookie(request) && request.query.queryItemValue(QStringLiteral("token")).isEmpty()) {
        const QUrl origin(QString::fromLatin1(request.header("origin")));
        const QString host = QString::fromLatin1(request.header("host"));
        const QString originHost = origin.port() > 0 ? origin.host() + QLatin1Char(':') + QString::number(origin.port())
                                                     : origin.host();
        if (!origin.isValid() || host.isEmpty() || originHost.compare(host, Qt::CaseInsensitive) != 0)
            return 403;
    }
    return 0;
}

void ApiServer::acceptEvents(QWebSocket *socket, const Request &request)
{
    socket->setParent(this);
    const Principal who = noteSeen(authenticate(request));
    m_eventClients.insert(socket, who.key());
    connect(socket, &QWebSocket::disconnected, this, [this, socket, who] {
        noteSeen(who);   // heard from until now
        m_eventClients.remove(socket);
        socket->deleteLater();
    });
    const qint64 last = m_storage.lastCommittedSeq();
    socket->sendTextMessage(QString::fromUtf8(toJson(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kHello)},
                                                                 {QStringLiteral("seq"), last},
                                                                 {QStringLiteral("server_time"), isoUtc(m_engine.nowMs())}})));
    bool ok = false;
    const qint64 since = request.query.queryItemValue(QStringLiteral("since")).toLongLong(&ok);
    if (!ok || since >= last)
        return;
    if (since < 0 || last - since > kMaxReplay) {
        socket->sendTextMessage(QString::fromUtf8(toJson(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kStreamReset)},
                                                                     {QStringLiteral("seq"), last}})));
        return;
    }
    for (const StoredEvent &e : m_storage.eventsAfter(since, kMaxReplay))
        socket->sendTextMessage(QString::fromUtf8(e.json));
}

void ApiServer::broadcast(const QList<StoredEvent> &events)
{
    QList<QWebSocket *> stuck;
    const QList<QWebSocket *> clients = m_eventClients.keys();
    for (const StoredEvent &e : events) {
        const QString text = QString::fromUtf8(e.json);
        for (QWebSocket *s : clients) {
            // A client that stopped reading would make us buffer without end;
            // drop it, it reconnects and catches up from its last seq.
            if (s->bytesToWrite() > kMaxUnsentBytes) {
                stuck.append(s);
                continue;
            }
            s->sendTextMessage(text);
        }
    }
    for (QWebSocket *s : std::as_const(stuck)) {
        if (m_eventClients.remove(s)) {
            qCWarning(lcApi) << "dropping an event client that does not read:" << s->peerAddress().toString();
            s->abort();
            s->deleteLater();
        }
    }
}

} // namespace queue::server
