#include "reports.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace queue::server {

namespace {

constexpr int kHistogramMinutes = 60;   // 1-minute buckets, the last one is "60 and more"

struct Agg {
    int tickets = 0;
    int served = 0;
    int noShows = 0;
    int redirected = 0;
    int outOfTurn = 0;
    int cancelled = 0;
    int open = 0;                 // still waiting / at a window
    std::vector<int> waits;       // seconds
    std::vector<int> services;    // seconds
    int waitNormed = 0;           // waits of topics that have a waiting norm
    int waitWithin = 0;
    int serviceWithin = 0;
    int visitsOver = 0;
    int ratings = 0;
    int ratingSum = 0;
};


// Mean, median and 90th percentile (nearest rank) of `v`; v is reordered.
QJsonObject distribution(std::vector<int> &v)
{
    if (v.empty())
        return QJsonObject{{QStringLiteral("mean_s"), QJsonValue()},
                           {QStringLiteral("median_s"), QJsonValue()},
                           {QStringLiteral("p90_s"), QJsonValue()},
                           {QStringLiteral("max_s"), QJsonValue()}};
    double sum = 0;
    int max = 0;
    for (int x : v) {
        sum += x;
        max = std::max(max, x);
    }
    auto rank = [&v](double p) {
        // Nearest-rank percentile: the smallest value with at least p of the data at or below it.
        const size_t k = static_cast<size_t>(std::max(1.0, std::ceil(p * static_cast<double>(v.size())))) - 1;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
        return v[k];
    };
    const int median = rank(0.5);
    const int p90 = rank(0.9);
    return QJsonObject{{QStringLiteral("mean_s"), std::round(sum / static_cast<double>(v.size()))},
                       {QStringLiteral("median_s"), median},
                       {QStringLiteral("p90_s"), p90},
                       {QStringLiteral("max_s"), max}};
}

QJsonValue share(int part, int whole)
{
    if (whole <= 0)
        return QJsonValue();
    return std::round(1000.0 * part / whole) / 1000.0;
}

QJsonObject rowJson(Agg &a)
{
    QJsonObject o{
        {QStringLiteral("tickets"), a.tickets},
        {QStringLiteral("served"), a.served},
        {QStringLiteral("no_shows"), a.noShows},
        {QStringLiteral("redirected"), a.redirected},
        {QStringLiteral("out_of_turn"), a.outOfTurn},
        {QStringLiteral("cancelled"), a.cancelled},
        {QStringLiteral("open"), a.open},
        {QStringLiteral("wait"), distribution(a.waits)},
        {QStringLiteral("service"), distribution(a.services)},
        {QStringLiteral("waits_counted"), static_cast<int>(a.waits.size())},
        {QStringLiteral("wait_within_norm"), share(a.waitWithin, a.waitNormed)},
        {QStringLiteral("service_within_norm"), share(a.serviceWithin, a.served)},
        {QStringLiteral("visit_within_norm"), share(a.served - a.visitsOver, a.served)},
        {QStringLiteral("visits_over_norm"), a.visitsOver},
        {QStringLiteral("ratings"), a.ratings},
        {QStringLiteral("rating_mean"), a.ratings ? QJsonValue(std::round(100.0 * a.ratingSum / a.ratings) / 100.0)
                                                  : QJsonValue()},
    };
    return o;
}


} // namespace

std::optional<ReportRequest::Group> ReportRequest::groupFromString(const QString &s)
{
    static const std::pair<const char *, Group> known[] = {
        {"service", Group::Service}, {"segment", Group::Segment}, {"window", Group::Window},
        {"operator", Group::Operator}, {"hour", Group::Hour}, {"day", Group::Day}, {"weekday", Group::Weekday}};
    for (const auto &[name, g] : known)
        if (s == QLatin1String(name))
            return g;
    return std::nullopt;
}

QString ReportRequest::toString(Group g)
{
    switch (g) {
    case Group::Service: return QStringLiteral("service");
    case Group::Segment: return QStringLiteral("segment");
    case Group::Window: return QStringLiteral("window");
    case Group::Operator: return QStringLiteral("operator");
    case Group::Hour: return QStringLiteral("hour");
    case Group::Day: return QStringLiteral("day");
    case Group::Weekday: return QStringLiteral("weekday");
    }
    return {};
}

Reporter::Reporter(const OfficeConfig &config) : m_config(config) {}

Reporter::~Reporter() = default;

bool Reporter::open(const QString &databasePath, QString *error) { return m_scan.open(databasePath, error); }

namespace {
enum FactState : quint8 { Done = 0, NoShow = 1, Cancelled = 2, Open = 3 };
} // namespace

bool Reporter::load(const QDate &from, const QDate &to, std::vector<Fact> *out, QString *error)
{
    std::vector<QByteArray> serviceIds;
    for (const ServiceInfo &s : m_config.services)
        serviceIds.push_back(s.id.toUtf8());
    QByteArray lastDay;
    qint64 dayOffsetMs = 0;
    qint32 julian = 0;
    return m_scan.scan(from, to, [&](const TicketScan::Row &row) {
        Fact x;
        if (row.businessDay != lastDay) {
            lastDay = row.businessDay.toByteArray();
            const QDate d = QDate::fromString(QString::fromLatin1(lastDay), Qt::ISODate);
            julian = static_cast<qint32>(d.toJulianDay());
            // One UTC offset per business day (taken at noon): offices do not work across a DST change.
            dayOffsetMs = m_config.timeZone.offsetFromUtc(QDateTime(d, QTime(12, 0), m_config.timeZone)) * 1000LL;
        }
        x.day = julian;
        for (size_t i = 0; i < serviceIds.size(); ++i) {
            if (row.service == serviceIds[i]) {
                x.service = static_cast<quint8>(i);
                break;
            }
        }
        if (row.outOfTurn)
            x.flags |= 1;
        if (row.redirects > 0)
            x.flags |= 2;
        x.state = row.state == "done"        ? Done
                  : row.state == "no_show"   ? NoShow
                  : row.state == "cancelled" ? Cancelled
                                             : Open;
        const qint64 issued = row.issuedAt;
        x.hour = static_cast<quint8>((((issued + dayOffsetMs) / 3600000LL) % 24 + 24) % 24);
        if (row.calledAt >= 0 && row.calledAt >= issued)
            x.waitS = static_cast<qint32>((row.calledAt - issued) / 1000);
        if (x.state == Done && row.startedAt && row.finishedAt >= row.startedAt) {
            x.serviceS = static_cast<qint32>((row.finishedAt - row.startedAt) / 1000);
            x.visitS = static_cast<qint32>((row.finishedAt - issued) / 1000);
        }
        x.window = static_cast<quint16>(qBound(0, row.window, 65535));
        if (!row.operatorLogin.isEmpty()) {
            const QByteArray op = row.operatorLogin.toByteArray();
            auto it = m_operatorIndex.constFind(op);
            if (it == m_operatorIndex.constEnd()) {
                m_operators.append(QString::fromUtf8(op));
                it = m_operatorIndex.insert(op, static_cast<quint16>(m_operators.size() - 1));
            }
            x.op = *it;
        }
        x.score = static_cast<qint8>(row.score);
        out->push_back(x);
    }, error);
}

qint64 Reporter::warmUp(const QDate &today, QString *error)
{
    if (!m_scan.isOpen()) {
        *error = QStringLiteral("the report database is not open");
        return -1;
    }
    // Days before yesterday no longer change: a ticket left over from a day is
    // cancelled early the next day, and a visit can be rated for 24 hours.
    const QDate cutoff = today.addDays(-1);
    QStringList services;
    for (const ServiceInfo &s : m_config.services)
        services.append(s.id);
    if (services != m_loadedServices) {
        m_closedUntil = QDate();
        m_loadedServices = services;
    }
    if (!m_closedUntil.isValid()) {
        m_closed.clear();
        if (!load(QDate(1, 1, 1), cutoff.addDays(-1), &m_closed, error))
            return -1;
        m_closedUntil = cutoff;
    } else if (cutoff > m_closedUntil) {
        if (!load(m_closedUntil, cutoff.addDays(-1), &m_closed, error))
            return -1;
        m_closedUntil = cutoff;
    }
    return static_cast<qint64>(m_closed.size());
}

QJsonObject Reporter::report(const ReportRequest &request, const QDate &today, QString *error)
{
    if (warmUp(today, error) < 0)
        return {};
    using Group = ReportRequest::Group;

    // The rows: closed days from memory (a binary search for the range), the rest live.
    const qint32 fromDay = static_cast<qint32>(request.from.toJulianDay());
    const qint32 toDay = static_cast<qint32>(request.to.toJulianDay());
    auto byDay = [](const Fact &f, qint32 d) { return f.day < d; };
    const auto first = std::lower_bound(m_closed.cbegin(), m_closed.cend(), fromDay, byDay);
    const auto last = std::lower_bound(m_closed.cbegin(), m_closed.cend(), toDay + 1, byDay);
    std::vector<Fact> live;
    if (request.to >= m_closedUntil
        && !load(std::max(request.from, m_closedUntil), request.to, &live, error))
        return {};

    const int nServices = static_cast<int>(m_config.services.size());
    std::vector<qint64> waitNormS, serviceNormS;
    for (const ServiceInfo &s : m_config.services) {
        waitNormS.push_back(s.waitNormMin * 60LL);
        serviceNormS.push_back(s.serviceNormMin * 60LL);
    }
    const qint64 visitNormS = m_config.visitNormMin * 60LL;

    // Group keys are small integers; rows are made in key order at the end.
    auto keyOf = [&](const Fact &f) -> qint64 {
        switch (request.group) {
        case Group::Service: return f.service;
        case Group::Segment: return f.service < nServices && m_config.services[f.service].segment == Segment::B2B ? 1 : 0;
        case Group::Window: return f.window;
        case Group::Operator: return f.op;
        case Group::Hour: return f.hour;
        case Group::Day: return f.day;
        case Group::Weekday: return QDate::fromJulianDay(f.day).dayOfWeek();
        }
        return 0;
    };

    std::map<qint64, Agg> rows;
    Agg total;
    int arrivalsByHour[24] = {};
    qint64 waitSumByHour[24] = {};
    int waitsByHour[24] = {};
    std::vector<std::vector<int>> histogram(static_cast<size_t>(nServices), std::vector<int>(kHistogramMinutes + 1, 0));

    auto add = [&](Agg &a, const Fact &f) {
        a.tickets += 1;
        switch (f.state) {
        case Done: a.served += 1; break;
        case NoShow: a.noShows += 1; break;
        case Cancelled: a.cancelled += 1; break;
        default: a.open += 1;   // waiting, redirected, postponed, called or serving
        }
        if (f.flags & 2)
            a.redirected += 1;
        if (f.flags & 1)
            a.outOfTurn += 1;
        const bool known = f.service < nServices;
        if (f.waitS >= 0) {
            a.waits.push_back(f.waitS);
            if (known && waitNormS[f.service] > 0) {
                a.waitNormed += 1;
                if (f.waitS <= waitNormS[f.service])
                    a.waitWithin += 1;
            }
        }
        if (f.serviceS >= 0) {
            a.services.push_back(f.serviceS);
            if (known && f.serviceS <= serviceNormS[f.service])
                a.serviceWithin += 1;
        }
        if (f.visitS > visitNormS)
            a.visitsOver += 1;
        if (f.score) {
            a.ratings += 1;
            a.ratingSum += f.score;
        }
    };
    auto visit = [&](const Fact &f) {
        add(rows[keyOf(f)], f);
        add(total, f);
        arrivalsByHour[f.hour] += 1;
        if (f.waitS >= 0) {
            waitSumByHour[f.hour] += f.waitS;
            waitsByHour[f.hour] += 1;
            if (f.service < nServices)
                histogram[f.service][static_cast<size_t>(std::min(f.waitS / 60, kHistogramMinutes))] += 1;
        }
    };
    for (auto it = first; it != last; ++it)
        visit(*it);
    for (const Fact &f : live)
        visit(f);

    static const char *const kWeekdays[] = {"", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"};
    QJsonArray rowArray;
    for (auto &[key, agg] : rows) {
        QJsonObject o = rowJson(agg);
        QJsonValue keyValue;
        QString label;
        switch (request.group) {
        case Group::Service:
            if (key < nServices) {
                const ServiceInfo &s = m_config.services[static_cast<int>(key)];
                keyValue = s.id;
                label = s.name;
                o.insert(QStringLiteral("wait_norm_min"), s.waitNormMin ? QJsonValue(s.waitNormMin) : QJsonValue());
                o.insert(QStringLiteral("service_norm_min"), s.serviceNormMin);
            } else {
                label = QStringLiteral("(тема, которой больше нет в конфигурации)");
            }
            break;
        case Group::Segment:
            keyValue = key ? QStringLiteral("b2b") : QStringLiteral("b2c");
            label = key ? QStringLiteral("Юридические лица") : QStringLiteral("Частные клиенты");
            break;
        case Group::Window:
            keyValue = key ? QJsonValue(key) : QJsonValue();
            label = key ? QStringLiteral("Окно %1").arg(key) : QStringLiteral("не вызван");
            break;
        case Group::Operator:
            if (key) {
                const QString login = m_operators.value(static_cast<int>(key));
                keyValue = login;
                const OperatorConfig *op = m_config.findOperator(login);
                label = op ? op->name : login;
            } else {
                label = QStringLiteral("не вызван");
            }
            break;
        case Group::Hour:
            keyValue = key;
            label = QStringLiteral("%1:00–%2:00").arg(key, 2, 10, QLatin1Char('0')).arg(key + 1, 2, 10, QLatin1Char('0'));
            break;
        case Group::Day:
            keyValue = QDate::fromJulianDay(key).toString(Qt::ISODate);
            label = keyValue.toString();
            break;
        case Group::Weekday:
            keyValue = key;
            label = QString::fromUtf8(kWeekdays[std::clamp<qint64>(key, 1, 7)]);
            break;
        }
        o.insert(QStringLiteral("key"), keyValue);
        o.insert(QStringLiteral("label"), label);
        rowArray.append(o);
    }

    QJsonArray hourly;
    for (int h = 0; h < 24; ++h) {
        if (!arrivalsByHour[h])
            continue;
        hourly.append(QJsonObject{
            {QStringLiteral("hour"), h},
            {QStringLiteral("arrivals"), arrivalsByHour[h]},
            {QStringLiteral("wait_mean_s"), waitsByHour[h] ? QJsonValue(std::round(double(waitSumByHour[h]) / waitsByHour[h]))
                                                           : QJsonValue()}});
    }
    QJsonArray histograms;
    for (int i = 0; i < nServices; ++i) {
        const ServiceInfo &s = m_config.services[i];
        QJsonArray buckets;
        int count = 0;
        for (int c : histogram[static_cast<size_t>(i)]) {
            buckets.append(c);
            count += c;
        }
        histograms.append(QJsonObject{
            {QStringLiteral("service"), s.id},
            {QStringLiteral("name"), s.name},
            {QStringLiteral("wait_norm_min"), s.waitNormMin ? QJsonValue(s.waitNormMin) : QJsonValue()},
            {QStringLiteral("count"), count},
            {QStringLiteral("bucket_min"), 1},
            {QStringLiteral("buckets"), buckets}});
    }

    return QJsonObject{{QStringLiteral("from"), request.from.toString(Qt::ISODate)},
                       {QStringLiteral("to"), request.to.toString(Qt::ISODate)},
                       {QStringLiteral("group"), ReportRequest::toString(request.group)},
                       {QStringLiteral("visit_norm_min"), m_config.visitNormMin},
                       {QStringLiteral("rows"), rowArray},
                       {QStringLiteral("total"), rowJson(total)},
                       {QStringLiteral("hourly"), hourly},
                       {QStringLiteral("wait_histogram"), histograms}};
}

QString Reporter::csvCell(QString s)
{
    if (s.contains(QLatin1Char(';')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))
        || s.contains(QLatin1Char('\r'))) {
        s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        s = QLatin1Char('"') + s + QLatin1Char('"');
    }
    // A text starting with = + - @ would be read by Excel as a formula.
    if (!s.isEmpty() && QStringLiteral("=+-@").contains(s.front()))
        s.prepend(QLatin1Char('\''));
    return s;
}

QByteArray Reporter::toCsv(const QJsonObject &report)
{
    const QLocale ru(QLocale::Russian, QLocale::Russia);
    const auto cell = &Reporter::csvCell;
    auto number = [&ru](const QJsonValue &v, int decimals) {
        if (v.isNull() || v.isUndefined())
            return QString();
        QString s = ru.toString(v.toDouble(), 'f', decimals);
        s.remove(ru.groupSeparator());
        return s;
    };
    auto minutes = [&number](const QJsonValue &seconds) {
        return seconds.isNull() || seconds.isUndefined() ? QString() : number(seconds.toDouble() / 60.0, 1);
    };
    auto percent = [&number](const QJsonValue &v) {
        return v.isNull() || v.isUndefined() ? QString() : number(v.toDouble() * 100.0, 1);
    };
    const QStringList header = {
        QStringLiteral("Группа"), QStringLiteral("Талонов"), QStringLiteral("Обслужено"), QStringLiteral("Неявки"),
        QStringLiteral("Перенаправлено"), QStringLiteral("Вне очереди"), QStringLiteral("Отменено"),
        QStringLiteral("Ожидание, среднее, мин"), QStringLiteral("Ожидание, медиана, мин"),
        QStringLiteral("Ожидание, 90-й процентиль, мин"), QStringLiteral("Обслуживание, среднее, мин"),
        QStringLiteral("Обслуживание, медиана, мин"), QStringLiteral("Обслуживание, 90-й процентиль, мин"),
        QStringLiteral("Ожидание в норме, %"), QStringLiteral("Обслуживание в норме, %"),
        QStringLiteral("Визит в норме, %"), QStringLiteral("Визитов сверх нормы"), QStringLiteral("Оценок"),
        QStringLiteral("Средняя оценка")};
    QString out = header.join(QLatin1Char(';')) + QStringLiteral("\r\n");
    auto line = [&](const QString &label, const QJsonObject &r) {
        const QJsonObject w = r.value(QStringLiteral("wait")).toObject();
        const QJsonObject s = r.value(QStringLiteral("service")).toObject();
        const QStringList cells = {
            cell(label),
            number(r.value(QStringLiteral("tickets")), 0),
            number(r.value(QStringLiteral("served")), 0),
            number(r.value(QStringLiteral("no_shows")), 0),
            number(r.value(QStringLiteral("redirected")), 0),
            number(r.value(QStringLiteral("out_of_turn")), 0),
            number(r.value(QStringLiteral("cancelled")), 0),
            minutes(w.value(QStringLiteral("mean_s"))),
            minutes(w.value(QStringLiteral("median_s"))),
            minutes(w.value(QStringLiteral("p90_s"))),
            minutes(s.value(QStringLiteral("mean_s"))),
            minutes(s.value(QStringLiteral("median_s"))),
            minutes(s.value(QStringLiteral("p90_s"))),
            percent(r.value(QStringLiteral("wait_within_norm"))),
            percent(r.value(QStringLiteral("service_within_norm"))),
            percent(r.value(QStringLiteral("visit_within_norm"))),
            number(r.value(QStringLiteral("visits_over_norm")), 0),
            number(r.value(QStringLiteral("ratings")), 0),
            number(r.value(QStringLiteral("rating_mean")), 2)};
        out += cells.join(QLatin1Char(';')) + QStringLiteral("\r\n");
    };
    for (const QJsonValue &v : report.value(QStringLiteral("rows")).toArray()) {
        const QJsonObject r = v.toObject();
        line(r.value(QStringLiteral("label")).toString(), r);
    }
    line(QStringLiteral("Итого"), report.value(QStringLiteral("total")).toObject());
    return QByteArray("\xEF\xBB\xBF") + out.toUtf8();
}

} // namespace queue::server
