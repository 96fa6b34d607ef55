#include "eventsequencer.h"

#include "common/protocol.h"

namespace queue::client {

void EventSequencer::setLastSeq(qint64 seq)
{
    m_lastSeq = seq < 0 ? kUnknown : seq;
    m_gapAt = kUnknown;
}

EventSequencer::Verdict EventSequencer::accept(const QJsonObject &message)
{
    const QString type = message.value(QLatin1String("type")).toString();
    const QJsonValue seqValue = message.value(QLatin1String("seq"));
    const double seqDouble = seqValue.toDouble(-1);
    const qint64 seq = seqValue.toInteger(-1);
    if (type.isEmpty() || !seqValue.isDouble() || seq < 0 || static_cast<double>(seq) != seqDouble)
        return Verdict::Invalid;

    if (type == QLatin1String(api::kHello)) {
        if (!hasLastSeq() || seq < m_lastSeq) {
            m_lastSeq = seq;
            m_gapAt = kUnknown;
            return Verdict::Reset;
        }
        return Verdict::Live;
    }
    if (type == QLatin1String(api::kStreamReset)) {
        m_lastSeq = seq;
        m_gapAt = kUnknown;
        return Verdict::Reset;
    }

    if (!hasLastSeq()) {
        // An event before any hello: nothing to order it against; take it as the start.
        m_lastSeq = seq;
        return Verdict::Deliver;
    }
    if (seq <= m_lastSeq)
        return Verdict::Duplicate;
    if (seq == m_lastSeq + 1) {
        m_lastSeq = seq;
        m_gapAt = kUnknown;
        return Verdict::Deliver;
    }
    if (m_gapAt == m_lastSeq) {
        m_lastSeq = seq;
        m_gapAt = kUnknown;
        return Verdict::GapSkipped;
    }
    m_gapAt = m_lastSeq;
    return Verdict::Gap;
}

} // namespace queue::client
