#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace queue::server {

class Storage;

// The `leases` table: numbers leased to kiosks ahead of time for issuing while the server
// cannot be reached (docs/reliability.md, "The kiosk issues offline"). Every statement on
// it is here; which numbers are leased is the engine's business. Writes happen inside the
// caller's storage scope.
class LeaseStore {
public:
    explicit LeaseStore(Storage &storage) : m_storage(storage) {}

    struct Lease {
        QString prefix;
        QString businessDay;     // "YYYY-MM-DD"
        int number = 0;          // 1…999
        QString device;
        QString service;
        qint64 leasedAt = 0;
        qint64 ticketId = 0;     // 0: unused
    };

    // The unused leases of `device` on `day`, by topic and number; nullopt when the query failed.
    std::optional<QList<Lease>> unused(const QString &device, const QString &day) const;
    // The numbers leased and unused on `day`, per prefix: nobody else may issue them.
    std::optional<QHash<QString, QSet<int>>> unusedNumbers(const QString &day) const;
    // How many unused leases each device holds on `day`.
    std::optional<QHash<QString, int>> unusedPerDevice(const QString &day) const;
    // The lease of one number; nullopt when there is none (or the query failed: *ok false).
    std::optional<Lease> find(const QString &prefix, const QString &day, int number, bool *ok) const;

    bool add(const Lease &lease);
    // The lease's number was used by the uploaded ticket `ticketId`.
    bool use(const QString &prefix, const QString &day, int number, qint64 ticketId);
    // Drops the unused leases of `device` (revoked) and returns how many went; -1 on failure.
    int release(const QString &device);
    // Drops the leases of business days before `day` (a late upload of an older day is refused).
    bool purgeBefore(const QString &day);

private:
    Storage &m_storage;
};

} // namespace queue::server
