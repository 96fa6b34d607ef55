#pragma once

#include <QByteArrayView>
#include <QDate>
#include <QString>

#include <functional>

struct sqlite3;

namespace queue::server {

// The reporter's read of the history: every ticket of a range of business days
// with its rating, in day order, through its own read-only SQLite connection
// (WAL: it sees the last commit and never blocks the writer), straight through
// the C API — a year of history (half a million tickets) is one indexed range scan.
// The statement on `tickets` is here (the ratings join comes from RatingStore);
// what a row means for a report stays with the caller.
class TicketScan {
public:
    TicketScan() = default;
    ~TicketScan();
    TicketScan(const TicketScan &) = delete;
    TicketScan &operator=(const TicketScan &) = delete;

    bool open(const QString &databasePath, QString *error);
    bool isOpen() const { return m_db != nullptr; }

    // One ticket. The views point into SQLite's row and are valid only during the callback.
    struct Row {
        QByteArrayView businessDay;   // "YYYY-MM-DD"
        QByteArrayView service;       // the topic it ended in
        QByteArrayView state;
        QByteArrayView operatorLogin; // empty: never called
        bool outOfTurn = false;       // a priority was given
        int redirects = 0;
        int window = 0;               // 0: never called
        qint64 issuedAt = 0;
        qint64 calledAt = -1;         // -1: never called
        qint64 startedAt = 0;         // 0: not started
        qint64 finishedAt = 0;        // 0: not finished
        int score = 0;                // 0: not rated
    };
    // Calls `visit` for each ticket of the business days from..to (inclusive), in day order.
    bool scan(const QDate &from, const QDate &to, const std::function<void(const Row &)> &visit, QString *error);

private:
    sqlite3 *m_db = nullptr;
};

} // namespace queue::server
