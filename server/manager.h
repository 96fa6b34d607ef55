#pragma once

#include "apimodule.h"
#include "reports.h"
#include "result.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include <memory>

namespace queue::server {

class QueueEngine;
class Storage;

// The centre manager's side of the server (docs/manager.md):
//  - the dashboard page /manager and its snapshot GET /api/v1/dashboard;
//  - alarms: raised by tick() from the live queue and the devices' reports,
//    pushed as events, acknowledged by the manager;
//  - reports over any period, as JSON, CSV for Excel, or a printable page;
//  - the book of reviews (ratings: server/ratings.h).
class ManagerModule final : public ApiModule {
public:
    explicit ManagerModule(const ModuleServices &services);
    ~ManagerModule() override;

    void registerRoutes(Router &router) override;
    void tick(qint64 nowMs) override;


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
    http::Response reviews(const http::Request &request, const Principal &who, const QStringList &parts);
    http::Response alarms(const http::Request &request, const Principal &who, const QStringList &parts);
    std::optional<http::Response> staticFile(const QString &path);
    bool openReporter(QString *error);


    QList<AlarmWant> wantedAlarms(qint64 nowMs) const;
    QJsonArray activeAlarms() const;
    QJsonArray alarmList(const QString &where) const;   // the alarms of "SELECT … FROM alarms <where>"
    // Staffing advice from the live arrival and service rates (Erlang C, server/staffing.h).
    QJsonArray advice(const QJsonObject &live) const;
    QJsonObject alarmJson(qint64 id) const;

    QueueEngine &m_engine;
    Storage &m_storage;
    std::unique_ptr<Reporter> m_reporter;
    qint64 m_lastTick = 0;
};

} // namespace queue::server
