#include "apiserver.h"
#include "livestats.h"
#include "apierrorbody.h"
#include "apiutil.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>
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
constexpr qint64 kIdempotencyKeepMs = 24LL * 3600 * 1000;
constexpr qint64 kMaxUnsentBytes = 8 * 1024 * 1024;

} // namespace

using namespace apiutil;

ApiServer::ApiServer(QueueEngine &engine, Storage &storage, QObject *parent)
    : QObject(parent), m_engine(engine), m_storage(storage), m_sessions(engine, storage)
{
    m_uptime.start();
    installApiErrorBody(m_http);
    m_http.setHandler([this](const Request &r, http::Responder responder) { onRequest(r, std::move(responder)); });
    m_http.addWebSocketPath(
        QLatin1String(api::kEventsPath), [this](const Request &r) { return gateEvents(r); },
        [this](QWebSocket *s, const Request &r) { acceptEvents(s, r); });
    connect(&m_storage, &Storage::eventsCommitted, this, &ApiServer::broadcast);
    // Stored idempotent answers are needed only while a client may still retry.
    auto *purge = new QTimer(this);
    connect(purge, &QTimer::timeout, this, &ApiServer::purgeIdempotencyKeys);
    purge->start(15 * 60 * 1000);
}

void ApiServer::purgeIdempotencyKeys()
{
    Scope scope(m_storage);
    QSqlQuery &q = m_storage.prepared(QStringLiteral("DELETE FROM idempotency WHERE created_at < ?"));
    q.bindValue(0, m_engine.nowMs() - kIdempotencyKeepMs);
    if (m_storage.exec(q))
        scope.commit();
}

ApiServer::~ApiServer()
{
    flushBatch();
    for (QWebSocket *s : std::as_const(m_eventClients)) {
        s->disconnect(this);
        s->abort();
        s->deleteLater();
    }
}

bool ApiServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_http.listen(address, port))
        return true;
    *error = m_http.errorString();
    return false;
}

quint16 ApiServer::port() const { return m_http.serverPort(); }

// ---------------------------------------------------------------- batching

void ApiServer::onRequest(const Request &request, http::Responder responder)
{
    if (request.method == "POST"
        && (request.path == QLatin1String(api::kPrefix) + QLatin1String("/sessions")
            || request.path == QLatin1String(api::kPrefix) + QLatin1String("/sessions/"))) {
        login(request, std::move(responder));
        return;
    }
    answerInBatch(std::move(responder), request.method, [this, &request] { return dispatch(request); });
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
        QTimer::singleShot(0, this, &ApiServer::flushBatch);
    }
    Response response = handler();
    static const QByteArray known[] = {"GET", "HEAD", "POST", "DELETE"};
    const QByteArray method = std::find(std::begin(known), std::end(known), requestMethod) != std::end(known)
                                  ? requestMethod
                                  : QByteArrayLiteral("other");
    auto &counts = m_requestCounts[method];
    counts[static_cast<size_t>(qBound(0, response.status / 100, 5))] += 1;
    m_held.append({std::move(responder), std::move(response)});
    if (m_held.size() >= kMaxBatch)
        flushBatch();
}

void ApiServer::login(const Request &request, http::Responder responder)
{
    Response bad;
    const auto body = bodyObject(request, &bad);
    QString login, pin;
    qint64 window = 0;
    if (!body || !stringField(*body, "login", &login, &bad, true) || !stringField(*body, "pin", &pin, &bad, true)
        || !intField(*body, "window", &window, &bad, true)) {
        answerInBatch(std::move(responder), request.method, [&bad] { return bad; });
        return;
    }
    m_sessions.checkPin(login, pin, request.peer, [this, responder, window](Result<PinChecked> checked) mutable {
        answerInBatch(std::move(responder), "POST", [&] {
            if (!checked)
                return errorResponse(checked.error());
            Scope scope(m_storage);
            const auto r = m_sessions.openSession(checked.value(), static_cast<int>(window));
            if (!r)
                return errorResponse(r.error());
            if (!scope.commit())
                return errorResponse(internalError());
            const qint64 now = m_engine.nowMs();
            return jsonResponse(201, QJsonObject{{QStringLiteral("token"), r->token},
                                                 {QStringLiteral("operator"),
                                                  QJsonObject{{QStringLiteral("login"), r->op.login},
                                                              {QStringLiteral("name"), r->op.name}}},
                                                 {QStringLiteral("window"), r->window.toJson(now)}});
        });
    });
}

void ApiServer::flushBatch()
{
    if (!m_batchOpen)
        return;
    m_batchOpen = false;
    const bool committed = m_storage.commitScope();   // events are broadcast from here
    const QList<Held> held = std::exchange(m_held, {});
    for (const Held &h : held)
        h.responder.send(committed ? h.response : errorResponse(internalError()));
}

// ---------------------------------------------------------------- dispatch

Principal ApiServer::authenticate(const Request &request) const
{
    QByteArray token = bearerToken(request);
    if (token.isEmpty() && request.path == QLatin1String(api::kEventsPath))
        token = request.query.queryItemValue(QStringLiteral("token")).toUtf8();
    if (token.isEmpty())
        return {};
    const QString t = QString::fromUtf8(token);
    if (const DeviceConfig *d = m_engine.config().deviceByToken(t))
        return Principal{Principal::Kind::Device, d->role, d->name, 0};
    if (const auto s = m_sessions.session(t))
        return Principal{Principal::Kind::Operator, QStringLiteral("operator"), s->login, s->window};
    return {};
}

// The public status page of a ticket (the QR code on the paper ticket points
// here): readable on a phone, no personal data, refreshes itself.
Response ApiServer::ticketPage(const Request &request, const QString &idText)
{
    if (request.method != "GET" && request.method != "HEAD")
        return methodNotAllowed();
    bool ok = false;
    const qint64 id = idText.toLongLong(&ok);
    const auto t = ok && id > 0 ? m_engine.ticket(id) : Result<Ticket>(notFound(QString()));
    auto page = [](int status, const QString &title, const QString &body, bool refresh) {
        Response r;
        r.status = status;
        r.contentType = QByteArrayLiteral("text/html; charset=utf-8");
        r.body = QStringLiteral(
                     "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">%1"
                     "<title>%2</title><style>"
                     "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:0;padding:24px;background:#fff;color:#111}"
                     "h1{font-size:64px;margin:8px 0}.state{font-size:28px;font-weight:bold;margin:16px 0}"
                     ".called{color:#fff;background:#0a6b2e;padding:16px;border-radius:8px}"
                     "p{font-size:20px;line-height:1.4}.muted{color:#333}"
                     ".score{font-size:28px;min-width:64px;min-height:64px;margin:4px;border-radius:8px;border:2px solid #0a6b2e;background:#fff}"
                     "textarea{width:100%;font-size:18px}"
                     "</style></head><body>%3</body></html>")
                     .arg(refresh ? QStringLiteral("<meta http-equiv=\"refresh\" content=\"15\">") : QString(),
                          title.toHtmlEscaped(), body)
                     .toUtf8();
        return r;
    };
    if (!t)
        return page(404, QStringLiteral("Талон не найден"),
                    QStringLiteral("<p class=\"state\">Талон не найден.</p>"), false);
    const Ticket &ticket = t.value();
    const ServiceInfo *service = m_engine.config().service(ticket.service);
    const QString topic = service ? service->name : ticket.service;
    QString state;
    bool live = true;
    switch (ticket.state) {
    case TicketState::Waiting:
    case TicketState::Redirected: {
        const int ahead = m_engine.ahead(ticket);
        state = QStringLiteral("Ожидайте вызова. Перед вами: %1.").arg(ahead);
        if (const qint64 wait = m_engine.estimatedWaitS(ticket); wait > 0)
            state += QStringLiteral("<br>Примерное время ожидания: %1 мин.").arg((wait + 59) / 60);
        break;
    }
    case TicketState::Postponed:
        state = QStringLiteral("Вызов отложен. Вернитесь к %1.")
                    .arg(QDateTime::fromMSecsSinceEpoch(ticket.postponedUntil, m_engine.config().timeZone)
                             .toString(QStringLiteral("HH:mm")));
        break;
    case TicketState::Called:
        state = QStringLiteral("<span class=\"called\">Пройдите к окну %1</span>").arg(ticket.window);
        break;
    case TicketState::Serving:
        state = QStringLiteral("Вас обслуживают в окне %1.").arg(ticket.window);
        break;
    default:
        state = QStringLiteral("Обслуживание завершено. Спасибо за визит!");
        live = false;
    }
    // After the visit: the rating form (standard, section 5), once per ticket.
    QString rating;
    if (ticket.state == TicketState::Done) {
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT score FROM ratings WHERE ticket_id = ?"));
        q.bindValue(0, ticket.id);
        const bool rated = m_storage.exec(q) && q.next();
        const int score = rated ? q.value(0).toInt() : 0;
        q.finish();
        if (rated) {
            rating = QStringLiteral("<p>Ваша оценка: %1 из 5. Спасибо!</p>").arg(score);
        } else {
            QString buttons;
            for (int s = 1; s <= 5; ++s)
                buttons += QStringLiteral("<button type=\"submit\" name=\"score\" value=\"%1\" class=\"score\">%1</button>").arg(s);
            rating = QStringLiteral(
                         "<form method=\"post\" action=\"/api/v1/ratings/web\" class=\"rate\">"
                         "<p class=\"state\">Оцените обслуживание</p>"
                         "<input type=\"hidden\" name=\"ticket\" value=\"%1\">"
                         "<p><label>Что можно улучшить? (необязательно)<br>"
                         "<textarea name=\"reason\" maxlength=\"500\" rows=\"3\"></textarea></label></p>"
                         "<p>1 — очень плохо, 5 — отлично</p><p class=\"scores\">%2</p></form>")
                         .arg(ticket.id)
                         .arg(buttons);
        }
    }
    const OfficeConfig &c = m_engine.config();
    QString body = QStringLiteral("<p class=\"muted\">%1</p><h1>%2</h1><p>%3</p><p class=\"state\">%4</p>")
                       .arg(c.name.toHtmlEscaped(), ticket.number.toHtmlEscaped(), topic.toHtmlEscaped(), state) + rating;
    if (!c.phone.isEmpty())
        body += QStringLiteral("<p class=\"muted\">Если Вы недовольны качеством обслуживания, позвоните <span style=\"white-space:nowrap\">%1</span></p>")
                    .arg(c.phone.toHtmlEscaped());
    return page(200, QStringLiteral("Талон ") + ticket.number, body, live);
}

QList<ApiServer::RequestCount> ApiServer::requestCounts() const
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

void ApiServer::addModule(std::unique_ptr<ApiModule> module) { m_modules.push_back(std::move(module)); }

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

Response ApiServer::dispatch(const Request &request)
{
    if (request.path.startsWith(QLatin1String("/t/")))
        return ticketPage(request, request.path.mid(3));
    const QString prefix = QLatin1String(api::kPrefix);
    if (!request.path.startsWith(prefix + QLatin1Char('/'))) {
        for (const auto &module : m_modules) {
            if (auto r = module->handlePublic(request)) {
                return *r;
            }
        }
        return pathNotFound();
    }
    QStringList parts = request.path.mid(prefix.size() + 1).split(QLatin1Char('/'));
    while (!parts.isEmpty() && parts.last().isEmpty())
        parts.removeLast();
    if (parts.isEmpty())
        return pathNotFound();

    // The two calls that need no token.
    if (parts == QStringList{QStringLiteral("health")}) {
        if (request.method != "GET" && request.method != "HEAD")
            return methodNotAllowed();
        return jsonResponse(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                             {QStringLiteral("version"), QStringLiteral(QUEUE_VERSION)},
                                             {QStringLiteral("office"), m_engine.config().name},
                                             {QStringLiteral("time"), isoUtc(m_engine.nowMs())},
                                             {QStringLiteral("uptime_s"), m_uptime.elapsed() / 1000},
                                             {QStringLiteral("open"), m_engine.isOpen()}});
    }
    for (const auto &module : m_modules) {
        if (auto r = module->handleAnonymous(request, parts)) {
            return *r;
        }
    }
    Principal who;
    const bool isLogin = parts == QStringList{QStringLiteral("sessions")};
    if (!isLogin) {
        who = authenticate(request);
        if (who.kind == Principal::Kind::None)
            return unauthorized();
    }

    // Idempotent replays: the first answer to (caller, key) is stored with the change.
    const QByteArray key = request.header("idempotency-key");
    const bool idempotent = !key.isEmpty() && who.kind != Principal::Kind::None
                            && (request.method == "POST" || request.method == "DELETE");
    if (idempotent) {
        if (key.size() > 100)
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("Idempotency-Key is longer than 100 characters"));
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT status, body FROM idempotency WHERE principal = ? AND key = ? AND created_at > ?"));
        q.bindValue(0, who.key());
        q.bindValue(1, QString::fromUtf8(key));
        q.bindValue(2, m_engine.nowMs() - kIdempotencyKeepMs);
        if (m_storage.exec(q) && q.next()) {
            Response r = Response::json(q.value(0).toInt(), q.value(1).toByteArray());
            q.finish();
            r.headers.append({QByteArrayLiteral("Idempotent-Replay"), QByteArrayLiteral("true")});
            if (r.status == 204)
                r = Response::noContent();
            return r;
        }
        q.finish();
    }

    Scope scope(m_storage);
    Response response = route(request, who, parts);
    if (idempotent && response.status < 500) {
        QSqlQuery &ins = m_storage.prepared(QStringLiteral(
            "INSERT OR REPLACE INTO idempotency(principal, key, created_at, status, body) VALUES (?, ?, ?, ?, ?)"));
        ins.bindValue(0, who.key());
        ins.bindValue(1, QString::fromUtf8(key));
        ins.bindValue(2, m_engine.nowMs());
        ins.bindValue(3, response.status);
        ins.bindValue(4, response.body.isNull() ? QByteArray("") : response.body);   // 204 has no body
        if (!m_storage.exec(ins))
            return errorResponse(internalError());
    }
    if (!scope.commit())
        return errorResponse(internalError());
    return response;
}

Response ApiServer::route(const Request &request, const Principal &who, const QStringList &parts)
{
    const QByteArray &m = request.method;
    const bool get = m == "GET" || m == "HEAD";
    const QString &head = parts.first();
    const int n = static_cast<int>(parts.size());
    const qint64 now = m_engine.nowMs();
    Response bad;

    if (head == QLatin1String("services") && n == 1) {
        if (!get)
            return methodNotAllowed();
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

    if (head == QLatin1String("tickets")) {
        const bool issuer = who.role == QLatin1String("kiosk") || who.role == QLatin1String("manager");
        if (n == 1) {
            if (m != "POST")
                return methodNotAllowed();
            if (!issuer)
                return forbidden(QStringLiteral("only a kiosk or the manager issues tickets"));
            const auto body = bodyObject(request, &bad);
            // Check-in of a pre-booked visitor {"booking_code": …}: answered by the booking
            // module (server/booking.cpp), which is asked here, before the walk-in path.
            if (body && body->contains(QStringLiteral("booking_code")))
                for (const auto &module : m_modules)
                    if (auto r = module->handle(request, who, parts))
                        return *r;
            QString service, priority;
            if (!body || !stringField(*body, "service", &service, &bad, true)
                || !stringField(*body, "priority", &priority, &bad, false))
                return bad;
            const auto issued = m_engine.issue(service, priority);
            if (!issued)
                return errorResponse(issued.error());
            const Ticket &t = issued->ticket;
            return jsonResponse(201, QJsonObject{{QStringLiteral("id"), t.id},
                                                 {QStringLiteral("number"), t.number},
                                                 {QStringLiteral("service"), t.service},
                                                 {QStringLiteral("issued_at"), isoUtc(t.issuedAt)},
                                                 {QStringLiteral("ahead"), issued->ahead},
                                                 {QStringLiteral("estimated_wait_s"), issued->estimatedWaitS},
                                                 {QStringLiteral("ticket"), t.toJson(now)}});
        }
        bool ok = false;
        const qint64 id = parts[1].toLongLong(&ok);
        if (n != 2 || !ok || id <= 0)
            return pathNotFound();
        if (get) {
            const auto t = m_engine.ticket(id);
            if (!t)
                return errorResponse(t.error());
            QJsonObject o = t->toJson(now);
            o.insert(QStringLiteral("ahead"), m_engine.ahead(t.value()));
            return jsonResponse(200, o);
        }
        if (m == "DELETE") {
            if (!issuer)
                return forbidden(QStringLiteral("only a kiosk or the manager cancels tickets"));
            const auto t = m_engine.cancel(id);
            return t ? jsonResponse(200, t->toJson(now)) : errorResponse(t.error());
        }
        return methodNotAllowed();
    }

    if (head == QLatin1String("queue") && n == 1) {
        if (!get)
            return methodNotAllowed();
        auto list = [now](const QList<Ticket> &tickets) {
            QJsonArray a;
            for (const Ticket &t : tickets) {
                QJsonObject o = t.toJson(now);
                o.insert(QStringLiteral("available"), t.state != TicketState::Postponed || t.postponedUntil <= now);
                a.append(o);
            }
            return a;
        };
        const QString windowText = request.query.queryItemValue(QStringLiteral("window"));
        if (!windowText.isEmpty()) {
            const int w = windowText.toInt();
            if (!m_engine.config().window(w))
                return errorResponse(notFound(QStringLiteral("no window %1").arg(windowText)));
            return jsonResponse(200, QJsonObject{{QStringLiteral("window"), w},
                                                 {QStringLiteral("tickets"), list(m_engine.queueForWindow(w))}});
        }
        const QString only = request.query.queryItemValue(QStringLiteral("service"));
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

    if (head == QLatin1String("sessions")) {
        if (n == 1)   // POST (login) is answered by login(), before the batch
            return methodNotAllowed();
        if (n == 2 && parts[1] == QLatin1String("current")) {
            if (who.kind != Principal::Kind::Operator)
                return forbidden(QStringLiteral("only an operator session has a current session"));
            if (get) {
                const auto w = m_engine.window(who.window);
                const OperatorConfig *op = m_engine.config().findOperator(who.name);
                return jsonResponse(200, QJsonObject{
                    {QStringLiteral("operator"), QJsonObject{{QStringLiteral("login"), who.name},
                                                             {QStringLiteral("name"), op ? op->name : who.name}}},
                    {QStringLiteral("window"), w ? QJsonValue(w->toJson(now)) : QJsonValue()}});
            }
            if (m == "DELETE") {
                const auto r = m_sessions.logout(QString::fromUtf8(bearerToken(request)));
                return r ? Response::noContent() : errorResponse(r.error());
            }
            return methodNotAllowed();
        }
        return pathNotFound();
    }

    if (head == QLatin1String("windows")) {
        if (n == 1) {
            if (!get)
                return methodNotAllowed();
            QJsonArray windows;
            for (const WindowInfo &w : m_engine.windows())
                windows.append(w.toJson(now));
            return jsonResponse(200, QJsonObject{{QStringLiteral("windows"), windows}});
        }
        bool ok = false;
        const int number = parts[1].toInt(&ok);
        if (!ok || !m_engine.config().window(number) || n > 3)
            return errorResponse(notFound(QStringLiteral("no window %1").arg(parts[1])));
        if (n == 2) {
            if (!get)
                return methodNotAllowed();
            const auto w = m_engine.window(number);
            return w ? jsonResponse(200, w->toJson(now)) : errorResponse(w.error());
        }
        if (parts[2] == QLatin1String("stats")) {
            if (!get)
                return methodNotAllowed();
            return jsonResponse(200, livestats::windowStats(m_engine, m_storage, number));
        }
        if (m != "POST")
            return methodNotAllowed();
        if (who.kind != Principal::Kind::Operator)
            return forbidden(QStringLiteral("only the operator of window %1 may do this").arg(number));
        if (who.window != number)
            return forbidden(QStringLiteral("you are logged in to window %1, not %2").arg(who.window).arg(number));
        return windowAction(request, who, number, parts[2]);
    }

    if (head == QLatin1String("metrics") && n == 2 && parts[1] == QLatin1String("live")) {
        if (!get)
            return methodNotAllowed();
        return jsonResponse(200, livestats::liveMetrics(m_engine, m_storage));
    }

    if (head == QLatin1String("events") && n == 1)
        return errorResponse(api::ErrorCode::UpgradeRequired, QStringLiteral("the event stream is a WebSocket"));

    for (const auto &module : m_modules) {
        if (auto r = module->handle(request, who, parts)) {
            return *r;
        }
    }
    return pathNotFound();
}

Response ApiServer::windowAction(const Request &request, const Principal &, int window, const QString &action)
{
    const qint64 now = m_engine.nowMs();
    Response bad;
    const auto body = bodyObject(request, &bad);
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
    return authenticate(request).kind == Principal::Kind::None ? 401 : 0;
}

void ApiServer::acceptEvents(QWebSocket *socket, const Request &request)
{
    socket->setParent(this);
    m_eventClients.insert(socket);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
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
    for (const StoredEvent &e : events) {
        const QString text = QString::fromUtf8(e.json);
        for (QWebSocket *s : std::as_const(m_eventClients)) {
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
