#include "livestats.h"

#include "queueengine.h"
#include "storage.h"
#include "store/ticketstore.h"

#include <QHash>
#include <QJsonArray>

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
    for (const TicketStore::Times &t : TicketStore(storage).ofDay(day)) {
        const qint64 issued = t.issuedAt, called = t.calledAt;
        const qint64 started = t.startedAt, finished = t.finishedAt;
        if (called) {
            Acc &a = acc[t.calledService];
            const ServiceInfo *s = config.service(t.calledService);
            a.called += 1;
            a.waitSumMs += called - issued;
            if (s && s->waitNormMin && called - issued <= s->waitNormMin * 60000LL)
                a.waitWithin += 1;
        }
        if (t.state == QLatin1String("done") && started && finished) {
            Acc &a = acc[t.service];
            const ServiceInfo *s = config.service(t.service);
            a.finished += 1;
            a.serviceSumMs += finished - started;
            if (s && finished - started <= s->serviceNormMin * 60000LL)
                a.serviceWithin += 1;
            visitsFinished += 1;
            if (finished - issued <= config.visitNormMin * 60000LL)
                visitsWithin += 1;
        }
    }

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
    int finished = 0, noShows = 0, serviceWithin = 0, waitMeasured = 0, waitWithin = 0;
    qint64 serviceSum = 0, waitSum = 0;
    const QString day = engine.schedule().businessDay(now).toString(Qt::ISODate);
    for (const TicketStore::Times &t : TicketStore(storage).endedAtWindow(day, window)) {
        const ServiceInfo *s = config.service(t.service);
        const qint64 issued = t.issuedAt, called = t.calledAt;
        const qint64 started = t.startedAt, done = t.finishedAt;
        if (t.state == QLatin1String("no_show")) {
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
