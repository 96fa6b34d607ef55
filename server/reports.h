#pragma once

#include "officeconfig.h"
#include "store/ticketscan.h"

#include <QDate>
#include <QJsonObject>
#include <QString>

#include <QHash>
#include <QStringList>

#include <memory>
#include <vector>

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
// Definitions (docs/api.md, GET /api/v1/reports; docs/manager.md, "Отчёты — reports"):
//  - a ticket belongs to the business day it was issued on and to the topic it
//    ended in (after redirects);
//  - wait = first call − issue; service = finish − start of the visits that
//    ended `done`; visit = finish − issue of those visits;
//  - a wait is "within the norm" when wait ≤ the topic's waiting norm; topics
//    without a waiting norm are left out of that share (not counted either way);
//  - tickets still waiting count in `tickets` but have no wait yet.
//
// The reporter reads the history through TicketScan (server/store/ticketscan.h):
// its own read-only SQLite connection, a year of history (half a million
// tickets) in one indexed range scan; there is no SQL here.
class Reporter {
public:
    explicit Reporter(const OfficeConfig &config);
    ~Reporter();
    Reporter(const Reporter &) = delete;
    Reporter &operator=(const Reporter &) = delete;

    bool open(const QString &databasePath, QString *error);

    // Loads the closed days (before yesterday) into memory; report() does it
    // too when needed. Returns the number of tickets held.
    qint64 warmUp(const QDate &today, QString *error);

    // The report as JSON: {"from","to","group","rows":[…],"total":{…},
    // "hourly":[…], "wait_histogram":[…]}. `today` is the office's business
    // day: days before yesterday come from memory, the rest from the database.
    // Empty object + error on failure.
    QJsonObject report(const ReportRequest &request, const QDate &today, QString *error);

    // The same rows as CSV for Excel in Russian: UTF-8 with BOM, ';' separated,
    // decimal comma, CRLF line ends.
    static QByteArray toCsv(const QJsonObject &report);
    // One CSV cell for Excel (";"-separated): quoted when needed, never read as a formula.
    static QString csvCell(QString s);

    // One ticket as the reports see it (24 bytes).
    struct Fact {
        qint32 day = 0;          // Julian day of the business day
        qint32 waitS = -1;       // -1: not called
        qint32 serviceS = -1;    // -1: not served
        qint32 visitS = -1;      // -1: not served
        quint16 window = 0;      // 0: never called
        quint16 op = 0;          // index into m_operators; 0: none
        quint8 service = 255;    // index into the config's services; 255: unknown
        quint8 state = 0;        // see reports.cpp
        quint8 hour = 0;         // local hour of issue
        quint8 flags = 0;        // 1 out of turn, 2 redirected
        qint8 score = 0;         // 0: not rated
    };

private:
    bool load(const QDate &from, const QDate &to, std::vector<Fact> *out, QString *error);

    const OfficeConfig &m_config;
    TicketScan m_scan;
    std::vector<Fact> m_closed;     // business days before m_closedUntil, in day order
    QDate m_closedUntil;            // exclusive; invalid: nothing loaded yet
    // The topic ids (config order) m_closed's service indices refer to: the live
    // configuration may add or reorder topics, and then the history is loaded again.
    QStringList m_loadedServices;
    QStringList m_operators{QString()};
    QHash<QByteArray, quint16> m_operatorIndex;
};

} // namespace queue::server
