#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `alarms` table (migration 004): the manager's alarms. Every statement on it
// is here; when an alarm is raised and what it says is AlarmsModule's.
// Times are ms since the epoch, 0 when not reached. Writes happen inside the
// caller's storage scope.
class AlarmStore {
public:
    explicit AlarmStore(Storage &storage) : m_storage(storage) {}

    struct Alarm {
        qint64 id = 0;
        QString key;       // what it is about, e.g. "wait80:payments": one active alarm per key
        QString kind;
        QString level;
        QString message;
        QByteArray data;   // a JSON object
        qint64 raisedAt = 0;
        qint64 clearedAt = 0;
        qint64 ackedAt = 0;
        std::optional<QString> ackedBy;
    };
    std::optional<Alarm> load(qint64 id) const;
    QList<Alarm> active() const;            // not cleared, oldest first
    QList<Alarm> latest(int limit) const;   // newest first
    // Active alarms: key -> id; nullopt when the query failed.
    std::optional<QHash<QString, qint64>> activeKeys() const;

    // A new active alarm (id, cleared, acked are ignored); its id, 0 on failure.
    qint64 raise(const Alarm &alarm);
    bool clear(qint64 id, qint64 atMs);
    bool acknowledge(qint64 id, qint64 atMs, const QString &by);

private:
    Storage &m_storage;
};

} // namespace queue::server
