#pragma once

#include "common/protocol.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The statements of the engine on the `tickets` table, in one place: a row is
// read and written here and nowhere else in the engine. Value types come from
// common/protocol.h; what a topic's segment is stays the caller's business.
// Writes happen inside the caller's storage scope.
class TicketStore {
public:
    explicit TicketStore(Storage &storage);

    std::optional<Ticket> load(qint64 id) const;   // `segment` is left empty
    // Writes every field that changes after issue (not number, issue time, topic chosen).
    bool save(const Ticket &t);
    // A new row; its id, 0 on failure. `bookedAt`: the slot of a checked-in booking, or 0.
    // `pageToken`: the token of the ticket's public page (server/pagetoken.h), unique.
    qint64 insert(const Ticket &t, const QString &prefix, int seq, const QString &businessDay, qint64 bookedAt,
                  const QString &pageToken = QString());
    qint64 bookedAt(qint64 id) const;   // 0: a walk-in
    // The ticket's public page token (not part of load(): events and listings never carry it).
    QString pageToken(qint64 id) const;
    qint64 idByPageToken(const QString &token) const;   // 0: no such ticket
    // The tickets still waiting to be called (waiting, redirected, postponed).
    QList<qint64> queuedIds() const;
    // Numbers held per prefix by tickets that are not over (waiting, called, serving,
    // redirected, postponed).
    QHash<QString, QSet<int>> heldNumbers() const;

    // The latest ticket with the printed `number` issued on one of two business days (for the
    // ratings' lookup by number; ratings.cpp switches to it once the ticket page token has landed).
    std::optional<qint64> findByNumber(const QString &number, const QString &day, const QString &otherDay) const;

    // A ticket's times as the live statistics and the forecast read them. Times are 0 when not reached.
    struct Times {
        QString service;          // the topic it is in now (after redirects)
        QString originalService;  // the topic chosen at the kiosk
        QString calledService;    // the topic it was first called in; empty: not called
        QString priority;         // empty: in turn
        QString state;
        qint64 issuedAt = 0;
        qint64 calledAt = 0;
        qint64 startedAt = 0;
        qint64 finishedAt = 0;
    };
    // The tickets of a business day ("YYYY-MM-DD"), in the order they were issued.
    QList<Times> ofDay(const QString &businessDay) const;
    // The tickets of a business day that ended (done, no_show) at `window`.
    QList<Times> endedAtWindow(const QString &businessDay, int window) const;
    // Tickets issued after `sinceMs` and not cancelled, per topic.
    QHash<QString, int> arrivalsSince(qint64 sinceMs) const;

    // Each window with the ticket it holds (the engine's window states).
    struct AtWindow {
        int window = 0;
        QString windowState;
        bool hasTicket = false;
        QString service;          // of the ticket
        QString state;            // of the ticket
        qint64 calledAt = 0;
        qint64 startedAt = 0;
    };
    QList<AtWindow> atWindows() const;

    // The booking report over business days from..to (inclusive), nullopt when the query failed:
    // tickets not cancelled, with and without a booking,
    struct Visitors {
        int booked = 0;
        int walkIn = 0;
    };
    std::optional<Visitors> visitorsBetween(const QDate &from, const QDate &to) const;
    // and the waits of booked tickets that were called, from the slot (or the check-in, if later), in ms.
    std::optional<QList<qint64>> bookedWaitsBetween(const QDate &from, const QDate &to) const;

private:
    Storage &m_storage;
};

} // namespace queue::server
