#pragma once

#include "apimodule.h"

namespace queue::server {

// The kiosk's offline reserve (docs/reliability.md, "The kiosk issues offline"):
//   POST /api/v1/kiosk/reserve          kiosk token; tops the kiosk's reserve up to
//                                       offline.reserve_per_topic numbers of each topic and
//                                       answers every unused number it holds today, with the
//                                       server's time (the kiosk corrects its clock by it)
//   POST /api/v1/kiosk/offline-tickets  kiosk token; the tickets it printed from the reserve
//                                       while the server could not be reached, placed in the
//                                       queue by their real issue time; repeating an upload
//                                       is harmless (each number is used once)
// Numbers are leased per kiosk and business day (migration 011); a leased number is issued
// by nobody else; the unused ones lapse with the day or when the kiosk is revoked. While
// a kiosk holding a reserve is not heard from for offline.alarm_after_s, the manager has
// an alarm (manager_alarms.cpp).
class OfflineModule : public ApiModule {
public:
    explicit OfflineModule(const ModuleServices &services) : m_services(services) {}

    void registerRoutes(Router &router) override;
    void tick(qint64 nowMs) override;

    static constexpr int kMaxUpload = 500;   // tickets per upload
    // A kiosk clock off by more than this is "corrected" (the upload's answer says so).
    static constexpr qint64 kClockToleranceMs = 2 * 60 * 1000;

private:
    http::Response reserve(const RouteRequest &r);
    http::Response upload(const RouteRequest &r);

    const ModuleServices &m_services;
    QString m_purgedFor;   // the business day the old leases were last purged on
};

} // namespace queue::server
