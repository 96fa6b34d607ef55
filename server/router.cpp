#include "router.h"

#include "apiutil.h"
#include "storage.h"
#include "store/idempotencystore.h"

#include "common/clock.h"

#include <algorithm>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

bool isParam(const QString &segment) { return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}')); }
bool isTail(const QString &segment) { return isParam(segment) && segment.endsWith(QLatin1String("*}")); }
QString paramName(const QString &segment) { return segment.mid(1, segment.size() - (isTail(segment) ? 3 : 2)); }

// 2 literal, 1 parameter, 0 the rest of the path.
int rank(const QString &segment) { return isTail(segment) ? 0 : isParam(segment) ? 1 : 2; }

QByteArray effectiveMethod(const QByteArray &method) { return method == "HEAD" ? QByteArrayLiteral("GET") : method; }

} // namespace

Router::Router(Storage &storage, const Clock &clock, Authenticator authenticate)
    : m_storage(storage), m_clock(clock), m_authenticate(std::move(authenticate))
{
}

Router::~Router() = default;

QStringList Router::split(const QString &path)
{
    QStringList segments = path.mid(1).split(QLatin1Char('/'));
    while (!segments.isEmpty() && segments.last().isEmpty())
        segments.removeLast();   // "/api/v1/tickets/" is "/api/v1/tickets"
    return segments;
}

bool Router::add(const QString &owner, const QByteArray &method, const QString &pattern, const QStringList &roles,
                 RouteHandler handler, const QString &denied)
{
    return add(Route{method, pattern, Route::Auth::Token, roles, std::move(handler), owner, denied});
}

bool Router::addPublic(const QString &owner, const QByteArray &method, const QString &pattern, RouteHandler handler)
{
    return add(Route{method, pattern, Route::Auth::None, {}, std::move(handler), owner, {}});
}

bool Router::add(Route route)
{
    const QString what = QStringLiteral("%1 %2").arg(QString::fromLatin1(route.method), route.pattern);
    Entry e;
    e.segments = split(route.pattern);
    bool valid = route.pattern.startsWith(QLatin1Char('/')) && route.handler
                 && (route.method == "GET" || route.method == "POST" || route.method == "PUT" || route.method == "DELETE");
    QStringList shape;
    QStringList names;
    for (int i = 0; i < e.segments.size(); ++i) {
        const QString &s = e.segments[i];
        if (s.isEmpty() || (isTail(s) && i != e.segments.size() - 1))
            valid = false;
        if (isParam(s)) {
            const QString name = paramName(s);
            if (name.isEmpty() || names.contains(name))
                valid = false;
            names.append(name);
        }
        shape.append(isTail(s) ? QStringLiteral("{*}") : isParam(s) ? QStringLiteral("{}") : s);
    }
    if (!valid) {
        m_errors.append(QStringLiteral("route %1 (%2) is not valid").arg(what, route.owner));
        return false;
    }
    e.shape = QString::fromLatin1(route.method) + QLatin1Char(' ') + shape.join(QLatin1Char('/'));
    for (const Entry &other : m_entries) {
        if (other.shape == e.shape) {
            m_errors.append(QStringLiteral("route %1 (%2) conflicts with %3 %4 (%5)")
                                .arg(what, route.owner, QString::fromLatin1(other.route.method), other.route.pattern,
                                     other.route.owner));
            return false;
        }
    }
    e.route = std::move(route);
    m_entries.push_back(std::move(e));
    return true;
}

bool Router::match(const Entry &e, const QStringList &segments, QHash<QString, QString> *params)
{
    const QStringList &p = e.segments;
    const bool tail = !p.isEmpty() && isTail(p.last());
    if (tail ? segments.size() < p.size() : segments.size() != p.size())
        return false;
    QHash<QString, QString> out;
    for (int i = 0; i < p.size(); ++i) {
        if (isTail(p[i])) {
            out.insert(paramName(p[i]), segments.mid(i).join(QLatin1Char('/')));
            break;
        }
        if (segments[i].isEmpty())
            return false;
        if (isParam(p[i]))
            out.insert(paramName(p[i]), segments[i]);
        else if (p[i] != segments[i])
            return false;
    }
    *params = std::move(out);
    return true;
}

bool Router::allows(const QStringList &roles, const QString &role)
{
    // An administrator may do everything a manager may.
    return roles.isEmpty() || roles.contains(role)
           || (role == QLatin1String("administrator") && roles.contains(QStringLiteral("manager")));
}

bool Router::moreSpecific(const Entry &a, const Entry &b)
{
    const int n = static_cast<int>(std::min(a.segments.size(), b.segments.size()));
    for (int i = 0; i < n; ++i) {
        const int ra = rank(a.segments[i]), rb = rank(b.segments[i]);
        if (ra != rb)
            return ra > rb;
    }
    return a.segments.size() > b.segments.size();
}

QStringList Router::table() const
{
    QStringList out;
    for (const Entry &e : m_entries)
        out.append(QString::fromLatin1(e.route.method) + QLatin1Char(' ') + e.route.pattern);
    return out;
}

Response Router::handle(const Request &request)
{
    const QStringList segments = split(request.path);
    const QByteArray method = effectiveMethod(request.method);
    const Entry *best = nullptr;
    QHash<QString, QString> params;
    QList<QByteArray> allowed;
    for (const Entry &e : m_entries) {
        QHash<QString, QString> p;
        if (!match(e, segments, &p))
            continue;
        if (!allowed.contains(e.route.method))
            allowed.append(e.route.method);
        if (e.route.method != method || (best && !moreSpecific(e, *best)))
            continue;
        best = &e;
        params = std::move(p);
    }
    if (allowed.isEmpty())
        return pathNotFound();
    if (!best) {
        if (allowed.contains("GET"))
            allowed.append("HEAD");
        std::sort(allowed.begin(), allowed.end());
        Response r = methodNotAllowed();
        r.headers.append({QByteArrayLiteral("Allow"), allowed.join(", ")});
        return r;
    }
    const Route &route = best->route;

    Principal who;
    if (route.auth == Route::Auth::Token) {
        if (m_check)
            if (const auto refused = m_check(request))
                return forbidden(*refused);
        who = m_authenticate(request);
        if (who.kind == Principal::Kind::None)
            return unauthorized();
        if (!allows(route.roles, who.role))
            return forbidden(!route.denied.isEmpty()
                                 ? route.denied
                                 : QStringLiteral("this is for: %1").arg(route.roles.join(QStringLiteral(", "))));
    }

    // Idempotent replays: the first answer to (caller, key) is stored with the change.
    IdempotencyStore idempotency(m_storage);
    const QByteArray key = request.header("idempotency-key");
    const bool idempotent = !key.isEmpty() && who.kind != Principal::Kind::None
                            && (request.method == "POST" || request.method == "PUT" || request.method == "DELETE");
    const qint64 now = m_clock.nowMs();
    if (idempotent) {
        if (key.size() > kMaxIdempotencyKey)
            return errorResponse(api::ErrorCode::BadRequest,
                                 QStringLiteral("Idempotency-Key is longer than %1 characters").arg(kMaxIdempotencyKey));
        if (const auto stored = idempotency.find(who.key(), QString::fromUtf8(key), now - kIdempotencyKeepMs)) {
            Response r = stored->status == 204 ? Response::noContent() : Response::json(stored->status, stored->body);
            r.headers.append({QByteArrayLiteral("Idempotent-Replay"), QByteArrayLiteral("true")});
            return r;
        }
    }

    Scope scope(m_storage);
    Response response = route.handler(RouteRequest{request, who, params});
    if (response.status >= 500)
        return response;   // the scope rolls back whatever the handler did
    // An answer marked "Cache-Control: no-store" carries a secret shown once (a new
    // operator's PIN): it is not kept for replays, a repeat runs again.
    const bool noStore = std::any_of(response.headers.cbegin(), response.headers.cend(), [](const auto &h) {
        return h.first.compare("Cache-Control", Qt::CaseInsensitive) == 0 && h.second.contains("no-store");
    });
    if (idempotent && !noStore
        && !idempotency.put(who.key(), QString::fromUtf8(key), now, IdempotencyStore::Answer{response.status, response.body}))
        return errorResponse(internalError());
    if (!scope.commit())
        return errorResponse(internalError());
    return response;
}

void Router::purgeIdempotencyKeys()
{
    Scope scope(m_storage);
    if (IdempotencyStore(m_storage).purgeBefore(m_clock.nowMs() - kIdempotencyKeepMs))
        scope.commit();
}

} // namespace queue::server
