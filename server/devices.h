#pragma once

#include "apimodule.h"
#include "sessions.h"

namespace queue::server {


// The devices: the state of their hardware as they report it (kiosk printers, boards), and
// the devices paired with a one-time code (server/enrolment.h):
//   POST   /api/v1/devices/status   kiosk or display token; {"printer": "...", "detail": "..."}
//   GET    /api/v1/devices          manager token; the latest state of every device that
//                                   reported, and the enrolled devices
//   POST   /api/v1/devices/enrol    no token; {"code"} -> the device's own token (rate-limited
//                                   per address like the logins)
//   DELETE /api/v1/devices/{name}   manager token; revokes an enrolled device and closes its
//                                   event streams
// The latest report per device is kept in device_status (migration 003); a change of state
// appends a `device.status` event to the event stream, so the manager sees alarms live.
class DevicesModule : public ApiModule {
public:
    explicit DevicesModule(const ModuleServices &services) : m_services(services), m_enrolLimiter(services.clock) {}

    void registerRoutes(Router &router) override;

    static constexpr char kEventType[] = "device.status";

private:
    http::Response postStatus(const http::Request &request, const Principal &who);
    http::Response list();
    http::Response enrol(const http::Request &request);
    http::Response revoke(const RouteRequest &r);
    http::Response makeCode(const RouteRequest &r);
    // One row of the audit trail, in the caller's storage scope; false if it failed.
    bool audit(const QString &actor, const http::Request &request, const QString &action, const QString &device,
               const QString &outcome, const QJsonObject &after = {});

    const ModuleServices &m_services;
    LoginRateLimiter m_enrolLimiter;   // failed enrolment attempts per address
};

} // namespace queue::server
