#pragma once

#include "apimodule.h"
#include "reports.h"

#include <memory>

namespace queue::server {

// GET /api/v1/reports (manager): a period's report as JSON or CSV for Excel,
// from the Reporter (server/reports.h), whose closed days are loaded into memory
// at start. A history that fails to load is an error the operator sees: a
// critical log line, /api/v1/health "degraded" and a manager alarm (ServerHealth).
class ReportsModule final : public ApiModule {
public:
    explicit ReportsModule(const ModuleServices &services);
    ~ReportsModule() override;

    void registerRoutes(Router &router) override;

    static constexpr char kHealthKey[] = "reports_history";

private:
    http::Response reports(const http::Request &request);
    bool openReporter(QString *error);

    QueueEngine &m_engine;
    Storage &m_storage;
    ServerHealth &m_health;
    std::unique_ptr<Reporter> m_reporter;
};

} // namespace queue::server
