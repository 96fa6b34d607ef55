#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>

struct sqlite3;

namespace queue::server {

class Storage;

// Moves the WAL's pages into the database file off the request path. SQLite's
// automatic checkpoint runs inside the COMMIT that crosses 1000 pages, on the
// server's one thread, fsyncing the database file while every request of the
// batch waits; here it runs on a thread of its own, over a connection of its
// own, as PRAGMA wal_checkpoint(PASSIVE) every `intervalMs`: it never waits for
// the writer and the writer never waits for it. start() turns the automatic
// checkpoint off on the storage's connection.
class WalCheckpointer : public QObject {
    Q_OBJECT
public:
    explicit WalCheckpointer(Storage &storage, int intervalMs = 500, QObject *parent = nullptr);
    ~WalCheckpointer() override;

    bool start(QString *error);
    // Stops the thread after one last checkpoint.
    void stop();

    struct Outcome {
        bool ok = false;
        int walFrames = 0;       // frames in the WAL
        int checkpointed = 0;    // of them, now in the database file
    };
    // One checkpoint now, on the checkpointer's thread; waits for it (tests, shutdown).
    Outcome checkpointNow();
    qint64 checkpoints() const { return m_checkpoints.load(); }

private:
    Outcome runCheckpoint();   // on m_thread

    Storage &m_storage;
    const QString m_path;
    const int m_intervalMs;
    QThread m_thread;
    QObject *m_worker = nullptr;   // lives in m_thread, owns the timer
    sqlite3 *m_db = nullptr;       // used on m_thread only
    std::atomic<qint64> m_checkpoints{0};
};

} // namespace queue::server
