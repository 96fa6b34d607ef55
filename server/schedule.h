#pragma once

#include "officeconfig.h"

#include <QDate>

namespace queue::server {

// Opening hours of the office in its own time zone.
class Schedule {
public:
    explicit Schedule(const OfficeConfig &config) : m_config(config) {}

    bool isOpen(qint64 ms) const;
    // The opening intervals of a local date: a holiday or shortened day from
    // the config's dates, else the weekday's. Empty: closed all day.
    QList<Interval> intervals(const QDate &date) const;
    // Whether `date` is listed as a holiday or special day.
    bool isSpecialDay(const QDate &date) const { return m_config.specialDays.contains(date); }
    // The office's working-day calendar (review deadlines, bookings, reports):
    // a listed holiday is not a working day, a listed shortened day is; other
    // dates follow the weekly hours. An office without hours works Monday to Friday.
    bool isWorkingDay(const QDate &date) const;
    // The end (23:59:59 local) of the `days`-th working day after the local
    // date of `fromMs`: "within 10 working days" of the standard.
    qint64 addWorkingDays(qint64 fromMs, int days) const;
    // Working days from `from` to `to`, both included.
    int workingDaysBetween(const QDate &from, const QDate &to) const;
    // Start of the next opening interval after `ms`; 0 when there is none
    // (always open, or no interval within a year).
    qint64 nextOpening(qint64 ms) const;
    // The day whose numbering a ticket issued at `ms` belongs to: the office's
    // local calendar date. Numbers restart when it changes, which for an office
    // closed at night is the same as restarting at opening.
    QDate businessDay(qint64 ms) const;

private:
    QDateTime local(qint64 ms) const;
    const OfficeConfig &m_config;
};

} // namespace queue::server
