#pragma once

#include "common/clock.h"

namespace queue::test {

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 ms = 0) : m_ms(ms) {}
    explicit ManualClock(const QDateTime &t) : m_ms(t.toMSecsSinceEpoch()) {}
    qint64 nowMs() const override { return m_ms; }
    void set(const QDateTime &t) { m_ms = t.toMSecsSinceEpoch(); }
    void setMs(qint64 ms) { m_ms = ms; }
    void advanceMs(qint64 ms) { m_ms += ms; }
    void advanceSec(qint64 s) { m_ms += s * 1000; }
    void advanceMin(qint64 m) { m_ms += m * 60000; }

private:
    qint64 m_ms;
};

} // namespace queue::test
