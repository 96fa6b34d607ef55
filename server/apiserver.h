#pragma once

#include "http/httpserver.h"
#include "queueengine.h"
#include "result.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>

class QWebSocket;

namespace queue::server {

// Who is asking: a device from the config, or an operator session.
struct Principal {
    enum class Kind { None, Device, Operator };
    Kind kind = Kind::None;
    QString role;       // kiosk, display, manager, operator
    QString name;       // device name or operator login
    int window = 0;     // operators only
    QString key() const { return (kind == Kind::Operator ? QStringLiteral("op:") : QStringLiteral("dev:")) + name; }
};

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

private:
    struct Held {
        http::Responder responder;
        http::Response response;
    };

    void onRequest(const http::Request &request, http::Responder responder);
    void flushBatch();
    http::Response dispatch(const http::Request &request);
    http::Response ticketPage(const http::Request &request, const QString &idText);
    http::Response route(const http::Request &request, const Principal &who, const QStringList &parts);
    http::Response windowAction(const http::Request &request, const Principal &who, int window, const QString &action);
    Principal authenticate(const http::Request &request) const;

    int gateEvents(const http::Request &request) const;
    void acceptEvents(QWebSocket *socket, const http::Request &request);
    void broadcast(const QList<StoredEvent> &events);
    void purgeIdempotencyKeys();

    QueueEngine &m_engine;
    Storage &m_storage;
    http::HttpServer m_http;
    QElapsedTimer m_uptime;

    bool m_batchOpen = false;
    QList<Held> m_held;
    QSet<QWebSocket *> m_eventClients;
};

} // namespace queue::server
