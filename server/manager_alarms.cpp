#include "manager_alarms.h"

#include "apierrors.h"
#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"
#include "store/devicestatusstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>
#include <tuple>

Q_LOGGING_CATEGORY(lcAlarms, "queue.manager.alarms")

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

QString minutesText(qint64 ms) { return QString::number(ms / 60000); }

QString healthMessage(const QString &problem) { return QStringLiteral("Сервер работает не полностью: %1").arg(problem); }

} // namespace

void AlarmsModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("alarms");
    const QStringList manager{QStringLiteral("manager")};
    auto route = [this](const RouteRequest &r) {
        return alarms(r.http, r.who, r.param(QStringLiteral("id")));
    };
    router.add(owner, "GET", QStringLiteral("/api/v1/alarms"), manager, route, QStringLiteral("alarms are for the manager"));
    router.add(owner, "POST", QStringLiteral("/api/v1/alarms/{id}/ack"), manager, route,
               QStringLiteral("alarms are for the manager"));
}

namespace {
// An alarm as the API shows it.
QJsonObject alarmToJson(const AlarmStore::Alarm &a)
{
    auto time = [](qint64 ms) { return ms ? QJsonValue(isoUtc(ms)) : QJsonValue(); };
    return QJsonObject{{QStringLiteral("id"), a.id},
                       {QStringLiteral("key"), a.key},
                       {QStringLiteral("kind"), a.kind},
                       {QStringLiteral("level"), a.level},
                       {QStringLiteral("message"), a.message},
                       {QStringLiteral("data"), QJsonDocument::fromJson(a.data).object()},
                       {QStringLiteral("raised_at"), isoUtc(a.raisedAt)},
                       {QStringLiteral("cleared_at"), time(a.clearedAt)},
                       {QStringLiteral("acked_at"), time(a.ackedAt)},
                       {QStringLiteral("acked_by"), a.ackedBy ? QJsonValue(*a.ackedBy) : QJsonValue()}};
}

QJsonArray alarmsToJson(const QList<AlarmStore::Alarm> &alarms)
{
    QJsonArray out;
    for (const AlarmStore::Alarm &a : alarms)
        out.append(alarmToJson(a));
    return out;
}
} // namespace

QJsonObject AlarmsModule::alarmJson(qint64 id) const
{
    const std::optional<AlarmStore::Alarm> a = m_alarms.load(id);
    return a ? alarmToJson(*a) : QJsonObject();
}

QJsonArray AlarmsModule::activeAlarms(Storage &storage, const ServerHealth &health, qint64 now)
{
    QJsonArray active = alarmsToJson(AlarmStore(storage).active());
    // A problem of the server whose alarm could not be stored (a full disk refuses that
    // write too) is shown all the same, without an id: it cannot be acknowledged, and it
    // goes when the problem does.
    QSet<QString> stored;
    for (const QJsonValue &a : std::as_const(active))
        stored.insert(a[QStringLiteral("key")].toString());
    for (auto it = health.problems().cbegin(); it != health.problems().cend(); ++it) {
        const QString key = QStringLiteral("health:") + it.key();
        if (stored.contains(key))
            continue;
        AlarmStore::Alarm unsaved;
        unsaved.key = key;
        unsaved.kind = QStringLiteral("server_degraded");
        unsaved.level = QStringLiteral("critical");
        unsaved.message = healthMessage(it.value());
        unsaved.data = QJsonDocument(QJsonObject{{QStringLiteral("problem"), it.key()}}).toJson(QJsonDocument::Compact);
        unsaved.raisedAt = now;
        QJsonObject o = alarmToJson(unsaved);
        o.insert(QStringLiteral("id"), QJsonValue());
        o.insert(QStringLiteral("stored"), false);
        active.append(o);
    }
    return active;
}

Response AlarmsModule::alarms(const Request &request, const Principal &who, const QString &idText)
{
    const qint64 now = m_engine.nowMs();
    if (idText.isEmpty()) {
        if (!isGet(request))
            return methodNotAllowed();
        if (request.query.queryItemValue(QStringLiteral("all")) != QLatin1String("1")) {
            return jsonResponse(200, QJsonObject{{QStringLiteral("alarms"), activeAlarms(m_storage, m_health, now)}});
        }
        return jsonResponse(200, QJsonObject{{QStringLiteral("alarms"), alarmsToJson(m_alarms.latest(500))}});
    }
    if (!idText.isEmpty()) {   // …/{id}/ack
        if (request.method != "POST")
            return methodNotAllowed();
        bool ok = false;
        const qint64 id = idText.toLongLong(&ok);
        QJsonObject alarm = ok ? alarmJson(id) : QJsonObject();
        if (alarm.isEmpty())
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no alarm %1").arg(idText));
        if (!alarm.value(QStringLiteral("acked_at")).isNull())
            return jsonResponse(200, alarm);   // acknowledging twice changes nothing
        alarm.insert(QStringLiteral("acked_at"), isoUtc(now));
        alarm.insert(QStringLiteral("acked_by"), who.name);
        if (!commitWithEvent(m_storage, now, api::kAlarmAcked, QJsonObject{{QStringLiteral("alarm"), alarm}},
                             [&] { return m_alarms.acknowledge(id, now, who.name); }))
            return errorResponse(internalError());
        return jsonResponse(200, alarm);
    }
    return pathNotFound();
}

QList<AlarmsModule::AlarmWant> AlarmsModule::wantedAlarms(qint64 now) const
{
    const OfficeConfig &c = m_engine.config();
    QList<AlarmWant> out;
    const qint64 visitNormMs = c.visitNormMin * 60000LL;
    // From the engine's in-memory queue (no SQL, no sorting): the oldest waiting
    // ticket per topic and the visits over their norm; only those are loaded.
    struct Oldest {
        qint64 issuedAt = 0;
        qint64 id = 0;
    };
    QHash<QString, Oldest> oldest;
    QList<Candidate> overVisitNorm;
    for (const Candidate &q : m_engine.queued()) {
        if (q.availableAt)   // postponed: not waiting now
            continue;
        Oldest &o = oldest[q.service];
        if (!o.id || std::tie(q.issuedAt, q.id) < std::tie(o.issuedAt, o.id))
            o = {q.issuedAt, q.id};
        if (visitNormMs && now - q.issuedAt > visitNormMs)
            overVisitNorm.append(q);
    }
    std::sort(overVisitNorm.begin(), overVisitNorm.end(),
              [](const Candidate &a, const Candidate &b) { return std::tie(a.issuedAt, a.id) < std::tie(b.issuedAt, b.id); });
    for (const Candidate &q : std::as_const(overVisitNorm)) {
        const auto t = m_engine.ticket(q.id);
        if (!t)
            continue;
        out.append({QStringLiteral("visit:%1").arg(q.id), QStringLiteral("visit_over_norm"), QStringLiteral("critical"),
                    QStringLiteral("Визит %1 длится больше %2 мин, клиент всё ещё ждёт").arg(t.value().number).arg(c.visitNormMin),
                    QJsonObject{{QStringLiteral("ticket"), q.id}, {QStringLiteral("number"), t.value().number},
                                {QStringLiteral("service"), q.service}}});
    }
    for (const ServiceInfo &s : c.services) {
        const Oldest o = oldest.value(s.id);
        if (!s.waitNormMin || !o.id)
            continue;
        const auto first = m_engine.ticket(o.id);
        const QString oldestNumber = first ? first.value().number : QString();
        const qint64 wait = now - o.issuedAt, norm = s.waitNormMin * 60000LL;
        const QJsonObject data{{QStringLiteral("service"), s.id}, {QStringLiteral("number"), oldestNumber},
                               {QStringLiteral("wait_s"), wait / 1000}, {QStringLiteral("norm_s"), norm / 1000}};
        if (wait * 10 >= norm * 8)
            out.append({QStringLiteral("wait80:") + s.id, QStringLiteral("wait_80"), QStringLiteral("warning"),
                        QStringLiteral("«%1»: талон %2 ждёт %3 мин — 80 % нормы ожидания (%4 мин)")
                            .arg(s.name, oldestNumber, minutesText(wait)).arg(s.waitNormMin),
                        data});
        if (wait >= norm)
            out.append({QStringLiteral("wait100:") + s.id, QStringLiteral("wait_100"), QStringLiteral("critical"),
                        QStringLiteral("«%1»: талон %2 ждёт %3 мин — норма ожидания %4 мин превышена")
                            .arg(s.name, oldestNumber, minutesText(wait)).arg(s.waitNormMin),
                        data});
    }
    for (const WindowInfo &w : m_engine.windows()) {
        if (!w.ticket)
            continue;
        const Ticket &t = *w.ticket;
        const ServiceInfo *s = c.service(t.service);
        if (s && t.state == TicketState::Serving && t.startedAt && now - t.startedAt > s->serviceNormMin * 60000LL)
            out.append({QStringLiteral("service:%1").arg(t.id), QStringLiteral("service_over_norm"), QStringLiteral("warning"),
                        QStringLiteral("Окно %1: обслуживание талона %2 идёт дольше нормы (%3 мин)")
                            .arg(w.number).arg(t.number).arg(s->serviceNormMin),
                        QJsonObject{{QStringLiteral("ticket"), t.id}, {QStringLiteral("number"), t.number},
                                    {QStringLiteral("window"), w.number}, {QStringLiteral("service"), t.service}}});
        if (visitNormMs && now - t.issuedAt > visitNormMs)
            out.append({QStringLiteral("visit:%1").arg(t.id), QStringLiteral("visit_over_norm"), QStringLiteral("critical"),
                        QStringLiteral("Визит %1 длится больше %2 мин (окно %3)").arg(t.number).arg(c.visitNormMin).arg(w.number),
                        QJsonObject{{QStringLiteral("ticket"), t.id}, {QStringLiteral("number"), t.number},
                                    {QStringLiteral("window"), w.number}, {QStringLiteral("service"), t.service}}});
    }
    // What keeps the server from working fully (ServerHealth), e.g. a history that did not load.
    for (auto it = m_health.problems().cbegin(); it != m_health.problems().cend(); ++it)
        out.append({QStringLiteral("health:") + it.key(), QStringLiteral("server_degraded"), QStringLiteral("critical"),
                    healthMessage(it.value()),
                    QJsonObject{{QStringLiteral("problem"), it.key()}}});
    // A kiosk holding an offline reserve that the server has not heard from: it may be
    // issuing tickets from its reserve now (they reach the queue when its link is back).
    if (m_deviceSeen && m_engine.isOpen()) {
        const qint64 quietMs = c.offline.alarmAfterS * 1000LL;
        const auto holders = m_engine.reserveHolders().value_or(QHash<QString, int>());
        for (auto it = holders.cbegin(); it != holders.cend(); ++it) {
            const DeviceSeen seen = m_deviceSeen(it.key());
            // Not seen since this server started: counted from the start.
            if (seen.streams > 0 || now - qMax(seen.lastSeenMs, m_startedMs) < quietMs)
                continue;
            const QString since = seen.lastSeenMs ? QStringLiteral(" с %1").arg(
                                      QDateTime::fromMSecsSinceEpoch(seen.lastSeenMs, c.timeZone).toString(QStringLiteral("HH:mm")))
                                                  : QString();
            out.append({QStringLiteral("kiosk_offline:") + it.key(), QStringLiteral("kiosk_offline"), QStringLiteral("warning"),
                        QStringLiteral("Киоск «%1» не на связи%2: он выдаёт талоны из резерва (%3 номеров), "
                                       "они встанут в очередь, когда связь вернётся")
                            .arg(it.key(), since).arg(it.value()),
                        QJsonObject{{QStringLiteral("device"), it.key()}, {QStringLiteral("reserve"), it.value()},
                                    {QStringLiteral("last_seen"), seen.lastSeenMs ? QJsonValue(isoUtc(seen.lastSeenMs)) : QJsonValue()}}});
        }
    }
    for (const DeviceStatusStore::PrinterProblem &p : DeviceStatusStore(m_storage).printerProblems()) {
        const bool low = p.printer == QLatin1String("paper_low");
        QString what = low ? QStringLiteral("в принтере мало бумаги")
                           : p.printer == QLatin1String("paper_out") ? QStringLiteral("в принтере кончилась бумага")
                                                                     : QStringLiteral("принтер не работает");
        out.append({QStringLiteral("printer:%1:%2").arg(p.device, p.printer), QStringLiteral("printer_") + p.printer,
                    low ? QStringLiteral("warning") : QStringLiteral("critical"),
                    QStringLiteral("Киоск «%1»: %2").arg(p.device, what),
                    QJsonObject{{QStringLiteral("device"), p.device}, {QStringLiteral("printer"), p.printer},
                                {QStringLiteral("detail"), p.detail}}});
    }
    return out;
}

void AlarmsModule::tick(qint64 now)
{
    // Within one scope opened by ApiServer::tickModules: raising and clearing commit together.
    const QList<AlarmWant> wanted = wantedAlarms(now);
    std::optional<QHash<QString, qint64>> activeKeys = m_alarms.activeKeys();
    if (!activeKeys)
        return;
    QHash<QString, qint64> &active = *activeKeys;   // key -> id
    QSet<QString> wantedKeys;
    for (const AlarmWant &a : wanted) {
        wantedKeys.insert(a.key);
        if (active.contains(a.key))
            continue;
        AlarmStore::Alarm row;
        row.key = a.key;
        row.kind = a.kind;
        row.level = a.level;
        row.message = a.message;
        row.data = QJsonDocument(a.data).toJson(QJsonDocument::Compact);
        row.raisedAt = now;
        const qint64 id = m_alarms.raise(row);
        if (!id)
            return;
        active.insert(a.key, id);
        m_storage.appendEvent(now, QLatin1String(api::kAlarmRaised), a.data.value(QStringLiteral("ticket")).toInteger(),
                              a.data.value(QStringLiteral("window")).toInt(),
                              QJsonObject{{QStringLiteral("type"), QLatin1String(api::kAlarmRaised)},
                                          {QStringLiteral("at"), isoUtc(now)},
                                          {QStringLiteral("alarm"), alarmJson(id)}});
        qCInfo(lcAlarms).noquote() << "alarm" << a.key << a.message;
    }
    for (auto it = active.cbegin(); it != active.cend(); ++it) {
        if (wantedKeys.contains(it.key()))
            continue;
        if (!m_alarms.clear(it.value(), now))
            return;
        m_storage.appendEvent(now, QLatin1String(api::kAlarmCleared), 0, 0,
                              QJsonObject{{QStringLiteral("type"), QLatin1String(api::kAlarmCleared)},
                                          {QStringLiteral("at"), isoUtc(now)},
                                          {QStringLiteral("alarm"), alarmJson(it.value())}});
    }
    m_lastTick = now;
}

} // namespace queue::server
