#include "manager_reports.h"

#include "apierrors.h"
#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcReports, "queue.manager.reports")

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

constexpr int kMaxReportDays = 3 * 366;

} // namespace

ReportsModule::ReportsModule(const ModuleServices &services)
    : m_engine(services.engine), m_storage(services.storage), m_health(services.health)
{
    // The closed days go into memory at start, so that every report is fast
    // (docs/BENCHMARKS.md, "Reports over a year"). Without them reports fail:
    // say so where the operator looks, not only in a log line.
    QString error;
    if (!openReporter(&error) && !error.isEmpty()) {
        qCCritical(lcReports).noquote() << "reports: the history did not load:" << error;
        m_health.setProblem(QLatin1String(kHealthKey), QStringLiteral("the reports' history did not load: %1").arg(error));
    }
}

ReportsModule::~ReportsModule() = default;

void ReportsModule::registerRoutes(Router &router)
{
    router.add(QStringLiteral("reports"), "GET", QStringLiteral("/api/v1/reports"), {QStringLiteral("manager")},
               [this](const RouteRequest &r) { return reports(r.http); }, QStringLiteral("reports are for the manager"));
}

bool ReportsModule::openReporter(QString *error)
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
    qCInfo(lcReports) << "reports: history of" << n << "tickets loaded in" << timer.elapsed() << "ms";
    m_reporter = std::move(reporter);
    m_health.clearProblem(QLatin1String(kHealthKey));
    return true;
}

Response ReportsModule::reports(const Request &request)
{
    const QUrlQuery &q = request.query;
    const QDate today = m_engine.schedule().businessDay(m_engine.nowMs());
    ReportRequest rr;
    QDate anchor = today;
    if (!queryDay(q, "date", &anchor))
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
    if (!queryDay(q, "from", &rr.from) || !queryDay(q, "to", &rr.to))
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
        qCCritical(lcReports).noquote() << "reports: the history cannot be loaded:" << error;
        return errorResponse(internalError());
    }
    const QJsonObject report = m_reporter->report(rr, today, &error);
    if (report.isEmpty()) {
        qCWarning(lcReports) << error;
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
    QJsonObject out = report;
    out.insert(QStringLiteral("working_days"), m_engine.schedule().workingDaysBetween(rr.from, rr.to));
    return jsonResponse(200, out);
}

} // namespace queue::server
