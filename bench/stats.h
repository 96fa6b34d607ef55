#pragma once

// Small helpers shared by the benchmark phases: one steady clock for the
// whole process and percentile summaries.

#include <QElapsedTimer>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <vector>

namespace queue::bench {

// Nanoseconds on one steady clock (QElapsedTimer, monotonic) for the whole
// process, so that times taken by different connections compare directly.
inline qint64 nowNs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}

struct Summary {
    qint64 count = 0;
    double p50 = 0;   // milliseconds
    double p90 = 0;
    double p99 = 0;
    double max = 0;
    double mean = 0;

    QJsonObject toJson() const
    {
        auto r = [](double v) { return std::round(v * 1000.0) / 1000.0; };
        return QJsonObject{{QStringLiteral("count"), count},
                           {QStringLiteral("p50_ms"), r(p50)},
                           {QStringLiteral("p90_ms"), r(p90)},
                           {QStringLiteral("p99_ms"), r(p99)},
                           {QStringLiteral("max_ms"), r(max)},
                           {QStringLiteral("mean_ms"), r(mean)}};
    }
};

// Nearest-rank percentiles of samples in nanoseconds, reported in milliseconds.
inline Summary summarize(std::vector<qint64> samplesNs)
{
    Summary s;
    s.count = static_cast<qint64>(samplesNs.size());
    if (samplesNs.empty())
        return s;
    std::sort(samplesNs.begin(), samplesNs.end());
    auto pick = [&](double q) {
        const auto n = samplesNs.size();
        auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(n)));
        rank = std::clamp<size_t>(rank, 1, n);
        return static_cast<double>(samplesNs[rank - 1]) / 1e6;
    };
    s.p50 = pick(0.50);
    s.p90 = pick(0.90);
    s.p99 = pick(0.99);
    s.max = static_cast<double>(samplesNs.back()) / 1e6;
    double sum = 0;
    for (const qint64 v : samplesNs)
        sum += static_cast<double>(v);
    s.mean = sum / static_cast<double>(samplesNs.size()) / 1e6;
    return s;
}

} // namespace queue::bench
