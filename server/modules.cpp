#include "modules.h"

#include "accountsapi.h"
#include "admin_audit.h"
#include "admin.h"
#include "apiserver.h"
#include "booking.h"
#include "devices.h"
#include "manager_alarms.h"
#include "manager_dashboard.h"
#include "manager_pages.h"
#include "manager_reports.h"
#include "manager_reviews.h"
#include "metrics.h"
#include "offline.h"
#include "ratings.h"

namespace queue::server {

void installModules(ApiServer &api)
{
    // One line per module: api.addModule(std::make_unique<SomeModule>(api.services()));
    // Each registers its routes into the one route table; a conflict stops the server.
    const ModuleServices &services = api.services();
    api.addModule(std::make_unique<MetricsModule>(services));
    api.addModule(std::make_unique<AccountsModule>(services));
    api.addModule(std::make_unique<AuditModule>(services));
    api.addModule(std::make_unique<DevicesModule>(services));
    api.addModule(std::make_unique<ManagerPagesModule>());
    api.addModule(std::make_unique<DashboardModule>(services));
    api.addModule(std::make_unique<AlarmsModule>(services));
    api.addModule(std::make_unique<ReportsModule>(services));
    api.addModule(std::make_unique<ReviewsModule>(services));
    api.addModule(std::make_unique<BookingModule>(services));
    api.addModule(std::make_unique<RatingsModule>(services));
    api.addModule(std::make_unique<OfflineModule>(services));
    api.addModule(std::make_unique<AdminModule>(services));
}

} // namespace queue::server
