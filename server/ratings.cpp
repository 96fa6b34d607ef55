#include "ratings.h"

#include "apierrors.h"
#include "apiutil.h"
#include "common/protocol.h"
#include "pagetoken.h"
#include "queueengine.h"
#include "storage.h"
#include "store/ticketstore.h"

#include <QDateTime>
#include <QUrlQuery>
#include <QVariant>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

// One HTML page for phones: no scripts, no external resources.
Response page(int status, const QString &title, const QString &body, bool refresh)
{
    Response r;
    r.status = status;
    r.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    r.body = QStringLiteral(
                 "<!doctype html><html lang=\"%1\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">%2"
                 "<title>%3</title><style>"
                 "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:0;padding:24px;background:#fff;color:#111}"
                 "h1{font-size:64px;margin:8px 0}h1.note{font-size:32px}.state{font-size:28px;font-weight:bold;margin:16px 0}"
                 ".called{color:#fff;background:#0a6b2e;padding:16px;border-radius:8px}"
                 "p{font-size:20px;line-height:1.4}.muted{color:#333}"
                 ".score{font-size:28px;min-width:64px;min-height:64px;margin:4px;border-radius:8px;border:2px solid #0a6b2e;background:#fff}"
                 "textarea{width:100%;font-size:18px}"
                 "</style></head><body>%4</body></html>")
                 .arg(QCoreApplication::translate("TicketPage", "en", "the pages' language code (html lang)"),
                      refresh ? QStringLiteral("<meta http-equiv=\"refresh\" content=\"15\">") : QString(),
                      title.toHtmlEscaped(), body)
                 .toUtf8();
    return r;
}

} // namespace

RatingsModule::RatingsModule(const ModuleServices &services)
    : m_services(services), m_ratings(services.storage), m_tickets(services.storage)
{
}

void RatingsModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("ratings");
    router.addPublic(owner, "GET", QStringLiteral("/t/{token}"),
                     [this](const RouteRequest &r) { return ticketPage(r.param(QStringLiteral("token"))); });
    router.addPublic(owner, "POST", QStringLiteral("/api/v1/ratings/web"),
                     [this](const RouteRequest &r) { return webRating(r.http); });
    router.add(owner, "POST", QStringLiteral("/api/v1/ratings"), {QStringLiteral("kiosk"), QStringLiteral("manager")},
               [this](const RouteRequest &r) {
                   Response bad;
                   const auto body = bodyObject(r.http, &bad);
                   return body ? addRating(r.who, *body) : bad;
               },
               QStringLiteral("ratings are taken by a kiosk or the manager"));
}

// ---------------------------------------------------------------- the ticket's page

qint64 RatingsModule::ticketOfPage(const QString &token) const
{
    // A row id (/t/1, /t/2, …) is no token: it is refused like any unknown token.
    return pagetoken::plausible(token) ? m_tickets.idByPageToken(token) : 0;
}

Response RatingsModule::ticketPage(const QString &token)
{
    QueueEngine &engine = m_services.engine;
    const OfficeConfig &c = m_services.config;
    const qint64 id = ticketOfPage(token);
    const auto t = id > 0 ? engine.ticket(id) : Result<Ticket>(notFound(QString()));
    if (!t)
        return page(404, tr("Ticket not found"), QStringLiteral("<p class=\"state\">%1</p>").arg(tr("Ticket not found.")), false);
    const Ticket &ticket = t.value();
    const ServiceInfo *service = c.service(ticket.service);
    const QString topic = service ? service->name : ticket.service;
    QString state;
    bool live = true;
    switch (ticket.state) {
    case TicketState::Waiting:
    case TicketState::Redirected: {
        state = tr("Please wait to be called. People ahead of you: %1.").arg(engine.ahead(ticket));
        if (const qint64 wait = engine.estimatedWaitS(ticket); wait > 0)
            state += QStringLiteral("<br>") + tr("Estimated wait: %1 min.").arg((wait + 59) / 60);
        break;
    }
    case TicketState::Postponed:
        state = tr("Your call is postponed. Please come back by %1.")
                    .arg(QDateTime::fromMSecsSinceEpoch(ticket.postponedUntil, c.timeZone).toString(QStringLiteral("HH:mm")));
        break;
    case TicketState::Called:
        state = QStringLiteral("<span class=\"called\">%1</span>").arg(tr("Please go to window %1").arg(ticket.window));
        break;
    case TicketState::Serving:
        state = tr("You are being served at window %1.").arg(ticket.window);
        break;
    default:
        state = tr("Service finished. Thank you for your visit!");
        live = false;
    }
    // After the visit: the rating form (standard, section 5), once per ticket.
    QString rating;
    if (ticket.state == TicketState::Done) {
        if (const auto score = m_ratings.score(ticket.id)) {
            rating = QStringLiteral("<p>%1</p>").arg(tr("Your rating: %1 out of 5. Thank you!").arg(*score));
        } else {
            QString buttons;
            for (int s = 1; s <= 5; ++s)
                buttons += QStringLiteral("<button type=\"submit\" name=\"score\" value=\"%1\" class=\"score\">%1</button>").arg(s);
            rating = QStringLiteral(
                         "<form method=\"post\" action=\"/api/v1/ratings/web\" class=\"rate\">"
                         "<p class=\"state\">%1</p>"
                         "<input type=\"hidden\" name=\"page\" value=\"%2\">"
                         "<p><label>%3<br>"
                         "<textarea name=\"reason\" maxlength=\"500\" rows=\"3\"></textarea></label></p>"
                         "<p>%4</p><p class=\"scores\">%5</p></form>")
                         .arg(tr("Rate the service"), token.toHtmlEscaped())
                         .arg(tr("What could we do better? (optional)"), tr("1 — very poor, 5 — excellent"), buttons);
        }
    }
    QString body = QStringLiteral("<p class=\"muted\">%1</p><h1>%2</h1><p>%3</p><p class=\"state\">%4</p>")
                       .arg(c.name.toHtmlEscaped(), ticket.number.toHtmlEscaped(), topic.toHtmlEscaped(), state) + rating;
    if (!c.phone.isEmpty())
        body += QStringLiteral("<p class=\"muted\">%1</p>")
                    .arg(tr("If you are not satisfied with the quality of service, call %1")
                             .arg(QStringLiteral("<span style=\"white-space:nowrap\">%1</span>").arg(c.phone.toHtmlEscaped())));
    return page(200, tr("Ticket %1").arg(ticket.number), body, live);
}

// ---------------------------------------------------------------- ratings

std::optional<DomainError> RatingsModule::storeRating(qint64 ticketId, int score, const QString &reason, const QString &channel)
{
    const qint64 now = m_services.clock.nowMs();
    const auto t = m_services.engine.ticket(ticketId);
    if (!t)
        return t.error();
    if (t->state != TicketState::Done)
        return DomainError{api::ErrorCode::NotServed,
                        QStringLiteral("ticket %1 has not been served, there is nothing to rate yet").arg(t->number)};
    if (now - t->finishedAt > kRatingWindowMs)
        return DomainError{api::ErrorCode::RatingClosed,
                        QStringLiteral("ticket %1 was served more than a day ago").arg(t->number)};
    if (score < 1 || score > 5)
        return badRequest(QStringLiteral("'score' must be from 1 to 5"));
    if (reason.size() > 500)
        return badRequest(QStringLiteral("'reason' is longer than 500 characters"));
    if (m_ratings.score(ticketId))
        return DomainError{api::ErrorCode::AlreadyRated, QStringLiteral("ticket %1 has already been rated").arg(t->number)};
    Storage &storage = m_services.storage;
    Scope scope(storage);
    const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kRatingAdded)},
                            {QStringLiteral("at"), isoUtc(now)},
                            {QStringLiteral("ticket_id"), ticketId},
                            {QStringLiteral("number"), t->number},
                            {QStringLiteral("service"), t->service},
                            {QStringLiteral("window"), t->window ? QJsonValue(t->window) : QJsonValue()},
                            {QStringLiteral("score"), score}};
    if (!m_ratings.add({ticketId, score, reason, channel, t->service, t->window, t->operatorLogin, now})
        || !storage.appendEvent(now, QLatin1String(api::kRatingAdded), ticketId, t->window, event) || !scope.commit())
        return internalError();
    return std::nullopt;
}

Response RatingsModule::addRating(const Principal &who, const QJsonObject &body)
{
    Response bad;
    qint64 id = 0, score = 0;
    QString number, reason;
    if (!intField(body, "ticket", &id, &bad, false) || !stringField(body, "number", &number, &bad, false)
        || !intField(body, "score", &score, &bad, true) || !stringField(body, "reason", &reason, &bad, false))
        return bad;
    if (!id && number.isEmpty())
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'ticket' (the id) or 'number' is required"));
    if (!id) {
        // The number printed on the ticket, among today's and yesterday's tickets (latest first).
        const qint64 now = m_services.clock.nowMs();
        id = TicketStore(m_services.storage)
                 .findByNumber(number.trimmed().toUpper(), m_services.schedule.businessDay(now).toString(Qt::ISODate),
                               m_services.schedule.businessDay(now - kRatingWindowMs).toString(Qt::ISODate))
                 .value_or(0);
        if (!id)
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no ticket %1 today").arg(number));
    }
    const QString channel = who.role == QLatin1String("kiosk") ? QStringLiteral("kiosk") : QStringLiteral("manager");
    if (const auto e = storeRating(id, static_cast<int>(score), reason.trimmed(), channel))
        return errorResponse(*e);
    return jsonResponse(201, QJsonObject{{QStringLiteral("ticket"), id},
                                         {QStringLiteral("score"), score},
                                         {QStringLiteral("channel"), channel}});
}

// The form on the ticket's page posts here: no bearer token, a plain HTML form so
// that it works on any phone, an HTML answer. The ticket is named by its page token
// (the hidden "page" field), never by its row id: only who holds the paper ticket
// (its QR code) can rate the visit, and only once.
Response RatingsModule::webRating(const Request &request)
{
    const QUrlQuery form(QString::fromUtf8(request.body).replace(QLatin1Char('+'), QLatin1Char(' ')));
    bool okScore = false;
    const QString token = form.queryItemValue(QStringLiteral("page"), QUrl::FullyDecoded);
    const qint64 id = ticketOfPage(token);
    const int score = form.queryItemValue(QStringLiteral("score"), QUrl::FullyDecoded).toInt(&okScore);
    const QString reason = form.queryItemValue(QStringLiteral("reason"), QUrl::FullyDecoded).trimmed();
    const QString back = id > 0 ? QStringLiteral("<p><a href=\"%1\">%2</a></p>").arg(pagetoken::path(token), tr("Back to the ticket"))
                                : QString();
    auto refused = [&back](int status, const QString &why) {
        return page(status, tr("Rating not accepted"),
                    QStringLiteral("<h1 class=\"note\">%1</h1><p>%2</p>").arg(tr("Rating not accepted"), why) + back, false);
    };
    if (id <= 0)
        return refused(404, tr("Ticket not found."));
    if (!okScore)
        return refused(400, tr("Please choose a score from 1 to 5."));
    if (const auto e = storeRating(id, score, reason, QStringLiteral("web"))) {
        QString why = e->message.toHtmlEscaped();
        const int status = httpStatus(e->code);
        if (e->code == api::ErrorCode::AlreadyRated)
            why = tr("This visit has already been rated. Thank you!");
        else if (e->code == api::ErrorCode::NotServed)
            why = tr("A visit can be rated once the service has finished.");
        else if (e->code == api::ErrorCode::RatingClosed)
            why = tr("A visit can be rated within a day after the service.");
        else if (status == 400)
            why = tr("Please choose a score from 1 to 5; the reason may be at most 500 characters.");
        else if (status == 404)
            why = tr("Ticket not found.");
        return refused(status, why);
    }
    return page(200, tr("Thank you for your rating"),
                QStringLiteral("<h1 class=\"note\">%1</h1><p>%2</p>")
                        .arg(tr("Thank you for your rating!"), tr("Your rating: %1 out of 5.").arg(score))
                    + back,
                false);
}

} // namespace queue::server
