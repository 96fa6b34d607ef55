#include "devices.h"

#include "apiutil.h"
#include "common/clock.h"
#include "common/protocol.h"
#include "storage.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

const QStringList &printerStates()
{
    static const QStringList states{QStringLiteral("ok"), QStringLiteral("paper_low"), QStringLiteral("paper_out"),
                                    QStringLiteral("offline"), QStringLiteral("error")};
    return states;
}

constexpr int kMaxDetail = 200;

} // namespace

void DevicesModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("devices");
    router.add(owner, "GET", QStringLiteral("/api/v1/devices"), {QStringLiteral("manager")},
               [this](const RouteRequest &) { return list(); }, QStringLiteral("only a manager may list the devices"));
    router.add(owner, "POST", QStringLiteral("/api/v1/devices/status"), {QStringLiteral("kiosk"), QStringLiteral("display")},
               [this](const RouteRequest &r) { return postStatus(r.http, r.who); },
               QStringLiteral("only a kiosk or a display reports its device status"));
}

Response DevicesModule::postStatus(const Request &request, const Principal &who)
{
    Response bad;
    const auto body = bodyObject(request, &bad);
    if (!body)
        return bad;
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != QLatin1String("printer") && it.key() != QLatin1String("detail"))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("unknown field '%1'").arg(it.key()));
    }
    QString printer, detail;
    if (!stringField(*body, "printer", &printer, &bad, true) || !stringField(*body, "detail", &detail, &bad, false))
        return bad;
    if (!printerStates().contains(printer))
        return errorResponse(api::ErrorCode::BadRequest,
                             QStringLiteral("'printer' must be one of %1").arg(printerStates().join(QStringLiteral(", "))));
    if (detail.size() > kMaxDetail)
        return errorResponse(api::ErrorCode::BadRequest,
                             QStringLiteral("'detail' is longer than %1 characters").arg(kMaxDetail));

    Storage &storage = m_services.storage;
    const qint64 now = m_services.clock.nowMs();
    Scope scope(storage);   // the row and its event together, or neither
    if (!scope.isOpen())
        return errorResponse(internalError());

    QSqlQuery &prev = storage.prepared(QStringLiteral("SELECT printer FROM device_status WHERE device = ?"));
    prev.bindValue(0, who.name);
    if (!storage.exec(prev))
        return errorResponse(internalError());
    const bool known = prev.next();
    const QString before = known ? prev.value(0).toString() : QString();
    prev.finish();

    QSqlQuery &put = storage.prepared(QStringLiteral(
        "INSERT OR REPLACE INTO device_status(device, role, printer, detail, reported_at) VALUES (?, ?, ?, ?, ?)"));
    put.bindValue(0, who.name);
    put.bindValue(1, who.role);
    put.bindValue(2, printer);
    put.bindValue(3, detail);
    put.bindValue(4, now);
    if (!storage.exec(put))
        return errorResponse(internalError());

    const bool changed = !known || before != printer;
    if (changed) {
        QJsonObject e{{QStringLiteral("type"), QLatin1String(kEventType)},
                      {QStringLiteral("at"), isoUtc(now)},
                      {QStringLiteral("device"), who.name},
                      {QStringLiteral("role"), who.role},
                      {QStringLiteral("printer"), printer},
                      {QStringLiteral("detail"), detail}};
        if (storage.appendEvent(now, QLatin1String(kEventType), 0, 0, e) == 0)
            return errorResponse(internalError());
    }
    if (!scope.commit())
        return errorResponse(internalError());
    return jsonResponse(200, QJsonObject{{QStringLiteral("device"), who.name},
                                         {QStringLiteral("role"), who.role},
                                         {QStringLiteral("printer"), printer},
                                         {QStringLiteral("detail"), detail},
                                         {QStringLiteral("at"), isoUtc(now)},
                                         {QStringLiteral("changed"), changed}});
}

Response DevicesModule::list()
{
    Storage &storage = m_services.storage;
    QSqlQuery &q = storage.prepared(
        QStringLiteral("SELECT device, role, printer, detail, reported_at FROM device_status ORDER BY device"));
    if (!storage.exec(q))
        return errorResponse(api::ErrorCode::Internal, QStringLiteral("the device states could not be read"));
    QJsonArray devices;
    while (q.next()) {
        devices.append(QJsonObject{{QStringLiteral("device"), q.value(0).toString()},
                                   {QStringLiteral("role"), q.value(1).toString()},
                                   {QStringLiteral("printer"), q.value(2).isNull() ? QJsonValue() : q.value(2).toString()},
                                   {QStringLiteral("detail"), q.value(3).toString()},
                                   {QStringLiteral("at"), isoUtc(q.value(4).toLongLong())}});
    }
    q.finish();
    return jsonResponse(200, QJsonObject{{QStringLiteral("devices"), devices}});
}

} // namespace queue::server
