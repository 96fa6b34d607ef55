#include "apiutil.h"

#include "queueengine.h"

#include "apierrorbody.h"
#include "apierrors.h"
#include "storage.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

#include <cmath>

namespace queue::server::apiutil {

using http::Request;
using http::Response;

QByteArray toJson(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

Response jsonResponse(int status, const QJsonObject &o) { return Response::json(status, toJson(o)); }

Response errorResponse(const DomainError &e)
{
    Response r = jsonResponse(httpStatus(e.code), apiErrorObject(e.code, e.message));
    if (e.retryAfterS > 0)
        r.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(e.retryAfterS)});
    return r;
}

Response errorResponse(api::ErrorCode code, const QString &message) { return errorResponse(DomainError{code, message}); }

Response unauthorized() { return errorResponse(api::ErrorCode::Unauthorized, QStringLiteral("a valid bearer token is required")); }
Response forbidden(const QString &why) { return errorResponse(api::ErrorCode::Forbidden, why); }
Response methodNotAllowed() { return errorResponse(api::ErrorCode::MethodNotAllowed, QStringLiteral("method not allowed on this path")); }
Response pathNotFound() { return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no such path")); }

// Parses the body as a JSON object; an empty body is an empty object.
std::optional<QJsonObject> bodyObject(const Request &request, Response *error)
{
    if (request.body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = errorResponse(api::ErrorCode::InvalidJson,
                               pe.error != QJsonParseError::NoError
                                   ? QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset)
                                   : QStringLiteral("the body must be a JSON object"));
        return std::nullopt;
    }
    return doc.object();
}

// A field that must be a string when present.
bool stringField(const QJsonObject &o, const char *key, QString *out, Response *error, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        if (required) {
            *error = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'%1' is required").arg(QLatin1String(key)));
            return false;
        }
        return true;
    }
    if (!v.isString() || v.toString().size() > 1000) {
        *error = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'%1' must be a string").arg(QLatin1String(key)));
        return false;
    }
    *out = v.toString();
    return true;
}

bool intField(const QJsonObject &o, const char *key, qint64 *out, Response *error, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        if (required) {
            *error = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'%1' is required").arg(QLatin1String(key)));
            return false;
        }
        return true;
    }
    const double d = v.toDouble();
    // The range first: casting a double out of qint64's range is undefined (found by
    // fuzz_router_bodies with "window": 4.4e63).
    if (!v.isDouble() || !(d >= -1e15 && d <= 1e15) || d != std::trunc(d)) {
        *error = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'%1' must be a whole number").arg(QLatin1String(key)));
        return false;
    }
    *out = static_cast<qint64>(d);
    return true;
}

QJsonObject issuedTicketJson(const IssuedTicket &issued, qint64 nowMs)
{
    const Ticket &t = issued.ticket;
    return QJsonObject{{QStringLiteral("id"), t.id},
                       {QStringLiteral("number"), t.number},
                       {QStringLiteral("service"), t.service},
                       {QStringLiteral("issued_at"), isoUtc(t.issuedAt)},
                       {QStringLiteral("ahead"), issued.ahead},
                       {QStringLiteral("estimated_wait_s"), issued.estimatedWaitS},
                       {QStringLiteral("page"), t.page},
                       {QStringLiteral("ticket"), t.toJson(nowMs)}};
}

QByteArray bearerToken(const Request &request)
{
    const QByteArray h = request.header("authorization");
    if (h.size() > 7 && h.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        return h.mid(7).trimmed();
    return {};
}

bool isGet(const Request &request) { return request.method == "GET" || request.method == "HEAD"; }

QDate parseDay(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    return re.match(text).hasMatch() ? QDate::fromString(text, Qt::ISODate) : QDate();
}

bool queryDay(const QUrlQuery &query, const char *key, QDate *out)
{
    const QString text = query.queryItemValue(QLatin1String(key));
    if (text.isEmpty())
        return true;
    *out = parseDay(text);
    return out->isValid();
}

bool commitWithEvent(Storage &storage, qint64 nowMs, const char *type, const QJsonObject &fields,
                     const std::function<bool()> &write)
{
    Scope scope(storage);
    QJsonObject event = fields;
    event.insert(QStringLiteral("type"), QLatin1String(type));
    event.insert(QStringLiteral("at"), isoUtc(nowMs));
    return scope.isOpen() && write() && storage.appendEvent(nowMs, QLatin1String(type), 0, 0, event) && scope.commit();
}

} // namespace queue::server::apiutil
