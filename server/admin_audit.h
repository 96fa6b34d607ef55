#pragma once

#include "apimodule.h"

namespace queue::server {

// The audit trail for the administrator:
//   GET /api/v1/admin/audit?from=YYYY-MM-DD&to=YYYY-MM-DD&actor=…&format=json|csv
// Dates are the office's days (its time zone), both inclusive; newest first. CSV as the
// reports give it (UTF-8 with a BOM, ';', text cells guarded against formulas) for Excel.
class AuditModule : public ApiModule {
public:
    explicit AuditModule(const ModuleServices &services) : m_services(services) {}

    void registerRoutes(Router &router) override;

    static constexpr int kMaxDays = 366;
    static constexpr int kMaxRows = 10000;

private:
    http::Response audit(const http::Request &request);

    const ModuleServices &m_services;
};

} // namespace queue::server
