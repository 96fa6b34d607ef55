#pragma once

// Shared by the GUI latency benchmarks (queue-kiosk-bench, queue-board-bench): waiting with
// the event loop running, the server binary, a percentile line.

#include "stats.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <functional>

namespace queue::bench {

// Runs the event loop until pred() is true or ms have passed.
inline bool waitFor(const std::function<bool()> &pred, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!pred()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

inline QString serverBinNextTo(const QString &dir)
{
    for (const QString &c : QStringList{dir + QStringLiteral("/../server/queue-server"), dir + QStringLiteral("/queue-server")})
        if (QFileInfo(c).isExecutable())
            return QFileInfo(c).canonicalFilePath();
    return QStringLiteral("queue-server");
}

// Nearest-rank percentile of samples (ns) in milliseconds.
inline double percentileMs(std::vector<qint64> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    rank = std::min(std::max<size_t>(rank, 1), v.size());
    return static_cast<double>(v[rank - 1]) / 1e6;
}

inline void printLine(const char *what, const std::vector<qint64> &v)
{
    std::printf("%-34s n=%zu  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms\n", what, v.size(),
                percentileMs(v, 50), percentileMs(v, 95), percentileMs(v, 99), percentileMs(v, 100));
}

} // namespace queue::bench
