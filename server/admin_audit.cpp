#include "admin_audit.h"

#include "reports.h"

#include "apiutil.h"
#include "common/clock.h"
#include "common/protocol.h"
#include "officeconfig.h"
#include "store/auditstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

// As the reports' CSV: quoted when needed, and a text starting with = + - @ is not a formula.
QString csvCell(const QString &s) { return Reporter::csvCell(s); }

QJsonValue jsonOrNull(const QByteArray &text)
{
    if (text.isEmpty())
        return QJsonValue();
    const QJsonDocument d = QJsonDocument::fromJson(text);
    return d.isObject() ? QJsonValue(d.object()) : d.isArray() ? QJsonValue(d.array()) : QJsonValue(QString::fromUtf8(text));
}

} // namespace

void AuditModule::registerRoutes(Router &router)
{
    router.add(QStringLiteral("audit"), "GET", QStringLiteral("/api/v1/admin/audit"), {QStringLiteral("administrator")},
               [this](const RouteRequest &r) { return audit(r.http); },
               QStringLiteral("only an administrator may read the audit trail"));
}

Response AuditModule::audit(const Request &request)
{
    const QUrlQuery &q = request.query;
    const QTimeZone zone = m_services.config.timeZone;
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_services.clock.nowMs(), zone).date();
    QDate from = today, to = today;
    if (!queryDay(q, "from", &from))
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'from' must be a date YYYY-MM-DD"));
    if (!queryDay(q, "to", &to))
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'to' must be a date YYYY-MM-DD"));
    if (q.queryItemValue(QStringLiteral("to")).isEmpty() && !q.queryItemValue(QStringLiteral("from")).isEmpty())
        to = qMax(from, today);
    if (from > to)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'from' is after 'to'"));
    if (from.daysTo(to) >= kMaxDays)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("at most %1 days at once").arg(kMaxDays));
    const QString format = q.queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv"))
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'format' must be json or csv"));
    const QString actor = q.queryItemValue(QStringLiteral("actor"), QUrl::FullyDecoded);
    if (actor.size() > 200)
        return errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'actor' is too long"));

    AuditStore::Filter f;
    f.fromMs = QDateTime(from, QTime(0, 0), zone).toMSecsSinceEpoch();
    f.toMs = QDateTime(to.addDays(1), QTime(0, 0), zone).toMSecsSinceEpoch();
    f.actor = actor;
    f.limit = kMaxRows;
    const auto entries = AuditStore(m_services.storage).find(f);
    if (!entries)
        return errorResponse(internalError());

    if (format == QLatin1String("csv")) {
        QString out = QStringList{QStringLiteral("Время"), QStringLiteral("Кто"), QStringLiteral("Адрес"),
                                  QStringLiteral("Действие"), QStringLiteral("Объект"), QStringLiteral("Итог"),
                                  QStringLiteral("До"), QStringLiteral("После")}
                          .join(QLatin1Char(';'))
                      + QStringLiteral("\r\n");
        for (const AuditStore::Entry &e : *entries) {
            const QString at = QDateTime::fromMSecsSinceEpoch(e.at, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            out += QStringList{csvCell(at), csvCell(e.actor), csvCell(e.address), csvCell(e.action), csvCell(e.object),
                               csvCell(e.outcome), csvCell(QString::fromUtf8(e.before)), csvCell(QString::fromUtf8(e.after))}
                       .join(QLatin1Char(';'))
                   + QStringLiteral("\r\n");
        }
        Response r;
        r.contentType = QByteArrayLiteral("text/csv; charset=utf-8");
        r.body = QByteArray("\xEF\xBB\xBF") + out.toUtf8();
        r.headers.append({QByteArrayLiteral("Content-Disposition"),
                          QStringLiteral("attachment; filename=\"audit-%1-%2.csv\"")
                              .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate))
                              .toUtf8()});
        return r;
    }
    QJsonArray list;
    for (const AuditStore::Entry &e : *entries)
        list.append(QJsonObject{{QStringLiteral("id"), e.id},
                                {QStringLiteral("at"), isoUtc(e.at)},
                                {QStringLiteral("actor"), e.actor},
                                {QStringLiteral("address"), e.address},
                                {QStringLiteral("action"), e.action},
                                {QStringLiteral("object"), e.object},
                                {QStringLiteral("outcome"), e.outcome},
                                {QStringLiteral("before"), jsonOrNull(e.before)},
                                {QStringLiteral("after"), jsonOrNull(e.after)}});
    return jsonResponse(200, QJsonObject{{QStringLiteral("from"), from.toString(Qt::ISODate)},
                                         {QStringLiteral("to"), to.toString(Qt::ISODate)},
                                         {QStringLiteral("entries"), list},
                                         {QStringLiteral("truncated"), entries->size() >= kMaxRows}});
}

} // namespace queue::server
