#include "manager_reviews.h"

#include "apierrors.h"
#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

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

ReviewsModule::Counts ReviewsModule::counts(Storage &storage, qint64 nowMs)
{
    QSqlQuery &q = storage.prepared(QStringLiteral(
        "SELECT COUNT(*), COALESCE(SUM(due_at < ?), 0) FROM reviews WHERE closed_at IS NULL"));
    q.bindValue(0, nowMs);
    Counts c;
    if (storage.exec(q) && q.next())
        c = Counts{q.value(0).toInt(), q.value(1).toInt()};
    q.finish();
    return c;
}

Response ReviewsModule::reviews(const Request &request, const Principal &who, const QString &idText)
{
    const qint64 now = m_engine.nowMs();
    auto reviewJson = [](QSqlQuery &q, qint64 nowMs) {
        const qint64 due = q.value(8).toLongLong();
        const bool closed = !q.value(9).isNull();
        return QJsonObject{{QStringLiteral("id"), q.value(0).toLongLong()},
                           {QStringLiteral("kind"), q.value(1).toString()},
                           {QStringLiteral("channel"), q.value(2).toString()},
                           {QStringLiteral("text"), q.value(3).toString()},
                           {QStringLiteral("contact"), q.value(4).isNull() ? QJsonValue() : QJsonValue(q.value(4).toString())},
                           {QStringLiteral("ticket"), q.value(5).isNull() ? QJsonValue() : QJsonValue(q.value(5).toLongLong())},
                           {QStringLiteral("registered_at"), isoUtc(q.value(6).toLongLong())},
                           {QStringLiteral("registered_by"), q.value(7).toString()},
                           {QStringLiteral("due_at"), isoUtc(due)},
                           {QStringLiteral("closed_at"), closed ? QJsonValue(isoUtc(q.value(9).toLongLong())) : QJsonValue()},
                           {QStringLiteral("measures"), q.value(10).isNull() ? QJsonValue() : QJsonValue(q.value(10).toString())},
                           {QStringLiteral("overdue"), !closed && due < nowMs}};
    };
    static const QString kColumns = QStringLiteral(
        "id, kind, channel, text, contact, ticket_id, registered_at, registered_by, due_at, closed_at, measures");

    if (idText.isEmpty() && isGet(request)) {
        const QString state = request.query.queryItemValue(QStringLiteral("state"));
        QString where;
        if (state.isEmpty() || state == QLatin1String("open"))
            where = QStringLiteral("closed_at IS NULL");
        else if (state == QLatin1String("overdue"))
            where = QStringLiteral("closed_at IS NULL AND due_at < ?");
        else if (state == QLatin1String("closed"))
            where = QStringLiteral("closed_at IS NOT NULL");
        else if (state == QLatin1String("all"))
            where = QStringLiteral("1");
        else
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'state' must be open, overdue, closed or all"));
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM reviews WHERE %2 ORDER BY due_at, id LIMIT 1000")
                                              .arg(kColumns, where));
        if (state == QLatin1String("overdue"))
            q.bindValue(0, now);
        QJsonArray list;
        if (!m_storage.exec(q))
            return errorResponse(internalError());
        while (q.next())
            list.append(reviewJson(q, now));
        q.finish();
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
        QSqlQuery &ins = m_storage.prepared(QStringLiteral(
            "INSERT INTO reviews(kind, channel, text, contact, consent, ticket_id, registered_at, registered_by, due_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        ins.bindValue(0, kind);
        ins.bindValue(1, channel);
        ins.bindValue(2, text);
        ins.bindValue(3, contact.isEmpty() ? QVariant() : QVariant(contact));
        ins.bindValue(4, consent ? 1 : 0);
        ins.bindValue(5, ticket ? QVariant(ticket) : QVariant());
        ins.bindValue(6, now);
        ins.bindValue(7, who.name);
        ins.bindValue(8, due);
        if (!m_storage.exec(ins))
            return errorResponse(internalError());
        const qint64 id = ins.lastInsertId().toLongLong();
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
        QSqlQuery &sel = m_storage.prepared(QStringLiteral("SELECT closed_at FROM reviews WHERE id = ?"));
        sel.bindValue(0, id);
        const bool found = ok && m_storage.exec(sel) && sel.next();
        const bool closed = found && !sel.value(0).isNull();
        sel.finish();
        if (!found)
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no review %1").arg(idText));
        if (closed)
            return errorResponse(api::ErrorCode::WrongState, QStringLiteral("review %1 is already closed").arg(id));
        Scope scope(m_storage);
        QSqlQuery &up = m_storage.prepared(QStringLiteral("UPDATE reviews SET closed_at = ?, measures = ? WHERE id = ?"));
        up.bindValue(0, now);
        up.bindValue(1, measures.trimmed());
        up.bindValue(2, id);
        const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kReviewClosed)},
                                {QStringLiteral("at"), isoUtc(now)},
                                {QStringLiteral("review"), id}};
        if (!m_storage.exec(up) || !m_storage.appendEvent(now, QLatin1String(api::kReviewClosed), 0, 0, event)
            || !scope.commit())
            return errorResponse(internalError());
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM reviews WHERE id = ?").arg(kColumns));
        q.bindValue(0, id);
        if (!m_storage.exec(q) || !q.next())
            return errorResponse(internalError());
        const QJsonObject o = reviewJson(q, now);
        q.finish();
        return jsonResponse(200, o);
    }
    return pathNotFound();
}

} // namespace queue::server
