#pragma once

// Helpers shared by the API server and its modules: JSON answers, errors in
// the API's one error shape, and strict reading of request bodies.

#include "http/httpserver.h"
#include "result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

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

QByteArray bearerToken(const http::Request &request);
bool isGet(const http::Request &request);

} // namespace queue::server::apiutil
