#include "schedule.h"

namespace queue::server {

QDateTime Schedule::local(qint64 ms) const
{
    return QDateTime::fromMSecsSinceEpoch(ms, m_config.timeZone);
}

QDate Schedule::businessDay(qint64 ms) const { return local(ms).date(); }

QList<Interval> Schedule::intervals(const QDate &date) const
{
    if (!m_config.hasSchedule)
        return {Interval{0, 24 * 60}};
    const auto special = m_config.specialDays.constFind(date);
    if (special != m_config.specialDays.cend())
        return special.value();
    return m_config.schedule[date.dayOfWeek() - 1];
}

bool Schedule::isWorkingDay(const QDate &date) const
{
    const auto special = m_config.specialDays.constFind(date);
    if (special != m_config.specialDays.cend())
        return !special.value().isEmpty();
    if (!m_config.hasSchedule)
        return date.dayOfWeek() <= 5;
    return !m_config.schedule[date.dayOfWeek() - 1].isEmpty();
}

qint64 Schedule::addWorkingDays(qint64 fromMs, int days) const
{
    QDate d = local(fromMs).date();
    // Bounded: an office configured never to work still gets a deadline.
    for (int left = days, guard = days * 7 + 366; left > 0 && guard > 0; --guard) {
        d = d.addDays(1);
        if (isWorkingDay(d))
            --left;
    }
    return QDateTime(d, QTime(23, 59, 59), m_config.timeZone).toMSecsSinceEpoch();
}

int Schedule::workingDaysBetween(const QDate &from, const QDate &to) const
{
    int n = 0;
    for (QDate d = from; d <= to; d = d.addDays(1))
        n += isWorkingDay(d) ? 1 : 0;
    return n;
}

bool Schedule::isOpen(qint64 ms) const
{
    if (!m_config.hasSchedule)
        return true;
    const QDateTime t = local(ms);
    const int minute = t.time().hour() * 60 + t.time().minute();
    for (const Interval &in : intervals(t.date()))
        if (minute >= in.startMin && minute < in.endMin)
            return true;
    return false;
}

qint64 Schedule::nextOpening(qint64 ms) const
{
    if (!m_config.hasSchedule)
        return 0;
    const QDateTime t = local(ms);
    // A year ahead: holidays may close the office for more than a week.
    for (int offset = 0; offset <= 366; ++offset) {
        const QDate date = t.date().addDays(offset);
        for (const Interval &in : intervals(date)) {
            const QDateTime start(date, QTime(in.startMin / 60, in.startMin % 60), m_config.timeZone);
            // An interval that continues from the previous one (e.g. ends 24:00, next starts 00:00)
            // is not an opening.
            if (start.toMSecsSinceEpoch() > ms && !isOpen(start.toMSecsSinceEpoch() - 60000))
                return start.toMSecsSinceEpoch();
        }
    }
    return 0;
}

} // namespace queue::server
