// The API's error body for the HTTP layer's own answers.
#include "server/apierrorbody.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace queue;

namespace {

QJsonObject errorOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
}

TEST(ApiErrorBody, TheApiShapeWithTheCodeOfTheStatus)
{
    const QJsonObject e = errorOf(server::apiErrorBody(413, QStringLiteral("request body too large")));
    EXPECT_EQ(e.value(QStringLiteral("code")).toString(), QStringLiteral("payload_too_large"));
    EXPECT_EQ(e.value(QStringLiteral("message")).toString(), QStringLiteral("request body too large"));
}

TEST(ApiErrorBody, EveryStatusTheHttpLayerSendsHasAKnownCode)
{
    const QList<QPair<int, const char *>> expected = {
        {400, "bad_request"}, {401, "unauthorized"}, {403, "forbidden"}, {404, "not_found"},
        {408, "request_timeout"}, {411, "length_required"}, {413, "payload_too_large"},
        {414, "uri_too_long"}, {426, "upgrade_required"}, {431, "header_too_large"},
        {500, "internal"}, {501, "not_implemented"}, {503, "unavailable"},
        {505, "http_version_not_supported"}, {418, "bad_request"}, {599, "internal"},
    };
    for (const auto &[status, code] : expected) {
        const QString name = errorOf(server::apiErrorBody(status, QStringLiteral("x")))
                                 .value(QStringLiteral("code")).toString();
        EXPECT_EQ(name, QLatin1String(code)) << status;
        EXPECT_TRUE(api::errorCodeFromName(name).has_value()) << status;
    }
}

TEST(ApiErrorBody, MessageIsEscaped)
{
    const QString reason = QStringLiteral("quote \" backslash \\ newline \n");
    EXPECT_EQ(errorOf(server::apiErrorBody(400, reason)).value(QStringLiteral("message")).toString(), reason);
}

} // namespace
