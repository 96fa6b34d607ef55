#include "todaystats.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace queue::desk {

namespace {
std::optional<qint64> optInt(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<qint64>(qRound64(v.toDouble())) : std::nullopt;
}
std::optional<double> optDouble(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}
} // namespace

std::optional<TodayStats> TodayStats::fromJson(const QJsonObject &o)
{
    if (!o.value(QLatin1String("served")).isDouble())
        return std::nullopt;
    TodayStats s;
    s.known = true;
    s.served = o.value(QLatin1String("served")).toInt();
    s.finished = o.value(QLatin1String("finished")).toInt();
    s.noShow = o.value(QLatin1String("no_show")).toInt();
    s.avgServiceS = optInt(o, "avg_service_s");
    s.avgWaitS = optInt(o, "avg_wait_s");
    s.pctServiceWithinNorm = optDouble(o, "pct_service_within_norm");
    s.pctWaitWithinNorm = optDouble(o, "pct_wait_within_norm");
    return s;
}

TodayStatsFetcher::TodayStatsFetcher(QObject *parent) : QObject(parent), m_nam(new QNetworkAccessManager(this)) {}

void TodayStatsFetcher::fetch(const QUrl &baseUrl, const QString &token, int window,
                              std::function<void(std::optional<TodayStats>)> cb)
{
    QUrl url = baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + QStringLiteral("/api/v1/windows/%1/stats").arg(window));
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    req.setTransferTimeout(10000);
    QNetworkReply *reply = m_nam->get(req);
    connect(reply, &QNetworkReply::finished, this, [reply, cb = std::move(cb)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            cb(std::nullopt);
            return;
        }
        cb(TodayStats::fromJson(QJsonDocument::fromJson(reply->readAll()).object()));
    });
}

} // namespace queue::desk
