#include "manager_pages.h"

#include "apiutil.h"

#include <QFile>
#include <QRegularExpression>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

void ManagerPagesModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("manager pages");
    router.addPublic(owner, "GET", QStringLiteral("/manager"),
                     [](const RouteRequest &) { return *staticFile(QStringLiteral("/index.html")); });
    router.addPublic(owner, "GET", QStringLiteral("/manager/{file*}"), [](const RouteRequest &r) {
        const QString file = r.param(QStringLiteral("file"));
        return *staticFile(file == QLatin1String("report") ? QStringLiteral("/report.html") : QLatin1Char('/') + file);
    });
}

std::optional<Response> ManagerPagesModule::staticFile(const QString &file)
{
    // Only plain names from the embedded folder: no "..", no sub-folders.
    static const QRegularExpression name(QStringLiteral("^/[a-z0-9_-]+\\.(html|js|css|svg)$"));
    if (!name.match(file).hasMatch())
        return pathNotFound();
    QFile f(QStringLiteral(":/queue/web/manager") + file);
    if (!f.open(QIODevice::ReadOnly))
        return pathNotFound();
    Response r;
    r.body = f.readAll();
    if (file.endsWith(QLatin1String(".html")))
        r.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    else if (file.endsWith(QLatin1String(".js")))
        r.contentType = QByteArrayLiteral("text/javascript; charset=utf-8");
    else if (file.endsWith(QLatin1String(".css")))
        r.contentType = QByteArrayLiteral("text/css; charset=utf-8");
    else
        r.contentType = QByteArrayLiteral("image/svg+xml");
    r.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")});
    r.headers.append({QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")});
    r.headers.append({QByteArrayLiteral("Content-Security-Policy"),
                      QByteArrayLiteral("default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
                                        "style-src 'self'; script-src 'self'; frame-ancestors 'none'")});
    return r;
}

} // namespace queue::server
