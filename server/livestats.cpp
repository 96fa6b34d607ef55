#include "livestats.h"

#include "queueengine.h"
#include "storage.h"

#include <QHash>
#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

namespace queue::server::livestats {

namespace {
// A share in percent with one decimal; null when there is nothing to share.
QJsonValue pct(int part, int whole) { return whole ? QJsonValue(qRound(1000.0 * part / whole) / 10.0) : QJsonValue(); }
} // namespace

QJsonObject liveMetrics(const QueueEngine &engine, Storage &storage)
{
    const OfficeConfig &config = engine.config();
    const qint64 now = engine.nowMs();
    const QString day = engine.schedule().businessDay(now).toString(Qt::ISODate);

    struct Acc {
        int waiting = 0;
        qint64 oldestWaitMs = 0;
        int called = 0;
        qint64 waitSumMs = 0;
        int waitWithin = 0;
        int waitBreachedStillWaiting = 0;
        int finished = 0;
        qint64 serviceSumMs = 0;
        int serviceWithin = 0;
    };
    QHash<QString, Acc> acc;
    const QList<Candidate> queued = engine.queued();
    for (const Candidate &c : queued) {
        Acc &a = acc[c.service];
        a.waiting += 1;
        a.oldestWaitMs = qMax(a.oldestWaitMs, now - c.issuedAt);
        const ServiceInfo *s = config.service(c.service);
        if (s && s->waitNormMin && now - c.issuedAt > s->waitNormMin * 60000LL)
            a.waitBreachedStillWaiting += 1;
    }

    int visitsFinished = 0, visitsWithin = 0;
    QSqlQuery &q = storage.prepared(QStringLiteral(
        "SELECT service, called_service, state, issued_at, called_at, started_at, finished_at "
        "FROM tickets WHERE business_day = ?"));
    q.bindValue(0, day);
    if (storage.exec(q)) {
        while (q.next()) {
            const QString service = q.value(0).toString();
            const QString calledService = q.value(1).toString();
            const QString state = q.value(2).toString();
            const qint64 issued = q.value(3).toLongLong(), called = q.value(4).toLongLong();
            const qint64 started = q.value(5).toLongLong(), finished = q.value(6).toLongLong();
            if (called) {
                Acc &a = acc[calledService];
                const ServiceInfo *s = config.service(calledService);
                a.called += 1;
                a.waitSumMs += called - issued;
                if (s && s->waitNormMin && called - issued <= s->waitNormMin * 60000LL)
                    a.waitWithin += 1;
            }
            if (state == QLatin1String("done") && started && finished) {
                Acc &a = acc[service];
                const ServiceInfo *s = config.service(service);
                a.finished += 1;
                a.serviceSumMs += finished - started;
                if (s && finished - started <= s->serviceNormMin * 60000LL)
                    a.serviceWithin += 1;
                visitsFinished += 1;
                if (finished - issued <= config.visitNormMin * 60000LL)
                    visitsWithin += 1;
            }
        }
    }
    q.finish();

    QJsonArray services;
    for (const ServiceInfo &s : config.services) {
        const Acc a = acc.value(s.id);
        const int waitMeasured = a.called + a.waitBreachedStillWaiting;
        services.append(QJsonObject{
            {QStringLiteral("id"), s.id},
            {QStringLiteral("waiting"), a.waiting},
            {QStringLiteral("oldest_wait_s"), a.oldestWaitMs / 1000},
            {QStringLiteral("served"), a.called},
            {QStringLiteral("finished"), a.finished},
            {QStringLiteral("avg_wait_s"), a.called ? QJsonValue(a.waitSumMs / a.called / 1000) : QJsonValue()},
            {QStringLiteral("avg_service_s"), a.finished ? QJsonValue(a.serviceSumMs / a.finished / 1000) : QJsonValue()},
            {QStringLiteral("wait_norm_s"), s.waitNormMin ? QJsonValue(s.waitNormMin * 60) : QJsonValue()},
            {QStringLiteral("service_norm_s"), s.serviceNormMin * 60},
            {QStringLiteral("pct_wait_within_norm"), s.waitNormMin ? pct(a.waitWithin, waitMeasured) : QJsonValue()},
            {QStringLiteral("pct_service_within_norm"), pct(a.serviceWithin, a.finished)},
        });
    }
    return QJsonObject{
        {QStringLiteral("generated_at"), isoUtc(now)},
        {QStringLiteral("business_day"), day},
        {QStringLiteral("services"), services},
        {QStringLiteral("visits"), QJsonObject{{QStringLiteral("finished"), visitsFinished},
                                               {QStringLiteral("pct_within_norm"), pct(visitsWithin, visitsFinished)},
                                               {QStringLiteral("norm_min"), config.visitNormMin}}},
    };
}

QJsonObject windowStats(const QueueEngine &engine, Storage &storage, int window)
{
    const OfficeConfig &config = engine.config();
    const qint64 now = engine.nowMs();
    QSqlQuery &q = storage.prepared(QStringLiteral(
        "SELECT service, state, issued_at, called_at, started_at, finished_at FROM tickets "
        "WHERE business_day = ? AND window = ? AND state IN ('done', 'no_show')"));
    q.bindValue(0, engine.schedule().businessDay(now).toString(Qt::ISODate));
    q.bindValue(1, window);
    int finished = 0, noShows = 0, serviceWithin = 0, waitMeasured = 0, waitWithin = 0;
    qint64 serviceSum = 0, waitSum = 0;
    if (storage.exec(q)) {
        while (q.next()) {
            const ServiceInfo *s = config.service(q.value(0).toString());
            const qint64 issued = q.value(2).toLongLong(), called = q.value(3).toLongLong();
            const qint64 started = q.value(4).toLongLong(), done = q.value(5).toLongLong();
            if (q.value(1).toString() == QLatin1String("no_show")) {
                ++noShows;
                continue;
            }
            ++finished;
            serviceSum += done - started;
            if (s && done - started <= s->serviceNormMin * 60000LL)
                ++serviceWithin;
            waitSum += called - issued;
            if (s && s->waitNormMin) {
                ++waitMeasured;
                if (called - issued <= s->waitNormMin * 60000LL)
                    ++waitWithin;
            }
        }
    }
    q.finish();
    return QJsonObject{
        {QStringLiteral("window"), window},
        {QStringLiteral("served"), finished + noShows},
        {QStringLiteral("finished"), finished},
        {QStringLiteral("no_show"), noShows},
        {QStringLiteral("avg_service_s"), finished ? QJsonValue(serviceSum / finished / 1000) : QJsonValue()},
        {QStringLiteral("avg_wait_s"), finished ? QJsonValue(waitSum / finished / 1000) : QJsonValue()},
        {QStringLiteral("pct_service_within_norm"), pct(serviceWithin, finished)},
        {QStringLiteral("pct_wait_within_norm"), pct(waitWithin, waitMeasured)},
    };
}

} // namespace queue::server::livestats
