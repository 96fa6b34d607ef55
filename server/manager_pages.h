#pragma once

#include "apimodule.h"

#include <optional>

namespace queue::server {

// The manager's web pages, embedded in the server (no CDN: offices cannot
// count on the internet): GET /manager (the dashboard), /manager/report and
// their scripts and styles, all public; the data comes from the API with the
// manager's token.
class ManagerPagesModule final : public ApiModule {
public:
    void registerRoutes(Router &router) override;

private:
    static std::optional<http::Response> staticFile(const QString &path);
};

} // namespace queue::server
