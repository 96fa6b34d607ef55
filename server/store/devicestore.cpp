#include "devicestore.h"

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

bool DeviceStore::addCode(const QString &codeHash, const Code &c)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT INTO enrolment_codes(code_hash, name, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"));
    q.bindValue(0, codeHash);
    q.bindValue(1, c.name);
    q.bindValue(2, c.role);
    q.bindValue(3, c.createdAt);
    q.bindValue(4, c.expiresAt);
    return m_storage.exec(q);
}

std::optional<DeviceStore::Code> DeviceStore::code(const QString &codeHash)
{
    QSqlQuery &q = m_storage.prepared(
        QStringLiteral("SELECT name, role, created_at, expires_at, used_at FROM enrolment_codes WHERE code_hash = ?"));
    q.bindValue(0, codeHash);
    std::optional<Code> out;
    if (m_storage.exec(q) && q.next())
        out = Code{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toLongLong(),
                   q.value(4).isNull() ? 0 : q.value(4).toLongLong()};
    q.finish();
    return out;
}

bool DeviceStore::useCode(const QString &codeHash, qint64 at)
{
    QSqlQuery &q = m_storage.prepared(
        QStringLiteral("UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL"));
    q.bindValue(0, at);
    q.bindValue(1, codeHash);
    const bool ok = m_storage.exec(q) && q.numRowsAffected() == 1;
    q.finish();
    return ok;
}

bool DeviceStore::putDevice(const Device &d, const QString &tokenHash)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "INSERT OR REPLACE INTO enrolled_devices(name, role, token_hash, enrolled_at) VALUES (?, ?, ?, ?)"));
    q.bindValue(0, d.name);
    q.bindValue(1, d.role);
    q.bindValue(2, tokenHash);
    q.bindValue(3, d.enrolledAt);
    return m_storage.exec(q);
}

std::optional<DeviceStore::Device> DeviceStore::deviceByTokenHash(const QString &tokenHash)
{
    QSqlQuery &q =
        m_storage.prepared(QStringLiteral("SELECT name, role, enrolled_at FROM enrolled_devices WHERE token_hash = ?"));
    q.bindValue(0, tokenHash);
    std::optional<Device> out;
    if (m_storage.exec(q) && q.next())
        out = Device{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
    q.finish();
    return out;
}

int DeviceStore::removeDevice(const QString &name)
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral("DELETE FROM enrolled_devices WHERE name = ?"));
    q.bindValue(0, name);
    if (!m_storage.exec(q))
        return -1;
    const int n = q.numRowsAffected() > 0 ? 1 : 0;
    q.finish();
    return n;
}

std::optional<QList<DeviceStore::Device>> DeviceStore::devices()
{
    QSqlQuery &q =
        m_storage.prepared(QStringLiteral("SELECT name, role, enrolled_at FROM enrolled_devices ORDER BY name"));
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<Device> out;
    while (q.next())
        out.append(Device{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    q.finish();
    return out;
}

} // namespace queue::server
