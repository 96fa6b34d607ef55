#include "manager_reviews.h"

#include "apierrors.h"
#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"
#include "store/reviewstore.h"

#include <QJsonArray>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

void ReviewsModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("reviews");
    const QStringList manager{QStringLiteral("manager")};
    auto route = [this](const RouteRequest &r) {
        return reviews(r.http, r.who, r.param(QStringLiteral("id")));
    };
    router.add(owner, "GET", QStringLiteral("/api/v1/reviews"), manager, route,
               QStringLiteral("the book of reviews is read by the manager"));
    router.add(owner, "POST", QStringLiteral("/api/v1/reviews"), {QStringLiteral("manager"), QStringLiteral("operator")}, route,
               QStringLiteral("reviews are registered by staff"));
    router.add(owner, "POST", QStringLiteral("/api/v1/reviews/{id}/close"), manager, route,
               QStringLiteral("reviews are closed by the manager"));
}

ReviewsModule::Counts ReviewsModule::counts(Storage &storage, qint64 nowMs) { return ReviewStore(storage).counts(nowMs); }

namespace {
// A review as the API shows it.
QJsonObject reviewToJson(const ReviewStore::Review &r, qint64 nowMs)
{
    return QJsonObject{{QStringLiteral("id"), r.id},
                       {QStringLiteral("kind"), r.kind},
                       {QStringLiteral("channel"), r.channel},
                       {QStringLiteral("text"), r.text},
                       {QStringLiteral("contact"), r.contact ? QJsonValue(*r.contact) : QJsonValue()},
                       {QStringLiteral("ticket"), r.ticketId ? QJsonValue(r.ticketId) : QJsonValue()},
                       {QStringLiteral("registered_at"), isoUtc(r.registeredAt)},
                       {QStringLiteral("registered_by"), r.registeredBy},
                       {QStringLiteral("due_at"), isoUtc(r.dueAt)},
                       {QStringLiteral("closed_at"), r.closedAt ? QJsonValue(isoUtc(r.closedAt)) : QJsonValue()},
                       {QStringLiteral("measures"), r.measures ? QJsonValue(*r.measures) : QJsonValue()},
                       {QStringLiteral("overdue"), !r.closedAt && r.dueAt < nowMs}};
}
} // namespace

Response ReviewsModule::reviews(const Request &request, const Principal &who, const QString &idText)
{
    const qint64 now = m_engine.nowMs();
    if (idText.isEmpty() && isGet(request)) {
        const QString state = request.query.queryItemValue(QStringLiteral("state"));
        ReviewStore::Filter filter;
        if (state.isEmpty() || state == QLatin1String("open"))
            filter = ReviewStore::Filter::Open;
        else if (state == QLatin1String("overdue"))
            filter = ReviewStore::Filter::Overdue;
        else if (state == QLatin1String("closed"))
            filter = ReviewStore::Filter::Closed;
        else if (state == QLatin1String("all"))
            filter = ReviewStore::Filter::All;
        else
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'state' must be open, overdue, closed or all"));
        const std::optional<QList<ReviewStore::Review>> found = ReviewStore(m_storage).list(filter, now);
        if (!found)
            return errorResponse(internalError());
        QJsonArray list;
        for (const ReviewStore::Review &r : *found)
            list.append(reviewToJson(r, now));
        return jsonResponse(200, QJsonObject{{QStringLiteral("reviews"), list}});
    }
    if (idText.isEmpty() && request.method == "POST") {
        // Staff register what clients wrote or said: the manager, or an operator at a window (the route's roles).
        Response bad;
        const auto body = bodyObject(request, &bad);
        if (!body)
            return bad;
        QString kind, channel, text, contact;
        qint64 ticket = 0;
        if (!stringField(*body, "kind", &kind, &bad, true) || !stringField(*body, "channel", &channel, &bad, true)
            || !stringField(*body, "text", &text, &bad, false) || !stringField(*body, "contact", &contact, &bad, false)
            || !intField(*body, "ticket", &ticket, &bad, false))
            return bad;
        static const QStringList kinds = {QStringLiteral("complaint"), QStringLiteral("thanks"),
                                          QStringLiteral("suggestion"), QStringLiteral("review")};
        static const QStringList channels = {QStringLiteral("book"), QStringLiteral("phone"), QStringLiteral("email"),
                                             QStringLiteral("website"), QStringLiteral("kiosk"), QStringLiteral("other")};
        if (!kinds.contains(kind))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'kind' must be one of: %1").arg(kinds.join(QStringLiteral(", "))));
        if (!channels.contains(channel))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'channel' must be one of: %1").arg(channels.join(QStringLiteral(", "))));
        // The text may be long (a page of the book); the string helper caps at 1000.
        text = body->value(QStringLiteral("text")).toString().trimmed();
        if (text.isEmpty() || text.size() > 4000)
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'text' is required, at most 4000 characters"));
        const QJsonValue consentValue = body->value(QStringLiteral("consent"));
        if (!consentValue.isUndefined() && !consentValue.isNull() && !consentValue.isBool())
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'consent' must be true or false"));
        const bool consent = consentValue.toBool(false);
        contact = contact.trimmed();
        if (!contact.isEmpty() && !consent)
            return errorResponse(api::ErrorCode::ConsentRequired,
                                 QStringLiteral("a contact is kept only with the client's consent to the processing of personal data"));
        if (ticket && !m_engine.ticket(ticket))
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no ticket %1").arg(ticket));
        const qint64 due = m_engine.schedule().addWorkingDays(now, kDeadlineWorkingDays);
        Scope scope(m_storage);
        ReviewStore::Review review;
        review.kind = kind;
        review.channel = channel;
        review.text = text;
        if (!contact.isEmpty())
            review.contact = contact;
        review.consent = consent;
        review.ticketId = ticket;
        review.registeredAt = now;
        review.registeredBy = who.name;
        review.dueAt = due;
        const qint64 id = ReviewStore(m_storage).add(review);
        if (!id)
            return errorResponse(internalError());
        // The event carries no text and no contact: it goes to every screen.
        const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kReviewAdded)},
                                {QStringLiteral("at"), isoUtc(now)},
                                {QStringLiteral("review"), id},
                                {QStringLiteral("kind"), kind},
                                {QStringLiteral("due_at"), isoUtc(due)}};
        if (!m_storage.appendEvent(now, QLatin1String(api::kReviewAdded), 0, 0, event) || !scope.commit())
            return errorResponse(internalError());
        return jsonResponse(201, QJsonObject{{QStringLiteral("id"), id},
                                             {QStringLiteral("kind"), kind},
                                             {QStringLiteral("due_at"), isoUtc(due)}});
    }
    if (!idText.isEmpty()) {   // …/{id}/close
        if (request.method != "POST")
            return methodNotAllowed();
        bool ok = false;
        const qint64 id = idText.toLongLong(&ok);
        Response bad;
        const auto body = bodyObject(request, &bad);
        if (!body)
            return bad;
        QString measures;
        if (!stringField(*body, "measures", &measures, &bad, true))
            return bad;
        if (measures.trimmed().isEmpty())
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'measures' must say what was done"));
        ReviewStore reviews(m_storage);
        const std::optional<ReviewStore::Review> found = ok ? reviews.load(id) : std::nullopt;
        if (!found)
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no review %1").arg(idText));
        if (found->closedAt)
            return errorResponse(api::ErrorCode::WrongState, QStringLiteral("review %1 is already closed").arg(id));
        if (!commitWithEvent(m_storage, now, api::kReviewClosed, QJsonObject{{QStringLiteral("review"), id}},
                             [&] { return reviews.close(id, now, measures.trimmed()); }))
            return errorResponse(internalError());
        const std::optional<ReviewStore::Review> closed = reviews.load(id);
        if (!closed)
            return errorResponse(internalError());
        return jsonResponse(200, reviewToJson(*closed, now));
    }
    return pathNotFound();
}

} // namespace queue::server
