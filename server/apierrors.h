#pragma once

#include "common/protocol.h"

namespace queue::server {

// The HTTP status an error code travels with: the one table that maps the
// domain's refusals (server/result.h) to HTTP.
int httpStatus(api::ErrorCode code);

} // namespace queue::server
