#include "apierrorbody.h"

#include "server/http/httpserver.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace queue::server {

using api::ErrorCode;

ErrorCode errorCodeForHttpStatus(int status)
{
    switch (status) {
    case 400: return ErrorCode::BadRequest;
    case 401: return ErrorCode::Unauthorized;
    case 403: return ErrorCode::Forbidden;
    case 404: return ErrorCode::NotFound;
    case 405: return ErrorCode::MethodNotAllowed;
    case 408: return ErrorCode::RequestTimeout;
    case 411: return ErrorCode::LengthRequired;
    case 413: return ErrorCode::PayloadTooLarge;
    case 414: return ErrorCode::UriTooLong;
    case 426: return ErrorCode::UpgradeRequired;
    case 429: return ErrorCode::TooManyRequests;
    case 431: return ErrorCode::HeaderTooLarge;
    case 503: return ErrorCode::Unavailable;
    case 505: return ErrorCode::HttpVersionNotSupported;
    case 501: return ErrorCode::NotImplemented;   // a transfer coding we do not take
    default: return status >= 500 ? ErrorCode::Internal : ErrorCode::BadRequest;
    }
}

QJsonObject apiErrorObject(api::ErrorCode code, const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QLatin1String(api::errorCodeName(code))},
                                                             {QStringLiteral("message"), message}}}};
}

QByteArray apiErrorBody(int status, const QString &reason)
{
    return QJsonDocument(apiErrorObject(errorCodeForHttpStatus(status), reason)).toJson(QJsonDocument::Compact);
}

void installApiErrorBody(http::HttpServer &server)
{
    server.setErrorBody(&apiErrorBody, QByteArrayLiteral("application/json"));
}

} // namespace queue::server
