#pragma once

namespace queue::server {

class ApiServer;

// Adds every API module of this build to `api` (reports, bookings, metrics…).
// The one place that knows the concrete module classes.
void installModules(ApiServer &api);

} // namespace queue::server
