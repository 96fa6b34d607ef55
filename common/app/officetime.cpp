#include "officetime.h"

#include <QDateTime>

namespace queue::app {

QString OfficeTime::openingText(qint64 openingMs, qint64 nowMs, const QTimeZone &zone, const QLocale &locale)
{
    if (openingMs <= 0)
        return QString();
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(openingMs, zone);
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, zone).date();
    const QString time = t.time().toString(QStringLiteral("HH:mm"));
    if (t.date() == today)
        return tr("today at %1").arg(time);
    if (t.date() == today.addDays(1))
        return tr("tomorrow at %1").arg(time);
    return tr("%1 at %2").arg(locale.toString(t.date(), QStringLiteral("dddd, d MMMM")), time);
}

QString OfficeTime::timeText(qint64 ms, const QTimeZone &zone)
{
    return QDateTime::fromMSecsSinceEpoch(ms, zone).time().toString(QStringLiteral("HH:mm"));
}

} // namespace queue::app
