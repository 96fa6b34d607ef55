#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `idempotency` table: the first answer to (caller, Idempotency-Key),
// stored in the same scope as the change it answered.
class IdempotencyStore {
public:
    explicit IdempotencyStore(Storage &storage) : m_storage(storage) {}

    struct Answer {
        int status = 0;
        QByteArray body;
    };
    // The answer stored for (principal, key) at or after `notBeforeMs`.
    std::optional<Answer> find(const QString &principal, const QString &key, qint64 notBeforeMs);
    bool put(const QString &principal, const QString &key, qint64 atMs, const Answer &answer);
    bool purgeBefore(qint64 beforeMs);

private:
    Storage &m_storage;
};

} // namespace queue::server
