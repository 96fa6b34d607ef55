#include "manager.h"
#include "livestats.h"

#include "apierrors.h"
#include "apiserver.h"
#include "apiutil.h"
#include "queueengine.h"
#include "staffing.h"
#include "storage.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUrlQuery>
#include <QVariant>

#include <cmath>

Q_LOGGING_CATEGORY(lcManager, "queue.manager")

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

constexpr int kReviewDeadlineWorkingDays = 10;   // standard, section 5: measures within 10 working days
constexpr qint64 kRatingWindowMs = 24LL * 3600 * 1000;   // a visit can be rated for a day after it ended
constexpr int kMaxReportDays = 3 * 366;

bool isManager(const Principal &who) { return who.kind == Principal::Kind::Device && who.role == QLatin1String("manager"); }

QString minutesText(qint64 ms) { return QString::number(ms / 60000); }

Response htmlPage(int status, const QString &title, const QString &body)
{
    Response r;
    r.status = status;
    r.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    r.body = QStringLiteral("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                            "<title>%1</title><style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:0;"
                            "padding:24px;font-size:20px}h1{font-size:32px}</style></head><body>%2</body></html>")
                 .arg(title.toHtmlEscaped(), body)
                 .toUtf8();
    return r;
}

} // namespace

ManagerModule::ManagerModule(ApiServer &api)
    : m_api(api), m_engine(api.engine()), m_storage(api.storage())
{
    // The closed days go into memory at start, so that every report is fast
    // (docs/BENCHMARKS.md, "Reports over a year").
    QString error;
    if (!openReporter(&error))
        qCWarning(lcManager) << error;
}

bool ManagerModule::openReporter(QString *error)
{
    if (m_storage.path().isEmpty())
        return false;
    auto reporter = std::make_unique<Reporter>(m_engine.config());
    if (!reporter->open(m_storage.path(), error))
        return false;
    QElapsedTimer timer;
    timer.start();
    const qint64 n = reporter->warmUp(m_engine.schedule().businessDay(m_engine.nowMs()), error);
    if (n < 0)
        return false;
    qCInfo(lcManager) << "reports: history of" << n << "tickets loaded in" << timer.elapsed() << "ms";
    m_reporter = std::move(reporter);
    return true;
}

ManagerModule::~ManagerModule() = default;

qint64 ManagerModule::addWorkingDays(qint64 fromMs, int days, const QTimeZone &zone)
{
    QDate d = QDateTime::fromMSecsSinceEpoch(fromMs, zone).date();
    int left = days;
    while (left > 0) {
        d = d.addDays(1);
        if (d.dayOfWeek() <= 5)
            --left;
    }
    return QDateTime(d, QTime(23, 59, 59), zone).toMSecsSinceEpoch();
}

// ---------------------------------------------------------------- routing

std::optional<Response> ManagerModule::handlePublic(const Request &request)
{
    const QString &path = request.path;
    if (path == QLatin1String("/manager") || path.startsWith(QLatin1String("/manager/"))) {
        if (!isGet(request))
            return methodNotAllowed();
        QString file = path.mid(static_cast<int>(qstrlen("/manager")));
        if (file.isEmpty() || file == QLatin1String("/"))
            file = QStringLiteral("/index.html");
        else if (file == QLatin1String("/report"))
            file = QStringLiteral("/report.html");
        return staticFile(file);
    }
    return std::nullopt;
}

std::optional<Response> ManagerModule::staticFile(const QString &file)
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

std::optional<Response> ManagerModule::handleAnonymous(const Request &request, const QStringList &parts)
{
    if (parts == QStringList{QStringLiteral("ratings"), QStringLiteral("web")})
        return publicRating(request);
    return std::nullopt;
}

std::optional<Response> ManagerModule::handle(const Request &request, const Principal &who, const QStringList &parts)
{
    const QString &head = parts.first();
    const int n = static_cast<int>(parts.size());
    if (head == QLatin1String("dashboard") && n == 1) {
        if (!isManager(who))
            return forbidden(QStringLiteral("the dashboard is for the manager"));
        if (!isGet(request))
            return methodNotAllowed();
        return dashboard();
    }
    if (head == QLatin1String("reports") && n == 1) {
        if (!isManager(who))
            return forbidden(QStringLiteral("reports are for the manager"));
        if (!isGet(request))
            return methodNotAllowed();
        return reports(request);
    }
    if (head == QLatin1String("ratings") && n == 1) {
        if (request.method != "POST")
            return methodNotAllowed();
        if (!isManager(who) && who.role != QLatin1String("kiosk"))
            return forbidden(QStringLiteral("ratings are taken by a kiosk or the manager"));
        Response bad;
        const auto body = bodyObject(request, &bad);
        if (!body)
            return bad;
        return addRating(who, *body);
    }
    if (head == QLatin1String("reviews"))
        return reviews(request, who, parts);
    if (head == QLatin1String("alarms"))
        return alarms(request, who, parts);
    return std::nullopt;
}

// ---------------------------------------------------------------- dashboard

Response ManagerModule::dashboard()
{
    const qint64 now = m_engine.nowMs();
    const OfficeConfig &c = m_engine.config();
    QJsonObject live = livestats::liveMetrics(m_engine, m_storage);

    // Satisfaction today per topic.
    QHash<QString, QPair<int, int>> ratings;   // service -> (count, sum)
    {
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT r.service, COUNT(*), SUM(r.score) FROM ratings r JOIN tickets t ON t.id = r.ticket_id "
            "WHERE t.business_day = ? GROUP BY r.service"));
        q.bindValue(0, m_engine.schedule().businessDay(now).toString(Qt::ISODate));
        if (m_storage.exec(q))
            while (q.next())
                ratings.insert(q.value(0).toString(), {q.value(1).toInt(), q.value(2).toInt()});
        q.finish();
    }

    QJsonArray services;
    for (const QJsonValue &v : live.value(QStringLiteral("services")).toArray()) {
        QJsonObject s = v.toObject();
        const QString id = s.value(QStringLiteral("id")).toString();
        const ServiceInfo *info = c.service(id);
        if (!info)
            continue;
        s.insert(QStringLiteral("name"), info->name);
        s.insert(QStringLiteral("prefix"), info->prefix);
        s.insert(QStringLiteral("segment"), toString(info->segment));
        // The colour of the topic: its oldest wait against the waiting norm
        // (or, without one, the service norm).
        const qint64 oldest = s.value(QStringLiteral("oldest_wait_s")).toInteger();
        const qint64 norm = info->waitNormMin ? info->waitNormMin * 60LL : info->serviceNormMin * 60LL;
        QString level = QStringLiteral("ok");
        if (norm && oldest >= norm)
            level = QStringLiteral("alarm");
        else if (norm && oldest * 10 >= norm * 8)
            level = QStringLiteral("warning");
        s.insert(QStringLiteral("level"), level);
        const auto r = ratings.value(id);
        s.insert(QStringLiteral("ratings"), r.first);
        s.insert(QStringLiteral("rating_mean"), r.first ? QJsonValue(qRound(100.0 * r.second / r.first) / 100.0) : QJsonValue());
        services.append(s);
    }

    QJsonArray windows;
    for (const WindowInfo &w : m_engine.windows()) {
        QJsonObject o = w.toJson(now);
        if (w.ticket) {
            if (const ServiceInfo *s = c.service(w.ticket->service))
                o.insert(QStringLiteral("service_norm_s"), s->serviceNormMin * 60);
        }
        windows.append(o);
    }

    int reviewsOpen = 0, reviewsOverdue = 0;
    {
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT COUNT(*), COALESCE(SUM(due_at < ?), 0) FROM reviews WHERE closed_at IS NULL"));
        q.bindValue(0, now);
        if (m_storage.exec(q) && q.next()) {
            reviewsOpen = q.value(0).toInt();
            reviewsOverdue = q.value(1).toInt();
        }
        q.finish();
    }

    return jsonResponse(200, QJsonObject{
        {QStringLiteral("generated_at"), isoUtc(now)},
        {QStringLiteral("office"), c.name},
        {QStringLiteral("open"), m_engine.isOpen()},
        {QStringLiteral("business_day"), live.value(QStringLiteral("business_day"))},
        {QStringLiteral("services"), services},
        {QStringLiteral("visits"), live.value(QStringLiteral("visits"))},
        {QStringLiteral("windows"), windows},
        {QStringLiteral("alarms"), activeAlarms()},
        {QStringLiteral("advice"), advice(live)},
        {QStringLiteral("reviews"), QJsonObject{{QStringLiteral("open"), reviewsOpen},
                                                {QStringLiteral("overdue"), reviewsOverdue}}},
    });
}

// ---------------------------------------------------------------- advice

// Docs: docs/manager.md, "Advice". Per topic: λ = tickets taken in the last
// hour, mean service = today's mean (the norm until there is one); each open
// window's capacity is shared among the topics it serves in proportion to their
// offered load. A topic that needs more windows (Erlang C, 90 % within its
// waiting norm; the service norm stands in for topics without one) than it has
// gets "open another window"; when every topic keeps its target with one
// window fewer and no one has waited half a norm, "a break is possible now".
QJsonArray ManagerModule::advice(const QJsonObject &live) const
{
    constexpr double kTarget = 0.9;
    const qint64 now = m_engine.nowMs();
    const OfficeConfig &c = m_engine.config();
    QJsonArray out;
    if (!m_engine.isOpen())
        return out;

    QHash<QString, int> arrivals;
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT service, COUNT(*) FROM tickets WHERE issued_at > ? AND state != 'cancelled' GROUP BY service"));
    q.bindValue(0, now - 3600 * 1000);
    if (m_storage.exec(q))
        while (q.next())
            arrivals.insert(q.value(0).toString(), q.value(1).toInt());
    q.finish();

    struct Topic {
        const ServiceInfo *s = nullptr;
        double lambda = 0, meanMin = 0, load = 0, normMin = 0, share = 0;
        int open = 0;            // open windows that serve the topic
        qint64 oldestS = 0;
    };
    QHash<QString, Topic> topics;
    for (const QJsonValue &v : live.value(QStringLiteral("services")).toArray()) {
        const QJsonObject o = v.toObject();
        const ServiceInfo *s = c.service(o.value(QStringLiteral("id")).toString());
        if (!s)
            continue;
        Topic t;
        t.s = s;
        t.lambda = arrivals.value(s->id);
        const QJsonValue avg = o.value(QStringLiteral("avg_service_s"));
        t.meanMin = avg.isDouble() && avg.toDouble() > 0 ? avg.toDouble() / 60.0 : s->serviceNormMin;
        t.load = staffing::offeredLoad(t.lambda, t.meanMin);
        t.normMin = s->waitNormMin ? s->waitNormMin : s->serviceNormMin;
        t.oldestS = o.value(QStringLiteral("oldest_wait_s")).toInteger();
        topics.insert(s->id, t);
    }
    int open = 0;
    for (const WindowInfo &w : m_engine.windows()) {
        if (w.state == WindowState::Closed || w.state == WindowState::Paused)
            continue;
        ++open;
        for (const QString &id : w.services) {
            auto it = topics.find(id);
            if (it != topics.end())
                it->open += 1;
        }
    }

    auto number = [](double x) { return QString::number(x, 'f', 1).replace(QLatin1Char('.'), QLatin1Char(',')); };
    auto openWindow = [&](const Topic &t, int needed, int have) {
        const double share = have > 0 ? staffing::shareWithinNorm(have, t.lambda, t.meanMin, t.normMin) : 0.0;
        out.append(QJsonObject{
            {QStringLiteral("kind"), QStringLiteral("open_window")},
            {QStringLiteral("service"), t.s->id},
            {QStringLiteral("needed"), needed},
            {QStringLiteral("windows"), have},
            {QStringLiteral("arrivals_per_hour"), t.lambda},
            {QStringLiteral("mean_service_min"), std::round(t.meanMin * 10) / 10},
            {QStringLiteral("share_within_norm"), std::round(share * 100) / 100},
            {QStringLiteral("message"),
             QStringLiteral("Откройте ещё окно для темы «%1»: %2 талонов в час при обслуживании ~%3 мин требуют %4 окон, "
                            "чтобы 90 % ждали не дольше %5 мин; сейчас её обслуживают %6.")
                 .arg(t.s->name)
                 .arg(t.lambda)
                 .arg(number(t.meanMin))
                 .arg(needed)
                 .arg(t.normMin)
                 .arg(have)}});
    };

    // Per topic: the windows open for it against what Erlang C asks for.
    int neededTotal = 0;
    bool calm = true, advised = false;
    const Topic *worst = nullptr;
    int worstNeeded = 0;
    double worstGap = 0;
    for (const ServiceInfo &s : c.services) {
        const Topic &t = topics[s.id];
        if (!t.s)
            continue;
        if (t.oldestS * 2 >= qRound64(t.normMin * 60))
            calm = false;
        if (t.lambda <= 0)
            continue;
        const int needed = staffing::windowsNeeded(t.lambda, t.meanMin, t.normMin, kTarget);
        if (needed < 0)
            continue;
        neededTotal += needed;
        if (needed > t.open) {
            calm = false;
            advised = true;
            openWindow(t, needed, t.open);
        } else if (const double gap = needed - t.load; !worst || gap > worstGap) {
            worst = &t;
            worstNeeded = needed;
            worstGap = gap;
        }
    }
    // Together: the windows serve several topics, so the office is one pool
    // (staffing::pooledWindowsNeeded, the simulator's --pooled advice): 90 % of
    // the visitors within their norms and at least 80 % of every topic's.
    std::vector<staffing::TopicLoad> loads;
    for (const ServiceInfo &s : c.services) {
        const Topic &t = topics[s.id];
        if (t.s && t.lambda > 0)
            loads.push_back({t.lambda, t.meanMin, t.normMin, s.waitNormMin > 0});
    }
    if (!loads.empty()) {
        const int pooled = staffing::pooledWindowsNeeded(loads, kTarget, 0.8);
        if (pooled >= 0)
            neededTotal = pooled;
    }
    if (!advised && worst && neededTotal > open) {
        calm = false;
        openWindow(*worst, worstNeeded, worst->open);
    }
    if (calm && open >= 2 && std::max(neededTotal, 1) <= open - 1) {
        out.append(QJsonObject{
            {QStringLiteral("kind"), QStringLiteral("break_possible")},
            {QStringLiteral("needed"), std::max(neededTotal, 1)},
            {QStringLiteral("open"), open},
            {QStringLiteral("message"),
             QStringLiteral("Перерыв возможен: для нынешнего потока достаточно %1 из %2 открытых окон, никто не ждёт дольше половины нормы.")
                 .arg(std::max(neededTotal, 1))
                 .arg(open)}});
    }
    return out;
}

// ---------------------------------------------------------------- reports

Response ManagerModule::reports(const Request &request)
{
    const QUrlQuery &q = request.query;
    auto date = [&q](const char *key, QDate *out) {
        const QString text = q.queryItemValue(QLatin1String(key));
        if (text.isEmpty())
            return true;
        *out = QDate::fromString(text, Qt::ISODate);
        return out->isValid();
    };
    const QDate today = m_engine.schedule().businessDay(m_engine.nowMs());
    ReportRequest rr;
    QDate anchor = today;
    if (!date("date", &anchor))
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'date' must be a date YYYY-MM-DD"));
    const QString period = q.queryItemValue(QStringLiteral("period"));
    if (period.isEmpty() || period == QLatin1String("day")) {
        rr.from = rr.to = anchor;
    } else if (period == QLatin1String("week")) {
        rr.from = anchor.addDays(1 - anchor.dayOfWeek());
        rr.to = rr.from.addDays(6);
    } else if (period == QLatin1String("month")) {
        rr.from = QDate(anchor.year(), anchor.month(), 1);
        rr.to = rr.from.addMonths(1).addDays(-1);
    } else if (period == QLatin1String("year")) {
        rr.from = QDate(anchor.year(), 1, 1);
        rr.to = QDate(anchor.year(), 12, 31);
    } else {
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'period' must be day, week, month or year"));
    }
    if (!date("from", &rr.from) || !date("to", &rr.to))
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'from' and 'to' must be dates YYYY-MM-DD"));
    if (rr.from > rr.to)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'from' is after 'to'"));
    if (rr.from.daysTo(rr.to) >= kMaxReportDays)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("a report covers at most %1 days").arg(kMaxReportDays));
    const QString groupText = q.queryItemValue(QStringLiteral("group"));
    if (!groupText.isEmpty()) {
        const auto g = ReportRequest::groupFromString(groupText);
        if (!g)
            return errorResponse(api::ErrorCode::BadRequest,
                                 QStringLiteral("'group' must be service, segment, window, operator, hour, day or weekday"));
        rr.group = *g;
    }
    const QString format = q.queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv"))
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'format' must be json or csv"));

    QString error;
    if (!m_reporter && !openReporter(&error)) {
        qCWarning(lcManager) << error;
        return errorResponse(internalError());
    }
    const QJsonObject report = m_reporter->report(rr, today, &error);
    if (report.isEmpty()) {
        qCWarning(lcManager) << error;
        return errorResponse(internalError());
    }
    if (format == QLatin1String("csv")) {
        Response r;
        r.contentType = QByteArrayLiteral("text/csv; charset=utf-8");
        r.body = Reporter::toCsv(report);
        r.headers.append({QByteArrayLiteral("Content-Disposition"),
                          QStringLiteral("attachment; filename=\"report-%1-%2-%3.csv\"")
                              .arg(rr.from.toString(Qt::ISODate), rr.to.toString(Qt::ISODate), ReportRequest::toString(rr.group))
                              .toUtf8()});
        return r;
    }
    return jsonResponse(200, report);
}

// ---------------------------------------------------------------- ratings

std::optional<DomainError> ManagerModule::storeRating(qint64 ticketId, int score, const QString &reason, const QString &channel)
{
    const qint64 now = m_engine.nowMs();
    const auto t = m_engine.ticket(ticketId);
    if (!t)
        return t.error();
    if (t->state != TicketState::Done)
        return DomainError{api::ErrorCode::NotServed,
                        QStringLiteral("ticket %1 has not been served, there is nothing to rate yet").arg(t->number)};
    if (now - t->finishedAt > kRatingWindowMs)
        return DomainError{api::ErrorCode::RatingClosed,
                        QStringLiteral("ticket %1 was served more than a day ago").arg(t->number)};
    if (score < 1 || score > 5)
        return badRequest(QStringLiteral("'score' must be from 1 to 5"));
    if (reason.size() > 500)
        return badRequest(QStringLiteral("'reason' is longer than 500 characters"));
    {
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT 1 FROM ratings WHERE ticket_id = ?"));
        q.bindValue(0, ticketId);
        const bool exists = m_storage.exec(q) && q.next();
        q.finish();
        if (exists)
            return DomainError{api::ErrorCode::AlreadyRated, QStringLiteral("ticket %1 has already been rated").arg(t->number)};
    }
    Scope scope(m_storage);
    QSqlQuery &ins = m_storage.prepared(QStringLiteral(
        "INSERT INTO ratings(ticket_id, score, reason, channel, service, window, operator, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    ins.bindValue(0, ticketId);
    ins.bindValue(1, score);
    ins.bindValue(2, reason.isEmpty() ? QVariant() : QVariant(reason));
    ins.bindValue(3, channel);
    ins.bindValue(4, t->service);
    ins.bindValue(5, t->window ? QVariant(t->window) : QVariant());
    ins.bindValue(6, t->operatorLogin.isEmpty() ? QVariant() : QVariant(t->operatorLogin));
    ins.bindValue(7, now);
    const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kRatingAdded)},
                            {QStringLiteral("at"), isoUtc(now)},
                            {QStringLiteral("ticket_id"), ticketId},
                            {QStringLiteral("number"), t->number},
                            {QStringLiteral("service"), t->service},
                            {QStringLiteral("window"), t->window ? QJsonValue(t->window) : QJsonValue()},
                            {QStringLiteral("score"), score}};
    if (!m_storage.exec(ins) || !m_storage.appendEvent(now, QLatin1String(api::kRatingAdded), ticketId, t->window, event)
        || !scope.commit())
        return internalError();
    return std::nullopt;
}

Response ManagerModule::addRating(const Principal &who, const QJsonObject &body)
{
    Response bad;
    qint64 id = 0, score = 0;
    QString number, reason;
    if (!intField(body, "ticket", &id, &bad, false) || !stringField(body, "number", &number, &bad, false)
        || !intField(body, "score", &score, &bad, true) || !stringField(body, "reason", &reason, &bad, false))
        return bad;
    if (!id && number.isEmpty())
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'ticket' (the id) or 'number' is required"));
    if (!id) {
        // The number printed on the ticket, among today's and yesterday's tickets (latest first).
        const qint64 now = m_engine.nowMs();
        QSqlQuery &q = m_storage.prepared(QStringLiteral(
            "SELECT id FROM tickets WHERE number = ? AND business_day IN (?, ?) ORDER BY id DESC LIMIT 1"));
        q.bindValue(0, number.trimmed().toUpper());
        q.bindValue(1, m_engine.schedule().businessDay(now).toString(Qt::ISODate));
        q.bindValue(2, m_engine.schedule().businessDay(now - kRatingWindowMs).toString(Qt::ISODate));
        if (m_storage.exec(q) && q.next())
            id = q.value(0).toLongLong();
        q.finish();
        if (!id)
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no ticket %1 today").arg(number));
    }
    const QString channel = who.role == QLatin1String("kiosk") ? QStringLiteral("kiosk") : QStringLiteral("manager");
    if (const auto e = storeRating(id, static_cast<int>(score), reason.trimmed(), channel))
        return errorResponse(*e);
    return jsonResponse(201, QJsonObject{{QStringLiteral("ticket"), id},
                                         {QStringLiteral("score"), score},
                                         {QStringLiteral("channel"), channel}});
}

// The form on the ticket's web page (/t/{id}) posts here: no token, a plain
// HTML form so that it works on any phone, an HTML answer.
Response ManagerModule::publicRating(const Request &request)
{
    if (request.method != "POST")
        return methodNotAllowed();
    const QUrlQuery form(QString::fromUtf8(request.body).replace(QLatin1Char('+'), QLatin1Char(' ')));
    bool okId = false, okScore = false;
    const qint64 id = form.queryItemValue(QStringLiteral("ticket"), QUrl::FullyDecoded).toLongLong(&okId);
    const int score = form.queryItemValue(QStringLiteral("score"), QUrl::FullyDecoded).toInt(&okScore);
    const QString reason = form.queryItemValue(QStringLiteral("reason"), QUrl::FullyDecoded).trimmed();
    const QString back = okId ? QStringLiteral("<p><a href=\"/t/%1\">Вернуться к талону</a></p>").arg(id) : QString();
    if (!okId || id <= 0 || !okScore)
        return htmlPage(400, QStringLiteral("Оценка не принята"),
                        QStringLiteral("<h1>Оценка не принята</h1><p>Выберите оценку от 1 до 5.</p>") + back);
    if (const auto e = storeRating(id, score, reason, QStringLiteral("web"))) {
        QString why = e->message.toHtmlEscaped();
        const int status = httpStatus(e->code);
        if (e->code == api::ErrorCode::AlreadyRated)
            why = QStringLiteral("Этот визит уже оценён. Спасибо!");
        else if (e->code == api::ErrorCode::NotServed)
            why = QStringLiteral("Оценить можно после окончания обслуживания.");
        else if (e->code == api::ErrorCode::RatingClosed)
            why = QStringLiteral("Оценить визит можно в течение суток после обслуживания.");
        else if (status == 400)
            why = QStringLiteral("Выберите оценку от 1 до 5; причина — не длиннее 500 знаков.");
        else if (status == 404)
            why = QStringLiteral("Талон не найден.");
        return htmlPage(status, QStringLiteral("Оценка не принята"),
                        QStringLiteral("<h1>Оценка не принята</h1><p>%1</p>").arg(why) + back);
    }
    return htmlPage(200, QStringLiteral("Спасибо за оценку"),
                    QStringLiteral("<h1>Спасибо за оценку!</h1><p>Ваша оценка: %1 из 5.</p>").arg(score) + back);
}

// ---------------------------------------------------------------- reviews

Response ManagerModule::reviews(const Request &request, const Principal &who, const QStringList &parts)
{
    const qint64 now = m_engine.nowMs();
    const int n = static_cast<int>(parts.size());
    auto reviewJson = [](QSqlQuery &q, qint64 nowMs) {
        const qint64 due = q.value(8).toLongLong();
        const bool closed = !q.value(9).isNull();
        return QJsonObject{{QStringLiteral("id"), q.value(0).toLongLong()},
                           {QStringLiteral("kind"), q.value(1).toString()},
                           {QStringLiteral("channel"), q.value(2).toString()},
                           {QStringLiteral("text"), q.value(3).toString()},
                           {QStringLiteral("contact"), q.value(4).isNull() ? QJsonValue() : QJsonValue(q.value(4).toString())},
                           {QStringLiteral("ticket"), q.value(5).isNull() ? QJsonValue() : QJsonValue(q.value(5).toLongLong())},
                           {QStringLiteral("registered_at"), isoUtc(q.value(6).toLongLong())},
                           {QStringLiteral("registered_by"), q.value(7).toString()},
                           {QStringLiteral("due_at"), isoUtc(due)},
                           {QStringLiteral("closed_at"), closed ? QJsonValue(isoUtc(q.value(9).toLongLong())) : QJsonValue()},
                           {QStringLiteral("measures"), q.value(10).isNull() ? QJsonValue() : QJsonValue(q.value(10).toString())},
                           {QStringLiteral("overdue"), !closed && due < nowMs}};
    };
    static const QString kColumns = QStringLiteral(
        "id, kind, channel, text, contact, ticket_id, registered_at, registered_by, due_at, closed_at, measures");

    if (n == 1 && isGet(request)) {
        if (!isManager(who))
            return forbidden(QStringLiteral("the book of reviews is read by the manager"));
        const QString state = request.query.queryItemValue(QStringLiteral("state"));
        QString where;
        if (state.isEmpty() || state == QLatin1String("open"))
            where = QStringLiteral("closed_at IS NULL");
        else if (state == QLatin1String("overdue"))
            where = QStringLiteral("closed_at IS NULL AND due_at < ?");
        else if (state == QLatin1String("closed"))
            where = QStringLiteral("closed_at IS NOT NULL");
        else if (state == QLatin1String("all"))
            where = QStringLiteral("1");
        else
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'state' must be open, overdue, closed or all"));
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM reviews WHERE %2 ORDER BY due_at, id LIMIT 1000")
                                              .arg(kColumns, where));
        if (state == QLatin1String("overdue"))
            q.bindValue(0, now);
        QJsonArray list;
        if (!m_storage.exec(q))
            return errorResponse(internalError());
        while (q.next())
            list.append(reviewJson(q, now));
        q.finish();
        return jsonResponse(200, QJsonObject{{QStringLiteral("reviews"), list}});
    }
    if (n == 1 && request.method == "POST") {
        // Staff register what clients wrote or said: the manager, or an operator at a window.
        if (!isManager(who) && who.kind != Principal::Kind::Operator)
            return forbidden(QStringLiteral("reviews are registered by staff"));
        Response bad;
        const auto body = bodyObject(request, &bad);
        if (!body)
            return bad;
        QString kind, channel, text, contact;
        qint64 ticket = 0;
        if (!stringField(*body, "kind", &kind, &bad, true) || !stringField(*body, "channel", &channel, &bad, true)
            || !stringField(*body, "text", &text, &bad, false) || !stringField(*body, "contact", &contact, &bad, false)
            || !intField(*body, "ticket", &ticket, &bad, false))
            return bad;
        static const QStringList kinds = {QStringLiteral("complaint"), QStringLiteral("thanks"),
                                          QStringLiteral("suggestion"), QStringLiteral("review")};
        static const QStringList channels = {QStringLiteral("book"), QStringLiteral("phone"), QStringLiteral("email"),
                                             QStringLiteral("website"), QStringLiteral("kiosk"), QStringLiteral("other")};
        if (!kinds.contains(kind))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'kind' must be one of: %1").arg(kinds.join(QStringLiteral(", "))));
        if (!channels.contains(channel))
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'channel' must be one of: %1").arg(channels.join(QStringLiteral(", "))));
        // The text may be long (a page of the book); the string helper caps at 1000.
        text = body->value(QStringLiteral("text")).toString().trimmed();
        if (text.isEmpty() || text.size() > 4000)
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'text' is required, at most 4000 characters"));
        const QJsonValue consentValue = body->value(QStringLiteral("consent"));
        if (!consentValue.isUndefined() && !consentValue.isNull() && !consentValue.isBool())
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'consent' must be true or false"));
        const bool consent = consentValue.toBool(false);
        contact = contact.trimmed();
        if (!contact.isEmpty() && !consent)
            return errorResponse(api::ErrorCode::ConsentRequired,
                                 QStringLiteral("a contact is kept only with the client's consent to the processing of personal data"));
        if (ticket && !m_engine.ticket(ticket))
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no ticket %1").arg(ticket));
        const qint64 due = addWorkingDays(now, kReviewDeadlineWorkingDays, m_engine.config().timeZone);
        Scope scope(m_storage);
        QSqlQuery &ins = m_storage.prepared(QStringLiteral(
            "INSERT INTO reviews(kind, channel, text, contact, consent, ticket_id, registered_at, registered_by, due_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        ins.bindValue(0, kind);
        ins.bindValue(1, channel);
        ins.bindValue(2, text);
        ins.bindValue(3, contact.isEmpty() ? QVariant() : QVariant(contact));
        ins.bindValue(4, consent ? 1 : 0);
        ins.bindValue(5, ticket ? QVariant(ticket) : QVariant());
        ins.bindValue(6, now);
        ins.bindValue(7, who.name);
        ins.bindValue(8, due);
        if (!m_storage.exec(ins))
            return errorResponse(internalError());
        const qint64 id = ins.lastInsertId().toLongLong();
        // The event carries no text and no contact: it goes to every screen.
        const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kReviewAdded)},
                                {QStringLiteral("at"), isoUtc(now)},
                                {QStringLiteral("review"), id},
                                {QStringLiteral("kind"), kind},
                                {QStringLiteral("due_at"), isoUtc(due)}};
        if (!m_storage.appendEvent(now, QLatin1String(api::kReviewAdded), 0, 0, event) || !scope.commit())
            return errorResponse(internalError());
        return jsonResponse(201, QJsonObject{{QStringLiteral("id"), id},
                                             {QStringLiteral("kind"), kind},
                                             {QStringLiteral("due_at"), isoUtc(due)}});
    }
    if (n == 3 && parts[2] == QLatin1String("close")) {
        if (request.method != "POST")
            return methodNotAllowed();
        if (!isManager(who))
            return forbidden(QStringLiteral("reviews are closed by the manager"));
        bool ok = false;
        const qint64 id = parts[1].toLongLong(&ok);
        Response bad;
        const auto body = bodyObject(request, &bad);
        if (!body)
            return bad;
        QString measures;
        if (!stringField(*body, "measures", &measures, &bad, true))
            return bad;
        if (measures.trimmed().isEmpty())
            return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'measures' must say what was done"));
        QSqlQuery &sel = m_storage.prepared(QStringLiteral("SELECT closed_at FROM reviews WHERE id = ?"));
        sel.bindValue(0, id);
        const bool found = ok && m_storage.exec(sel) && sel.next();
        const bool closed = found && !sel.value(0).isNull();
        sel.finish();
        if (!found)
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no review %1").arg(parts[1]));
        if (closed)
            return errorResponse(api::ErrorCode::WrongState, QStringLiteral("review %1 is already closed").arg(id));
        Scope scope(m_storage);
        QSqlQuery &up = m_storage.prepared(QStringLiteral("UPDATE reviews SET closed_at = ?, measures = ? WHERE id = ?"));
        up.bindValue(0, now);
        up.bindValue(1, measures.trimmed());
        up.bindValue(2, id);
        const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kReviewClosed)},
                                {QStringLiteral("at"), isoUtc(now)},
                                {QStringLiteral("review"), id}};
        if (!m_storage.exec(up) || !m_storage.appendEvent(now, QLatin1String(api::kReviewClosed), 0, 0, event)
            || !scope.commit())
            return errorResponse(internalError());
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM reviews WHERE id = ?").arg(kColumns));
        q.bindValue(0, id);
        if (!m_storage.exec(q) || !q.next())
            return errorResponse(internalError());
        const QJsonObject o = reviewJson(q, now);
        q.finish();
        return jsonResponse(200, o);
    }
    if (n == 1 || n == 3)
        return methodNotAllowed();
    return pathNotFound();
}

// ---------------------------------------------------------------- alarms

namespace {
const QString kAlarmColumns =
    QStringLiteral("id, key, kind, level, message, data, raised_at, cleared_at, acked_at, acked_by");

// An alarm from a row of kAlarmColumns.
QJsonObject alarmFromRow(const QSqlQuery &q)
{
    return QJsonObject{{QStringLiteral("id"), q.value(0).toLongLong()},
                       {QStringLiteral("key"), q.value(1).toString()},
                       {QStringLiteral("kind"), q.value(2).toString()},
                       {QStringLiteral("level"), q.value(3).toString()},
                       {QStringLiteral("message"), q.value(4).toString()},
                       {QStringLiteral("data"), QJsonDocument::fromJson(q.value(5).toByteArray()).object()},
                       {QStringLiteral("raised_at"), isoUtc(q.value(6).toLongLong())},
                       {QStringLiteral("cleared_at"), q.value(7).isNull() ? QJsonValue() : QJsonValue(isoUtc(q.value(7).toLongLong()))},
                       {QStringLiteral("acked_at"), q.value(8).isNull() ? QJsonValue() : QJsonValue(isoUtc(q.value(8).toLongLong()))},
                       {QStringLiteral("acked_by"), q.value(9).isNull() ? QJsonValue() : QJsonValue(q.value(9).toString())}};
}
} // namespace

QJsonObject ManagerModule::alarmJson(qint64 id) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM alarms WHERE id = ?").arg(kAlarmColumns));
    q.bindValue(0, id);
    QJsonObject o;
    if (m_storage.exec(q) && q.next())
        o = alarmFromRow(q);
    q.finish();
    return o;
}

// One query for the whole list: `where` is what follows FROM alarms.
QJsonArray ManagerModule::alarmList(const QString &where) const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT %1 FROM alarms %2").arg(kAlarmColumns, where));
    QJsonArray out;
    if (m_storage.exec(q))
        while (q.next())
            out.append(alarmFromRow(q));
    q.finish();
    return out;
}

QJsonArray ManagerModule::activeAlarms() const
{
    return alarmList(QStringLiteral("WHERE cleared_at IS NULL ORDER BY id"));
}

Response ManagerModule::alarms(const Request &request, const Principal &who, const QStringList &parts)
{
    if (!isManager(who))
        return forbidden(QStringLiteral("alarms are for the manager"));
    const int n = static_cast<int>(parts.size());
    const qint64 now = m_engine.nowMs();
    if (n == 1) {
        if (!isGet(request))
            return methodNotAllowed();
        if (request.query.queryItemValue(QStringLiteral("all")) != QLatin1String("1"))
            return jsonResponse(200, QJsonObject{{QStringLiteral("alarms"), activeAlarms()}});
        return jsonResponse(200, QJsonObject{{QStringLiteral("alarms"),
                                              alarmList(QStringLiteral("ORDER BY id DESC LIMIT 500"))}});
    }
    if (n == 3 && parts[2] == QLatin1String("ack")) {
        if (request.method != "POST")
            return methodNotAllowed();
        bool ok = false;
        const qint64 id = parts[1].toLongLong(&ok);
        QJsonObject alarm = ok ? alarmJson(id) : QJsonObject();
        if (alarm.isEmpty())
            return errorResponse(api::ErrorCode::NotFound, QStringLiteral("no alarm %1").arg(parts[1]));
        if (!alarm.value(QStringLiteral("acked_at")).isNull())
            return jsonResponse(200, alarm);   // acknowledging twice changes nothing
        Scope scope(m_storage);
        QSqlQuery &up = m_storage.prepared(QStringLiteral("UPDATE alarms SET acked_at = ?, acked_by = ? WHERE id = ?"));
        up.bindValue(0, now);
        up.bindValue(1, who.name);
        up.bindValue(2, id);
        alarm.insert(QStringLiteral("acked_at"), isoUtc(now));
        alarm.insert(QStringLiteral("acked_by"), who.name);
        const QJsonObject event{{QStringLiteral("type"), QLatin1String(api::kAlarmAcked)},
                                {QStringLiteral("at"), isoUtc(now)},
                                {QStringLiteral("alarm"), alarm}};
        if (!m_storage.exec(up) || !m_storage.appendEvent(now, QLatin1String(api::kAlarmAcked), 0, 0, event)
            || !scope.commit())
            return errorResponse(internalError());
        return jsonResponse(200, alarm);
    }
    return pathNotFound();
}

QList<ManagerModule::AlarmWant> ManagerModule::wantedAlarms(qint64 now) const
{
    const OfficeConfig &c = m_engine.config();
    QList<AlarmWant> out;
    const qint64 visitNormMs = c.visitNormMin * 60000LL;
    for (const ServiceInfo &s : c.services) {
        qint64 oldestIssued = 0;
        QString oldestNumber;
        for (const Ticket &t : m_engine.queueForService(s.id)) {
            if (t.state == TicketState::Postponed)
                continue;
            if (!oldestIssued || t.issuedAt < oldestIssued) {
                oldestIssued = t.issuedAt;
                oldestNumber = t.number;
            }
            if (visitNormMs && now - t.issuedAt > visitNormMs)
                out.append({QStringLiteral("visit:%1").arg(t.id), QStringLiteral("visit_over_norm"), QStringLiteral("critical"),
                            QStringLiteral("Визит %1 длится больше %2 мин, клиент всё ещё ждёт").arg(t.number).arg(c.visitNormMin),
                            QJsonObject{{QStringLiteral("ticket"), t.id}, {QStringLiteral("number"), t.number},
                                        {QStringLiteral("service"), s.id}}});
        }
        if (!s.waitNormMin || !oldestIssued)
            continue;
        const qint64 wait = now - oldestIssued, norm = s.waitNormMin * 60000LL;
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
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT device, printer, detail FROM device_status WHERE printer IN ('paper_low', 'paper_out', 'error', 'offline')"));
    if (m_storage.exec(q)) {
        while (q.next()) {
            const QString device = q.value(0).toString(), state = q.value(1).toString();
            const bool low = state == QLatin1String("paper_low");
            QString what = low ? QStringLiteral("в принтере мало бумаги")
                               : state == QLatin1String("paper_out") ? QStringLiteral("в принтере кончилась бумага")
                                                                     : QStringLiteral("принтер не работает");
            out.append({QStringLiteral("printer:%1:%2").arg(device, state), QStringLiteral("printer_") + state,
                        low ? QStringLiteral("warning") : QStringLiteral("critical"),
                        QStringLiteral("Киоск «%1»: %2").arg(device, what),
                        QJsonObject{{QStringLiteral("device"), device}, {QStringLiteral("printer"), state},
                                    {QStringLiteral("detail"), q.value(2).toString()}}});
        }
    }
    q.finish();
    return out;
}

void ManagerModule::tick(qint64 now)
{
    // Within one scope opened by ApiServer::tickModules: raising and clearing commit together.
    const QList<AlarmWant> wanted = wantedAlarms(now);
    QHash<QString, qint64> active;   // key -> id
    {
        QSqlQuery &q = m_storage.prepared(QStringLiteral("SELECT key, id FROM alarms WHERE cleared_at IS NULL"));
        if (!m_storage.exec(q))
            return;
        while (q.next())
            active.insert(q.value(0).toString(), q.value(1).toLongLong());
        q.finish();
    }
    QSet<QString> wantedKeys;
    for (const AlarmWant &a : wanted) {
        wantedKeys.insert(a.key);
        if (active.contains(a.key))
            continue;
        QSqlQuery &ins = m_storage.prepared(QStringLiteral(
            "INSERT INTO alarms(key, kind, level, message, data, raised_at) VALUES (?, ?, ?, ?, ?, ?)"));
        ins.bindValue(0, a.key);
        ins.bindValue(1, a.kind);
        ins.bindValue(2, a.level);
        ins.bindValue(3, a.message);
        ins.bindValue(4, QString::fromUtf8(QJsonDocument(a.data).toJson(QJsonDocument::Compact)));
        ins.bindValue(5, now);
        if (!m_storage.exec(ins))
            return;
        const qint64 id = ins.lastInsertId().toLongLong();
        active.insert(a.key, id);
        m_storage.appendEvent(now, QLatin1String(api::kAlarmRaised), a.data.value(QStringLiteral("ticket")).toInteger(),
                              a.data.value(QStringLiteral("window")).toInt(),
                              QJsonObject{{QStringLiteral("type"), QLatin1String(api::kAlarmRaised)},
                                          {QStringLiteral("at"), isoUtc(now)},
                                          {QStringLiteral("alarm"), alarmJson(id)}});
        qCInfo(lcManager).noquote() << "alarm" << a.key << a.message;
    }
    for (auto it = active.cbegin(); it != active.cend(); ++it) {
        if (wantedKeys.contains(it.key()))
            continue;
        QSqlQuery &up = m_storage.prepared(QStringLiteral("UPDATE alarms SET cleared_at = ? WHERE id = ?"));
        up.bindValue(0, now);
        up.bindValue(1, it.value());
        if (!m_storage.exec(up))
            return;
        m_storage.appendEvent(now, QLatin1String(api::kAlarmCleared), 0, 0,
                              QJsonObject{{QStringLiteral("type"), QLatin1String(api::kAlarmCleared)},
                                          {QStringLiteral("at"), isoUtc(now)},
                                          {QStringLiteral("alarm"), alarmJson(it.value())}});
    }
    m_lastTick = now;
}

} // namespace queue::server
