#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `audit` table (migration 008): who changed what, and every sign-in. Every
// statement on it is here. Writes happen inside the caller's storage scope, so an
// entry commits (or rolls back) with the change it describes. Callers never pass
// secrets: a password, PIN, token or code is written as "(set)" or not at all.
class AuditStore {
public:
    explicit AuditStore(Storage &storage) : m_storage(storage) {}

    struct Entry {
        qint64 id = 0;
        qint64 at = 0;         // ms since the epoch
        QString actor;         // "account:<login>", "device:<name>", "operator:<login>", "cli"
        QString address;       // the caller's address; "" from the command line
        QString action;        // "auth.login", "window.services"…
        QString object;        // "window:2", "account:admin"…
        QString outcome = QStringLiteral("ok");
        QByteArray before;     // JSON, empty: none
        QByteArray after;      // JSON, empty: none
    };

    // Appends `entry` (its id is ignored); its id, 0 on failure.
    qint64 record(const Entry &entry);

    struct Filter {
        qint64 fromMs = 0;     // inclusive; 0: from the start
        qint64 toMs = 0;       // exclusive; 0: to the end
        QString actor;         // exact; "": anyone
        int limit = 1000;      // newest first, at most this many
    };
    // Newest first; nullopt when the query failed.
    std::optional<QList<Entry>> find(const Filter &filter) const;

private:
    Storage &m_storage;
};

} // namespace queue::server
