#pragma once

#include "apimodule.h"

namespace queue::server {


// The state of the devices' hardware as they report it (kiosk printers, boards):
//   POST /api/v1/devices/status   kiosk or display token; {"printer": "...", "detail": "..."}
//   GET  /api/v1/devices          manager token; the latest state of every device that reported
// The latest report per device is kept in device_status (migration 003); a change of state
// appends a `device.status` event to the event stream, so the manager sees alarms live.
class DevicesModule : public ApiModule {
public:
    explicit DevicesModule(const ModuleServices &services) : m_services(services) {}

    void registerRoutes(Router &router) override;

    static constexpr char kEventType[] = "device.status";

private:
    http::Response postStatus(const http::Request &request, const Principal &who);
    http::Response list();

    const ModuleServices &m_services;
};

} // namespace queue::server
