#pragma once

#include "accounts.h"
#include "apimodule.h"
#include "http/httpserver.h"
#include "queueengine.h"
#include "result.h"
#include "router.h"
#include "sessions.h"
#include "store/devicestore.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>

#include <array>
#include <functional>
#include <memory>
#include <vector>

class QWebSocket;

namespace queue::server {

// The HTTP/JSON API and the WebSocket event stream over one QueueEngine.
//
// Every request goes through one route table (Router): the built-in routes
// (services, tickets, queue, sessions, windows, live metrics, events, health)
// are registered here, the modules' by installModules() (server/modules.cpp).
// Requests that arrive together are handled one after another inside one
// database transaction, each in its own savepoint; the transaction is
// committed (one fsync) before any of their answers is sent, and the events
// they caused are broadcast right after that commit (group commit).
class ApiServer : public QObject {
    Q_OBJECT
public:
    ApiServer(QueueEngine &engine, Storage &storage, QObject *parent = nullptr);
    ~ApiServer() override;

    // Fails without listening when the route table has conflicts.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // HTTPS/WSS on the same port (http::HttpServer::setTls); before listen().
    void setTls(const QSslConfiguration &config, bool plainFromAnyHost) { m_http.setTls(config, plainFromAnyHost); }
    quint16 port() const;
    int eventClientCount() const { return static_cast<int>(m_eventClients.size()); }

    // What modules are given instead of the server.
    const ModuleServices &services() const { return m_services; }
    // Takes ownership and registers the module's routes.
    void addModule(std::unique_ptr<ApiModule> module);
    Router &router() { return m_router; }
    ServerHealth &health() { return m_health; }
    Sessions &sessions() { return m_sessions; }
    Accounts &accounts() { return m_accounts; }
    Principal authenticate(const http::Request &request) const;
    // The SHA-256 hex of the TLS certificate the server presents, given to enrolled devices.
    void setServerFingerprint(const QString &fingerprint) { m_serverFingerprint = fingerprint; }
    // Closes the open event streams of the device `name` (revoked or enrolled again).
    void closeDeviceStreams(const QString &name);
    // Remembers when a device was last heard from; returns `who`.
    Principal noteSeen(Principal who);
    DeviceSeen deviceSeen(const QString &name) const;
    // Runs the modules' timed work (about once a second) in one scope.
    void tickModules();

    QList<RequestCount> requestCounts() const;

private:
    struct Held {
        http::Responder responder;
        http::Response response;
    };
    class EngineClock final : public Clock {
    public:
        explicit EngineClock(const QueueEngine &engine) : m_engine(engine) {}
        qint64 nowMs() const override { return m_engine.nowMs(); }

    private:
        const QueueEngine &m_engine;
    };

    void onRequest(const http::Request &request, http::Responder responder);
    // Runs `handler` inside the open batch (opening one if needed) and holds its
    // answer until the batch is committed.
    void answerInBatch(http::Responder responder, const QByteArray &method, const std::function<http::Response()> &handler);
    // POST /api/v1/sessions from the network: the PIN is checked on Sessions' worker
    // thread, the answer is given when it is done (in the batch open at that moment).
    void loginLater(const http::Request &request, http::Responder responder);
    // The login's answer once the PIN is checked (also the route's, in process).
    http::Response openSession(const Result<PinChecked> &checked, int window);
    void flushBatch();
    void registerRoutes();

    http::Response healthAnswer();
    http::Response servicesAnswer();
    http::Response issueTicket(const RouteRequest &r);
    http::Response queue(const RouteRequest &r);
    http::Response login(const RouteRequest &r);
    http::Response currentSession(const RouteRequest &r);
    http::Response windowAction(const RouteRequest &r, const QString &action);
    std::optional<int> windowParam(const RouteRequest &r, http::Response *error) const;

    int gateEvents(const http::Request &request) const;
    void acceptEvents(QWebSocket *socket, const http::Request &request);
    void broadcast(const QList<StoredEvent> &events);

    QueueEngine &m_engine;
    Storage &m_storage;
    Sessions m_sessions;
    EngineClock m_clock;
    ServerHealth m_health;
    mutable DeviceStore m_devices;
    mutable Accounts m_accounts;
    QString m_serverFingerprint;
    Router m_router;
    ModuleServices m_services;
    http::HttpServer m_http;
    QElapsedTimer m_uptime;

    bool m_batchOpen = false;
    qint64 m_batchDiskFailures = 0;   // Storage::diskFailures() when the batch began
    QList<Held> m_held;
    QHash<QWebSocket *, QString> m_eventClients;   // socket -> the principal's key
    QHash<QString, qint64> m_deviceLastSeen;       // device name -> ms of its last request
    std::vector<std::unique_ptr<ApiModule>> m_modules;
    QHash<QByteArray, std::array<qint64, 6>> m_requestCounts;   // method -> [status class]
};

} // namespace queue::server
