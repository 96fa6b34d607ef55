#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace queue::desk {

// The window's results for today: GET /api/v1/windows/{n}/stats.
struct TodayStats {
    bool known = false;          // false until the first answer
    int served = 0;              // finished + no-shows
    int finished = 0;
    int noShow = 0;
    std::optional<qint64> avgServiceS;
    std::optional<qint64> avgWaitS;
    std::optional<double> pctServiceWithinNorm;
    std::optional<double> pctWaitWithinNorm;

    static std::optional<TodayStats> fromJson(const QJsonObject &o);
};

// Stopgap until common/client's ApiClient has a typed windowStats() call: one GET with
// the same base URL and token. Nothing else in the desk talks HTTP by itself.
class TodayStatsFetcher : public QObject {
    Q_OBJECT
public:
    explicit TodayStatsFetcher(QObject *parent = nullptr);

    // cb runs once with the stats, or std::nullopt when there was no usable answer.
    void fetch(const QUrl &baseUrl, const QString &token, int window,
               std::function<void(std::optional<TodayStats>)> cb);

private:
    QNetworkAccessManager *m_nam;
};

} // namespace queue::desk
