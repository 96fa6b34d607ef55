#pragma once

#include <QDateTime>

namespace queue {

// Where time comes from. Production code uses SystemClock; tests and the
// simulator inject their own, so norms, the daily restart and purges are
// tested without sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;   // milliseconds since the Unix epoch, UTC
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

} // namespace queue
