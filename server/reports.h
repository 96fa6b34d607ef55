#pragma once

#include "officeconfig.h"

#include <QDate>
#include <QJsonObject>
#include <QString>

#include <memory>

struct sqlite3;

namespace queue::server {

// What a report is asked for: a period of business days (inclusive) and the
// dimension its rows are grouped by.
struct ReportRequest {
    QDate from;
    QDate to;
    enum class Group { Service, Segment, Window, Operator, Hour, Day, Weekday };
    Group group = Group::Service;

    static std::optional<Group> groupFromString(const QString &s);
    static QString toString(Group g);
};

// Reports over the ticket history against the office's norms.
//
// Definitions (docs/reports.md):
//  - a ticket belongs to the business day it was issued on and to the topic it
//    ended in (after redirects);
//  - wait = first call − issue; service = finish − start of the visits that
//    ended `done`; visit = finish − issue of those visits;
//  - a wait is "within the norm" when wait ≤ the topic's waiting norm; topics
//    without a waiting norm are left out of that share (not counted either way);
//  - tickets still waiting count in `tickets` but have no wait yet.
//
// The reporter reads through its own read-only SQLite connection (WAL: it sees
// the last commit and never blocks the writer), straight through the C API:
// a year of history (half a million tickets) is one indexed range scan.
class Reporter {
public:
    explicit Reporter(const OfficeConfig &config);
    ~Reporter();
    Reporter(const Reporter &) = delete;
    Reporter &operator=(const Reporter &) = delete;

    bool open(const QString &databasePath, QString *error);

    // The report as JSON: {"from","to","group","rows":[…],"total":{…},
    // "hourly":[…], "wait_histogram":{…}}. Empty object + error on failure.
    QJsonObject report(const ReportRequest &request, QString *error) const;

    // The same rows as CSV for Excel in Russian: UTF-8 with BOM, ';' separated,
    // decimal comma, CRLF line ends.
    static QByteArray toCsv(const QJsonObject &report);

private:
    const OfficeConfig &m_config;
    sqlite3 *m_db = nullptr;
};

} // namespace queue::server
