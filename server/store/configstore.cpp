#include "configstore.h"

#include "statement.h"

namespace queue::server {

ConfigStore::Read ConfigStore::load(Stored *out) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT version, document, updated_at FROM live_config WHERE id = 1"), {});
    if (!m_storage.exec(q))
        return Read::Failed;
    if (!q.next()) {
        q.finish();
        return Read::Empty;
    }
    out->version = q.value(0).toLongLong();
    out->document = q.value(1).toString().toUtf8();
    out->updatedAt = q.value(2).toLongLong();
    q.finish();
    return Read::Found;
}

bool ConfigStore::seed(const QByteArray &document, qint64 nowMs)
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("INSERT OR IGNORE INTO live_config (id, version, document, updated_at) "
                                        "VALUES (1, 1, ?, ?)"),
                         {QString::fromUtf8(document), nowMs});
    if (!m_storage.exec(q))
        return false;
    const bool inserted = q.numRowsAffected() == 1;
    q.finish();
    return inserted;
}

qint64 ConfigStore::replace(const QByteArray &document, qint64 expectedVersion, qint64 nowMs)
{
    QSqlQuery &q = bound(m_storage,
                         QStringLiteral("UPDATE live_config SET version = version + 1, document = ?, updated_at = ? "
                                        "WHERE id = 1 AND version = ?"),
                         {QString::fromUtf8(document), nowMs, expectedVersion});
    if (!m_storage.exec(q))
        return 0;
    const bool changed = q.numRowsAffected() == 1;
    q.finish();
    return changed ? expectedVersion + 1 : 0;
}

} // namespace queue::server
