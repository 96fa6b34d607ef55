#pragma once

#include "apimodule.h"

namespace queue::server {


// GET /metrics: the live figures in the Prometheus text exposition format
// (version 0.0.4), for offices whose IT already scrapes Prometheus. The same
// numbers as GET /api/v1/metrics/live, plus the windows by state; no personal
// data, so it needs no token (like /api/v1/health). docs/api.md lists the series.
class MetricsModule : public ApiModule {
public:
    explicit MetricsModule(const ModuleServices &services) : m_services(services) {}

    void registerRoutes(Router &router) override;

    // The exposition text (also used by tests).
    QByteArray render();

private:
    const ModuleServices &m_services;
    qint64 m_scrapes = 0;
};

} // namespace queue::server
