#pragma once

// Typed answers of the queue server API (docs/api.md) that are not shared wire
// types of common/protocol.h. Each parse function returns std::nullopt when the
// JSON lacks what the type needs.

#include "common/protocol.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace queue::client {

// GET /api/v1/health
struct HealthInfo {
    QString status;
    QString version;
    QString office;
    qint64 time = 0;         // server time, ms since epoch
    qint64 uptimeS = 0;
    bool open = false;

    static std::optional<HealthInfo> fromJson(const QJsonObject &o);
};

struct OfficeInfo {
    QString name;
    QString phone;
    QString website;
    QString timeZoneId;      // IANA id ("Europe/Moscow"); "" from an older server

    // The office's time zone, in which clients show the opening time and the clock; the
    // machine's own when the server did not say or named a zone this machine does not know.
    QTimeZone timeZone() const;
};

// GET /api/v1/services
struct ServiceCatalog {
    OfficeInfo office;
    bool open = false;
    qint64 nextOpening = 0;  // ms since epoch; 0: null
    int visitNormMin = 0;
    QList<ServiceInfo> services;

    static std::optional<ServiceCatalog> fromJson(const QJsonObject &o);
};

// POST /api/v1/tickets
struct IssuedTicket {
    Ticket ticket;
    int ahead = 0;
    qint64 estimatedWaitS = 0;

    static std::optional<IssuedTicket> fromJson(const QJsonObject &o);
};

// GET /api/v1/tickets/{id}
struct TicketStatus {
    Ticket ticket;
    int ahead = 0;           // meaningful while the ticket is queued

    static std::optional<TicketStatus> fromJson(const QJsonObject &o);
};

// One entry of a queue listing.
struct QueuedTicket {
    Ticket ticket;
    bool available = true;   // false: postponed and its time has not come

    static std::optional<QueuedTicket> fromJson(const QJsonObject &o);
};

struct ServiceQueue {
    QString service;
    int waiting = 0;
    QList<QueuedTicket> tickets;
};

// GET /api/v1/queue[?service=ID][&window=N]: per topic, or (window != 0) one list
// in the order that window would call.
struct QueueSnapshot {
    int window = 0;
    QList<ServiceQueue> services;   // without window=N
    QList<QueuedTicket> tickets;    // with window=N

    static std::optional<QueueSnapshot> fromJson(const QJsonObject &o);
};

// POST /api/v1/sessions and GET /api/v1/sessions/current
struct SessionInfo {
    QString token;           // only from POST /sessions
    OperatorInfo op;
    WindowInfo window;

    static std::optional<SessionInfo> fromJson(const QJsonObject &o);
};

struct ServiceMetrics {
    QString service;
    int waiting = 0;
    qint64 oldestWaitS = 0;
    int served = 0;
    qint64 avgWaitS = 0;
    qint64 avgServiceS = 0;
    qint64 waitNormS = 0;                   // 0: no norm
    qint64 serviceNormS = 0;
    std::optional<double> pctWaitWithinNorm;     // nullopt: nothing to measure / no norm
    std::optional<double> pctServiceWithinNorm;
};

struct VisitMetrics {
    int finished = 0;
    std::optional<double> pctWithinNorm;
    int normMin = 0;
};

// GET /api/v1/metrics/live
struct LiveMetrics {
    qint64 generatedAt = 0;
    QDate businessDay;
    QList<ServiceMetrics> services;
    VisitMetrics visits;

    static std::optional<LiveMetrics> fromJson(const QJsonObject &o);
};

// The event config.changed (docs/api.md, "Event stream"): the office's configuration was
// changed live. The apps refetch what they show; `parts` (topics, windows, operators,
// office) is for the log: a stream's message is small, the GET calls say what is new.
struct ConfigChange {
    // The event's type. Here rather than with the other event names in common/protocol.h
    // until the server side of live administration lands there.
    static constexpr char kType[] = "config.changed";

    qint64 version = 0;
    QStringList parts;

    // nullopt when `event` is not a config.changed.
    static std::optional<ConfigChange> fromEvent(const QJsonObject &event);
};

// Whether `type` is an event type of this protocol version (docs/api.md): an app ignores
// types it does not know, so that a newer server's events pass it by.
bool isKnownEventType(const QString &type);

} // namespace queue::client
