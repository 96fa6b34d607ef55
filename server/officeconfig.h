#pragma once

#include "common/protocol.h"

#include <QJsonObject>
#include <QDate>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <array>
#include <optional>

namespace queue::server {

struct DeviceConfig {
    QString name;
    QString role;     // kiosk, display, manager, booking
    QString token;    // as written in the file: the token itself, or "sha256:<hex>" (exports, the database)
    QString tokenHash;   // always "sha256:<hex>" of the token; what a presented token is compared with
};

// "sha256:<hex>" of a device token: the form kept in the database and written by exports.
QString deviceTokenHash(const QString &token);

struct OperatorConfig {
    QString login;
    QString name;
    QString pinHash;
    bool active = true;   // false: deactivated, kept for the history's names; cannot sign in
};

struct WindowConfig {
    int number = 0;
    QString name;
    QStringList services;
};

// Minutes from midnight, [start, end).
struct Interval {
    int startMin = 0;
    int endMin = 0;
};

// Pre-booking by date and time (server/booking.cpp, docs/booking.md).
struct BookingConfig {
    double walkInShare = 0.5;      // share of a topic's windows kept for walk-in visitors
    int slotMin = 0;               // slot length; 0: the topic's service norm
    int horizonDays = 30;          // how far ahead a slot may be booked
    int purgeAfterDays = 30;       // phone and name are erased this many days after the slot
    int checkinBeforeMin = 15;     // check-in at the kiosk from this long before the slot…
    int checkinAfterMin = 10;      // …to this long after its start
};

// Issuing while the server cannot be reached (docs/reliability.md, "The kiosk issues offline"):
// each kiosk holds a reserve of numbers per topic, leased ahead of time.
struct OfflineConfig {
    int reservePerTopic = 20;      // numbers leased to each kiosk per topic; 0: no offline issuing
    int alarmAfterS = 30;          // a kiosk holding a reserve and not heard from this long raises an alarm
};

// HTTPS/WSS (docs/configuration.md, "tls"): PEM files; relative paths are taken from the
// configuration file's directory.
struct TlsConfig {
    QString cert;
    QString key;
    bool enabled() const { return !cert.isEmpty(); }
};

struct OfficeConfig {
    QString name;
    QString phone;
    QString website;
    QString address;
    QString runningLine;              // the hall board's running line ("" = the board's own)
    QTimeZone timeZone;               // office local time (default: the system's)
    QList<ServiceInfo> services;      // in the kiosk's order; retired topics stay listed
    // Retired topics: their waiting tickets are still called, kiosks no longer issue
    // them, GET /api/v1/services no longer lists them; their prefix stays theirs.
    QSet<QString> retired;
    QList<WindowConfig> windows;
    QList<DeviceConfig> devices;
    QList<OperatorConfig> operators;
    bool hasSchedule = false;         // false: open at all times
    std::array<QList<Interval>, 7> schedule;   // index 0 = Monday
    // Dates that do not follow the weekly schedule: public holidays (an empty
    // list: closed all day) and shortened or extra working days.
    QMap<QDate, QList<Interval>> specialDays;
    BookingConfig booking;
    OfflineConfig offline;
    int visitNormMin = 30;
    int maxRecalls = 3;
    QString callPolicy = QStringLiteral("fifo");
    TlsConfig tls;
    // With TLS on: plain HTTP from other hosts too (else only from this machine).
    bool allowPlainHttp = false;
    // Personal accounts' sign-in sessions end after this many idle minutes.
    int accountSessionIdleMin = 30;

    const ServiceInfo *service(const QString &id) const;
    bool isRetired(const QString &id) const { return retired.contains(id); }
    const WindowConfig *window(int number) const;
    const OperatorConfig *findOperator(const QString &login) const;   // active or not
    const OperatorConfig *findActiveOperator(const QString &login) const;
    const DeviceConfig *deviceByToken(const QString &token) const;
    Segment windowSegment(const WindowConfig &w) const;

    // The built-in office from the customer's standard (see docs/configuration.md).
    static OfficeConfig builtIn();
    static QByteArray builtInJson();

    bool operator==(const OfficeConfig &other) const;
    bool operator!=(const OfficeConfig &other) const { return !(*this == other); }
};

struct ConfigError {
    QString field;     // JSON path, e.g. "services[2].prefix"
    QString problem;
};

// Parses and validates; on failure returns the first problem found.
std::optional<OfficeConfig> parseOfficeConfig(const QJsonObject &root, ConfigError *error);
// The configuration in the file's schema (parseOfficeConfig(officeConfigToJson(c)) == c).
// Secrets only as hashes: operators' "pin_hash", devices' "token" as "sha256:<hex>".
QJsonObject officeConfigToJson(const OfficeConfig &config);
// Reads a file; the error message names the file, the field and the problem.
std::optional<OfficeConfig> loadOfficeConfig(const QString &path, QString *errorMessage);

} // namespace queue::server
