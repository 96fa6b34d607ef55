#pragma once

#include <optional>

#include "apimodule.h"
#include "liveconfig.h"

#include <QJsonObject>

namespace queue::server {

class Sessions;

// Live administration of the office (docs/api.md, "Administration"): topics, windows,
// operators and the office's settings, changed while the server runs. Every change
// builds the whole candidate configuration and goes through LiveConfig::change — the
// file's validation, the version check (If-Match or "version"), the audit row and one
// "config.changed" event, all in one storage scope.
//   GET  /api/v1/admin/config                              administrator
//   POST /api/v1/admin/topics, PUT …/topics/order, PUT …/topics/{id},
//   POST …/topics/{id}/retire, DELETE …/topics/{id}        administrator
//   POST /api/v1/admin/windows                             administrator
//   PUT  /api/v1/admin/windows/{n}                         administrator; manager: "services" only
//   POST /api/v1/admin/operators, PUT …/operators/{login},
//   POST …/operators/{login}/deactivate                    administrator
//   POST …/operators/{login}/reset-pin, …/unlock           administrator, manager
//   PUT  /api/v1/admin/office                              administrator
class AdminModule final : public ApiModule {
public:
    explicit AdminModule(const ModuleServices &services);

    void registerRoutes(Router &router) override;

    // The digits of a new one-time PIN.
    static QString newPin();

private:
    http::Response config(const RouteRequest &r);
    http::Response addTopic(const RouteRequest &r);
    http::Response editTopic(const RouteRequest &r);
    http::Response orderTopics(const RouteRequest &r);
    http::Response retireTopic(const RouteRequest &r);
    http::Response addWindow(const RouteRequest &r);
    http::Response editWindow(const RouteRequest &r);
    http::Response addOperator(const RouteRequest &r);
    http::Response editOperator(const RouteRequest &r, bool deactivate);
    http::Response resetPin(const RouteRequest &r);
    http::Response unlockOperator(const RouteRequest &r);
    http::Response editOffice(const RouteRequest &r);

    struct Edit {
        QJsonObject document;        // the candidate configuration
        QStringList parts;
        QString action;              // "topic.add", "window.services"…
        QString object;              // "topic:payments", "window:2"…
        QJsonObject before, after;   // without secrets
    };
    // What every change starts from: its body (only `known` keys and "version", else a
    // 400 naming the key) and the live configuration it changes.
    struct Change {
        QJsonObject body;
        QJsonObject document;
    };
    std::optional<Change> begin(const RouteRequest &r, const QStringList &known, http::Response *error);
    // Checks the version, applies, answers {"version", `answer`…} with `status` and an ETag.
    http::Response apply(const RouteRequest &r, const QJsonObject &body, Edit edit, int status, QJsonObject answer);

    QueueEngine &m_engine;
    Storage &m_storage;
    Sessions &m_sessions;
    LiveConfig m_live;
    AuditStore m_audit;
};

} // namespace queue::server
