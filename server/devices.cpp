#include "devices.h"

#include "apiutil.h"
#include "common/clock.h"
#include "common/protocol.h"
#include "enrolment.h"
#include "officeconfig.h"
#include "queueengine.h"
#include "storage.h"
#include "store/auditstore.h"
#include "store/devicestatusstore.h"
#include "store/devicestore.h"

#include <QJsonArray>
#include <QMap>

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
    router.addPublic(owner, "POST", QStringLiteral("/api/v1/devices/enrol"),
                     [this](const RouteRequest &r) { return enrol(r.http); });
    router.add(owner, "DELETE", QStringLiteral("/api/v1/devices/{name}"), {QStringLiteral("manager")},
               [this](const RouteRequest &r) { return revoke(r); }, QStringLiteral("only a manager may revoke a device"));
    router.add(owner, "POST", QStringLiteral("/api/v1/admin/devices"), {QStringLiteral("administrator")},
               [this](const RouteRequest &r) { return makeCode(r); },
               QStringLiteral("only an administrator adds devices"));
}

Response DevicesModule::enrol(const Request &request)
{
    if (const qint64 s = m_enrolLimiter.admit(request.peer))
        return errorResponse(DomainError{api::ErrorCode::TooManyRequests,
                                         QStringLiteral("too many failed enrolment attempts from this address; try again in %1 s").arg(s),
                                         s});
    Response answer;
    bool failed = true;
    [&] {
        const auto body = bodyObject(request, &answer);
        if (!body)
            return;
        for (auto it = body->begin(); it != body->end(); ++it) {
            if (it.key() != QLatin1String("code")) {
                answer = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("unknown field '%1'").arg(it.key()));
                return;
            }
        }
        QString code;
        if (!stringField(*body, "code", &code, &answer, true))
            return;
        Scope scope(m_services.storage);   // the code used and the device stored together, or neither
        if (!scope.isOpen()) {
            answer = errorResponse(internalError());
            return;
        }
        Enrolment enrolment(m_services.devices, m_services.clock);
        const auto done = enrolment.redeem(code);
        if (!done) {
            answer = errorResponse(done.error());
            return;
        }
        if (!audit(QStringLiteral("device:") + done->name, request, QStringLiteral("device.enrol"), done->name,
                   QStringLiteral("ok"), QJsonObject{{QStringLiteral("role"), done->role}})) {
            answer = errorResponse(internalError());
            return;
        }
        if (!scope.commit()) {
            answer = errorResponse(internalError());
            return;
        }
        // A device enrolled again: its old token no longer works, nor its open streams.
        m_services.closeDeviceStreams(done->name);
        failed = false;
        answer = jsonResponse(200, QJsonObject{{QStringLiteral("name"), done->name},
                                               {QStringLiteral("role"), done->role},
                                               {QStringLiteral("token"), done->token},
                                               {QStringLiteral("server_fingerprint"), m_services.serverFingerprint()}});
    }();
    m_enrolLimiter.finish(request.peer, failed);
    return answer;
}

Response DevicesModule::revoke(const RouteRequest &r)
{
    const QString name = r.param(QStringLiteral("name"));
    const int removed = m_services.devices.removeDevice(name);
    if (removed < 0)
        return errorResponse(internalError());
    if (removed == 0)
        return errorResponse(notFound(QStringLiteral("no enrolled device '%1'").arg(name)));
    if (!audit(r.who.auditActor(), r.http, QStringLiteral("device.revoke"), name, QStringLiteral("ok")))
        return errorResponse(internalError());
    // A revoked kiosk's unused offline numbers may be issued again.
    if (!m_services.engine.releaseReserve(name))
        return errorResponse(internalError());
    m_services.closeDeviceStreams(name);
    return Response::noContent();
}

bool DevicesModule::audit(const QString &actor, const Request &request, const QString &action, const QString &device,
                          const QString &outcome, const QJsonObject &after)
{
    AuditStore::Entry e;
    e.at = m_services.clock.nowMs();
    e.actor = actor;
    e.address = request.peer.toString();
    e.action = action;
    e.object = QStringLiteral("device:") + device;
    e.outcome = outcome;
    if (!after.isEmpty())
        e.after = toJson(after);
    return AuditStore(m_services.storage).record(e) != 0;
}

// POST /api/v1/admin/devices {"name","role","valid_hours"?}: a one-time pairing code for a
// new kiosk, board or booking client (queue-server --enrol from the browser). The code is
// shown once (no-store, never kept for an Idempotency-Key replay); the device then enrols
// with it (queue-kiosk --enrol URL CODE) and gets its own token, stored hashed.
Response DevicesModule::makeCode(const RouteRequest &r)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    for (auto it = body->begin(); it != body->end(); ++it)
        if (it.key() != QLatin1String("name") && it.key() != QLatin1String("role") && it.key() != QLatin1String("valid_hours"))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("unknown field '%1'").arg(it.key()));
    QString name, role;
    if (!stringField(*body, "name", &name, &bad, true) || !stringField(*body, "role", &role, &bad, true))
        return bad;
    std::optional<double> hours;
    if (body->contains(QStringLiteral("valid_hours"))) {
        const QJsonValue v = body->value(QStringLiteral("valid_hours"));
        hours = v.isDouble() ? v.toDouble() : -1.0;   // not a number: refused as out of range
    }
    qint64 validMs = 0;
    if (const auto problem = Enrolment::checkCodeRequest(name, role, hours, m_services.config.devices, &validMs))
        return errorResponse(*problem);
    Enrolment enrolment(m_services.devices, m_services.clock);
    const auto code = enrolment.createCode(name, role, validMs);
    if (!code)
        return errorResponse(code.error());
    const qint64 expiresAt = m_services.clock.nowMs() + validMs;
    if (!audit(r.who.auditActor(), r.http, QStringLiteral("device.code"), name, QStringLiteral("ok"),
               QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("expires_at"), isoUtc(expiresAt)}}))
        return errorResponse(internalError());
    Response out = jsonResponse(201, QJsonObject{{QStringLiteral("name"), name},
                                                 {QStringLiteral("role"), role},
                                                 {QStringLiteral("code"), code.value()},
                                                 {QStringLiteral("expires_at"), isoUtc(expiresAt)}});
    out.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return out;
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

    DeviceStatusStore statuses(storage);
    bool readOk = false;
    const std::optional<QString> previous = statuses.printerOf(who.name, &readOk);
    if (!readOk)
        return errorResponse(internalError());
    const bool known = previous.has_value();
    const QString before = previous.value_or(QString());
    if (!statuses.put({who.name, who.role, printer, detail, now}))
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
    const auto statuses = DeviceStatusStore(m_services.storage).all();
    if (!statuses)
        return errorResponse(api::ErrorCode::Internal, QStringLiteral("the device states could not be read"));
    const auto enrolled = m_services.devices.devices();
    if (!enrolled)
        return errorResponse(api::ErrorCode::Internal, QStringLiteral("the enrolled devices could not be read"));

    // One entry per device: those of the configuration, the enrolled ones, and any
    // that reported a state and is neither any more (a revoked kiosk's last report).
    QMap<QString, QJsonObject> byName;
    auto entry = [&](const QString &name, const QString &role, const QString &source) -> QJsonObject & {
        QJsonObject &o = byName[name];
        if (o.isEmpty())
            o = QJsonObject{{QStringLiteral("name"), name},
                            {QStringLiteral("role"), role},
                            {QStringLiteral("source"), source},
                            {QStringLiteral("enrolled_at"), QJsonValue()},
                            {QStringLiteral("printer"), QJsonValue()},
                            {QStringLiteral("detail"), QString()},
                            {QStringLiteral("reported_at"), QJsonValue()}};
        return o;
    };
    for (const DeviceConfig &d : m_services.config.devices)
        entry(d.name, d.role, QStringLiteral("config"));
    for (const DeviceStore::Device &d : *enrolled)
        entry(d.name, d.role, QStringLiteral("enrolled"))[QStringLiteral("enrolled_at")] = isoUtc(d.enrolledAt);
    for (const DeviceStatusStore::Status &s : *statuses) {
        QJsonObject &o = entry(s.device, s.role, QStringLiteral("gone"));
        o[QStringLiteral("printer")] = s.printer.isEmpty() ? QJsonValue() : QJsonValue(s.printer);
        o[QStringLiteral("detail")] = s.detail;
        o[QStringLiteral("reported_at")] = isoUtc(s.reportedAt);
    }
    QJsonArray devices;
    for (auto it = byName.begin(); it != byName.end(); ++it) {
        const DeviceSeen seen = m_services.deviceSeen(it.key());
        it->insert(QStringLiteral("last_seen"), seen.lastSeenMs ? QJsonValue(isoUtc(seen.lastSeenMs)) : QJsonValue());
        it->insert(QStringLiteral("streams"), seen.streams);
        devices.append(*it);
    }
    return jsonResponse(200, QJsonObject{{QStringLiteral("devices"), devices}});
}

} // namespace queue::server
