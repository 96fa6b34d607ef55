#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>
#include <QTimeZone>

namespace queue::app {

// Times as visitors read them: always in the office's time zone (the `timezone` of
// GET /api/v1/services), never in the zone of the machine that shows them — a kiosk PC set
// to UTC must still say that a Moscow office opens at 08:00. Shared by the kiosk and the board.
class OfficeTime {
    Q_DECLARE_TR_FUNCTIONS(OfficeTime)
public:
    // When the office opens, relative to `nowMs` in `zone`: "today at 08:00",
    // "tomorrow at 08:00", else "Monday, 30 November, at 08:00" (weekday and date in
    // `locale`). Empty for 0 (no opening known).
    static QString openingText(qint64 openingMs, qint64 nowMs, const QTimeZone &zone, const QLocale &locale);
    // "08:00": the time of day of `ms` in `zone`.
    static QString timeText(qint64 ms, const QTimeZone &zone);
};

} // namespace queue::app
