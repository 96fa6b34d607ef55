#include "norms.h"

namespace queue::desk {

NormLevel normLevel(qint64 seconds, qint64 normS)
{
    if (normS <= 0 || seconds < 0)
        return NormLevel::None;
    // Integer arithmetic: exactly 80 % is amber, exactly 100 % still amber.
    if (seconds * 10 < normS * 8)
        return NormLevel::Green;
    if (seconds <= normS)
        return NormLevel::Amber;
    return NormLevel::Red;
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    const qint64 h = seconds / 3600, m = (seconds % 3600) / 60, s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace queue::desk
