#pragma once

#include "officeconfig.h"
#include "result.h"
#include "store/devicestore.h"

#include <QByteArray>
#include <QString>

namespace queue {
class Clock;
}

namespace queue::server {

// Pairing a device with a one-time code instead of a token copied by hand:
// `queue-server --enrol NAME --role ROLE` makes a code (createCode), the device
// sends it once to POST /api/v1/devices/enrol (redeem) and gets its own token.
// Codes and tokens are kept as SHA-256 hashes (DeviceStore).
class Enrolment {
public:
    Enrolment(DeviceStore &store, const Clock &clock) : m_store(store), m_clock(clock) { }

    static constexpr qint64 kDefaultValidMs = 24LL * 3600 * 1000;
    static constexpr qint64 kMaxValidMs = 30LL * 24 * 3600 * 1000;

    // A new code for `name` with `role`, valid `validMs` from now: "ABCDE-FGHJK".
    Result<QString> createCode(const QString &name, const QString &role, qint64 validMs);

    struct Enrolled {
        QString name;
        QString role;
        QString token; // the device's bearer token, shown once
    };
    // Uses the code: the device `name` gets a new token (an earlier token of that name
    // stops working). Unknown, used and expired codes are refused and change nothing.
    Result<Enrolled> redeem(const QString &code);

    // The checks of a request for a new code, the same for `--enrol` and POST
    // /api/v1/admin/devices: the name, the role, that no device of the configuration has the
    // name, and the validity in hours (nullopt: the default), turned into *validMs. A problem
    // comes back as the error to give (bad_request, or wrong_state for a configured name).
    static std::optional<DomainError> checkCodeRequest(const QString &name, const QString &role,
                                                       std::optional<double> validHours,
                                                       const QList<DeviceConfig> &configured, qint64 *validMs);

    // The roles a device may be enrolled with.
    static bool isEnrollableRole(const QString &role);
    // 1-64 characters of letters, digits, '.', '_', '-'.
    static bool isValidName(const QString &name);
    // Upper case, without separators, look-alikes folded (O→0, I/L→1); "" if it cannot be a code.
    static QString normaliseCode(const QString &code);
    static QString sha256Hex(const QByteArray &bytes);
    // The SHA-256 of the device token: what authentication looks up.
    static QString tokenHash(const QString &token) { return sha256Hex(token.toUtf8()); }

    static constexpr int kCodeLength = 10; // characters of kAlphabet: 50 bits

private:
    DeviceStore &m_store;
    const Clock &m_clock;
};

} // namespace queue::server
