#include "modules.h"

#include "apiserver.h"

namespace queue::server {

void installModules(ApiServer &api)
{
    // One line per module: api.addModule(std::make_unique<SomeModule>(api));
    (void)api;
}

} // namespace queue::server
