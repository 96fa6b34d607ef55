#pragma once

#include "http/httpserver.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace queue::server {

// Who is asking: a device from the config, or an operator session.
struct Principal {
    enum class Kind { None, Device, Operator };
    Kind kind = Kind::None;
    QString role;       // kiosk, display, manager, booking, operator
    QString name;       // device name or operator login
    int window = 0;     // operators only
    QString key() const { return (kind == Kind::Operator ? QStringLiteral("op:") : QStringLiteral("dev:")) + name; }
};

// A part of the API that lives in its own file (reports, bookings, metrics,
// device status…). The server asks its modules in the order they were added;
// the first that answers wins. A module that changes data does so through
// Storage inside the request's scope, like the built-in routes: its changes
// are committed with the batch and its events go out after that commit.
class ApiModule {
public:
    virtual ~ApiModule() = default;

    // Paths outside /api/v1 (web pages, /metrics), before any authentication.
    virtual std::optional<http::Response> handlePublic(const http::Request &) { return std::nullopt; }
    // Paths under /api/v1 that need no token; `parts` is the path after /api/v1/.
    virtual std::optional<http::Response> handleAnonymous(const http::Request &, const QStringList &) { return std::nullopt; }
    // Paths under /api/v1 for an authenticated caller (the built-in routes go first).
    virtual std::optional<http::Response> handle(const http::Request &, const Principal &, const QStringList &)
    {
        return std::nullopt;
    }
    // Called about once a second inside a storage scope (alarms, purges).
    virtual void tick(qint64 /*nowMs*/) {}
};

} // namespace queue::server
