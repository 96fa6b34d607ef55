#pragma once

#include "common/protocol.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace queue::http {
class HttpServer;
}

namespace queue::server {

// The API's error code for an answer the HTTP layer gives itself (400, 408,
// 413, 431, ...): those statuses say all there is to say.
api::ErrorCode errorCodeForHttpStatus(int status);
// {"error":{"code","message"}}, the API's one error shape: built here for the API's own
// refusals (apiutil::errorResponse) and for the HTTP layer's (apiErrorBody).
QJsonObject apiErrorObject(api::ErrorCode code, const QString &message);
QByteArray apiErrorBody(int status, const QString &reason);
// Makes `server` answer its own refusals in that shape.
void installApiErrorBody(http::HttpServer &server);

} // namespace queue::server
