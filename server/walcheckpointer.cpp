#include "walcheckpointer.h"

#include "storage.h"

#include <QLoggingCategory>
#include <QTimer>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcCheckpoint, "queue.storage.checkpoint")

namespace queue::server {

WalCheckpointer::WalCheckpointer(Storage &storage, int intervalMs, QObject *parent)
    : QObject(parent), m_storage(storage), m_path(storage.path()), m_intervalMs(intervalMs)
{
    m_thread.setObjectName(QStringLiteral("wal-checkpoint"));
}

WalCheckpointer::~WalCheckpointer() { stop(); }

bool WalCheckpointer::start(QString *error)
{
    if (m_thread.isRunning())
        return true;
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
        != SQLITE_OK) {
        *error = QStringLiteral("checkpointer: cannot open %1: %2").arg(m_path, QString::fromUtf8(sqlite3_errmsg(m_db)));
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    }
    // Checkpoints wait for the disk like commits do (synchronous=FULL: the database
    // file is fsynced before the WAL may restart); a busy writer is not waited for.
    sqlite3_exec(m_db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_busy_timeout(m_db, 0);
    if (!m_storage.execRaw(QStringLiteral("PRAGMA wal_autocheckpoint=0"), error)) {
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    }
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            auto *timer = new QTimer(m_worker);
            connect(timer, &QTimer::timeout, m_worker, [this] { runCheckpoint(); });
            timer->start(m_intervalMs);
        },
        Qt::BlockingQueuedConnection);
    return true;
}

void WalCheckpointer::stop()
{
    if (!m_thread.isRunning())
        return;
    checkpointNow();
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
    sqlite3_close(m_db);
    m_db = nullptr;
    // The storage checkpoints by itself again (e.g. when it closes).
    m_storage.execRaw(QStringLiteral("PRAGMA wal_autocheckpoint=1000"));
}

WalCheckpointer::Outcome WalCheckpointer::checkpointNow()
{
    Outcome out;
    if (!m_thread.isRunning() || !m_worker)
        return out;
    QMetaObject::invokeMethod(
        m_worker, [this, &out] { out = runCheckpoint(); }, Qt::BlockingQueuedConnection);
    return out;
}

WalCheckpointer::Outcome WalCheckpointer::runCheckpoint()
{
    Outcome out;
    const int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &out.walFrames, &out.checkpointed);
    out.ok = rc == SQLITE_OK;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        qCWarning(lcCheckpoint) << "wal_checkpoint failed:" << sqlite3_errmsg(m_db);
    m_checkpoints.fetch_add(1);
    return out;
}

} // namespace queue::server
