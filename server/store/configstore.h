#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `live_config` table (migration 010): the office's live configuration as one
// versioned JSON document in the configuration file's schema. Every statement on it is
// here; writes happen inside the caller's storage scope.
class ConfigStore {
public:
    explicit ConfigStore(Storage &storage) : m_storage(storage) {}

    struct Stored {
        qint64 version = 0;
        QByteArray document;   // JSON object, the file's schema, secrets as hashes
        qint64 updatedAt = 0;
    };
    enum class Read { Found, Empty, Failed };

    // The stored configuration; `out` is set only when Found.
    Read load(Stored *out) const;
    // The first configuration of an empty table (version 1). False if one is there or it failed.
    bool seed(const QByteArray &document, qint64 nowMs);
    // Replaces the document if the stored version is still `expectedVersion`; the new
    // version (expectedVersion + 1), or 0 when the version moved on or the write failed.
    qint64 replace(const QByteArray &document, qint64 expectedVersion, qint64 nowMs);

private:
    Storage &m_storage;
};

} // namespace queue::server
