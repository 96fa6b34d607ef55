#pragma once

#include <optional>

#include <QList>
#include <QString>

namespace queue::server {

class Storage;

// The `device_status` table (migration 003): the last state each kiosk reported.
// The alarms read it here; the devices module's own two statements (the report
// written, the list) join this store once the device enrolment work has landed.
class DeviceStatusStore {
public:
    explicit DeviceStatusStore(Storage &storage) : m_storage(storage) {}

    struct PrinterProblem {
        QString device;
        QString printer;   // paper_low, paper_out, error, offline
        QString detail;
    };
    // Devices whose printer needs someone: low or out of paper, failing, offline.
    QList<PrinterProblem> printerProblems() const;

    struct Status {
        QString device;
        QString role;
        QString printer;   // "" when never reported
        QString detail;
        qint64 reportedAt = 0;
    };
    // The device's last printer state: nullopt if it never reported, or the read failed (`ok` false).
    std::optional<QString> printerOf(const QString &device, bool *ok) const;
    bool put(const Status &status);
    // Every device that reported, by name; nullopt when the read failed.
    std::optional<QList<Status>> all() const;

private:
    Storage &m_storage;
};

} // namespace queue::server
