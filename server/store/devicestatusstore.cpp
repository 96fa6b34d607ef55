#include "devicestatusstore.h"

#include "server/storage.h"

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

} // namespace queue::server
