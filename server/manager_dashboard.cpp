#include "manager_dashboard.h"

#include "apierrors.h"
#include "apiutil.h"
#include "livestats.h"
#include "queueengine.h"
#include "storage.h"

#include "manager_alarms.h"
#include "manager_reviews.h"
#include "staffing.h"
#include "store/ratingstore.h"
#include "store/ticketstore.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

void DashboardModule::registerRoutes(Router &router)
{
    router.add(QStringLiteral("dashboard"), "GET", QStringLiteral("/api/v1/dashboard"), {QStringLiteral("manager")},
               [this](const RouteRequest &) { return dashboard(); }, QStringLiteral("the dashboard is for the manager"));
}

Response DashboardModule::dashboard()
{
    const qint64 now = m_engine.nowMs();
    const OfficeConfig &c = m_engine.config();
    QJsonObject live = livestats::liveMetrics(m_engine, m_storage);

    // Satisfaction today per topic.
    const QHash<QString, RatingStore::Summary> ratings = RatingStore(m_storage).byServiceOn(m_engine.schedule().businessDay(now));

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
        const RatingStore::Summary r = ratings.value(id);
        s.insert(QStringLiteral("ratings"), r.count);
        s.insert(QStringLiteral("rating_mean"), r.count ? QJsonValue(qRound(100.0 * r.sum / r.count) / 100.0) : QJsonValue());
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

    const ReviewsModule::Counts reviews = ReviewsModule::counts(m_storage, now);

    return jsonResponse(200, QJsonObject{
        {QStringLiteral("generated_at"), isoUtc(now)},
        {QStringLiteral("office"), c.name},
        {QStringLiteral("open"), m_engine.isOpen()},
        {QStringLiteral("business_day"), live.value(QStringLiteral("business_day"))},
        {QStringLiteral("services"), services},
        {QStringLiteral("visits"), live.value(QStringLiteral("visits"))},
        {QStringLiteral("windows"), windows},
        {QStringLiteral("alarms"), AlarmsModule::activeAlarms(m_storage, m_health, now)},
        {QStringLiteral("advice"), advice(live)},
        {QStringLiteral("reviews"), QJsonObject{{QStringLiteral("open"), reviews.open},
                                                {QStringLiteral("overdue"), reviews.overdue}}},
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
QJsonArray DashboardModule::advice(const QJsonObject &live) const
{
    constexpr double kTarget = 0.9;
    const qint64 now = m_engine.nowMs();
    const OfficeConfig &c = m_engine.config();
    QJsonArray out;
    if (!m_engine.isOpen())
        return out;

    const QHash<QString, int> arrivals = TicketStore(m_storage).arrivalsSince(now - 3600 * 1000);

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
    const QList<WindowInfo> allWindows = m_engine.windows();
    // The windows that could take the topic (they do not serve it yet), those that can call
    // at once first: a button puts one on it with PUT /api/v1/admin/windows/{n} {"services": …}.
    auto candidates = [&](const QString &service) {
        QList<WindowInfo> list;
        for (const WindowInfo &w : allWindows)
            if (!w.services.contains(service))
                list.append(w);
        auto rank = [](const WindowInfo &w) {
            return w.state == WindowState::Closed ? 2 : w.state == WindowState::Paused ? 1 : 0;
        };
        std::stable_sort(list.begin(), list.end(), [&](const WindowInfo &a, const WindowInfo &b) { return rank(a) < rank(b); });
        QJsonArray out;
        for (const WindowInfo &w : std::as_const(list)) {
            QStringList after = w.services;
            after.append(service);
            out.append(QJsonObject{{QStringLiteral("window"), w.number},
                                   {QStringLiteral("state"), toString(w.state)},
                                   {QStringLiteral("operator"), w.op.isNull() ? QJsonValue() : QJsonValue(w.op.login)},
                                   {QStringLiteral("services"), QJsonArray::fromStringList(w.services)},
                                   {QStringLiteral("services_after"), QJsonArray::fromStringList(after)},
                                   {QStringLiteral("method"), QStringLiteral("PUT")},
                                   {QStringLiteral("path"), QStringLiteral("/api/v1/admin/windows/%1").arg(w.number)}});
        }
        return out;
    };
    auto openWindow = [&](const Topic &t, int needed, int have) {
        const double share = have > 0 ? staffing::shareWithinNorm(have, t.lambda, t.meanMin, t.normMin) : 0.0;
        out.append(QJsonObject{
            {QStringLiteral("candidates"), candidates(t.s->id)},
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
        if (!t.s || c.isRetired(s.id))   // a retired topic's queue only runs out
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

} // namespace queue::server
