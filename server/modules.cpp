#include "modules.h"

#include "apiserver.h"
#include "booking.h"
#include "devices.h"
#include "manager.h"
#include "metrics.h"

namespace queue::server {

void installModules(ApiServer &api)
{
    // One line per module: api.addModule(std::make_unique<SomeModule>(api));
    api.addModule(std::make_unique<MetricsModule>(api));
    api.addModule(std::make_unique<DevicesModule>(api));
    api.addModule(std::make_unique<ManagerModule>(api));
    api.addModule(std::make_unique<BookingModule>(api));
    (void)api;
}

} // namespace queue::server
