#pragma once

#include "http/httptypes.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace queue {
class Clock;
}

namespace queue::server {

class Storage;

// Who is asking: a device (from the config or enrolled), an operator session, or
// a person's account (administrator, manager).
struct Principal {
    enum class Kind { None, Device, Operator, Account };
    Kind kind = Kind::None;
    QString role;       // kiosk, display, manager, booking, operator, administrator
    QString name;       // device name, operator login or account login
    int window = 0;     // operators only
    QString key() const
    {
        switch (kind) {
        case Kind::Operator: return QStringLiteral("op:") + name;
        case Kind::Account: return QStringLiteral("acct:") + name;
        default: return QStringLiteral("dev:") + name;
        }
    }
    // The audit trail's name for it: "account:admin", "device:kiosk-1", "operator:ivanova".
    QString auditActor() const
    {
        switch (kind) {
        case Kind::Operator: return QStringLiteral("operator:") + name;
        case Kind::Account: return QStringLiteral("account:") + name;
        case Kind::Device: return QStringLiteral("device:") + name;
        default: return QString();
        }
    }
};

// What a route's handler gets: the request, who asks, and the path's {params}.
struct RouteRequest {
    const http::Request &http;
    const Principal &who;
    QHash<QString, QString> params;

    QString param(const QString &name) const { return params.value(name); }
    const QByteArray &method() const { return http.method; }
};

using RouteHandler = std::function<http::Response(const RouteRequest &)>;

// One entry of the route table.
struct Route {
    enum class Auth {
        None,    // no token needed (health, login, web pages, the ticket page)
        Token    // a valid token; `roles` narrows it further
    };
    QByteArray method;      // GET (answers HEAD too), POST, PUT, DELETE
    QString pattern;        // "/api/v1/tickets/{id}"; a last segment "{name*}" takes the rest of the path
    Auth auth = Auth::Token;
    QStringList roles;      // Token only: the roles allowed (kiosk, display, manager, booking, operator); empty: any
    RouteHandler handler;
    QString owner;          // who registered it ("tickets", "booking"…): named when routes conflict
    QString denied;         // the 403 message; empty: one naming the roles
};

// The one route table of the API. Built-in routes and modules register into it
// at start; two routes with the same method and the same path shape (literal
// segments equal, parameters in the same places) are a conflict, refused and
// reported by errors() — the server does not start with a conflict.
//
// handle() does, in this order: 404 for an unknown path; 405 with Allow for a
// known path and another method; 401 without a valid token; 403 for a role the
// route does not allow; a stored answer for a repeated Idempotency-Key (POST and
// DELETE of an authenticated caller, kept for 24 hours); else the handler inside
// one storage scope, which commits with the answer stored for its key (a 5xx
// answer is not stored and rolls back). When several patterns match, the one
// with literal segments earliest wins ("/bookings/report" over "/bookings/{code}").
// No sockets: tests call handle() with a request object.
class Router {
public:
    using Authenticator = std::function<Principal(const http::Request &)>;

    Router(Storage &storage, const Clock &clock, Authenticator authenticate);
    ~Router();
    Router(const Router &) = delete;
    Router &operator=(const Router &) = delete;

    // Adds a route; false (and an entry in errors()) on a conflict or a bad pattern.
    bool add(Route route);
    bool add(const QString &owner, const QByteArray &method, const QString &pattern, const QStringList &roles,
             RouteHandler handler, const QString &denied = QString());
    bool addPublic(const QString &owner, const QByteArray &method, const QString &pattern, RouteHandler handler);

    // Conflicts and bad patterns found by add(), one line each.
    const QStringList &errors() const { return m_errors; }

    http::Response handle(const http::Request &request);

    // "GET /api/v1/tickets/{id}" per route, in the order added (docs, tests).
    QStringList table() const;

    // Drops stored idempotent answers older than the replay window.
    void purgeIdempotencyKeys();

    static constexpr qint64 kIdempotencyKeepMs = 24LL * 3600 * 1000;
    static constexpr int kMaxIdempotencyKey = 100;

private:
    struct Entry {
        Route route;
        QStringList segments;   // literal, "{name}" or "{name*}"
        QString shape;          // segments with parameter names erased
    };
    static QStringList split(const QString &path);
    static bool match(const Entry &e, const QStringList &segments, QHash<QString, QString> *params);
    static bool moreSpecific(const Entry &a, const Entry &b);

    Storage &m_storage;
    const Clock &m_clock;
    Authenticator m_authenticate;
    std::vector<Entry> m_entries;
    QStringList m_errors;
};

} // namespace queue::server
