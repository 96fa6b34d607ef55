#pragma once

#include "apimodule.h"

#include <QJsonArray>
#include <QJsonObject>

namespace queue::server {

// GET /api/v1/dashboard (manager): the live picture of the office — topics
// against their norms with today's ratings, windows, active alarms, open and
// overdue reviews, and staffing advice (Erlang C, server/staffing.h).
class DashboardModule final : public ApiModule {
public:
    explicit DashboardModule(const ModuleServices &services)
        : m_engine(services.engine), m_storage(services.storage), m_health(services.health)
    {
    }

    void registerRoutes(Router &router) override;

private:
    http::Response dashboard();
    // Staffing advice from the live arrival and service rates.
    QJsonArray advice(const QJsonObject &live) const;

    QueueEngine &m_engine;
    Storage &m_storage;
    const ServerHealth &m_health;
};

} // namespace queue::server
