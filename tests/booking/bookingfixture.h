#pragma once
// A small office for the booking tests (UTC, so that times read plainly):
// payments (П, 10 min) at windows 1-4, contracts (К, 15 min) at windows 2 and 4;
// Mon-Fri 09:00-13:00 and 14:00-18:00, Sat 10:00-14:00, Sun closed;
// 2026-12-31 a holiday, 2026-12-30 shortened to 09:00-12:00, Sunday 2027-01-03 open 10:00-12:00.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace queue::test {

inline QJsonObject bookingOfficeJson()
{
    return QJsonDocument::fromJson(R"({
      "office": {"name": "Booking office", "timezone": "UTC"},
      "services": [
        {"id": "payments", "name": "Payments", "prefix": "П", "wait_norm_min": 5, "service_norm_min": 10},
        {"id": "contracts", "name": "Contracts", "prefix": "К", "wait_norm_min": 10, "service_norm_min": 15}
      ],
      "windows": [
        {"number": 1, "services": ["payments"]},
        {"number": 2, "services": ["payments", "contracts"]},
        {"number": 3, "services": ["payments"]},
        {"number": 4, "services": ["payments", "contracts"]}
      ],
      "devices": [
        {"name": "kiosk-1", "role": "kiosk", "token": "kiosk-token"},
        {"name": "site", "role": "booking", "token": "booking-token"},
        {"name": "boss", "role": "manager", "token": "manager-token"}
      ],
      "schedule": {"mon": ["09:00-13:00", "14:00-18:00"], "tue": ["09:00-13:00", "14:00-18:00"],
                   "wed": ["09:00-13:00", "14:00-18:00"], "thu": ["09:00-13:00", "14:00-18:00"],
                   "fri": ["09:00-13:00", "14:00-18:00"], "sat": ["10:00-14:00"], "sun": []},
      "holidays": ["2026-12-31"],
      "special_days": [{"date": "2026-12-30", "hours": ["09:00-12:00"]},
                       {"date": "2027-01-03", "hours": ["10:00-12:00"]}],
      "booking": {"walk_in_share": 0.5}
    })").object();
}

} // namespace queue::test
