#include "offline.h"

#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"
#include "store/auditstore.h"

#include <QJsonArray>
#include <QLoggingCategory>

namespace queue::server {

Q_LOGGING_CATEGORY(lcOffline, "queue.offline")

using http::Response;
using namespace apiutil;

namespace {
const QStringList kKiosk{QStringLiteral("kiosk")};
constexpr int kKeepLeaseDays = 7;   // an upload may come this many days late
} // namespace

void OfflineModule::registerRoutes(Router &router)
{
    const QString p = QLatin1String(api::kPrefix);
    const QString denied = QStringLiteral("only a kiosk holds an offline reserve");
    router.add(QStringLiteral("offline"), "POST", p + QStringLiteral("/kiosk/reserve"), kKiosk,
               [this](const RouteRequest &r) { return reserve(r); }, denied);
    router.add(QStringLiteral("offline"), "POST", p + QStringLiteral("/kiosk/offline-tickets"), kKiosk,
               [this](const RouteRequest &r) { return upload(r); }, denied);
}

void OfflineModule::tick(qint64 nowMs)
{
    // Once a business day: the leases of days no upload may come for any more.
    const QDate today = m_services.schedule.businessDay(nowMs);
    const QString day = today.toString(Qt::ISODate);
    if (day == m_purgedFor)
        return;
    m_purgedFor = day;
    Storage &storage = m_services.storage;
    Scope scope(storage);
    if (!scope.isOpen() || !LeaseStore(storage).purgeBefore(today.addDays(-kKeepLeaseDays).toString(Qt::ISODate))
        || !scope.commit())
        qCWarning(lcOffline) << "could not purge old leases";
}

Response OfflineModule::reserve(const RouteRequest &r)
{
    const qint64 now = m_services.clock.nowMs();
    const int perTopic = m_services.config.offline.reservePerTopic;
    const Result<QueueEngine::Reserve> res = m_services.engine.topUpReserve(r.who.name, perTopic);
    if (!res)
        return errorResponse(res.error());
    // Grouped per topic, in the kiosk's order.
    QJsonArray topics;
    for (const ServiceInfo &s : m_services.config.services) {
        QJsonArray numbers;
        for (const LeaseStore::Lease &l : res->leases)
            if (l.service == s.id)
                numbers.append(l.number);
        if (!numbers.isEmpty())
            topics.append(QJsonObject{{QStringLiteral("service"), s.id},
                                      {QStringLiteral("prefix"), s.prefix},
                                      {QStringLiteral("numbers"), numbers}});
    }
    return jsonResponse(200, QJsonObject{{QStringLiteral("business_day"), res->businessDay},
                                         {QStringLiteral("server_time"), isoUtc(now)},
                                         {QStringLiteral("server_time_ms"), now},
                                         {QStringLiteral("per_topic"), perTopic},
                                         {QStringLiteral("reserve"), topics}});
}

Response OfflineModule::upload(const RouteRequest &r)
{
    Response error;
    const std::optional<QJsonObject> body = bodyObject(r.http, &error);
    if (!body)
        return error;
    qint64 offset = 0;
    if (!intField(*body, "clock_offset_ms", &offset, &error, false))
        return error;
    const QJsonValue list = body->value(QStringLiteral("tickets"));
    if (!list.isArray() || list.toArray().isEmpty() || list.toArray().size() > kMaxUpload)
        return errorResponse(api::ErrorCode::BadRequest,
                             QStringLiteral("tickets must be an array of 1 to %1 tickets").arg(kMaxUpload));
    // The whole upload is checked before anything is written: a malformed entry changes nothing.
    struct Item {
        QString id;
        QueueEngine::OfflineTicket ticket;
    };
    QList<Item> items;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("tickets[%1]").arg(i);
        if (!array[i].isObject())
            return errorResponse(api::ErrorCode::BadRequest, where + QStringLiteral(" must be an object"));
        const QJsonObject o = array[i].toObject();
        Item item;
        QString issuedText;
        QString problem;
        auto text = [&](const char *key, QString *out, bool required) {
            const QJsonValue v = o.value(QLatin1String(key));
            if (v.isUndefined() || v.isNull()) {
                if (required)
                    problem = QStringLiteral("%1.%2 is required").arg(where, QLatin1String(key));
                return !required;
            }
            if (!v.isString() || v.toString().size() > 100) {
                problem = QStringLiteral("%1.%2 must be a string of at most 100 characters").arg(where, QLatin1String(key));
                return false;
            }
            *out = v.toString();
            return true;
        };
        if (!text("id", &item.id, true) || !text("service", &item.ticket.service, true)
            || !text("number", &item.ticket.number, true) || !text("business_day", &item.ticket.businessDay, true)
            || !text("issued_at", &issuedText, true) || !text("priority", &item.ticket.priority, false))
            return errorResponse(api::ErrorCode::BadRequest, problem);
        item.ticket.issuedAt = parseIsoUtc(issuedText);
        if (item.id.isEmpty() || item.id.size() > 64)
            return errorResponse(api::ErrorCode::BadRequest, where + QStringLiteral(".id must be 1 to 64 characters"));
        if (!item.ticket.issuedAt)
            return errorResponse(api::ErrorCode::BadRequest,
                                 where + QStringLiteral(".issued_at must be a time like 2026-12-03T07:02:00Z"));
        if (!parseDay(item.ticket.businessDay).isValid())
            return errorResponse(api::ErrorCode::BadRequest, where + QStringLiteral(".business_day must be YYYY-MM-DD"));
        const QJsonValue printed = o.value(QStringLiteral("printed"));
        if (!printed.isUndefined() && !printed.isNull() && !printed.isBool())
            return errorResponse(api::ErrorCode::BadRequest, where + QStringLiteral(".printed must be true or false"));
        // Unknown (the kiosk stopped between its journal and the printer): queued, since the
        // visitor may hold it; a ticket nobody holds costs one call, a lost visitor costs more.
        item.ticket.printed = printed.isBool() ? printed.toBool() : true;
        items.append(item);
    }

    const qint64 now = m_services.clock.nowMs();
    QJsonArray results;
    int accepted = 0, duplicates = 0, refused = 0, adjusted = 0;
    qint64 first = 0, last = 0;
    for (const Item &item : std::as_const(items)) {
        QJsonObject res{{QStringLiteral("id"), item.id}, {QStringLiteral("number"), item.ticket.number}};
        const auto done = m_services.engine.acceptOffline(r.who.name, item.ticket);
        if (!done) {
            if (done.error().code == api::ErrorCode::Internal || done.error().code == api::ErrorCode::Unavailable)
                return errorResponse(done.error());   // nothing of this upload is kept; the kiosk sends it again
            ++refused;
            res.insert(QStringLiteral("status"), QStringLiteral("refused"));
            res.insert(QStringLiteral("error"),
                       QJsonObject{{QStringLiteral("code"), QLatin1String(api::errorCodeName(done.error().code))},
                                   {QStringLiteral("message"), done.error().message}});
            qCWarning(lcOffline).noquote() << "kiosk" << r.who.name << "offline ticket" << item.ticket.number
                                           << "refused:" << done.error().message;
        } else {
            const Ticket &t = done->ticket;
            res.insert(QStringLiteral("status"), done->duplicate ? QStringLiteral("duplicate") : QStringLiteral("accepted"));
            QJsonObject tj = t.toJson(now);
            if (!t.page.isEmpty())
                tj.insert(QStringLiteral("page"), t.page);
            res.insert(QStringLiteral("ticket"), tj);
            if (done->timeAdjusted)
                res.insert(QStringLiteral("time_adjusted"), true);
            if (done->duplicate) {
                ++duplicates;
            } else {
                ++accepted;
                adjusted += done->timeAdjusted ? 1 : 0;
                first = first ? qMin(first, t.issuedAt) : t.issuedAt;
                last = qMax(last, t.issuedAt);
            }
        }
        results.append(res);
    }
    const bool corrected = qAbs(offset) > kClockToleranceMs;
    if (accepted || refused) {
        AuditStore::Entry e;
        e.at = now;
        e.actor = r.who.auditActor();
        e.address = r.http.peer.toString();
        e.action = QStringLiteral("kiosk.offline_upload");
        e.object = QStringLiteral("device:") + r.who.name;
        e.outcome = refused ? QStringLiteral("partly_refused") : QStringLiteral("ok");
        e.after = toJson(QJsonObject{{QStringLiteral("accepted"), accepted},
                                     {QStringLiteral("refused"), refused},
                                     {QStringLiteral("first_issued_at"), first ? QJsonValue(isoUtc(first)) : QJsonValue()},
                                     {QStringLiteral("last_issued_at"), last ? QJsonValue(isoUtc(last)) : QJsonValue()},
                                     {QStringLiteral("clock_offset_ms"), offset},
                                     {QStringLiteral("clock_corrected"), corrected}});
        if (!AuditStore(m_services.storage).record(e))
            return errorResponse(internalError());
        qCInfo(lcOffline).noquote() << "kiosk" << r.who.name << "uploaded" << accepted << "offline tickets"
                                    << (first ? isoUtc(first) + QStringLiteral("…") + isoUtc(last) : QString())
                                    << "refused" << refused << "clock offset" << offset << "ms"
                                    << (corrected ? "(its clock was corrected)" : "");
    }
    return jsonResponse(200, QJsonObject{{QStringLiteral("server_time"), isoUtc(now)},
                                         {QStringLiteral("clock_offset_ms"), offset},
                                         {QStringLiteral("clock_corrected"), corrected},
                                         {QStringLiteral("accepted"), accepted},
                                         {QStringLiteral("duplicates"), duplicates},
                                         {QStringLiteral("refused"), refused},
                                         {QStringLiteral("time_adjusted"), adjusted},
                                         {QStringLiteral("results"), results}});
}

} // namespace queue::server
