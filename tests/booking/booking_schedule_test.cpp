// The office schedule with holidays and shortened days, its validation, and
// slot generation across breaks, holidays and shortened days.
#include "bookingfixture.h"
#include "server/booking.h"
#include "server/officeconfig.h"
#include "server/schedule.h"

#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::bookingOfficeJson;

namespace {

qint64 at(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc()).toMSecsSinceEpoch();
}

OfficeConfig office(const QJsonObject &root = bookingOfficeJson())
{
    ConfigError e;
    const auto c = parseOfficeConfig(root, &e);
    EXPECT_TRUE(c.has_value()) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
    return c.value_or(OfficeConfig{});
}

ConfigError errorOf(const QJsonObject &root)
{
    ConfigError e;
    EXPECT_FALSE(parseOfficeConfig(root, &e).has_value());
    return e;
}

QStringList times(const QList<BookingModule::SlotTime> &list)
{
    QStringList out;
    for (const auto &s : list)
        out.append(QDateTime::fromMSecsSinceEpoch(s.start, QTimeZone::utc()).toString(QStringLiteral("HH:mm")));
    return out;
}

} // namespace

TEST(BookingSchedule, HolidayIsClosedAllDayAndShortenedDayClosesEarly)
{
    const OfficeConfig c = office();
    const Schedule s(c);
    // Thursday 2026-12-24: an ordinary day with a lunch break.
    EXPECT_TRUE(s.isOpen(at(2026, 12, 24, 9, 0)));
    EXPECT_FALSE(s.isOpen(at(2026, 12, 24, 13, 30)));
    EXPECT_TRUE(s.isOpen(at(2026, 12, 24, 17, 59)));
    // Thursday 2026-12-31: a holiday.
    EXPECT_FALSE(s.isOpen(at(2026, 12, 31, 10, 0)));
    EXPECT_FALSE(s.isOpen(at(2026, 12, 31, 15, 0)));
    EXPECT_TRUE(s.intervals(QDate(2026, 12, 31)).isEmpty());
    EXPECT_TRUE(s.isSpecialDay(QDate(2026, 12, 31)));
    // Wednesday 2026-12-30: shortened to 09:00-12:00.
    EXPECT_TRUE(s.isOpen(at(2026, 12, 30, 11, 59)));
    EXPECT_FALSE(s.isOpen(at(2026, 12, 30, 12, 0)));
    EXPECT_FALSE(s.isOpen(at(2026, 12, 30, 15, 0)));
    // Sunday 2027-01-03: normally closed, open 10:00-12:00 this once; the Sunday before is closed.
    EXPECT_TRUE(s.isOpen(at(2027, 1, 3, 10, 0)));
    EXPECT_FALSE(s.isOpen(at(2026, 12, 27, 10, 0)));
}

TEST(BookingSchedule, NextOpeningSkipsHolidays)
{
    const OfficeConfig c = office();
    const Schedule s(c);
    // After the shortened day closes: not the holiday, but Friday 2027-01-01 09:00.
    EXPECT_EQ(s.nextOpening(at(2026, 12, 30, 12, 0)), at(2027, 1, 1, 9, 0));
    // During the lunch break: after it.
    EXPECT_EQ(s.nextOpening(at(2026, 12, 24, 13, 10)), at(2026, 12, 24, 14, 0));
    // Saturday evening: the extra Sunday opening.
    EXPECT_EQ(s.nextOpening(at(2027, 1, 2, 15, 0)), at(2027, 1, 3, 10, 0));

    // A run of holidays longer than a week (the New Year break).
    QJsonObject root = bookingOfficeJson();
    QJsonArray holidays;
    for (int d = 1; d <= 10; ++d)
        holidays.append(QDate(2027, 1, d).toString(Qt::ISODate));
    root.insert(QStringLiteral("holidays"), holidays);
    root.remove(QStringLiteral("special_days"));
    const OfficeConfig longBreak = office(root);
    const Schedule s2(longBreak);
    EXPECT_EQ(s2.nextOpening(at(2026, 12, 31, 20, 0)), at(2027, 1, 11, 9, 0));   // Monday
}

TEST(BookingSchedule, EveningAndWeekendHoursComeFromTheWeekdays)
{
    QJsonObject root = bookingOfficeJson();
    QJsonObject schedule = root.value(QStringLiteral("schedule")).toObject();
    schedule.insert(QStringLiteral("tue"), QJsonArray{QStringLiteral("12:00-21:00")});
    schedule.insert(QStringLiteral("sun"), QJsonArray{QStringLiteral("10:00-16:00")});
    root.insert(QStringLiteral("schedule"), schedule);
    const OfficeConfig c = office(root);
    const Schedule s(c);
    EXPECT_TRUE(s.isOpen(at(2026, 12, 22, 20, 30)));   // Tuesday evening
    EXPECT_FALSE(s.isOpen(at(2026, 12, 22, 21, 0)));
    EXPECT_TRUE(s.isOpen(at(2026, 12, 27, 15, 0)));    // Sunday
}

TEST(BookingSchedule, HolidaysWithoutAWeeklyScheduleMeanOpenAroundTheClockOtherwise)
{
    QJsonObject root = bookingOfficeJson();
    root.remove(QStringLiteral("schedule"));
    root.remove(QStringLiteral("special_days"));
    const OfficeConfig c = office(root);
    const Schedule s(c);
    EXPECT_TRUE(s.isOpen(at(2026, 12, 27, 3, 0)));
    EXPECT_FALSE(s.isOpen(at(2026, 12, 31, 3, 0)));
    EXPECT_EQ(s.nextOpening(at(2026, 12, 31, 3, 0)), at(2027, 1, 1, 0, 0));
}

TEST(BookingSchedule, BadDatesAndSettingsAreRefusedWithTheField)
{
    QJsonObject root = bookingOfficeJson();
    root.insert(QStringLiteral("holidays"), QJsonArray{QStringLiteral("2026-12-31"), QStringLiteral("31.12.2026")});
    EXPECT_EQ(errorOf(root).field, QStringLiteral("holidays[1]"));

    root = bookingOfficeJson();
    root.insert(QStringLiteral("holidays"), QJsonArray{QStringLiteral("2026-02-30")});
    EXPECT_EQ(errorOf(root).field, QStringLiteral("holidays[0]"));

    root = bookingOfficeJson();
    root.insert(QStringLiteral("holidays"), QJsonArray{QStringLiteral("2026-12-30")});   // also a special day
    const ConfigError twice = errorOf(root);
    EXPECT_EQ(twice.field, QStringLiteral("special_days[0].date"));
    EXPECT_TRUE(twice.problem.contains(QStringLiteral("twice")));

    root = bookingOfficeJson();
    root.insert(QStringLiteral("special_days"),
                QJsonArray{QJsonObject{{QStringLiteral("date"), QStringLiteral("2026-12-29")},
                                       {QStringLiteral("hours"), QJsonArray{QStringLiteral("12:00-10:00")}}}});
    EXPECT_EQ(errorOf(root).field, QStringLiteral("special_days[0].hours[0]"));

    root = bookingOfficeJson();
    root.insert(QStringLiteral("special_days"), QJsonArray{QJsonObject{{QStringLiteral("date"), QStringLiteral("2026-12-29")}}});
    EXPECT_EQ(errorOf(root).field, QStringLiteral("special_days[0].hours"));

    root = bookingOfficeJson();
    root.insert(QStringLiteral("booking"), QJsonObject{{QStringLiteral("walk_in_share"), 1.5}});
    EXPECT_EQ(errorOf(root).field, QStringLiteral("booking.walk_in_share"));

    root = bookingOfficeJson();
    root.insert(QStringLiteral("booking"), QJsonObject{{QStringLiteral("purge_days"), 10}});
    EXPECT_EQ(errorOf(root).field, QStringLiteral("booking.purge_days"));

    root = bookingOfficeJson();
    QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
    devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("role"), QStringLiteral("robot")},
                               {QStringLiteral("token"), QStringLiteral("robot-token")}});
    root.insert(QStringLiteral("devices"), devices);
    const ConfigError role = errorOf(root);
    EXPECT_EQ(role.field, QStringLiteral("devices[3].role"));
    EXPECT_TRUE(role.problem.contains(QStringLiteral("booking")));
}

TEST(BookingSchedule, BookingSettingsHaveDefaults)
{
    const OfficeConfig c = office();
    EXPECT_DOUBLE_EQ(c.booking.walkInShare, 0.5);
    EXPECT_EQ(c.booking.purgeAfterDays, 30);
    EXPECT_EQ(c.booking.checkinBeforeMin, 15);
    EXPECT_EQ(c.booking.checkinAfterMin, 10);
    EXPECT_EQ(c.booking.slotMin, 0);
    EXPECT_EQ(c.devices[1].role, QStringLiteral("booking"));
}

TEST(BookingSlots, SlotsFollowTheNormAndStopAtBreaks)
{
    const OfficeConfig c = office();
    const Schedule s(c);
    // Contracts, 15 min: 09:00..12:45 then 14:00..17:45; none crosses the lunch break.
    const QStringList contracts = times(BookingModule::slotTimes(c, s, QStringLiteral("contracts"), QDate(2026, 12, 24)));
    ASSERT_EQ(contracts.size(), 32);
    EXPECT_EQ(contracts.first(), QStringLiteral("09:00"));
    EXPECT_EQ(contracts[15], QStringLiteral("12:45"));
    EXPECT_EQ(contracts[16], QStringLiteral("14:00"));
    EXPECT_EQ(contracts.last(), QStringLiteral("17:45"));
    EXPECT_FALSE(contracts.contains(QStringLiteral("13:00")));
    const auto list = BookingModule::slotTimes(c, s, QStringLiteral("contracts"), QDate(2026, 12, 24));
    EXPECT_EQ(list.first().end - list.first().start, 15 * 60000);
}

TEST(BookingSlots, NoSlotsOnHolidaysAndFewerOnShortenedDays)
{
    const OfficeConfig c = office();
    const Schedule s(c);
    EXPECT_TRUE(BookingModule::slotTimes(c, s, QStringLiteral("payments"), QDate(2026, 12, 31)).isEmpty());
    EXPECT_TRUE(BookingModule::slotTimes(c, s, QStringLiteral("payments"), QDate(2026, 12, 27)).isEmpty());   // Sunday
    const QStringList shortDay = times(BookingModule::slotTimes(c, s, QStringLiteral("payments"), QDate(2026, 12, 30)));
    ASSERT_EQ(shortDay.size(), 18);   // 09:00-12:00 in 10-minute slots
    EXPECT_EQ(shortDay.last(), QStringLiteral("11:50"));
    EXPECT_EQ(times(BookingModule::slotTimes(c, s, QStringLiteral("payments"), QDate(2027, 1, 3))).size(), 12);
    EXPECT_TRUE(BookingModule::slotTimes(c, s, QStringLiteral("nope"), QDate(2026, 12, 24)).isEmpty());
}

TEST(BookingSlots, ALastPartialSlotIsDropped)
{
    QJsonObject root = bookingOfficeJson();
    root.insert(QStringLiteral("booking"), QJsonObject{{QStringLiteral("slot_min"), 25}});
    const OfficeConfig c = office(root);
    const Schedule s(c);
    // Saturday 10:00-14:00 = 240 min: 9 slots of 25 min, the last 13:20-13:45.
    const QStringList sat = times(BookingModule::slotTimes(c, s, QStringLiteral("payments"), QDate(2026, 12, 26)));
    ASSERT_EQ(sat.size(), 9);
    EXPECT_EQ(sat.last(), QStringLiteral("13:20"));
}

TEST(BookingSlots, CapacityIsTheWindowsLessTheWalkInShare)
{
    OfficeConfig c = office();
    EXPECT_EQ(BookingModule::capacity(c, QStringLiteral("payments")), 2);    // 4 windows, half kept
    EXPECT_EQ(BookingModule::capacity(c, QStringLiteral("contracts")), 1);   // 2 windows
    c.booking.walkInShare = 0.0;
    EXPECT_EQ(BookingModule::capacity(c, QStringLiteral("payments")), 4);
    c.booking.walkInShare = 0.9;
    EXPECT_EQ(BookingModule::capacity(c, QStringLiteral("payments")), 1);    // at least one while share < 1
    c.booking.walkInShare = 1.0;
    EXPECT_EQ(BookingModule::capacity(c, QStringLiteral("payments")), 0);    // booking off
    EXPECT_EQ(BookingModule::capacity(c, QStringLiteral("nope")), 0);
}
