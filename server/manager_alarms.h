#pragma once

#include "apimodule.h"
#include "common/clock.h"
#include "store/alarmstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace queue::server {

// The manager's alarms (docs/manager.md): raised by tick() from the live queue
// (waits at 80 % and 100 % of the norm, long services and visits), the devices'
// reports (printers) and the server's own health (a history that did not load),
// pushed as events, cleared when the cause is gone, acknowledged by the manager.
//   GET  /api/v1/alarms[?all=1]        manager
//   POST /api/v1/alarms/{id}/ack       manager
class AlarmsModule final : public ApiModule {
public:
    explicit AlarmsModule(const ModuleServices &services)
        : m_engine(services.engine), m_storage(services.storage), m_alarms(services.storage), m_health(services.health),
          m_deviceSeen(services.deviceSeen), m_startedMs(services.clock.nowMs())
    {
    }

    void registerRoutes(Router &router) override;
    void tick(qint64 nowMs) override;

    // The alarms not cleared, oldest first (the dashboard).
    // The stored active alarms, plus the server's problems (`health`) not stored as alarms
    // yet (no id, "stored": false), e.g. while a full disk refuses to store them.
    static QJsonArray activeAlarms(Storage &storage, const ServerHealth &health, qint64 now);

private:
    struct AlarmWant {
        QString key;
        QString kind;
        QString level;
        QString message;
        QJsonObject data;
    };

    // `idText` is empty on the collection, the {id} of …/{id}/ack otherwise.
    http::Response alarms(const http::Request &request, const Principal &who, const QString &idText);
    QList<AlarmWant> wantedAlarms(qint64 nowMs) const;
    QJsonObject alarmJson(qint64 id) const;

    QueueEngine &m_engine;
    Storage &m_storage;
    AlarmStore m_alarms;
    const ServerHealth &m_health;
    std::function<DeviceSeen(const QString &)> m_deviceSeen;
    qint64 m_startedMs = 0;
    qint64 m_lastTick = 0;
};

} // namespace queue::server
