#include "officeconfig.h"

#include "pinhash.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace queue::server {

namespace {

const char *const kDayKeys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Collects the first validation problem; later checks are skipped once one is found.
class Validator {
public:
    bool failed() const { return !m_error.field.isEmpty(); }
    ConfigError error() const { return m_error; }
    void fail(const QString &field, const QString &problem)
    {
        if (!failed())
            m_error = {field, problem};
    }

    QString requiredString(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            fail(path + key, v.isUndefined() ? QStringLiteral("is missing") : QStringLiteral("must be a non-empty string"));
            return {};
        }
        return v.toString().trimmed();
    }

    QString optionalString(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString()) {
            fail(path + key, QStringLiteral("must be a string"));
            return {};
        }
        return v.toString().trimmed();
    }

    // Returns `fallback` when absent (or null if nullAllowed); 0 for null.
    int integer(const QJsonObject &o, const QString &key, const QString &path, int min, int max,
                std::optional<int> fallback, bool nullAllowed = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || (v.isNull() && nullAllowed)) {
            if (v.isUndefined() && !fallback && !nullAllowed)
                fail(path + key, QStringLiteral("is missing"));
            return v.isNull() ? 0 : fallback.value_or(0);
        }
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || std::floor(d) != d || d < min || d > max) {
            fail(path + key, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
            return 0;
        }
        return static_cast<int>(d);
    }

private:
    ConfigError m_error;
};

bool parseInterval(const QString &text, Interval *out)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return false;
    const int h1 = m.captured(1).toInt(), m1 = m.captured(2).toInt();
    const int h2 = m.captured(3).toInt(), m2 = m.captured(4).toInt();
    if (h1 > 23 || m1 > 59 || m2 > 59 || h2 > 24 || (h2 == 24 && m2 != 0))
        return false;
    out->startMin = h1 * 60 + m1;
    out->endMin = h2 * 60 + m2;
    return out->startMin < out->endMin;
}

} // namespace

const ServiceInfo *OfficeConfig::service(const QString &id) const
{
    for (const ServiceInfo &s : services)
        if (s.id == id)
            return &s;
    return nullptr;
}

const WindowConfig *OfficeConfig::window(int number) const
{
    for (const WindowConfig &w : windows)
        if (w.number == number)
            return &w;
    return nullptr;
}

QString deviceTokenHash(const QString &token)
{
    return QStringLiteral("sha256:")
           + QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

const OperatorConfig *OfficeConfig::findActiveOperator(const QString &login) const
{
    const OperatorConfig *op = findOperator(login);
    return op && op->active ? op : nullptr;
}

const OperatorConfig *OfficeConfig::findOperator(const QString &login) const
{
    for (const OperatorConfig &o : operators)
        if (o.login == login)
            return &o;
    return nullptr;
}

const DeviceConfig *OfficeConfig::deviceByToken(const QString &token) const
{
    if (token.isEmpty())
        return nullptr;
    const QString hash = deviceTokenHash(token);
    for (const DeviceConfig &d : devices)
        if (d.tokenHash == hash)
            return &d;
    return nullptr;
}

Segment OfficeConfig::windowSegment(const WindowConfig &w) const
{
    for (const QString &id : w.services)
        if (const ServiceInfo *s = service(id); s && s->segment == Segment::B2B)
            return Segment::B2B;
    return Segment::B2C;
}

QByteArray OfficeConfig::builtInJson()
{
    QFile f(QStringLiteral(":/queue/default-office.json"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

OfficeConfig OfficeConfig::builtIn()
{
    ConfigError error;
    const auto parsed = parseOfficeConfig(QJsonDocument::fromJson(builtInJson()).object(), &error);
    Q_ASSERT_X(parsed, "OfficeConfig::builtIn", "the embedded default office must be valid");
    return parsed.value_or(OfficeConfig{});
}

namespace {

QString intervalText(const Interval &in)
{
    return QStringLiteral("%1:%2-%3:%4")
        .arg(in.startMin / 60, 2, 10, QLatin1Char('0'))
        .arg(in.startMin % 60, 2, 10, QLatin1Char('0'))
        .arg(in.endMin / 60, 2, 10, QLatin1Char('0'))
        .arg(in.endMin % 60, 2, 10, QLatin1Char('0'));
}

QJsonArray intervalsJson(const QList<Interval> &list)
{
    QJsonArray out;
    for (const Interval &in : list)
        out.append(intervalText(in));
    return out;
}

bool sameIntervals(const QList<Interval> &a, const QList<Interval> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a[i].startMin != b[i].startMin || a[i].endMin != b[i].endMin)
            return false;
    return true;
}

} // namespace

QJsonObject officeConfigToJson(const OfficeConfig &c)
{
    QJsonObject office{{QStringLiteral("name"), c.name}};
    if (!c.phone.isEmpty())
        office.insert(QStringLiteral("phone"), c.phone);
    if (!c.website.isEmpty())
        office.insert(QStringLiteral("website"), c.website);
    if (!c.address.isEmpty())
        office.insert(QStringLiteral("address"), c.address);
    if (!c.runningLine.isEmpty())
        office.insert(QStringLiteral("running_line"), c.runningLine);
    if (c.timeZone.isValid())
        office.insert(QStringLiteral("timezone"), QString::fromUtf8(c.timeZone.id()));
    QJsonObject root{{QStringLiteral("office"), office},
                     {QStringLiteral("visit_norm_min"), c.visitNormMin},
                     {QStringLiteral("max_recalls"), c.maxRecalls},
                     {QStringLiteral("call_policy"), c.callPolicy}};
    QJsonArray services;
    for (const ServiceInfo &s : c.services) {
        QJsonObject o{{QStringLiteral("id"), s.id},
                      {QStringLiteral("name"), s.name},
                      {QStringLiteral("prefix"), s.prefix},
                      {QStringLiteral("segment"), toString(s.segment)},
                      {QStringLiteral("wait_norm_min"), s.waitNormMin ? QJsonValue(s.waitNormMin) : QJsonValue()},
                      {QStringLiteral("service_norm_min"), s.serviceNormMin}};
        if (!s.description.isEmpty())
            o.insert(QStringLiteral("description"), s.description);
        if (c.isRetired(s.id))
            o.insert(QStringLiteral("retired"), true);
        services.append(o);
    }
    root.insert(QStringLiteral("services"), services);
    QJsonArray windows;
    for (const WindowConfig &w : c.windows) {
        QJsonObject o{{QStringLiteral("number"), w.number},
                      {QStringLiteral("services"), QJsonArray::fromStringList(w.services)}};
        if (!w.name.isEmpty())
            o.insert(QStringLiteral("name"), w.name);
        windows.append(o);
    }
    root.insert(QStringLiteral("windows"), windows);
    QJsonArray devices;
    for (const DeviceConfig &d : c.devices)
        devices.append(QJsonObject{{QStringLiteral("name"), d.name},
                                   {QStringLiteral("role"), d.role},
                                   {QStringLiteral("token"), d.tokenHash}});
    root.insert(QStringLiteral("devices"), devices);
    QJsonArray operators;
    for (const OperatorConfig &op : c.operators) {
        QJsonObject o{{QStringLiteral("login"), op.login},
                      {QStringLiteral("name"), op.name},
                      {QStringLiteral("pin_hash"), op.pinHash}};
        if (!op.active)
            o.insert(QStringLiteral("active"), false);
        operators.append(o);
    }
    root.insert(QStringLiteral("operators"), operators);
    if (c.hasSchedule) {
        QJsonObject schedule;
        for (int d = 0; d < 7; ++d)
            schedule.insert(QLatin1String(kDayKeys[d]), intervalsJson(c.schedule[d]));
        root.insert(QStringLiteral("schedule"), schedule);
    }
    QJsonArray holidays, special;
    for (auto it = c.specialDays.cbegin(); it != c.specialDays.cend(); ++it) {
        if (it.value().isEmpty())
            holidays.append(it.key().toString(Qt::ISODate));
        else
            special.append(QJsonObject{{QStringLiteral("date"), it.key().toString(Qt::ISODate)},
                                       {QStringLiteral("hours"), intervalsJson(it.value())}});
    }
    if (!holidays.isEmpty())
        root.insert(QStringLiteral("holidays"), holidays);
    if (!special.isEmpty())
        root.insert(QStringLiteral("special_days"), special);
    root.insert(QStringLiteral("booking"),
                QJsonObject{{QStringLiteral("walk_in_share"), c.booking.walkInShare},
                            {QStringLiteral("slot_min"), c.booking.slotMin ? QJsonValue(c.booking.slotMin) : QJsonValue()},
                            {QStringLiteral("horizon_days"), c.booking.horizonDays},
                            {QStringLiteral("purge_after_days"), c.booking.purgeAfterDays},
                            {QStringLiteral("checkin_before_min"), c.booking.checkinBeforeMin},
                            {QStringLiteral("checkin_after_min"), c.booking.checkinAfterMin}});
    if (c.tls.enabled())
        root.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("cert"), c.tls.cert}, {QStringLiteral("key"), c.tls.key}});
    if (c.allowPlainHttp)
        root.insert(QStringLiteral("allow_plain_http"), true);
    root.insert(QStringLiteral("accounts"), QJsonObject{{QStringLiteral("session_idle_min"), c.accountSessionIdleMin}});
    root.insert(QStringLiteral("offline"), QJsonObject{{QStringLiteral("reserve_per_topic"), c.offline.reservePerTopic},
                                                       {QStringLiteral("alarm_after_s"), c.offline.alarmAfterS}});
    return root;
}

bool OfficeConfig::operator==(const OfficeConfig &o) const
{
    auto sameService = [](const ServiceInfo &a, const ServiceInfo &b) {
        return a.id == b.id && a.name == b.name && a.description == b.description && a.prefix == b.prefix
               && a.segment == b.segment && a.waitNormMin == b.waitNormMin && a.serviceNormMin == b.serviceNormMin;
    };
    if (name != o.name || phone != o.phone || website != o.website || address != o.address || runningLine != o.runningLine
        || timeZone != o.timeZone || retired != o.retired || hasSchedule != o.hasSchedule || visitNormMin != o.visitNormMin
        || maxRecalls != o.maxRecalls || callPolicy != o.callPolicy || tls.cert != o.tls.cert || tls.key != o.tls.key
        || allowPlainHttp != o.allowPlainHttp || accountSessionIdleMin != o.accountSessionIdleMin
        || offline.reservePerTopic != o.offline.reservePerTopic || offline.alarmAfterS != o.offline.alarmAfterS
        || services.size() != o.services.size() || windows.size() != o.windows.size()
        || devices.size() != o.devices.size() || operators.size() != o.operators.size()
        || specialDays.size() != o.specialDays.size())
        return false;
    for (qsizetype i = 0; i < services.size(); ++i)
        if (!sameService(services[i], o.services[i]))
            return false;
    for (qsizetype i = 0; i < windows.size(); ++i)
        if (windows[i].number != o.windows[i].number || windows[i].name != o.windows[i].name
            || windows[i].services != o.windows[i].services)
            return false;
    for (qsizetype i = 0; i < devices.size(); ++i)   // the token compared by its hash: exports hold no tokens
        if (devices[i].name != o.devices[i].name || devices[i].role != o.devices[i].role
            || devices[i].tokenHash != o.devices[i].tokenHash)
            return false;
    for (qsizetype i = 0; i < operators.size(); ++i)
        if (operators[i].login != o.operators[i].login || operators[i].name != o.operators[i].name
            || operators[i].pinHash != o.operators[i].pinHash || operators[i].active != o.operators[i].active)
            return false;
    for (int d = 0; d < 7 && hasSchedule; ++d)   // without a schedule the weekdays mean nothing
        if (!sameIntervals(schedule[d], o.schedule[d]))
            return false;
    for (auto it = specialDays.cbegin(); it != specialDays.cend(); ++it)
        if (!o.specialDays.contains(it.key()) || !sameIntervals(it.value(), o.specialDays.value(it.key())))
            return false;
    const BookingConfig &b = booking, &ob = o.booking;
    return b.walkInShare == ob.walkInShare && b.slotMin == ob.slotMin && b.horizonDays == ob.horizonDays
           && b.purgeAfterDays == ob.purgeAfterDays && b.checkinBeforeMin == ob.checkinBeforeMin
           && b.checkinAfterMin == ob.checkinAfterMin;
}

std::optional<OfficeConfig> parseOfficeConfig(const QJsonObject &root, ConfigError *error)
{
    Validator v;
    OfficeConfig c;

    const QJsonValue officeValue = root.value(QStringLiteral("office"));
    if (!officeValue.isObject()) {
        v.fail(QStringLiteral("office"), QStringLiteral("must be an object with name, phone, website"));
    } else {
        const QJsonObject office = officeValue.toObject();
        const QString p = QStringLiteral("office.");
        c.name = v.requiredString(office, QStringLiteral("name"), p);
        c.phone = v.optionalString(office, QStringLiteral("phone"), p);
        c.website = v.optionalString(office, QStringLiteral("website"), p);
        c.address = v.optionalString(office, QStringLiteral("address"), p);
        c.runningLine = v.optionalString(office, QStringLiteral("running_line"), p);
        const QString tz = v.optionalString(office, QStringLiteral("timezone"), p);
        c.timeZone = tz.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(tz.toUtf8());
        if (!c.timeZone.isValid())
            v.fail(p + QStringLiteral("timezone"), QStringLiteral("'%1' is not a known IANA time zone").arg(tz));
    }

    c.visitNormMin = v.integer(root, QStringLiteral("visit_norm_min"), QString(), 1, 600, 30);
    c.maxRecalls = v.integer(root, QStringLiteral("max_recalls"), QString(), 0, 20, 3);
    const QString policy = v.optionalString(root, QStringLiteral("call_policy"), QString());
    if (!policy.isEmpty()) {
        if (policy != QLatin1String("fifo") && policy != QLatin1String("norm"))
            v.fail(QStringLiteral("call_policy"),
                   QStringLiteral("'%1' is not a known call policy (known: fifo, norm)").arg(policy));
        c.callPolicy = policy;
    }

    static const QRegularExpression idRe(QStringLiteral("^[a-z0-9_-]{1,40}$"));
    const QJsonValue servicesValue = root.value(QStringLiteral("services"));
    if (!servicesValue.isArray() || servicesValue.toArray().isEmpty())
        v.fail(QStringLiteral("services"), QStringLiteral("must be a non-empty array of topics"));
    QSet<QString> prefixes;
    const QJsonArray services = servicesValue.toArray();
    for (int i = 0; i < services.size() && !v.failed(); ++i) {
        const QString p = QStringLiteral("services[%1].").arg(i);
        if (!services[i].isObject()) {
            v.fail(QStringLiteral("services[%1]").arg(i), QStringLiteral("must be an object"));
            break;
        }
        const QJsonObject o = services[i].toObject();
        ServiceInfo s;
        s.id = v.requiredString(o, QStringLiteral("id"), p);
        if (!v.failed() && !idRe.match(s.id).hasMatch())
            v.fail(p + QStringLiteral("id"), QStringLiteral("must be 1-40 characters a-z, 0-9, _ or -"));
        if (!v.failed() && c.service(s.id))
            v.fail(p + QStringLiteral("id"), QStringLiteral("'%1' is used by two topics").arg(s.id));
        s.name = v.requiredString(o, QStringLiteral("name"), p);
        s.description = v.optionalString(o, QStringLiteral("description"), p);
        s.prefix = v.requiredString(o, QStringLiteral("prefix"), p);
        if (!v.failed() && (s.prefix.size() > 2 || !s.prefix.at(0).isLetter()))
            v.fail(p + QStringLiteral("prefix"), QStringLiteral("must be one or two letters"));
        if (!v.failed() && prefixes.contains(s.prefix))
            v.fail(p + QStringLiteral("prefix"), QStringLiteral("'%1' is used by two topics").arg(s.prefix));
        prefixes.insert(s.prefix);
        const QString segment = v.optionalString(o, QStringLiteral("segment"), p);
        const auto seg = segmentFromString(segment.isEmpty() ? QStringLiteral("b2c") : segment);
        if (!seg)
            v.fail(p + QStringLiteral("segment"), QStringLiteral("must be \"b2c\" or \"b2b\""));
        s.segment = seg.value_or(Segment::B2C);
        s.waitNormMin = v.integer(o, QStringLiteral("wait_norm_min"), p, 1, 600, std::nullopt, true);
        s.serviceNormMin = v.integer(o, QStringLiteral("service_norm_min"), p, 1, 600, std::nullopt);
        const QJsonValue retired = o.value(QStringLiteral("retired"));
        if (!retired.isUndefined() && !retired.isNull() && !retired.isBool())
            v.fail(p + QStringLiteral("retired"), QStringLiteral("must be true or false"));
        if (retired.toBool())
            c.retired.insert(s.id);
        c.services.append(s);
    }

    const QJsonValue windowsValue = root.value(QStringLiteral("windows"));
    if (!windowsValue.isArray() || windowsValue.toArray().isEmpty())
        v.fail(QStringLiteral("windows"), QStringLiteral("must be a non-empty array of windows"));
    const QJsonArray windows = windowsValue.toArray();
    for (int i = 0; i < windows.size() && !v.failed(); ++i) {
        const QString p = QStringLiteral("windows[%1].").arg(i);
        const QJsonObject o = windows[i].toObject();
        WindowConfig w;
        w.number = v.integer(o, QStringLiteral("number"), p, 1, 999, std::nullopt);
        if (!v.failed() && c.window(w.number))
            v.fail(p + QStringLiteral("number"), QStringLiteral("window %1 is listed twice").arg(w.number));
        w.name = v.optionalString(o, QStringLiteral("name"), p);
        const QJsonValue list = o.value(QStringLiteral("services"));
        if (!list.isArray() || list.toArray().isEmpty())
            v.fail(p + QStringLiteral("services"), QStringLiteral("must be a non-empty array of topic ids"));
        for (const QJsonValue &id : list.toArray()) {
            if (!c.service(id.toString()))
                v.fail(p + QStringLiteral("services"),
                       QStringLiteral("names unknown topic '%1'").arg(id.isString() ? id.toString() : QStringLiteral("?")));
            else if (!w.services.contains(id.toString()))
                w.services.append(id.toString());
        }
        c.windows.append(w);
    }

    const QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
    if (root.contains(QStringLiteral("devices")) && !root.value(QStringLiteral("devices")).isArray())
        v.fail(QStringLiteral("devices"), QStringLiteral("must be an array"));
    for (int i = 0; i < devices.size() && !v.failed(); ++i) {
        const QString p = QStringLiteral("devices[%1].").arg(i);
        const QJsonObject o = devices[i].toObject();
        DeviceConfig d;
        d.name = v.requiredString(o, QStringLiteral("name"), p);
        d.role = v.requiredString(o, QStringLiteral("role"), p);
        if (!v.failed() && d.role != QLatin1String("kiosk") && d.role != QLatin1String("display")
            && d.role != QLatin1String("manager") && d.role != QLatin1String("booking"))
            v.fail(p + QStringLiteral("role"), QStringLiteral("must be kiosk, display, manager or booking"));
        d.token = v.requiredString(o, QStringLiteral("token"), p);
        if (!v.failed() && d.token.size() < 8)
            v.fail(p + QStringLiteral("token"), QStringLiteral("must be at least 8 characters"));
        // "sha256:<hex>": a token already hashed (an export, the database).
        static const QRegularExpression hashedRe(QStringLiteral("^sha256:[0-9a-f]{64}$"));
        d.tokenHash = hashedRe.match(d.token).hasMatch() ? d.token : deviceTokenHash(d.token);
        for (const DeviceConfig &other : std::as_const(c.devices))
            if (!v.failed() && other.tokenHash == d.tokenHash)
                v.fail(p + QStringLiteral("token"), QStringLiteral("is used by two devices"));
        c.devices.append(d);
    }

    const QJsonArray operators = root.value(QStringLiteral("operators")).toArray();
    if (root.contains(QStringLiteral("operators")) && !root.value(QStringLiteral("operators")).isArray())
        v.fail(QStringLiteral("operators"), QStringLiteral("must be an array"));
    for (int i = 0; i < operators.size() && !v.failed(); ++i) {
        const QString p = QStringLiteral("operators[%1].").arg(i);
        const QJsonObject o = operators[i].toObject();
        OperatorConfig op;
        op.login = v.requiredString(o, QStringLiteral("login"), p);
        if (!v.failed() && c.findOperator(op.login))
            v.fail(p + QStringLiteral("login"), QStringLiteral("'%1' is listed twice").arg(op.login));
        op.name = v.requiredString(o, QStringLiteral("name"), p);
        op.pinHash = v.requiredString(o, QStringLiteral("pin_hash"), p);
        if (!v.failed() && !pinhash::isWellFormed(op.pinHash))
            v.fail(p + QStringLiteral("pin_hash"),
                   QStringLiteral("is not a hash made by `queue-server --hash-pin` (pbkdf2-sha256$…)"));
        const QJsonValue active = o.value(QStringLiteral("active"));
        if (!active.isUndefined() && !active.isNull() && !active.isBool())
            v.fail(p + QStringLiteral("active"), QStringLiteral("must be true or false"));
        op.active = active.toBool(true);
        c.operators.append(op);
    }

    const QJsonValue scheduleValue = root.value(QStringLiteral("schedule"));
    if (!scheduleValue.isUndefined() && !scheduleValue.isNull()) {
        if (!scheduleValue.isObject())
            v.fail(QStringLiteral("schedule"), QStringLiteral("must be an object with keys mon..sun"));
        const QJsonObject schedule = scheduleValue.toObject();
        for (auto it = schedule.begin(); it != schedule.end() && !v.failed(); ++it) {
            int day = -1;
            for (int d = 0; d < 7; ++d)
                if (it.key() == QLatin1String(kDayKeys[d]))
                    day = d;
            const QString p = QStringLiteral("schedule.") + it.key();
            if (day < 0) {
                v.fail(p, QStringLiteral("is not a weekday key (mon, tue, wed, thu, fri, sat, sun)"));
                break;
            }
            if (!it.value().isArray()) {
                v.fail(p, QStringLiteral("must be an array of \"HH:MM-HH:MM\" intervals"));
                break;
            }
            const QJsonArray intervals = it.value().toArray();
            for (int i = 0; i < intervals.size() && !v.failed(); ++i) {
                Interval in;
                if (!parseInterval(intervals[i].toString(), &in))
                    v.fail(QStringLiteral("%1[%2]").arg(p).arg(i),
                           QStringLiteral("'%1' is not an interval \"HH:MM-HH:MM\" with start before end")
                               .arg(intervals[i].toString()));
                else if (!c.schedule[day].isEmpty() && c.schedule[day].last().endMin > in.startMin)
                    v.fail(QStringLiteral("%1[%2]").arg(p).arg(i),
                           QStringLiteral("intervals must be in order and must not overlap"));
                else
                    c.schedule[day].append(in);
            }
        }
        c.hasSchedule = true;
    }

    // Public holidays and shortened days: dates that override the weekly schedule.
    auto parseDate = [&v](const QJsonValue &value, const QString &field) {
        static const QRegularExpression dateRe(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        const QDate d = value.isString() && dateRe.match(value.toString()).hasMatch()
                            ? QDate::fromString(value.toString(), Qt::ISODate)
                            : QDate();
        if (!d.isValid())
            v.fail(field, QStringLiteral("must be a date \"YYYY-MM-DD\""));
        return d;
    };
    const QJsonValue holidaysValue = root.value(QStringLiteral("holidays"));
    if (!holidaysValue.isUndefined() && !holidaysValue.isNull() && !holidaysValue.isArray())
        v.fail(QStringLiteral("holidays"), QStringLiteral("must be an array of dates \"YYYY-MM-DD\""));
    const QJsonArray holidays = holidaysValue.toArray();
    for (int i = 0; i < holidays.size() && !v.failed(); ++i) {
        const QString field = QStringLiteral("holidays[%1]").arg(i);
        const QDate d = parseDate(holidays[i], field);
        if (!v.failed() && c.specialDays.contains(d))
            v.fail(field, QStringLiteral("%1 is listed twice").arg(d.toString(Qt::ISODate)));
        c.specialDays.insert(d, {});
    }
    const QJsonValue specialValue = root.value(QStringLiteral("special_days"));
    if (!specialValue.isUndefined() && !specialValue.isNull() && !specialValue.isArray())
        v.fail(QStringLiteral("special_days"),
               QStringLiteral("must be an array of {\"date\": \"YYYY-MM-DD\", \"hours\": [\"HH:MM-HH:MM\", …]}"));
    const QJsonArray special = specialValue.toArray();
    for (int i = 0; i < special.size() && !v.failed(); ++i) {
        const QString p = QStringLiteral("special_days[%1].").arg(i);
        if (!special[i].isObject()) {
            v.fail(QStringLiteral("special_days[%1]").arg(i), QStringLiteral("must be an object with date and hours"));
            break;
        }
        const QJsonObject o = special[i].toObject();
        const QDate d = parseDate(o.value(QStringLiteral("date")), p + QStringLiteral("date"));
        if (!v.failed() && c.specialDays.contains(d))
            v.fail(p + QStringLiteral("date"),
                   QStringLiteral("%1 is listed twice (in holidays or special_days)").arg(d.toString(Qt::ISODate)));
        const QJsonValue hoursValue = o.value(QStringLiteral("hours"));
        if (!v.failed() && !hoursValue.isArray())
            v.fail(p + QStringLiteral("hours"),
                   QStringLiteral("must be an array of \"HH:MM-HH:MM\" intervals ([] = closed all day)"));
        QList<Interval> list;
        const QJsonArray hours = hoursValue.toArray();
        for (int k = 0; k < hours.size() && !v.failed(); ++k) {
            Interval in;
            const QString field = QStringLiteral("%1hours[%2]").arg(p).arg(k);
            if (!parseInterval(hours[k].toString(), &in))
                v.fail(field, QStringLiteral("'%1' is not an interval \"HH:MM-HH:MM\" with start before end")
                                  .arg(hours[k].toString()));
            else if (!list.isEmpty() && list.last().endMin > in.startMin)
                v.fail(field, QStringLiteral("intervals must be in order and must not overlap"));
            else
                list.append(in);
        }
        c.specialDays.insert(d, list);
    }
    if (!c.specialDays.isEmpty() && !c.hasSchedule) {
        // Dates without a weekly schedule: open around the clock on every other day.
        for (auto &day : c.schedule)
            day = {Interval{0, 24 * 60}};
        c.hasSchedule = true;
    }

    const QJsonValue bookingValue = root.value(QStringLiteral("booking"));
    if (!bookingValue.isUndefined() && !bookingValue.isNull()) {
        if (!bookingValue.isObject())
            v.fail(QStringLiteral("booking"), QStringLiteral("must be an object"));
        const QJsonObject b = bookingValue.toObject();
        const QString p = QStringLiteral("booking.");
        const QJsonValue share = b.value(QStringLiteral("walk_in_share"));
        if (!share.isUndefined()) {
            if (!share.isDouble() || share.toDouble() < 0 || share.toDouble() > 1)
                v.fail(p + QStringLiteral("walk_in_share"), QStringLiteral("must be a number from 0 to 1"));
            else
                c.booking.walkInShare = share.toDouble();
        }
        c.booking.slotMin = v.integer(b, QStringLiteral("slot_min"), p, 5, 600, 0, true);
        c.booking.horizonDays = v.integer(b, QStringLiteral("horizon_days"), p, 1, 366, 30);
        c.booking.purgeAfterDays = v.integer(b, QStringLiteral("purge_after_days"), p, 1, 3650, 30);
        c.booking.checkinBeforeMin = v.integer(b, QStringLiteral("checkin_before_min"), p, 0, 240, 15);
        c.booking.checkinAfterMin = v.integer(b, QStringLiteral("checkin_after_min"), p, 0, 240, 10);
        for (auto it = b.begin(); it != b.end() && !v.failed(); ++it) {
            static const QStringList known{QStringLiteral("walk_in_share"), QStringLiteral("slot_min"),
                                           QStringLiteral("horizon_days"), QStringLiteral("purge_after_days"),
                                           QStringLiteral("checkin_before_min"), QStringLiteral("checkin_after_min")};
            if (!known.contains(it.key()))
                v.fail(p + it.key(), QStringLiteral("is not a known booking setting (known: %1)").arg(known.join(QStringLiteral(", "))));
        }
    }

    const QJsonValue tlsValue = root.value(QStringLiteral("tls"));
    if (!tlsValue.isUndefined() && !tlsValue.isNull()) {
        if (!tlsValue.isObject())
            v.fail(QStringLiteral("tls"), QStringLiteral("must be an object {\"cert\": PATH, \"key\": PATH}"));
        const QJsonObject t = tlsValue.toObject();
        const QString p = QStringLiteral("tls.");
        c.tls.cert = v.requiredString(t, QStringLiteral("cert"), p);
        c.tls.key = v.requiredString(t, QStringLiteral("key"), p);
        for (auto it = t.begin(); it != t.end() && !v.failed(); ++it) {
            if (it.key() != QLatin1String("cert") && it.key() != QLatin1String("key"))
                v.fail(p + it.key(), QStringLiteral("is not a known TLS setting (known: cert, key)"));
        }
    }
    const QJsonValue plainValue = root.value(QStringLiteral("allow_plain_http"));
    if (!plainValue.isUndefined() && !plainValue.isNull()) {
        if (!plainValue.isBool())
            v.fail(QStringLiteral("allow_plain_http"), QStringLiteral("must be true or false"));
        c.allowPlainHttp = plainValue.toBool();
    }

    const QJsonValue accountsValue = root.value(QStringLiteral("accounts"));
    if (!accountsValue.isUndefined() && !accountsValue.isNull()) {
        if (!accountsValue.isObject())
            v.fail(QStringLiteral("accounts"), QStringLiteral("must be an object {\"session_idle_min\": MINUTES}"));
        const QJsonObject a = accountsValue.toObject();
        const QString p = QStringLiteral("accounts.");
        c.accountSessionIdleMin = v.integer(a, QStringLiteral("session_idle_min"), p, 1, 24 * 60, 30);
        for (auto it = a.begin(); it != a.end() && !v.failed(); ++it) {
            if (it.key() != QLatin1String("session_idle_min"))
                v.fail(p + it.key(), QStringLiteral("is not a known accounts setting (known: session_idle_min)"));
        }
    }

    const QJsonValue offlineValue = root.value(QStringLiteral("offline"));
    if (!offlineValue.isUndefined() && !offlineValue.isNull()) {
        if (!offlineValue.isObject())
            v.fail(QStringLiteral("offline"),
                   QStringLiteral("must be an object {\"reserve_per_topic\": N, \"alarm_after_s\": SECONDS}"));
        const QJsonObject o = offlineValue.toObject();
        const QString p = QStringLiteral("offline.");
        c.offline.reservePerTopic = v.integer(o, QStringLiteral("reserve_per_topic"), p, 0, 200, 20);
        c.offline.alarmAfterS = v.integer(o, QStringLiteral("alarm_after_s"), p, 1, 3600, 30);
        for (auto it = o.begin(); it != o.end() && !v.failed(); ++it) {
            if (it.key() != QLatin1String("reserve_per_topic") && it.key() != QLatin1String("alarm_after_s"))
                v.fail(p + it.key(),
                       QStringLiteral("is not a known offline setting (known: reserve_per_topic, alarm_after_s)"));
        }
    }

    if (v.failed()) {
        if (error)
            *error = v.error();
        return std::nullopt;
    }
    return c;
}

std::optional<OfficeConfig> loadOfficeConfig(const QString &path, QString *errorMessage)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *errorMessage = QStringLiteral("%1: cannot read the file: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *errorMessage = QStringLiteral("%1: not valid JSON at offset %2: %3")
                            .arg(path)
                            .arg(parseError.offset)
                            .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *errorMessage = QStringLiteral("%1: the top level must be a JSON object").arg(path);
        return std::nullopt;
    }
    ConfigError error;
    auto config = parseOfficeConfig(doc.object(), &error);
    if (!config) {
        *errorMessage = QStringLiteral("%1: field '%2' %3").arg(path, error.field, error.problem);
        return config;
    }
    const QDir dir = QFileInfo(path).absoluteDir();
    if (config->tls.enabled()) {
        config->tls.cert = dir.absoluteFilePath(config->tls.cert);
        config->tls.key = dir.absoluteFilePath(config->tls.key);
    }
    return config;
}

} // namespace queue::server
