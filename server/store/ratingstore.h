#pragma once

#include <QDate>
#include <QHash>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `ratings` table (migration 004): one satisfaction rating per ticket.
// Every statement on it is here; the reporter's scan takes its join from kReportJoin.
class RatingStore {
public:
    explicit RatingStore(Storage &storage) : m_storage(storage) {}

    struct Rating {
        qint64 ticketId = 0;
        int score = 0;
        QString reason;
        QString channel;        // kiosk, web, manager
        QString service;
        int window = 0;         // 0: none
        QString operatorLogin;
        qint64 createdAt = 0;
    };
    // The score of a ticket; nullopt when it is not rated.
    std::optional<int> score(qint64 ticketId);
    bool add(const Rating &rating);

    struct Summary {
        int count = 0;
        int sum = 0;
    };
    // Ratings of the tickets of one business day, per topic.
    QHash<QString, Summary> byServiceOn(const QDate &businessDay);

    // For the reporter's own read-only scan of `tickets t`: the join and the score column.
    static constexpr const char *kReportJoin = " LEFT JOIN ratings r ON r.ticket_id = t.id";
    static constexpr const char *kReportScore = "r.score";

private:
    Storage &m_storage;
};

} // namespace queue::server
