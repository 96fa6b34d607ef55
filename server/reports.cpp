#include "reports.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QLocale>
#include <QTimeZone>

#include <sqlite3.h>

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

struct ServiceMeta {
    QByteArray id;
    QString name;
    QString segment;
    qint64 waitNormS = 0;         // 0: no waiting norm
    qint64 serviceNormS = 0;
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

Reporter::~Reporter()
{
    if (m_db)
        sqlite3_close(m_db);
}

bool Reporter::open(const QString &databasePath, QString *error)
{
    if (m_db) {
        sqlite3_close(m_db);
        m_db = nullptr;
    }
    const int rc = sqlite3_open_v2(QFile::encodeName(databasePath).constData(), &m_db,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        *error = QStringLiteral("cannot open %1 for reports: %2").arg(databasePath, QString::fromUtf8(sqlite3_errmsg(m_db)));
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    }
    sqlite3_busy_timeout(m_db, 2000);
    return true;
}

QJsonObject Reporter::report(const ReportRequest &request, QString *error) const
{
    if (!m_db) {
        *error = QStringLiteral("the report database is not open");
        return {};
    }
    using Group = ReportRequest::Group;

    std::vector<ServiceMeta> services;
    for (const ServiceInfo &s : m_config.services)
        services.push_back({s.id.toUtf8(), s.name, queue::toString(s.segment), s.waitNormMin * 60LL, s.serviceNormMin * 60LL});
    const qint64 visitNormS = m_config.visitNormMin * 60LL;

    static const char *const kSql =
        "SELECT t.business_day, t.service, t.priority, t.state, t.issued_at, t.called_at, t.started_at,"
        " t.finished_at, t.window, t.operator, t.redirects, r.score"
        " FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id"
        " WHERE t.business_day BETWEEN ?1 AND ?2";
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(m_db, kSql, -1, &st, nullptr) != SQLITE_OK) {
        *error = QStringLiteral("report query failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
        return {};
    }
    const QByteArray from = request.from.toString(Qt::ISODate).toUtf8();
    const QByteArray to = request.to.toString(Qt::ISODate).toUtf8();
    sqlite3_bind_text(st, 1, from.constData(), static_cast<int>(from.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to.constData(), static_cast<int>(to.size()), SQLITE_TRANSIENT);

    std::map<QString, Agg> rows;     // ordered keys: hours, days and window numbers sort naturally when padded
    Agg total;
    int arrivalsByHour[24] = {};
    qint64 waitSumByHour[24] = {};
    int waitsByHour[24] = {};
    std::vector<std::vector<int>> histogram(services.size(), std::vector<int>(kHistogramMinutes + 1, 0));

    QByteArray lastDay;
    qint64 dayOffsetMs = 0;
    int dayOfWeek = 1;
    QHash<QByteArray, QString> operatorNames;

    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const QByteArray day(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)), sqlite3_column_bytes(st, 0));
        if (day != lastDay) {
            lastDay = day;
            const QDate d = QDate::fromString(QString::fromLatin1(day), Qt::ISODate);
            dayOfWeek = d.isValid() ? d.dayOfWeek() : 1;
            // One UTC offset per business day (taken at noon): offices do not work across a DST change.
            dayOffsetMs = m_config.timeZone.offsetFromUtc(QDateTime(d, QTime(12, 0), m_config.timeZone)) * 1000LL;
        }
        const char *svc = reinterpret_cast<const char *>(sqlite3_column_text(st, 1));
        const int svcLen = sqlite3_column_bytes(st, 1);
        int si = -1;
        for (size_t i = 0; i < services.size(); ++i) {
            if (services[i].id.size() == svcLen && memcmp(services[i].id.constData(), svc, static_cast<size_t>(svcLen)) == 0) {
                si = static_cast<int>(i);
                break;
            }
        }
        const ServiceMeta *meta = si >= 0 ? &services[static_cast<size_t>(si)] : nullptr;
        const bool outOfTurn = sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_bytes(st, 2) > 0;
        const char *state = reinterpret_cast<const char *>(sqlite3_column_text(st, 3));
        const qint64 issued = sqlite3_column_int64(st, 4);
        const bool wasCalled = sqlite3_column_type(st, 5) != SQLITE_NULL;
        const qint64 called = sqlite3_column_int64(st, 5);
        const qint64 started = sqlite3_column_int64(st, 6);
        const qint64 finished = sqlite3_column_int64(st, 7);
        const int window = sqlite3_column_int(st, 8);
        const int redirects = sqlite3_column_int(st, 10);
        const bool rated = sqlite3_column_type(st, 11) != SQLITE_NULL;
        const int score = sqlite3_column_int(st, 11);
        const int hour = static_cast<int>((((issued + dayOffsetMs) / 3600000LL) % 24 + 24) % 24);

        QString key;
        switch (request.group) {
        case Group::Service: key = meta ? QString::fromUtf8(meta->id) : QString::fromUtf8(svc, svcLen); break;
        case Group::Segment: key = meta ? meta->segment : QStringLiteral("?"); break;
        case Group::Window: key = window ? QStringLiteral("%1").arg(window, 3, 10, QLatin1Char('0')) : QString(); break;
        case Group::Operator: {
            const QByteArray op(reinterpret_cast<const char *>(sqlite3_column_text(st, 9)), sqlite3_column_bytes(st, 9));
            auto it = operatorNames.constFind(op);
            if (it == operatorNames.constEnd())
                it = operatorNames.insert(op, QString::fromUtf8(op));
            key = *it;
            break;
        }
        case Group::Hour: key = QStringLiteral("%1").arg(hour, 2, 10, QLatin1Char('0')); break;
        case Group::Day: key = QString::fromLatin1(day); break;
        case Group::Weekday: key = QString::number(dayOfWeek); break;
        }

        const bool done = qstrcmp(state, "done") == 0;
        int waitS = -1, serviceS = -1;
        if (wasCalled && called >= issued)
            waitS = static_cast<int>((called - issued) / 1000);
        if (done && started && finished >= started)
            serviceS = static_cast<int>((finished - started) / 1000);
        const bool visitOver = done && finished && (finished - issued) / 1000 > visitNormS;

        auto add = [&](Agg &a) {
            a.tickets += 1;
            if (done)
                a.served += 1;
            else if (qstrcmp(state, "no_show") == 0)
                a.noShows += 1;
            else if (qstrcmp(state, "cancelled") == 0)
                a.cancelled += 1;
            else
                a.open += 1;   // waiting, redirected, postponed, called or serving
            if (redirects > 0)
                a.redirected += 1;
            if (outOfTurn)
                a.outOfTurn += 1;
            if (waitS >= 0) {
                a.waits.push_back(waitS);
                if (meta && meta->waitNormS > 0) {
                    a.waitNormed += 1;
                    if (waitS <= meta->waitNormS)
                        a.waitWithin += 1;
                }
            }
            if (serviceS >= 0) {
                a.services.push_back(serviceS);
                if (meta && serviceS <= meta->serviceNormS)
                    a.serviceWithin += 1;
            }
            if (visitOver)
                a.visitsOver += 1;
            if (rated) {
                a.ratings += 1;
                a.ratingSum += score;
            }
        };
        add(rows[key]);
        add(total);
        arrivalsByHour[hour] += 1;
        if (waitS >= 0) {
            waitSumByHour[hour] += waitS;
            waitsByHour[hour] += 1;
            if (si >= 0)
                histogram[static_cast<size_t>(si)][static_cast<size_t>(std::min(waitS / 60, kHistogramMinutes))] += 1;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        *error = QStringLiteral("report query failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)));
        return {};
    }

    static const char *const kWeekdays[] = {"", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"};
    QJsonArray rowArray;
    for (auto &[key, agg] : rows) {
        QJsonObject o = rowJson(agg);
        QString label = key;
        QJsonValue keyValue = key;
        switch (request.group) {
        case Group::Service:
            if (const ServiceInfo *s = m_config.service(key)) {
                label = s->name;
                o.insert(QStringLiteral("wait_norm_min"), s->waitNormMin ? QJsonValue(s->waitNormMin) : QJsonValue());
                o.insert(QStringLiteral("service_norm_min"), s->serviceNormMin);
            }
            break;
        case Group::Segment:
            label = key == QLatin1String("b2b") ? QStringLiteral("Юридические лица") : QStringLiteral("Частные клиенты");
            break;
        case Group::Window:
            keyValue = key.isEmpty() ? QJsonValue() : QJsonValue(key.toInt());
            label = key.isEmpty() ? QStringLiteral("не вызван") : QStringLiteral("Окно %1").arg(key.toInt());
            break;
        case Group::Operator:
            if (key.isEmpty()) {
                keyValue = QJsonValue();
                label = QStringLiteral("не вызван");
            } else if (const OperatorConfig *op = m_config.findOperator(key)) {
                label = op->name;
            }
            break;
        case Group::Hour:
            keyValue = key.toInt();
            label = QStringLiteral("%1:00–%2:00").arg(key).arg(key.toInt() + 1, 2, 10, QLatin1Char('0'));
            break;
        case Group::Day:
            break;
        case Group::Weekday:
            keyValue = key.toInt();
            label = QString::fromUtf8(kWeekdays[std::clamp(key.toInt(), 1, 7)]);
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
    for (size_t i = 0; i < services.size(); ++i) {
        QJsonArray buckets;
        int count = 0;
        for (int c : histogram[i]) {
            buckets.append(c);
            count += c;
        }
        histograms.append(QJsonObject{
            {QStringLiteral("service"), QString::fromUtf8(services[i].id)},
            {QStringLiteral("name"), services[i].name},
            {QStringLiteral("wait_norm_min"), services[i].waitNormS ? QJsonValue(services[i].waitNormS / 60) : QJsonValue()},
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

QByteArray Reporter::toCsv(const QJsonObject &report)
{
    const QLocale ru(QLocale::Russian, QLocale::Russia);
    auto cell = [](QString s) {
        if (s.contains(QLatin1Char(';')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n'))
            || s.contains(QLatin1Char('\r'))) {
            s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            s = QLatin1Char('"') + s + QLatin1Char('"');
        }
        // A text starting with = + - @ would be read by Excel as a formula.
        if (!s.isEmpty() && QStringLiteral("=+-@").contains(s.front()))
            s.prepend(QLatin1Char('\''));
        return s;
    };
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
