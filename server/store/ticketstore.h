#pragma once

#include "common/protocol.h"

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

private:
    Storage &m_storage;
};

} // namespace queue::server
