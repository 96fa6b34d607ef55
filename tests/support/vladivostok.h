#pragma once

// The moment the client tests against an in-process fake server start at: the test process
// runs on UTC (ctest sets TZ=UTC) and the office is in Asia/Vladivostok (UTC+10, no DST), so
// a time shown in the machine's zone instead of the office's is off by ten hours.
#include <QDateTime>
#include <QTimeZone>

namespace queue::test {

// 2026-12-03 21:00 UTC is 07:00 of 12-04 in Vladivostok; the office opens at 08:00 there.
inline const QDateTime kVladivostokMorning(QDate(2026, 12, 3), QTime(21, 0), QTimeZone::utc());
inline const QDateTime kVladivostokOpening(QDate(2026, 12, 3), QTime(22, 0), QTimeZone::utc());
inline const QString kVladivostok = QStringLiteral("Asia/Vladivostok");

} // namespace queue::test
