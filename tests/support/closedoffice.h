#pragma once

#include "support/testserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

namespace queue::test {

// testOfficeConfig() in the time zone `zone`, open half an hour every day at a time that
// is not now there: closed at the start of the test, with a known next opening. `opensAt`
// gets that time of day ("08:00", office-local).
inline QJsonObject closedOfficeConfig(const QTimeZone &zone, QString *opensAt)
{
    const int hour = QDateTime::currentDateTimeUtc().toTimeZone(zone).time().hour();
    const QString opens = hour >= 7 && hour < 10 ? QStringLiteral("14:00") : QStringLiteral("08:00");
    QJsonObject config = testOfficeConfig();
    QJsonObject office = config.value(QStringLiteral("office")).toObject();
    office.insert(QStringLiteral("timezone"), QString::fromUtf8(zone.id()));
    config.insert(QStringLiteral("office"), office);
    QJsonObject schedule;
    for (const char *d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        schedule.insert(QString::fromLatin1(d), QJsonArray{QString(opens + u'-' + opens.left(2) + u":30")});
    config.insert(QStringLiteral("schedule"), schedule);
    *opensAt = opens;
    return config;
}

} // namespace queue::test
