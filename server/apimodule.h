#pragma once

#include "router.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace queue {
class Clock;
}

namespace queue::server {

class Accounts;
class DeviceStore;
class QueueEngine;
class Schedule;
class Sessions;
class Storage;
struct OfficeConfig;

// HTTP requests answered since start, by method and status class (1..5), for /metrics.
struct RequestCount {
    QByteArray method;
    int statusClass = 0;
    qint64 count = 0;
};

// What is wrong with the server while it keeps serving (a history that did not
// load…): /api/v1/health reports "degraded" with these, and the manager gets an alarm.
class ServerHealth {
public:
    void setProblem(const QString &key, const QString &message) { m_problems.insert(key, message); }
    void clearProblem(const QString &key) { m_problems.remove(key); }
    bool isDegraded() const { return !m_problems.isEmpty(); }
    const QMap<QString, QString> &problems() const { return m_problems; }

private:
    QMap<QString, QString> m_problems;   // key -> message
};

// When a device was last heard from (any authenticated request or event stream) and
// how many event streams it has open now. Kept in memory: after a restart a device is
// "never seen" until its next request, which a connected device makes within seconds.
struct DeviceSeen {
    qint64 lastSeenMs = 0;   // 0: not since the server started
    int streams = 0;         // open event streams
};

// What a module may use: the engine, the storage (its changes and events go
// through Storage's scopes, so they share the group commit and their events go
// out only after it), the office, its clock and the server's health. Not the
// ApiServer: modules do not see transport, batching or each other.
struct ModuleServices {
    QueueEngine &engine;
    Storage &storage;
    const OfficeConfig &config;   // the engine's live configuration (changes under live administration)
    const Schedule &schedule;
    const Clock &clock;
    ServerHealth &health;
    std::function<QList<RequestCount>()> requestCounts;   // for /metrics
    std::function<int()> eventClients;                     // connected event-stream clients
    DeviceStore &devices;                                  // enrolled devices (authentication reads it too)
    // Closes the open event streams of the device `name` at once (policy violation).
    std::function<void(const QString &name)> closeDeviceStreams;
    // SHA-256 hex of the server's TLS certificate; "" without TLS.
    std::function<QString()> serverFingerprint;
    std::function<DeviceSeen(const QString &name)> deviceSeen;
    Accounts &accounts;                                    // personal accounts (authentication reads them too)
    // Who sent `request` (the same answer the route table gets).
    std::function<Principal(const http::Request &)> authenticate;
    // Operators' sessions and PIN locks (live administration ends and unlocks them).
    Sessions &sessions;
};

// A part of the API in its own file (devices, booking, manager pages, metrics…).
// It registers its routes into the one route table at start (a conflict with
// another route stops the server) and may do timed work.
class ApiModule {
public:
    virtual ~ApiModule() = default;

    virtual void registerRoutes(Router &router) = 0;
    // Called about once a second inside a storage scope (alarms, purges).
    virtual void tick(qint64 /*nowMs*/) {}

    // A request answered later, when slow work off the event loop is done (a
    // password's hash). A module that takes `request` returns true and calls
    // `answer` exactly once, later, with what makes the response inside the
    // storage batch open at that moment. The route stays in the table too
    // (405, conflicts, in-process callers).
    using Answer = std::function<void(std::function<http::Response()>)>;
    virtual bool answerLater(const http::Request & /*request*/, const Answer & /*answer*/) { return false; }
};

} // namespace queue::server
