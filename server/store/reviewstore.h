#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `reviews` table (migration 004): the book of reviews. Every statement on it
// is here; what may be registered and when it is due is ReviewsModule's.
// Times are ms since the epoch, 0 when not reached. Writes happen inside the
// caller's storage scope.
class ReviewStore {
public:
    explicit ReviewStore(Storage &storage) : m_storage(storage) {}

    struct Review {
        qint64 id = 0;
        QString kind;
        QString channel;
        QString text;
        std::optional<QString> contact;
        bool consent = false;   // written, not read back
        qint64 ticketId = 0;    // 0: none
        qint64 registeredAt = 0;
        QString registeredBy;
        qint64 dueAt = 0;
        qint64 closedAt = 0;    // 0: open
        std::optional<QString> measures;
    };
    std::optional<Review> load(qint64 id) const;
    enum class Filter { Open, Overdue, Closed, All };
    // At most 1000, by deadline; Overdue: open and due before `nowMs`. nullopt when the query failed.
    std::optional<QList<Review>> list(Filter filter, qint64 nowMs) const;
    qint64 add(const Review &review);   // the id (review.id is ignored), 0 on failure
    bool close(qint64 id, qint64 atMs, const QString &measures);

    struct Counts {
        int open = 0;
        int overdue = 0;
    };
    // Open reviews and those of them past their deadline at `nowMs`.
    Counts counts(qint64 nowMs) const;

private:
    Storage &m_storage;
};

} // namespace queue::server
