#pragma once

// Helpers shared by the API server and its modules: JSON answers, errors in
// the API's one error shape, and strict reading of request bodies.

#include "http/httpserver.h"
#include "result.h"

#include <QDate>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace queue::server {
class Storage;
struct IssuedTicket;
}

namespace queue::server::apiutil {

QByteArray toJson(const QJsonObject &o);
http::Response jsonResponse(int status, const QJsonObject &o);
// The API's one error shape {"error":{"code","message"}}, with the status of
// the code (server/apierrors.h) and Retry-After when the error has one.
http::Response errorResponse(const DomainError &e);
http::Response errorResponse(api::ErrorCode code, const QString &message);

http::Response unauthorized();
http::Response forbidden(const QString &why);
http::Response methodNotAllowed();
http::Response pathNotFound();

// The body as a JSON object; an empty body is an empty object.
std::optional<QJsonObject> bodyObject(const http::Request &request, http::Response *error);
// A field that must be a string (at most 1000 characters) when present.
bool stringField(const QJsonObject &o, const char *key, QString *out, http::Response *error, bool required);
// A field that must be a whole number when present.
bool intField(const QJsonObject &o, const char *key, qint64 *out, http::Response *error, bool required);

// One change answered with one event, committed together: `write` runs in its own
// storage scope, then the event {"type", "at", …`fields`} is appended and the scope
// committed. False when any step failed; then nothing of it stays.
bool commitWithEvent(Storage &storage, qint64 nowMs, const char *type, const QJsonObject &fields,
                     const std::function<bool()> &write);

// The answer to an issue (POST /tickets, a booking's check-in): the ticket, its place, the
// forecast and the visitor's page; callers add their own fields.
QJsonObject issuedTicketJson(const IssuedTicket &issued, qint64 nowMs);

QByteArray bearerToken(const http::Request &request);
bool isGet(const http::Request &request);

// "YYYY-MM-DD" exactly, or an invalid date.
QDate parseDay(const QString &text);
// The query's `key` as a day into *out (left as it is when the key is absent); false when
// it is there and not a day.
bool queryDay(const QUrlQuery &query, const char *key, QDate *out);

} // namespace queue::server::apiutil
