#include "devicestatusstore.h"

#include "server/storage.h"
#include "server/store/statement.h"

#include <QSqlQuery>
#include <QVariant>

namespace queue::server {

QList<DeviceStatusStore::PrinterProblem> DeviceStatusStore::printerProblems() const
{
    QSqlQuery &q = m_storage.prepared(QStringLiteral(
        "SELECT device, printer, detail FROM device_status WHERE printer IN ('paper_low', 'paper_out', 'error', 'offline')"));
    QList<PrinterProblem> out;
    if (m_storage.exec(q))
        while (q.next())
            out.append(PrinterProblem{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    q.finish();
    return out;
}

std::optional<QString> DeviceStatusStore::printerOf(const QString &device, bool *ok) const
{
    QSqlQuery &q = bound(m_storage, QStringLiteral("SELECT printer FROM device_status WHERE device = ?"), {device});
    *ok = m_storage.exec(q);
    std::optional<QString> out;
    if (*ok && q.next())
        out = q.value(0).toString();
    q.finish();
    return out;
}

bool DeviceStatusStore::put(const Status &s)
{
    return run(m_storage,
               QStringLiteral("INSERT OR REPLACE INTO device_status(device, role, printer, detail, reported_at) "
                              "VALUES (?, ?, ?, ?, ?)"),
               {s.device, s.role, s.printer, s.detail, s.reportedAt});
}

std::optional<QList<DeviceStatusStore::Status>> DeviceStatusStore::all() const
{
    QSqlQuery &q = m_storage.prepared(
        QStringLiteral("SELECT device, role, printer, detail, reported_at FROM device_status ORDER BY device"));
    if (!m_storage.exec(q))
        return std::nullopt;
    QList<Status> out;
    while (q.next())
        out.append(Status{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                          q.value(4).toLongLong()});
    q.finish();
    return out;
}

} // namespace queue::server
