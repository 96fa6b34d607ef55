#pragma once

#include "httptypes.h"

#include "common/clock.h"

#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <functional>

class QTcpServer;
class QTimer;
class QTcpSocket;
class QWebSocket;

namespace queue::http {

// A small HTTP/1.1 server on QTcpServer, written for this project because
// Qt HttpServer 6.4 has no body-size limit, no timeouts and no deferred
// responses. Keep-alive and pipelining (responses go out in request order),
// Content-Length bodies only (chunked requests get 411, other codings 501),
// WebSocket upgrades on chosen paths handed to a QWebSocketServer. Parsing is
// RequestParser's; deadlines are read from the injected Clock.
class HttpServer : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(const Request &, Responder)>;
    // Called for an accepted WebSocket; the Request holds the upgrade
    // request (path, query, headers). The handler takes ownership of the socket.
    using WebSocketHandler = std::function<void(QWebSocket *, const Request &)>;
    // Decides, before the upgrade, whether to accept it; return 0 to accept or
    // an HTTP status (401, 403, 404) to refuse with an error body.
    using WebSocketGate = std::function<int(const Request &)>;

    // Formats the body of the answers the HTTP layer gives itself (400, 408,
    // 413, 431, ..., the 500 of a request nobody answered); `reason` is a short
    // English text. The default is plain text.
    using ErrorBody = std::function<QByteArray(int status, const QString &reason)>;

    // Deadlines from a monotonic system clock.
    explicit HttpServer(QObject *parent = nullptr);
    // Deadlines from `clock`, which must outlive the server.
    explicit HttpServer(const Clock &clock, QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void addWebSocketPath(const QString &path, WebSocketGate gate, WebSocketHandler handler);
    void setErrorBody(ErrorBody format, const QByteArray &contentType);

    // Closes the connections whose idle, request, write or linger deadline
    // has passed. A timer calls it; tests call it after moving their clock.
    void checkTimeouts();

    // HTTPS and WSS on the same port: a connection whose first byte starts a TLS handshake
    // is served encrypted with `config`. Plain HTTP is still served to 127.0.0.1, ::1 and
    // ::ffff:127.0.0.1, and to any host if `plainFromAnyHost`; any other plain connection
    // gets one 400 "use https://" and is closed without a request being handled.
    // Call before listen().
    void setTls(const QSslConfiguration &config, bool plainFromAnyHost);
    bool isTls() const { return m_tls; }
    // Whether `peer` counts as this machine for plain HTTP (exactly the three addresses).
    static bool isLocalPeer(const QHostAddress &peer);

    bool listen(const QHostAddress &address, quint16 port);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    int connectionCount() const;
    // Bytes read as HTTP (not WebSocket) since the start.
    quint64 bytesReceived() const { return m_bytesReceived; }

private:
    class Connection;
    struct WsRoute {
        QString path;
        WebSocketGate gate;
        WebSocketHandler handler;
    };
    void onNewConnection();
    Response errorResponse(int status, const char *reason) const;
    const WsRoute *findWsRoute(const QString &path) const;
    void handOver(Connection *connection, const Request &request, const WebSocketHandler &handler);
    void connectionClosed(Connection *connection);

    class TcpServer;
    const Clock *m_clock;
    TcpServer *m_tcp = nullptr;
    QSslConfiguration m_tlsConfig;
    bool m_tls = false;
    bool m_plainFromAnyHost = true;
    QTimer *m_sweepTimer = nullptr;
    Limits m_limits;
    Handler m_handler;
    QList<WsRoute> m_wsRoutes;
    QList<Connection *> m_connectionList;
    ErrorBody m_errorBody;
    QByteArray m_errorContentType;
    int m_connections = 0;
    quint64 m_bytesReceived = 0;
};

} // namespace queue::http
