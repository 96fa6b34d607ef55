#pragma once

#include "apimodule.h"
#include "reports.h"
#include "result.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include <memory>

namespace queue::server {

class ApiServer;
class QueueEngine;
class Storage;

// The centre manager's side of the server (docs/manager.md):
//  - the dashboard page /manager and its snapshot GET /api/v1/dashboard;
//  - alarms: raised by tick() from the live queue and the devices' reports,
//    pushed as events, acknowledged by the manager;
//  - reports over any period, as JSON, CSV for Excel, or a printable page;
//  - satisfaction ratings (kiosk, the ticket's web page) and the book of reviews.
class ManagerModule final : public ApiModule {
public:
    explicit ManagerModule(ApiServer &api);
    ~ManagerModule() override;

    std::optional<http::Response> handlePublic(const http::Request &request) override;
    std::optional<http::Response> handleAnonymous(const http::Request &request, const QStringList &parts) override;
    std::optional<http::Response> handle(const http::Request &request, const Principal &who,
                                         const QStringList &parts) override;
    void tick(qint64 nowMs) override;

    // Working days after `fromMs` (Mon–Fri in the office's time zone), end of that day.
    static qint64 addWorkingDays(qint64 fromMs, int days, const QTimeZone &zone);

private:
    struct AlarmWant {
        QString key;
        QString kind;
        QString level;
        QString message;
        QJsonObject data;
    };

    http::Response dashboard();
    http::Response reports(const http::Request &request);
    http::Response addRating(const Principal &who, const QJsonObject &body);
    http::Response reviews(const http::Request &request, const Principal &who, const QStringList &parts);
    http::Response alarms(const http::Request &request, const Principal &who, const QStringList &parts);
    http::Response publicRating(const http::Request &request);
    std::optional<http::Response> staticFile(const QString &path);
    bool openReporter(QString *error);

    // Stores a rating; the error (as an API error) if the ticket cannot be rated.
    std::optional<DomainError> storeRating(qint64 ticketId, int score, const QString &reason, const QString &channel);

    QList<AlarmWant> wantedAlarms(qint64 nowMs) const;
    QJsonArray activeAlarms() const;
    QJsonArray alarmList(const QString &where) const;   // the alarms of "SELECT … FROM alarms <where>"
    // Staffing advice from the live arrival and service rates (Erlang C, server/staffing.h).
    QJsonArray advice(const QJsonObject &live) const;
    QJsonObject alarmJson(qint64 id) const;

    ApiServer &m_api;
    QueueEngine &m_engine;
    Storage &m_storage;
    std::unique_ptr<Reporter> m_reporter;
    qint64 m_lastTick = 0;
};

} // namespace queue::server
