#include "apitypes.h"

#include <QJsonArray>

namespace queue::client {

namespace {

QJsonValue field(const QJsonObject &o, const char *name) { return o.value(QLatin1String(name)); }

std::optional<double> nullableDouble(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

} // namespace

std::optional<HealthInfo> HealthInfo::fromJson(const QJsonObject &o)
{
    HealthInfo h;
    h.status = field(o, "status").toString();
    if (h.status.isEmpty())
        return std::nullopt;
    h.version = field(o, "version").toString();
    h.office = field(o, "office").toString();
    h.time = parseIsoUtc(field(o, "time").toString());
    h.uptimeS = field(o, "uptime_s").toInteger();
    h.open = field(o, "open").toBool();
    return h;
}

QTimeZone OfficeInfo::timeZone() const
{
    if (!timeZoneId.isEmpty()) {
        const QTimeZone zone(timeZoneId.toUtf8());
        if (zone.isValid())
            return zone;
    }
    return QTimeZone::systemTimeZone();
}

std::optional<ServiceCatalog> ServiceCatalog::fromJson(const QJsonObject &o)
{
    if (!field(o, "services").isArray())
        return std::nullopt;
    ServiceCatalog c;
    const QJsonObject office = field(o, "office").toObject();
    c.office.name = field(office, "name").toString();
    c.office.phone = field(office, "phone").toString();
    c.office.website = field(office, "website").toString();
    c.office.timeZoneId = field(office, "timezone").toString();
    c.open = field(o, "open").toBool();
    c.nextOpening = parseIsoUtc(field(o, "next_opening").toString());
    c.visitNormMin = field(o, "visit_norm_min").toInt();
    for (const QJsonValue &v : field(o, "services").toArray()) {
        const auto s = ServiceInfo::fromJson(v.toObject());
        if (!s)
            return std::nullopt;
        c.services.append(*s);
    }
    return c;
}

std::optional<IssuedTicket> IssuedTicket::fromJson(const QJsonObject &o)
{
    // The full ticket is under "ticket"; id/number/service/issued_at are repeated at the
    // top level for simple clients.
    const auto t = Ticket::fromJson(field(o, "ticket").toObject());
    if (!t)
        return std::nullopt;
    IssuedTicket r;
    r.ticket = *t;
    if (r.ticket.page.isEmpty())
        r.ticket.page = field(o, "page").toString();
    r.ahead = field(o, "ahead").toInt();
    r.estimatedWaitS = field(o, "estimated_wait_s").toInteger();
    return r;
}

std::optional<TicketStatus> TicketStatus::fromJson(const QJsonObject &o)
{
    const auto t = Ticket::fromJson(o);
    if (!t)
        return std::nullopt;
    TicketStatus r;
    r.ticket = *t;
    r.ahead = field(o, "ahead").toInt();
    return r;
}

std::optional<QueuedTicket> QueuedTicket::fromJson(const QJsonObject &o)
{
    const auto t = Ticket::fromJson(o);
    if (!t)
        return std::nullopt;
    QueuedTicket r;
    r.ticket = *t;
    r.available = field(o, "available").toBool(true);
    return r;
}

namespace {

std::optional<QList<QueuedTicket>> parseTickets(const QJsonValue &v)
{
    if (!v.isArray())
        return std::nullopt;
    QList<QueuedTicket> list;
    for (const QJsonValue &item : v.toArray()) {
        const auto t = QueuedTicket::fromJson(item.toObject());
        if (!t)
            return std::nullopt;
        list.append(*t);
    }
    return list;
}

} // namespace

std::optional<QueueSnapshot> QueueSnapshot::fromJson(const QJsonObject &o)
{
    QueueSnapshot q;
    if (o.contains(QLatin1String("window"))) {
        q.window = field(o, "window").toInt();
        const auto tickets = parseTickets(field(o, "tickets"));
        if (q.window <= 0 || !tickets)
            return std::nullopt;
        q.tickets = *tickets;
        return q;
    }
    if (!field(o, "services").isArray())
        return std::nullopt;
    for (const QJsonValue &v : field(o, "services").toArray()) {
        const QJsonObject so = v.toObject();
        ServiceQueue s;
        s.service = field(so, "id").toString();
        s.waiting = field(so, "waiting").toInt();
        const auto tickets = parseTickets(field(so, "tickets"));
        if (s.service.isEmpty() || !tickets)
            return std::nullopt;
        s.tickets = *tickets;
        q.services.append(s);
    }
    return q;
}

std::optional<SessionInfo> SessionInfo::fromJson(const QJsonObject &o)
{
    const auto w = WindowInfo::fromJson(field(o, "window").toObject());
    if (!w)
        return std::nullopt;
    SessionInfo s;
    s.token = field(o, "token").toString();
    const QJsonObject op = field(o, "operator").toObject();
    s.op.login = field(op, "login").toString();
    s.op.name = field(op, "name").toString();
    s.window = *w;
    return s;
}

std::optional<LiveMetrics> LiveMetrics::fromJson(const QJsonObject &o)
{
    if (!field(o, "services").isArray())
        return std::nullopt;
    LiveMetrics m;
    m.generatedAt = parseIsoUtc(field(o, "generated_at").toString());
    m.businessDay = QDate::fromString(field(o, "business_day").toString(), Qt::ISODate);
    for (const QJsonValue &v : field(o, "services").toArray()) {
        const QJsonObject so = v.toObject();
        ServiceMetrics s;
        s.service = field(so, "id").toString();
        if (s.service.isEmpty())
            return std::nullopt;
        s.waiting = field(so, "waiting").toInt();
        s.oldestWaitS = field(so, "oldest_wait_s").toInteger();
        s.served = field(so, "served").toInt();
        s.avgWaitS = field(so, "avg_wait_s").toInteger();
        s.avgServiceS = field(so, "avg_service_s").toInteger();
        s.waitNormS = field(so, "wait_norm_s").toInteger();
        s.serviceNormS = field(so, "service_norm_s").toInteger();
        s.pctWaitWithinNorm = nullableDouble(field(so, "pct_wait_within_norm"));
        s.pctServiceWithinNorm = nullableDouble(field(so, "pct_service_within_norm"));
        m.services.append(s);
    }
    const QJsonObject visits = field(o, "visits").toObject();
    m.visits.finished = field(visits, "finished").toInt();
    m.visits.pctWithinNorm = nullableDouble(field(visits, "pct_within_norm"));
    m.visits.normMin = field(visits, "norm_min").toInt();
    return m;
}

std::optional<ConfigChange> ConfigChange::fromEvent(const QJsonObject &event)
{
    if (field(event, "type").toString() != QLatin1String(ConfigChange::kType))
        return std::nullopt;
    ConfigChange c;
    c.version = field(event, "version").toInteger();
    for (const QJsonValue &v : field(event, "parts").toArray())
        if (v.isString())
            c.parts.append(v.toString());
    return c;
}

bool isKnownEventType(const QString &type)
{
    static const char *const known[] = {
        api::kHello, api::kStreamReset, api::kTicketIssued, api::kTicketCalled, api::kTicketRecalled,
        api::kTicketStarted, api::kTicketFinished, api::kTicketNoShow, api::kTicketRedirected,
        api::kTicketPostponed, api::kTicketReturned, api::kTicketCancelled, api::kWindowChanged,
        api::kAlarmRaised, api::kAlarmCleared, api::kAlarmAcked, api::kRatingAdded, api::kReviewAdded,
        api::kReviewClosed, ConfigChange::kType,
        // Named by the server modules that send them (docs/api.md).
        "device.status", "bookings.purged"};
    for (const char *k : known)
        if (type == QLatin1String(k))
            return true;
    return false;
}

} // namespace queue::client
