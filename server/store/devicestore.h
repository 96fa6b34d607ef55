#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The tables of enrolled devices (migration 006): `enrolment_codes`, the one-time codes
// made by `queue-server --enrol`, and `enrolled_devices`, the devices paired with one.
// Only SHA-256 hashes of codes and tokens are stored. Every statement on them is here.
class DeviceStore {
public:
    explicit DeviceStore(Storage &storage) : m_storage(storage) { }

    struct Code {
        QString name;
        QString role;
        qint64 createdAt = 0;
        qint64 expiresAt = 0;
        qint64 usedAt = 0; // 0: not used
    };
    bool addCode(const QString &codeHash, const Code &code);
    std::optional<Code> code(const QString &codeHash);
    // Marks an unused code used; false when it was used already (or on failure).
    bool useCode(const QString &codeHash, qint64 at);

    struct Device {
        QString name;
        QString role;
        qint64 enrolledAt = 0;
    };
    // Adds the device, or gives an existing one of that name this token instead of its old one.
    bool putDevice(const Device &device, const QString &tokenHash);
    std::optional<Device> deviceByTokenHash(const QString &tokenHash);
    // Removes the device: 1 when it was there, 0 when not, -1 on failure.
    int removeDevice(const QString &name);
    std::optional<QList<Device>> devices();

private:
    Storage &m_storage;
};

} // namespace queue::server
