#include "simulator.h"

#include "common/clock.h"
#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/staffing.h"
#include "server/storage.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

namespace queue::sim {

using server::OfficeConfig;

namespace {

class SimClock final : public Clock {
public:
    qint64 nowMs() const override { return m_ms; }
    void setMs(qint64 ms) { m_ms = ms; }

private:
    qint64 m_ms = 0;
};

struct Record {
    int topic = -1;
    bool outOfTurn = false;
    bool booked = false;
    qint64 issuedAt = 0;
    qint64 calledAt = 0;
    qint64 serviceMs = 0;
    qint64 forecastS = 0;
    int hour = 0;
};

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<qsizetype>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::clamp<qsizetype>(rank - 1, 0, v.size() - 1)];
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }
QJsonValue pct(int part, int whole) { return whole ? QJsonValue(std::round(1000.0 * part / whole) / 10.0) : QJsonValue(); }

// Metrics of a set of served tickets; `norms` by topic (0: none).
QJsonObject metrics(const QList<const Record *> &records, const OfficeConfig &config)
{
    QList<double> waits, errors;
    int withinWait = 0, waitCounted = 0, withinService = 0, withinVisit = 0;
    double sum = 0, beyond = 0;
    for (const Record *r : records) {
        const ServiceInfo &s = config.services[r->topic];
        const double wait = (r->calledAt - r->issuedAt) / 60000.0;
        waits.append(wait);
        sum += wait;
        errors.append(std::abs(r->forecastS / 60.0 - wait));
        if (s.waitNormMin) {
            ++waitCounted;
            if (wait <= s.waitNormMin)
                ++withinWait;
            beyond = std::max(beyond, wait - s.waitNormMin);
        }
        if (r->serviceMs <= s.serviceNormMin * 60000LL)
            ++withinService;
        if (r->calledAt - r->issuedAt + r->serviceMs <= config.visitNormMin * 60000LL)
            ++withinVisit;
    }
    const int n = static_cast<int>(records.size());
    return QJsonObject{
        {QStringLiteral("tickets"), n},
        {QStringLiteral("wait_min"),
         QJsonObject{{QStringLiteral("mean"), n ? round2(sum / n) : 0.0},
                     {QStringLiteral("p90"), round2(percentile(waits, 0.9))},
                     {QStringLiteral("max"), round2(percentile(waits, 1.0))}}},
        {QStringLiteral("pct_within_wait_norm"), pct(withinWait, waitCounted)},
        {QStringLiteral("wait_norm_counted"), waitCounted},
        {QStringLiteral("pct_within_service_norm"), pct(withinService, n)},
        {QStringLiteral("pct_visits_within_visit_norm"), pct(withinVisit, n)},
        {QStringLiteral("max_wait_beyond_norm_min"), waitCounted ? QJsonValue(round2(beyond)) : QJsonValue()},
        {QStringLiteral("forecast_error_min"),
         QJsonObject{{QStringLiteral("median"), round2(percentile(errors, 0.5))},
                     {QStringLiteral("p90"), round2(percentile(errors, 0.9))}}},
    };
}

int topicIndex(const OfficeConfig &config, const QString &id)
{
    for (qsizetype i = 0; i < config.services.size(); ++i)
        if (config.services[i].id == id)
            return static_cast<int>(i);
    return -1;
}

} // namespace

QList<HourPlan> staffingPlan(const OfficeConfig &config, const QList<Arrival> &arrivals, double target)
{
    QList<HourPlan> plan;
    if (arrivals.isEmpty())
        return plan;
    const int topics = static_cast<int>(config.services.size());
    const int first = arrivals.first().atS / 3600, last = arrivals.last().atS / 3600;
    for (int h = first; h <= last; ++h) {
        HourPlan p;
        p.hour = h;
        QList<double> durationSum(topics, 0.0);
        QList<int> durations(topics, 0);
        p.arrivalsPerHour = QList<double>(topics, 0.0);
        for (const Arrival &a : arrivals) {
            const int t = topicIndex(config, a.service);
            if (a.atS / 3600 != h || t < 0)
                continue;
            p.arrivalsPerHour[t] += 1;
            if (a.serviceMin > 0) {
                durationSum[t] += a.serviceMin;
                durations[t] += 1;
            }
        }
        std::vector<server::staffing::TopicLoad> loads;
        for (int t = 0; t < topics; ++t) {
            const ServiceInfo &s = config.services[t];
            const double mean = durations[t] ? durationSum[t] / durations[t] : s.serviceNormMin;
            loads.push_back({p.arrivalsPerHour[t], mean, double(s.waitNormMin ? s.waitNormMin : config.visitNormMin),
                             s.waitNormMin > 0});
            const int norm = s.waitNormMin ? s.waitNormMin : config.visitNormMin;
            const int n = server::staffing::windowsNeeded(p.arrivalsPerHour[t], mean, norm, target);
            p.meanServiceMin.append(mean);
            p.windows.append(std::max(0, n));
            p.predictedShare.append(server::staffing::shareWithinNorm(std::max(0, n), p.arrivalsPerHour[t], mean, norm));
        }
        p.pooledWindows = std::max(0, server::staffing::pooledWindowsNeeded(loads, target, 0));
        for (double share : server::staffing::pooledSharesWithinNorm(p.pooledWindows, loads))
            p.pooledPredictedShare.append(share);
        plan.append(p);
    }
    return plan;
}

std::optional<QJsonObject> simulateDay(OfficeConfig config, const QList<Arrival> &arrivals, const Options &options,
                                       QString *error)
{
    const auto policy = server::makeCallPolicy(options.policy);
    if (!policy) {
        *error = QStringLiteral("unknown policy '%1' (known: fifo, norm)").arg(options.policy);
        return std::nullopt;
    }
    if (options.staffingTarget != 0 && !(options.staffingTarget > 0 && options.staffingTarget < 1)) {
        *error = QStringLiteral("the staffing target must be a share between 0 and 1, e.g. 0.95");
        return std::nullopt;
    }
    const int topics = static_cast<int>(config.services.size());
    for (const Arrival &a : arrivals) {
        if (topicIndex(config, a.service) < 0) {
            *error = QStringLiteral("line %1: no topic '%2' in the office config").arg(a.line).arg(a.service);
            return std::nullopt;
        }
    }

    // Staffing mode: dedicated windows per topic, as many as the busiest hour needs.
    const bool staffed = options.staffingTarget > 0;
    const QList<HourPlan> plan = staffed ? staffingPlan(config, arrivals, options.staffingTarget) : QList<HourPlan>();
    QHash<int, QPair<int, int>> dedicated;   // window -> (topic or -1 when pooled, rank within the topic or pool)
    const bool pooled = staffed && options.staffingPooled;
    if (pooled) {
        int most = 1;
        for (const HourPlan &p : plan)
            most = std::max(most, p.pooledWindows);
        QStringList all;
        for (const ServiceInfo &s : std::as_const(config.services))
            all.append(s.id);
        config.windows.clear();
        for (int k = 0; k < most; ++k) {
            server::WindowConfig w;
            w.number = k + 1;
            w.services = all;
            dedicated.insert(w.number, {-1, k});
            config.windows.append(w);
        }
    } else if (staffed) {
        config.windows.clear();
        int number = 1;
        for (int t = 0; t < topics; ++t) {
            int most = 1;
            for (const HourPlan &p : plan)
                most = std::max(most, p.windows[t]);
            for (int k = 0; k < most; ++k) {
                server::WindowConfig w;
                w.number = number;
                w.services = {config.services[t].id};
                dedicated.insert(number, {t, k});
                config.windows.append(w);
                ++number;
            }
        }
    }

    config.hasSchedule = false;
    config.timeZone = QTimeZone::utc();
    config.callPolicy = options.policy;
    config.operators.clear();
    const QString pinHash = server::pinhash::hash(QStringLiteral("0000"), 1000);
    for (const server::WindowConfig &w : std::as_const(config.windows))
        config.operators.append(server::OperatorConfig{QStringLiteral("desk%1").arg(w.number),
                                                       QStringLiteral("Desk %1").arg(w.number), pinHash});

    QTemporaryDir dir;
    if (!dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return std::nullopt;
    }
    server::Storage storage;
    if (!storage.open(dir.filePath(QStringLiteral("sim.db")), server::Storage::Sync::Off, error))
        return std::nullopt;
    SimClock clock;
    const qint64 midnight = QDateTime(options.day, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const qint64 startMs = midnight + (arrivals.isEmpty() ? 8 * 3600 : arrivals.first().atS) * 1000LL;
    clock.setMs(startMs - 1000);
    server::QueueEngine engine(config, storage, clock, *policy);
    if (!engine.initialize(error))
        return std::nullopt;

    QList<int> windows;
    for (const server::WindowConfig &w : std::as_const(config.windows)) {
        auto r = engine.signIn(QStringLiteral("desk%1").arg(w.number), w.number);
        if (!r) {
            *error = QStringLiteral("cannot open window %1: %2").arg(w.number).arg(r.error().message);
            return std::nullopt;
        }
        windows.append(w.number);
    }

    std::mt19937_64 rng(options.seed);
    auto drawDurationMs = [&](int topic) {
        // Not given in the profile: log-normal with mean 0.8 x the service norm, CV 0.5.
        const double mean = 0.8 * config.services[topic].serviceNormMin * 60.0, cv = 0.5;
        const double sigma = std::sqrt(std::log(1 + cv * cv)), mu = std::log(mean) - sigma * sigma / 2;
        return static_cast<qint64>(std::max(30.0, std::lognormal_distribution<double>(mu, sigma)(rng))) * 1000;
    };

    QHash<qint64, Record> records;   // by ticket id
    QList<qint64> order;
    std::map<int, std::pair<qint64, qint64>> busy;   // window -> (finish at, ticket)
    QHash<int, bool> paused;
    QList<int> waitingPerTopic(topics, 0);
    qsizetype next = 0;

    auto hourPlanAt = [&](qint64 now) -> const HourPlan * {
        if (plan.isEmpty())
            return nullptr;
        const int h = static_cast<int>((now - midnight) / 3600000);
        for (const HourPlan &p : plan)
            if (p.hour == h)
                return &p;
        return h > plan.last().hour ? &plan.last() : &plan.first();
    };

    for (int guard = 0; guard < 10000000; ++guard) {
        // The next instant something happens.
        qint64 t = std::numeric_limits<qint64>::max();
        if (next < arrivals.size())
            t = midnight + arrivals[next].atS * 1000LL;
        for (const auto &b : busy)
            t = std::min(t, b.second.first);
        if (staffed) {
            const qint64 nextHour = (clock.nowMs() - midnight) / 3600000 * 3600000 + 3600000 + midnight;
            if (engine.waitingCount() > 0 || next < arrivals.size() || !busy.empty())
                t = std::min(t, nextHour);
        }
        if (t == std::numeric_limits<qint64>::max())
            break;
        clock.setMs(std::max(t, clock.nowMs()));
        const qint64 now = clock.nowMs();

        for (auto it = busy.begin(); it != busy.end();) {
            if (it->second.first > now) {
                ++it;
                continue;
            }
            auto r = engine.finish(it->first, QStringLiteral("resolved"), QString());
            if (!r) {
                *error = QStringLiteral("finish at window %1: %2").arg(it->first).arg(r.error().message);
                return std::nullopt;
            }
            it = busy.erase(it);
        }
        while (next < arrivals.size() && midnight + arrivals[next].atS * 1000LL <= now) {
            const Arrival &a = arrivals[next++];
            const bool booked = a.priority == QLatin1String("booked");
            auto r = booked ? engine.issue(a.service, QString(), now) : engine.issue(a.service, a.priority);
            if (!r) {
                *error = QStringLiteral("line %1: issue refused: %2").arg(a.line).arg(r.error().message);
                return std::nullopt;
            }
            Record rec;
            rec.topic = topicIndex(config, a.service);
            rec.outOfTurn = !a.priority.isEmpty() && !booked;
            rec.booked = booked;
            rec.issuedAt = now;
            rec.forecastS = r->estimatedWaitS;
            rec.hour = a.atS / 3600;
            rec.serviceMs = a.serviceMin > 0 ? qRound64(a.serviceMin * 60000.0) : drawDurationMs(rec.topic);
            records.insert(r->ticket.id, rec);
            order.append(r->ticket.id);
            waitingPerTopic[rec.topic] += 1;
        }

        // Staffing: a window works if its rank is within the hour's advice, or
        // it is its topic's first window and visitors of the topic still wait.
        if (staffed) {
            const HourPlan *p = hourPlanAt(now);
            for (int w : std::as_const(windows)) {
                const auto [topic, rank] = dedicated.value(w);
                const bool wanted = topic < 0 ? (p && rank < p->pooledWindows) || (rank == 0 && engine.waitingCount() > 0)
                                              : (p && rank < p->windows[topic]) || (rank == 0 && waitingPerTopic[topic] > 0);
                if (busy.count(w))
                    continue;
                if (!wanted && !paused.value(w)) {
                    if (!engine.pause(w, QStringLiteral("break"))) {
                        *error = QStringLiteral("cannot pause window %1").arg(w);
                        return std::nullopt;
                    }
                    paused.insert(w, true);
                } else if (wanted && paused.value(w)) {
                    if (!engine.resume(w)) {
                        *error = QStringLiteral("cannot resume window %1").arg(w);
                        return std::nullopt;
                    }
                    paused.insert(w, false);
                }
            }
        }

        // Free desks call at once, in a random order (the seed).
        QList<int> idle;
        for (int w : std::as_const(windows))
            if (!busy.count(w) && !paused.value(w))
                idle.append(w);
        std::shuffle(idle.begin(), idle.end(), rng);
        for (int w : std::as_const(idle)) {
            if (engine.waitingCount() == 0)
                break;
            auto r = engine.call(w);
            if (!r) {
                *error = QStringLiteral("call at window %1: %2").arg(w).arg(r.error().message);
                return std::nullopt;
            }
            if (!r.value())
                continue;
            const qint64 id = r.value()->id;
            if (!engine.start(w)) {
                *error = QStringLiteral("cannot start the service at window %1").arg(w);
                return std::nullopt;
            }
            Record &rec = records[id];
            rec.calledAt = now;
            waitingPerTopic[rec.topic] -= 1;
            busy[w] = {now + rec.serviceMs, id};
        }
        if (next >= arrivals.size() && busy.empty() && (engine.waitingCount() == 0 || idle.isEmpty()))
            break;
    }

    // Metrics of the served tickets; tickets no window could call are counted apart.
    QList<const Record *> all;
    QList<QList<const Record *>> byTopic(topics);
    int unserved = 0;
    for (qint64 id : std::as_const(order)) {
        const Record &r = records[id];
        if (!r.calledAt) {
            ++unserved;
            continue;
        }
        all.append(&r);
        byTopic[r.topic].append(&r);
    }
    QJsonArray topicsJson;
    for (int t = 0; t < topics; ++t) {
        QJsonObject o = metrics(byTopic[t], config);
        o.insert(QStringLiteral("id"), config.services[t].id);
        o.insert(QStringLiteral("wait_norm_min"),
                 config.services[t].waitNormMin ? QJsonValue(config.services[t].waitNormMin) : QJsonValue());
        o.insert(QStringLiteral("service_norm_min"), config.services[t].serviceNormMin);
        topicsJson.append(o);
    }
    // Pre-booked visitors against their target: called within 5 minutes of the slot.
    QList<double> bookedWaits;
    int bookedWithin = 0;
    for (const Record *r : std::as_const(all)) {
        if (!r->booked)
            continue;
        bookedWaits.append((r->calledAt - r->issuedAt) / 60000.0);
        if (r->calledAt - r->issuedAt <= 5 * 60000LL)
            ++bookedWithin;
    }
    double bookedSum = 0;
    for (double w : std::as_const(bookedWaits))
        bookedSum += w;
    const int nBooked = static_cast<int>(bookedWaits.size());
    QJsonObject out{
        {QStringLiteral("booked"),
         QJsonObject{{QStringLiteral("tickets"), nBooked},
                     {QStringLiteral("wait_min"),
                      QJsonObject{{QStringLiteral("mean"), nBooked ? round2(bookedSum / nBooked) : 0.0},
                                  {QStringLiteral("p90"), round2(percentile(bookedWaits, 0.9))},
                                  {QStringLiteral("max"), round2(percentile(bookedWaits, 1.0))}}},
                     {QStringLiteral("pct_within_5_min"), pct(bookedWithin, nBooked)}}},
        {QStringLiteral("policy"), options.policy},
        {QStringLiteral("seed"), QString::number(options.seed)},
        {QStringLiteral("windows"), static_cast<int>(config.windows.size())},
        {QStringLiteral("visit_norm_min"), config.visitNormMin},
        {QStringLiteral("arrivals"), static_cast<int>(arrivals.size())},
        {QStringLiteral("unserved"), unserved},
        {QStringLiteral("overall"), metrics(all, config)},
        {QStringLiteral("topics"), topicsJson},
    };
    if (staffed) {
        QJsonArray hours;
        for (const HourPlan &p : plan) {
            QJsonObject windowsJson, predicted, simulated, rates;
            for (int t = 0; t < topics; ++t) {
                const ServiceInfo &s = config.services[t];
                windowsJson.insert(s.id, p.windows[t]);
                rates.insert(s.id, p.arrivalsPerHour[t]);
                predicted.insert(s.id, std::round(1000.0 * (pooled ? p.pooledPredictedShare[t] : p.predictedShare[t])) / 10.0);
                const int norm = s.waitNormMin ? s.waitNormMin : config.visitNormMin;
                int n = 0, within = 0;
                for (const Record *r : byTopic[t]) {
                    if (r->hour != p.hour)
                        continue;
                    ++n;
                    if (r->calledAt - r->issuedAt <= norm * 60000LL)
                        ++within;
                }
                simulated.insert(s.id, pct(within, n));
            }
            hours.append(QJsonObject{{QStringLiteral("hour"), QStringLiteral("%1:00").arg(p.hour, 2, 10, QLatin1Char('0'))},
                                     {QStringLiteral("arrivals"), rates},
                                     {QStringLiteral("windows"), pooled ? QJsonValue(p.pooledWindows) : QJsonValue(windowsJson)},
                                     {QStringLiteral("predicted_pct_within_norm"), predicted},
                                     {QStringLiteral("simulated_pct_within_norm"), simulated}});
        }
        out.insert(QStringLiteral("staffing"),
                   QJsonObject{{QStringLiteral("target"), options.staffingTarget},
                               {QStringLiteral("windows"), pooled ? QStringLiteral("pooled") : QStringLiteral("dedicated")},
                               {QStringLiteral("hours"), hours}});
    }
    return out;
}

} // namespace queue::sim
