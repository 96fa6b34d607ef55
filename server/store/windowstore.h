#pragma once

#include "common/protocol.h"

#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `windows` table: each service window's state, operator and ticket. Every
// statement on it is here (the read of each window's ticket joins tickets and is
// TicketStore::atWindows); what a window may do is the engine's. Writes happen
// inside the caller's storage scope.
class WindowStore {
public:
    explicit WindowStore(Storage &storage) : m_storage(storage) {}

    struct Row {
        int number = 0;
        WindowState state = WindowState::Closed;
        PauseReason reason = PauseReason::None;
        QString op;
        qint64 ticketId = 0;   // 0: none
        qint64 since = 0;
    };
    // Adds window `number`, closed since `sinceMs`, unless it is there.
    bool ensure(int number, qint64 sinceMs);
    std::optional<Row> load(int number) const;
    bool save(const Row &row);
    // The other windows `login` is signed in at; nullopt when the query failed.
    std::optional<QList<int>> othersOf(const QString &login, int exceptNumber) const;

private:
    Storage &m_storage;
};

} // namespace queue::server
