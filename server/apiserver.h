#pragma once

#include "apimodule.h"
#include "http/httpserver.h"
#include "queueengine.h"
#include "result.h"
#include "sessions.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>

#include <QHash>

#include <array>
#include <functional>
#include <memory>
#include <vector>

class QWebSocket;

namespace queue::server {

// The HTTP/JSON API and the WebSocket event stream over one QueueEngine.
//
// Requests that arrive together are handled one after another inside one
// database transaction, each in its own savepoint; the transaction is
// committed (one fsync) before any of their answers is sent, and the events
// they caused are broadcast right after that commit (group commit).
class ApiServer : public QObject {
    Q_OBJECT
public:
    ApiServer(QueueEngine &engine, Storage &storage, QObject *parent = nullptr);
    ~ApiServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;
    int eventClientCount() const { return static_cast<int>(m_eventClients.size()); }

    // Takes ownership; modules are asked in the order they were added.
    void addModule(std::unique_ptr<ApiModule> module);
    Principal authenticate(const http::Request &request) const;
    QueueEngine &engine() { return m_engine; }
    Sessions &sessions() { return m_sessions; }
    Storage &storage() { return m_storage; }
    // Runs the modules' timed work (about once a second) in one scope.
    void tickModules();

    // HTTP requests answered since start, by method (GET, HEAD, POST, DELETE,
    // other) and status class (1..5), for /metrics.
    struct RequestCount {
        QByteArray method;
        int statusClass = 0;
        qint64 count = 0;
    };
    QList<RequestCount> requestCounts() const;

private:
    struct Held {
        http::Responder responder;
        http::Response response;
    };

    void onRequest(const http::Request &request, http::Responder responder);
    // Runs `handler` inside the open batch (opening one if needed) and holds its
    // answer until the batch is committed.
    void answerInBatch(http::Responder responder, const QByteArray &method, const std::function<http::Response()> &handler);
    // POST /api/v1/sessions: the PIN is checked on Sessions' worker thread, the
    // answer is given when it is done (in the batch open at that moment).
    void login(const http::Request &request, http::Responder responder);
    void flushBatch();
    http::Response dispatch(const http::Request &request);
    http::Response ticketPage(const http::Request &request, const QString &idText);
    http::Response route(const http::Request &request, const Principal &who, const QStringList &parts);
    http::Response windowAction(const http::Request &request, const Principal &who, int window, const QString &action);

    int gateEvents(const http::Request &request) const;
    void acceptEvents(QWebSocket *socket, const http::Request &request);
    void broadcast(const QList<StoredEvent> &events);
    void purgeIdempotencyKeys();

    QueueEngine &m_engine;
    Storage &m_storage;
    Sessions m_sessions;
    http::HttpServer m_http;
    QElapsedTimer m_uptime;

    bool m_batchOpen = false;
    QList<Held> m_held;
    QSet<QWebSocket *> m_eventClients;
    std::vector<std::unique_ptr<ApiModule>> m_modules;
    QHash<QByteArray, std::array<qint64, 6>> m_requestCounts;   // method -> [status class]
};

} // namespace queue::server
