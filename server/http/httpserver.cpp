#include "httpserver.h"
#include "requestparser.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace queue::http {

namespace {

// After the last response of a closing connection we half-close and keep
// draining input this long, so that a client still sending (e.g. the body of
// a 413 request) reads our answer instead of a TCP reset.
constexpr int kLingerMs = 2000;
// Stop reading requests while this much response data waits in the socket's
// write buffer (a client that pipelines but never reads).
constexpr qint64 kMaxWriteBuffer = 1024 * 1024;

// The default clock: monotonic, so a wall-clock step cannot expire or
// prolong every connection at once.
class SteadyClock final : public Clock {
public:
    qint64 nowMs() const override
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }
};

const Clock &steadyClock()
{
    static const SteadyClock clock;   // stateless, so one serves every server
    return clock;
}

void appendNumber(QByteArray &out, qint64 value)
{
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr - buf);
}

bool hasCrLf(const QByteArray &s) { return s.contains('\r') || s.contains('\n'); }

QByteArray serialize(const Response &r, bool head, bool keepAlive)
{
    const int status = (r.status >= 100 && r.status <= 999) ? r.status : 500;
    const bool noBody = status < 200 || status == 204 || status == 304;
    qsizetype extra = 0;
    for (const auto &h : r.headers)
        extra += h.first.size() + h.second.size() + 4;
    QByteArray out;
    out.reserve(160 + extra + (head || noBody ? 0 : r.body.size()));
    out += "HTTP/1.1 ";
    appendNumber(out, status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    bool userContentType = false;
    bool userCacheControl = false;
    for (const auto &h : r.headers) {
        const QByteArray &name = h.first;
        // The framing headers are ours; CR/LF would allow header injection.
        if (name.isEmpty() || hasCrLf(name) || hasCrLf(h.second)
            || name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("connection", Qt::CaseInsensitive) == 0
            || name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            continue;
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            userContentType = true;
        else if (name.compare("cache-control", Qt::CaseInsensitive) == 0)
            userCacheControl = true;
        out += name;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    if (!noBody) {
        if (!userContentType && !r.contentType.isEmpty() && !hasCrLf(r.contentType)) {
            out += "Content-Type: ";
            out += r.contentType;
            out += "\r\n";
        }
        out += "Content-Length: ";
        appendNumber(out, r.body.size());
        out += "\r\n";
    }
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    if (!userCacheControl)
        out += "Cache-Control: no-store\r\n";
    out += "\r\n";
    if (!head && !noBody)
        out += r.body;
    return out;
}

} // namespace

// With TLS on, every accepted socket is a QSslSocket, still unencrypted: the connection
// decides from the first byte whether to start the server handshake.
class HttpServer::TcpServer : public QTcpServer {
public:
    explicit TcpServer(HttpServer *owner) : QTcpServer(owner), m_owner(owner) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (!m_owner->m_tls) {
            QTcpServer::incomingConnection(descriptor);
            return;
        }
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        addPendingConnection(socket);
    }

private:
    HttpServer *m_owner;
};

// One accepted TCP connection: parses requests, keeps the per-connection
// response queue in request order and enforces the timeouts.
class HttpServer::Connection : public QObject {
    friend class HttpServer;

public:
    Connection(HttpServer *server, QTcpSocket *socket, bool peekForUpgrade);
    ~Connection() override { m_dead = true; }

    void checkDeadline(qint64 now);
    void start() { pump(); }

private:
    enum class Deadline { None, Idle, Request, Write, Closing };
    // TLS servers: deciding from the first byte, handshaking, or done (plain or encrypted).
    enum class Tls { Deciding, Handshaking, Done };
    struct Slot {
        QByteArray data;
        bool ready = false;
        bool head = false;
        bool keepAlive = true;
    };

    void pump();
    bool tlsStep();
    void onEncrypted();
    bool peekStep();
    void leavePeekMode();
    bool readSocket(qint64 available);
    void processBuffer();
    bool handleRequest(const RequestHead &head, Request request);
    bool dispatch(const RequestHead &head, Request request);
    void complete(quint64 seq, const Response &response);
    void failRequest(int status, const char *message);
    void flushReady();
    bool isBlocked() const;
    void beginClose();
    void halfClose();
    void abortNow();
    void teardown();
    void updateDeadline();
    void onBytesWritten();
    void tryUpgrade(const Request &req, const RequestHead &info, const WsRoute &route);
    qint64 nowMs() const { return m_server->m_clock->nowMs(); }

    HttpServer *m_server;
    QTcpSocket *m_socket;
    QHostAddress m_peer;

    RequestParser m_parser;
    qint64 m_peekFed = 0;         // socket bytes peeked and fed, not yet read

    std::deque<Slot> m_slots;     // responses not yet written, in request order
    quint64 m_headSeq = 0;        // sequence number of m_slots.front()

    Tls m_tlsState = Tls::Done;
    bool m_peekMode = false;      // first request may be a WebSocket upgrade
    bool m_stopParsing = false;   // a response that closes the connection is queued
    bool m_closing = false;       // that response was written; draining
    bool m_halfClosed = false;
    bool m_dead = false;
    bool m_inPump = false;
    bool m_blocked = false;

    Deadline m_deadlineKind = Deadline::None;
    qint64 m_deadline = 0;
    qint64 m_requestStart = 0;
};

HttpServer::Connection::Connection(HttpServer *server, QTcpSocket *socket, bool peekForUpgrade)
    : QObject(server), m_server(server), m_socket(socket), m_peer(socket->peerAddress()),
      m_parser(server->m_limits), m_peekMode(peekForUpgrade)
{
    if (server->m_tls && qobject_cast<QSslSocket *>(socket))
        m_tlsState = Tls::Deciding;
    socket->setParent(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // A bounded read buffer gives TCP back-pressure while we are not reading
    // (pipelining cap); it must hold a whole header block for peek mode.
    const Limits &limits = server->m_limits;
    socket->setReadBufferSize(
        qMax<qint64>(64 * 1024, qint64(limits.maxRequestLineBytes) + limits.maxHeaderBytes + 1024));
    connect(socket, &QTcpSocket::readyRead, this, &Connection::pump);
    connect(socket, &QTcpSocket::bytesWritten, this, &Connection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &Connection::teardown);
}

bool HttpServer::Connection::isBlocked() const
{
    return qsizetype(m_slots.size()) >= qMax(1, m_server->m_limits.maxPendingResponsesPerConnection)
        || m_socket->bytesToWrite() > kMaxWriteBuffer;
}

void HttpServer::Connection::pump()
{
    if (m_dead || m_inPump)
        return;
    m_inPump = true;
    const QPointer<Connection> self(this);
    for (;;) {
        if (m_closing) {
            // Draining after the final response: input is read and dropped.
            if (m_socket->bytesAvailable() > 0)
                m_socket->readAll();
            break;
        }
        if (m_tlsState == Tls::Handshaking)
            break;
        if (m_tlsState == Tls::Deciding) {
            if (!tlsStep() || !self || m_dead)
                break;
            continue;
        }
        if (m_peekMode) {
            if (!peekStep() || !self || m_dead)
                break;
            continue;
        }
        processBuffer();
        if (!self)
            return;
        if (m_dead || m_stopParsing)
            break;      // a closing connection drains on the next readyRead
        m_blocked = isBlocked();
        if (m_blocked)
            break;
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0 || !readSocket(available))
            break;
    }
    if (!self)
        return;
    m_inPump = false;
    updateDeadline();
}

bool HttpServer::Connection::readSocket(qint64 available)
{
    const QByteArray data = m_socket->read(available);
    if (data.isEmpty())
        return false;
    m_server->m_bytesReceived += quint64(data.size());
    m_parser.feed(data);
    return true;
}

// The first byte of a TLS connection is 0x16 (a handshake record). Only peeked: the
// handshake, or the plain request, is read from the socket as it came.
bool HttpServer::Connection::tlsStep()
{
    char first = 0;
    if (m_socket->peek(&first, 1) != 1)
        return false;
    auto *ssl = static_cast<QSslSocket *>(m_socket);
    if (first == 0x16) {
        m_tlsState = Tls::Handshaking;
        ssl->setSslConfiguration(m_server->m_tlsConfig);
        connect(ssl, &QSslSocket::encrypted, this, &Connection::onEncrypted);
        // A failed handshake (wrong version, a client that refuses our certificate) ends here.
        connect(ssl, &QAbstractSocket::errorOccurred, this, [this] {
            if (m_tlsState == Tls::Handshaking)
                abortNow();
        });
        ssl->startServerEncryption();
        return false;
    }
    m_tlsState = Tls::Done;
    if (m_server->m_plainFromAnyHost || isLocalPeer(m_peer))
        return true;
    // Not a byte of it is parsed: no request, and no token in it, is ever handled.
    m_peekMode = false;
    failRequest(400, "this server speaks HTTPS only: use https://");
    return true;
}

void HttpServer::Connection::onEncrypted()
{
    if (m_dead || m_tlsState != Tls::Handshaking)
        return;
    m_tlsState = Tls::Done;
    m_requestStart = 0;
    pump();
}

// For a connection whose first request may be a WebSocket upgrade: look at
// the bytes without consuming them, so that QWebSocketServer can read the
// handshake itself. Returns true when normal parsing should take over.
bool HttpServer::Connection::peekStep()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_peekFed)
        return false;
    const QByteArray data = m_socket->peek(available);
    static const char kGet[] = "GET ";
    const qsizetype prefix = qMin<qsizetype>(4, data.size());
    if (std::memcmp(data.constData(), kGet, size_t(prefix)) != 0) {
        leavePeekMode();
        return true;
    }
    m_parser.feed(data.constData() + m_peekFed, data.size() - m_peekFed);
    m_peekFed = data.size();
    switch (m_parser.next()) {
    case RequestParser::Status::NeedMore: {
        // An upgrade has no body; leave early for any other path, too.
        QString path;
        if (m_parser.inBody()
            || (m_parser.requestLinePath(path) && !m_server->findWsRoute(path))) {
            leavePeekMode();
            return true;
        }
        return false;
    }
    case RequestParser::Status::Error:
        leavePeekMode();   // the error is final: processBuffer() answers it
        return true;
    case RequestParser::Status::Ready:
        break;
    }
    const RequestHead head = m_parser.head();
    Request req = m_parser.takeRequest();
    const WsRoute *route = head.upgradeWebSocket && req.body.isEmpty()
        ? m_server->findWsRoute(req.path) : nullptr;
    if (!route) {
        leavePeekMode();
        return handleRequest(head, std::move(req));
    }
    req.peer = m_peer;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        req.secure = ssl->isEncrypted();
    // The header block is consumed either by QWebSocketServer or, on refusal,
    // by the draining close.
    tryUpgrade(req, head, *route);
    return false;
}

// The parser has the peeked bytes already; take them off the socket.
void HttpServer::Connection::leavePeekMode()
{
    m_peekMode = false;
    if (m_peekFed > 0) {
        m_socket->skip(m_peekFed);
        m_server->m_bytesReceived += quint64(m_peekFed);
        m_peekFed = 0;
    }
}

void HttpServer::Connection::tryUpgrade(const Request &req, const RequestHead &info,
                                        const WsRoute &route)
{
    // Checked here because QWebSocketServer drops a bad handshake silently.
    if (req.header(QByteArrayLiteral("sec-websocket-version")) != "13") {
        m_peekMode = false;
        Slot slot;
        Response r = m_server->errorResponse(426, "unsupported WebSocket version");
        r.headers.append(qMakePair(QByteArrayLiteral("Sec-WebSocket-Version"), QByteArrayLiteral("13")));
        slot.data = serialize(r, false, false);
        slot.ready = true;
        slot.keepAlive = false;
        m_slots.push_back(std::move(slot));
        m_stopParsing = true;
        flushReady();
        return;
    }
    if (req.header(QByteArrayLiteral("sec-websocket-key")).isEmpty() || !info.connectionUpgrade) {
        m_peekMode = false;
        failRequest(400, "malformed WebSocket handshake");
        return;
    }
    // Copies: the gate may add routes and invalidate `route`.
    const WebSocketHandler handler = route.handler;
    const WebSocketGate gate = route.gate;
    int status = 0;
    if (gate) {
        const QPointer<Connection> self(this);
        status = gate(req);
        if (!self || m_dead)
            return;
    }
    if (status != 0) {
        m_peekMode = false;
        failRequest(status >= 400 && status <= 599 ? status : 403, "WebSocket upgrade refused");
        return;
    }
    m_server->handOver(this, req, handler);
}

void HttpServer::Connection::processBuffer()
{
    while (!m_dead && !m_closing && !m_stopParsing) {
        if (isBlocked())
            return;
        switch (m_parser.next()) {
        case RequestParser::Status::NeedMore:
            if (m_slots.empty() && m_parser.takeContinue())
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            return;
        case RequestParser::Status::Error:
            failRequest(m_parser.errorStatus(), m_parser.errorReason());
            return;
        case RequestParser::Status::Ready:
            break;
        }
        const RequestHead head = m_parser.head();
        if (!handleRequest(head, m_parser.takeRequest()))
            return;
    }
}

// Returns false if the request ended parsing or the handler destroyed this
// connection (e.g. by deleting the server); the caller must not touch
// members then.
bool HttpServer::Connection::handleRequest(const RequestHead &head, Request request)
{
    if (head.upgradeWebSocket && request.method == "GET" && m_server->findWsRoute(request.path)) {
        failRequest(400, "a WebSocket upgrade must be the first request on a connection");
        return false;
    }
    return dispatch(head, std::move(request));
}

bool HttpServer::Connection::dispatch(const RequestHead &head, Request req)
{
    Slot slot;
    slot.head = head.isHead;
    slot.keepAlive = head.keepAlive;
    m_slots.push_back(std::move(slot));
    const quint64 seq = m_headSeq + m_slots.size() - 1;
    if (!head.keepAlive)
        m_stopParsing = true;
    m_requestStart = 0;

    req.peer = m_peer;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        req.secure = ssl->isEncrypted();
    const QPointer<Connection> self(this);
    Responder responder(
        [self, seq](const Response &response) {
            if (self)
                self->complete(seq, response);
        },
        m_server->errorResponse(500, "no response was produced"));
    if (!m_server->m_handler) {
        responder.send(m_server->errorResponse(404, "no handler"));
        return true;
    }
    try {
        m_server->m_handler(req, responder);
    } catch (const std::exception &e) {
        qWarning("queue::http: request handler threw: %s", e.what());
        responder.send(m_server->errorResponse(500, "internal error"));
    } catch (...) {
        qWarning("queue::http: request handler threw");
        responder.send(m_server->errorResponse(500, "internal error"));
    }
    return !self.isNull();
}

void HttpServer::Connection::complete(quint64 seq, const Response &response)
{
    if (m_dead || m_closing || seq < m_headSeq)
        return;
    const quint64 index = seq - m_headSeq;
    if (index >= m_slots.size())
        return;
    Slot &slot = m_slots[size_t(index)];
    if (slot.ready)
        return;
    slot.data = serialize(response, slot.head, slot.keepAlive);
    slot.ready = true;
    if (index == 0)
        flushReady();
    if (!m_inPump)
        pump();   // reads requests held back by the pipelining cap
}

void HttpServer::Connection::failRequest(int status, const char *message)
{
    Slot slot;
    slot.data = serialize(m_server->errorResponse(status, message), false, false);
    slot.ready = true;
    slot.keepAlive = false;
    m_slots.push_back(std::move(slot));
    m_stopParsing = true;
    flushReady();
}

void HttpServer::Connection::flushReady()
{
    while (!m_slots.empty() && m_slots.front().ready) {
        Slot &front = m_slots.front();
        const bool close = !front.keepAlive;
        m_socket->write(front.data);
        m_slots.pop_front();
        ++m_headSeq;
        if (close) {
            beginClose();
            return;
        }
    }
}

void HttpServer::Connection::beginClose()
{
    if (m_closing || m_dead)
        return;
    m_closing = true;
    m_stopParsing = true;
    m_slots.clear();
    m_parser = RequestParser();   // frees what was buffered
    if (m_socket->bytesAvailable() > 0)
        m_socket->readAll();
    const Limits &limits = m_server->m_limits;
    m_deadlineKind = Deadline::Closing;
    m_deadline = nowMs() + qMax(kLingerMs, limits.requestTimeoutMs);
    if (m_socket->bytesToWrite() == 0)
        halfClose();
}

void HttpServer::Connection::halfClose()
{
    if (m_halfClosed || m_dead)
        return;
    m_halfClosed = true;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket); ssl && ssl->isEncrypted()) {
        // The encrypted bytes may still be queued below the TLS layer: let QSslSocket
        // flush them and send close_notify.
        m_deadlineKind = Deadline::Closing;
        m_deadline = nowMs() + kLingerMs;
        ssl->disconnectFromHost();
        return;
    }
#ifdef Q_OS_UNIX
    // Send FIN after the response but keep reading, so unread request bytes
    // do not turn our close into a reset that destroys the response.
    const qintptr fd = m_socket->socketDescriptor();
    if (fd >= 0 && ::shutdown(int(fd), SHUT_WR) == 0) {
        m_deadlineKind = Deadline::Closing;
        m_deadline = nowMs() + kLingerMs;
        return;
    }
#endif
    m_socket->disconnectFromHost();
}

void HttpServer::Connection::onBytesWritten()
{
    if (m_dead)
        return;
    if (m_closing) {
        if (!m_halfClosed && m_socket->bytesToWrite() == 0)
            halfClose();
        return;
    }
    if (m_inPump)
        return;
    if (m_blocked)
        pump();
    else if (m_deadlineKind == Deadline::Write)
        updateDeadline();
}

void HttpServer::Connection::abortNow()
{
    if (m_dead)
        return;
    m_socket->abort();   // emits disconnected, which tears down
    teardown();
}

void HttpServer::Connection::teardown()
{
    if (m_dead)
        return;
    m_dead = true;
    m_slots.clear();
    m_server->connectionClosed(this);
}

void HttpServer::Connection::updateDeadline()
{
    if (m_dead || m_closing)
        return;
    const Limits &limits = m_server->m_limits;
    // Before and during a TLS handshake the request clock runs.
    const bool partial = m_tlsState != Tls::Done || (m_peekMode ? m_socket->bytesAvailable() > 0
                                                                : m_parser.hasPartialRequest());
    if (m_blocked && m_socket->bytesToWrite() > kMaxWriteBuffer) {
        // Waiting for a client to read; it must make progress.
        m_deadlineKind = limits.requestTimeoutMs > 0 ? Deadline::Write : Deadline::None;
        m_deadline = nowMs() + limits.requestTimeoutMs;
    } else if (m_blocked) {
        // Not reading; the request clock restarts when reading resumes.
        m_requestStart = 0;
        m_deadlineKind = Deadline::None;
    } else if (partial && !m_stopParsing) {
        const qint64 now = nowMs();
        if (m_requestStart == 0)
            m_requestStart = now;
        m_deadlineKind = limits.requestTimeoutMs > 0 ? Deadline::Request : Deadline::None;
        m_deadline = m_requestStart + limits.requestTimeoutMs;
    } else if (!partial && m_slots.empty()) {
        m_requestStart = 0;
        m_deadlineKind = limits.idleTimeoutMs > 0 ? Deadline::Idle : Deadline::None;
        m_deadline = nowMs() + limits.idleTimeoutMs;
    } else {
        m_deadlineKind = Deadline::None;   // the handler is working
    }
}

void HttpServer::Connection::checkDeadline(qint64 now)
{
    if (m_dead || m_deadlineKind == Deadline::None || now < m_deadline)
        return;
    switch (m_deadlineKind) {
    case Deadline::Idle:
        // Idle covers "response written but not yet flushed" too; only close
        // once it is really quiet.
        if (m_socket->bytesToWrite() > 0 || !m_slots.empty()) {
            updateDeadline();
            return;
        }
        abortNow();
        return;
    case Deadline::Request:
        if (m_slots.empty() && m_tlsState == Tls::Done) {
            m_peekMode = false;
            failRequest(408, "request not completed in time");
            return;
        }
        abortNow();
        return;
    case Deadline::Write:
    case Deadline::Closing:
    case Deadline::None:
        abortNow();
        return;
    }
}

// ---------------------------------------------------------------------------

HttpServer::HttpServer(QObject *parent) : HttpServer(steadyClock(), parent)
{
}

HttpServer::HttpServer(const Clock &clock, QObject *parent)
    : QObject(parent), m_clock(&clock), m_tcp(new TcpServer(this)), m_sweepTimer(new QTimer(this)),
      m_errorContentType(QByteArrayLiteral("text/plain; charset=utf-8"))
{
    connect(m_tcp, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
    connect(m_sweepTimer, &QTimer::timeout, this, &HttpServer::checkTimeouts);
}

HttpServer::~HttpServer()
{
    m_tcp->close();
    // Connections are children, but they must go while our members still
    // exist; their destructors do not call back.
    const QList<Connection *> connections = std::move(m_connectionList);
    m_connectionList.clear();
    for (Connection *c : connections)
        delete c;
}

void HttpServer::addWebSocketPath(const QString &path, WebSocketGate gate, WebSocketHandler handler)
{
    for (WsRoute &route : m_wsRoutes) {
        if (route.path == path) {
            route.gate = std::move(gate);
            route.handler = std::move(handler);
            return;
        }
    }
    m_wsRoutes.append(WsRoute{path, std::move(gate), std::move(handler)});
}

void HttpServer::setErrorBody(ErrorBody format, const QByteArray &contentType)
{
    m_errorBody = std::move(format);
    m_errorContentType = contentType;
}

Response HttpServer::errorResponse(int status, const char *reason) const
{
    Response r;
    r.status = status;
    r.contentType = m_errorContentType;
    const QString text = QString::fromLatin1(reason);
    if (m_errorBody)
        r.body = m_errorBody(status, text);
    else
        r.body = text.toUtf8() + '\n';
    return r;
}

void HttpServer::setTls(const QSslConfiguration &config, bool plainFromAnyHost)
{
    m_tlsConfig = config;
    m_tls = true;
    m_plainFromAnyHost = plainFromAnyHost;
}

bool HttpServer::isLocalPeer(const QHostAddress &peer)
{
    const QString text = peer.toString();
    return text == QLatin1String("127.0.0.1") || text == QLatin1String("::1")
        || text == QLatin1String("::ffff:127.0.0.1");
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    // Many keep-alive clients connect at once in the load benchmark; the
    // default backlog of 50 would drop SYNs.
    m_tcp->setListenBacklogSize(1024);
    return m_tcp->listen(address, port);
}

quint16 HttpServer::serverPort() const { return m_tcp->serverPort(); }

QHostAddress HttpServer::serverAddress() const { return m_tcp->serverAddress(); }

QString HttpServer::errorString() const { return m_tcp->errorString(); }

int HttpServer::connectionCount() const { return m_connections; }

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        if (m_connections >= m_limits.maxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        auto *connection = new Connection(this, socket, !m_wsRoutes.isEmpty());
        m_connectionList.append(connection);
        connection->start();
    }
    // Deadlines are checked by one coarse timer instead of a timer per
    // connection, which would be re-armed on every request.
    int shortest = 1000;
    if (m_limits.idleTimeoutMs > 0)
        shortest = qMin(shortest, m_limits.idleTimeoutMs / 4);
    if (m_limits.requestTimeoutMs > 0)
        shortest = qMin(shortest, m_limits.requestTimeoutMs / 4);
    shortest = qMax(shortest, 10);
    if (!m_sweepTimer->isActive() || m_sweepTimer->interval() != shortest)
        m_sweepTimer->start(shortest);
}

void HttpServer::checkTimeouts()
{
    const qint64 now = m_clock->nowMs();
    // Closed connections are only deleteLater()ed, so the copy stays valid.
    const QList<Connection *> connections = m_connectionList;
    for (Connection *c : connections)
        c->checkDeadline(now);
    if (m_connectionList.isEmpty())
        m_sweepTimer->stop();
}

const HttpServer::WsRoute *HttpServer::findWsRoute(const QString &path) const
{
    for (const WsRoute &route : m_wsRoutes) {
        if (route.path == path)
            return &route;
    }
    return nullptr;
}

void HttpServer::connectionClosed(Connection *connection)
{
    if (m_connectionList.removeOne(connection))
        --m_connections;
    connection->deleteLater();
}

void HttpServer::handOver(Connection *connection, const Request &request,
                          const WebSocketHandler &handler)
{
    QTcpSocket *socket = connection->m_socket;
    // The socket leaves the Connection untouched: none of our slots may see
    // its bytes, and it must outlive the Connection.
    QObject::disconnect(socket, nullptr, connection, nullptr);
    connection->m_socket = nullptr;
    connection->m_dead = true;
    if (m_connectionList.removeOne(connection))
        --m_connections;
    connection->deleteLater();

    // One QWebSocketServer per upgrade: the QWebSocket it produces can only
    // be this socket's, however many connections share a peer address (a
    // QWebSocket does not tell which QTcpSocket it wraps).
    auto *ws = new QWebSocketServer(QStringLiteral("queue"), QWebSocketServer::NonSecureMode, this);
    socket->setParent(ws);
    socket->setReadBufferSize(0);
    const qint64 maxMessage = m_limits.maxWebSocketMessageBytes;
    const QPointer<QTcpSocket> tcp(socket);
    connect(ws, &QWebSocketServer::newConnection, this, [ws, tcp, handler, request, maxMessage] {
        QWebSocket *client = ws->nextPendingConnection();
        ws->deleteLater();
        if (!client)
            return;
        // The QWebSocket does not own its TCP socket; tie their lifetimes so
        // that deleting the QWebSocket frees the socket too.
        client->setParent(nullptr);
        if (tcp)
            tcp->setParent(client);
        if (maxMessage > 0) {
            client->setMaxAllowedIncomingMessageSize(quint64(maxMessage));
            client->setMaxAllowedIncomingFrameSize(quint64(maxMessage));
        }
        if (handler)
            handler(client, request);
        else
            client->deleteLater();
    });
    // A failed handshake deletes the socket; the server goes with it.
    connect(socket, &QObject::destroyed, ws, &QObject::deleteLater);
    // Qt 6.4 re-emits readyRead here for data that is already buffered
    // (tested by UpgradeAcceptedAndMatchedToItsRequest).
    ws->handleConnection(socket);
}

} // namespace queue::http
