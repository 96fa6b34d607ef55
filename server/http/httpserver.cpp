#include "httpserver.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <charconv>
#include <chrono>
#include <cstdio>
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

qint64 nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool isTchar(uchar c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isCtl(uchar c) { return c < 0x20 || c == 0x7f; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c; }

bool equalsNoCase(const char *a, qsizetype n, const char *lowerLiteral)
{
    const qsizetype m = qsizetype(std::strlen(lowerLiteral));
    if (n != m)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        if (lower(a[i]) != lowerLiteral[i])
            return false;
    }
    return true;
}

// Calls f(token, length) for each comma-separated, whitespace-trimmed token.
template <typename F>
void forEachToken(const QByteArray &value, F f)
{
    const char *d = value.constData();
    const qsizetype n = value.size();
    qsizetype i = 0;
    while (i < n) {
        while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == ','))
            ++i;
        qsizetype j = i;
        while (j < n && d[j] != ',')
            ++j;
        qsizetype e = j;
        while (e > i && (d[e - 1] == ' ' || d[e - 1] == '\t'))
            --e;
        if (e > i)
            f(d + i, e - i);
        i = j;
    }
}

// Header names clients send all the time; sharing static copies saves an
// allocation per header.
QByteArray internHeaderName(const char *d, qsizetype n)
{
    static const QByteArray known[] = {
        QByteArrayLiteral("host"), QByteArrayLiteral("user-agent"),
        QByteArrayLiteral("accept"), QByteArrayLiteral("accept-encoding"),
        QByteArrayLiteral("accept-language"), QByteArrayLiteral("connection"),
        QByteArrayLiteral("content-length"), QByteArrayLiteral("content-type"),
        QByteArrayLiteral("authorization"), QByteArrayLiteral("cookie"),
        QByteArrayLiteral("origin"), QByteArrayLiteral("referer"),
        QByteArrayLiteral("cache-control"), QByteArrayLiteral("pragma"),
        QByteArrayLiteral("upgrade"), QByteArrayLiteral("sec-websocket-key"),
        QByteArrayLiteral("sec-websocket-version"), QByteArrayLiteral("if-none-match"),
        QByteArrayLiteral("x-request-id"), QByteArrayLiteral("x-forwarded-for"),
    };
    for (const QByteArray &k : known) {
        if (equalsNoCase(d, n, k.constData()))
            return k;
    }
    QByteArray name(d, n);
    for (char &c : name)
        c = lower(c);
    return name;
}

QByteArray errorCodeFor(int status)
{
    switch (status) {
    case 400: return QByteArrayLiteral("bad_request");
    case 401: return QByteArrayLiteral("unauthorized");
    case 403: return QByteArrayLiteral("forbidden");
    case 404: return QByteArrayLiteral("not_found");
    case 408: return QByteArrayLiteral("request_timeout");
    case 411: return QByteArrayLiteral("length_required");
    case 413: return QByteArrayLiteral("payload_too_large");
    case 414: return QByteArrayLiteral("uri_too_long");
    case 426: return QByteArrayLiteral("upgrade_required");
    case 429: return QByteArrayLiteral("too_many_requests");
    case 431: return QByteArrayLiteral("header_too_large");
    case 503: return QByteArrayLiteral("unavailable");
    case 505: return QByteArrayLiteral("http_version_not_supported");
    default: return status >= 500 ? QByteArrayLiteral("internal") : QByteArrayLiteral("refused");
    }
}

void appendJsonString(QByteArray &out, const char *s)
{
    out += '"';
    for (; *s; ++s) {
        const uchar c = uchar(*s);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    out += '"';
}

Response errorResponse(int status, const char *message)
{
    QByteArray body;
    body.reserve(64);
    body += R"({"error":{"code":")";
    body += errorCodeFor(status);
    body += R"(","message":)";
    appendJsonString(body, message);
    body += "}}";
    return Response::json(status, body);
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

// What the header block says beyond the Request fields.
struct HeadInfo {
    bool http10 = false;
    bool keepAlive = true;
    bool isHead = false;
    bool hasContentLength = false;
    qint64 contentLength = 0;
    bool bodyTooLarge = false;
    bool hasTransferEncoding = false;
    bool expectContinue = false;
    bool upgradeWebSocket = false;
    bool connectionUpgrade = false;
};

struct ParseError {
    int status = 0;
    const char *message = "";
};

// Splits the target into decoded path and query; false if it is not a form
// we serve (origin-form, absolute-form or "*").
bool parseTarget(const char *t, qsizetype n, Request &req)
{
    if (n == 0)
        return false;
    if (n == 1 && t[0] == '*') {
        req.path = QStringLiteral("*");
        return true;
    }
    if (t[0] != '/') {
        // absolute-form: scheme://authority/path
        qsizetype skip = 0;
        if (n >= 7 && equalsNoCase(t, 7, "http://"))
            skip = 7;
        else if (n >= 8 && equalsNoCase(t, 8, "https://"))
            skip = 8;
        else
            return false;
        qsizetype i = skip;
        while (i < n && t[i] != '/' && t[i] != '?')
            ++i;
        t += i;
        n -= i;
    }
    const char *hash = static_cast<const char *>(std::memchr(t, '#', size_t(n)));
    if (hash)
        n = hash - t;
    const char *q = static_cast<const char *>(std::memchr(t, '?', size_t(n)));
    const qsizetype pathLen = q ? q - t : n;
    if (pathLen == 0) {
        req.path = QStringLiteral("/");
    } else if (std::memchr(t, '%', size_t(pathLen))) {
        req.path = QString::fromUtf8(
            QByteArray::fromPercentEncoding(QByteArray::fromRawData(t, pathLen)));
    } else {
        req.path = QString::fromUtf8(t, pathLen);
    }
    if (q && q + 1 < t + n) {
        QByteArray query(q + 1, (t + n) - (q + 1));
        // Form-style '+' means space; QUrlQuery would keep it literally.
        if (query.contains('+'))
            query.replace('+', "%20");
        req.query.setQuery(QString::fromUtf8(query));
    }
    return true;
}

// Splits a request line (no CR/LF) into its three parts.
bool splitRequestLine(const char *d, qsizetype n, qsizetype &sp1, qsizetype &sp2)
{
    const char *a = static_cast<const char *>(std::memchr(d, ' ', size_t(n)));
    if (!a)
        return false;
    sp1 = a - d;
    const char *b = static_cast<const char *>(std::memchr(a + 1, ' ', size_t(n - sp1 - 1)));
    if (!b)
        return false;
    sp2 = b - d;
    if (std::memchr(b + 1, ' ', size_t(n - sp2 - 1)))
        return false;
    return sp1 > 0 && sp2 > sp1 + 1 && sp2 + 1 < n;
}

// Parses a complete header block (request line, header lines and the empty
// line). Returns false with err set when the request must be refused.
bool parseHead(const char *d, qsizetype len, const Limits &limits, Request &req, HeadInfo &info,
               ParseError &err)
{
    auto fail = [&err](int status, const char *message) {
        err.status = status;
        err.message = message;
        return false;
    };
    auto lineEnd = [d, len](qsizetype from) -> qsizetype {
        const void *p = std::memchr(d + from, '\n', size_t(len - from));
        return p ? static_cast<const char *>(p) - d : len;
    };

    // Request line.
    qsizetype nl = lineEnd(0);
    qsizetype n = nl;
    if (n > 0 && d[n - 1] == '\r')
        --n;
    if (n > limits.maxRequestLineBytes)
        return fail(414, "request line too long");
    for (qsizetype i = 0; i < n; ++i) {
        if (isCtl(uchar(d[i])))
            return fail(400, "control character in request line");
    }
    qsizetype sp1 = 0;
    qsizetype sp2 = 0;
    if (!splitRequestLine(d, n, sp1, sp2))
        return fail(400, "malformed request line");
    for (qsizetype i = 0; i < sp1; ++i) {
        if (!isTchar(uchar(d[i])))
            return fail(400, "malformed method");
    }
    const char *ver = d + sp2 + 1;
    const qsizetype verLen = n - sp2 - 1;
    if (verLen != 8 || std::memcmp(ver, "HTTP/", 5) != 0 || ver[6] != '.'
        || ver[5] < '0' || ver[5] > '9' || ver[7] < '0' || ver[7] > '9')
        return fail(400, "malformed HTTP version");
    if (ver[5] != '1' || (ver[7] != '0' && ver[7] != '1'))
        return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
    info.http10 = ver[7] == '0';
    if (!parseTarget(d + sp1 + 1, sp2 - sp1 - 1, req))
        return fail(400, "malformed request target");
    if (sp1 == 3 && std::memcmp(d, "GET", 3) == 0)
        req.method = QByteArrayLiteral("GET");
    else if (sp1 == 4 && std::memcmp(d, "POST", 4) == 0)
        req.method = QByteArrayLiteral("POST");
    else if (sp1 == 4 && std::memcmp(d, "HEAD", 4) == 0)
        req.method = QByteArrayLiteral("HEAD");
    else
        req.method = QByteArray(d, sp1);
    info.isHead = req.method == "HEAD";

    // Header lines.
    const qsizetype headerStart = nl + 1;
    if (len - headerStart > qsizetype(limits.maxHeaderBytes) + 2)
        return fail(431, "headers too large");
    bool close = false;
    bool keepAliveToken = false;
    qsizetype pos = headerStart;
    while (pos < len) {
        nl = lineEnd(pos);
        qsizetype e = nl;
        if (e > pos && d[e - 1] == '\r')
            --e;
        if (e == pos)
            break;   // the empty line
        if (req.headers.size() >= limits.maxHeaderCount)
            return fail(431, "too many headers");
        const char *line = d + pos;
        const qsizetype lineLen = e - pos;
        if (line[0] == ' ' || line[0] == '\t')
            return fail(400, "obsolete header folding");
        const char *colon = static_cast<const char *>(std::memchr(line, ':', size_t(lineLen)));
        if (!colon || colon == line)
            return fail(400, "malformed header line");
        const qsizetype nameLen = colon - line;
        for (qsizetype i = 0; i < nameLen; ++i) {
            if (!isTchar(uchar(line[i])))
                return fail(400, "malformed header name");
        }
        qsizetype vs = nameLen + 1;
        qsizetype ve = lineLen;
        while (vs < ve && (line[vs] == ' ' || line[vs] == '\t'))
            ++vs;
        while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
            --ve;
        for (qsizetype i = vs; i < ve; ++i) {
            const uchar c = uchar(line[i]);
            if (isCtl(c) && c != '\t')
                return fail(400, "control character in header value");
        }
        QByteArray name = internHeaderName(line, nameLen);
        QByteArray value(line + vs, ve - vs);

        if (name == "content-length") {
            if (value.isEmpty())
                return fail(400, "invalid Content-Length");
            qint64 length = 0;
            bool tooLarge = false;
            for (char c : value) {
                if (c < '0' || c > '9')
                    return fail(400, "invalid Content-Length");
                if (length > (qint64(1) << 50))
                    tooLarge = true;
                else
                    length = length * 10 + (c - '0');
            }
            if (info.hasContentLength
                && (tooLarge != info.bodyTooLarge || (!tooLarge && length != info.contentLength)))
                return fail(400, "conflicting Content-Length headers");
            info.hasContentLength = true;
            info.bodyTooLarge = tooLarge || length > limits.maxBodyBytes;
            info.contentLength = length;
        } else if (name == "transfer-encoding") {
            info.hasTransferEncoding = true;
        } else if (name == "connection") {
            forEachToken(value, [&](const char *t, qsizetype tn) {
                if (equalsNoCase(t, tn, "close"))
                    close = true;
                else if (equalsNoCase(t, tn, "keep-alive"))
                    keepAliveToken = true;
                else if (equalsNoCase(t, tn, "upgrade"))
                    info.connectionUpgrade = true;
            });
        } else if (name == "expect") {
            if (equalsNoCase(value.constData(), value.size(), "100-continue"))
                info.expectContinue = true;
        } else if (name == "upgrade") {
            forEachToken(value, [&](const char *t, qsizetype tn) {
                if (equalsNoCase(t, tn, "websocket"))
                    info.upgradeWebSocket = true;
            });
        }
        req.headers.append(qMakePair(std::move(name), std::move(value)));
        pos = nl + 1;
    }
    info.keepAlive = !close && (!info.http10 || keepAliveToken);
    return true;
}

} // namespace

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
    enum class Scan { NeedMore, Done, Error };
    enum class Deadline { None, Idle, Request, Write, Closing };
    struct Slot {
        QByteArray data;
        bool ready = false;
        bool head = false;
        bool keepAlive = true;
    };

    void pump();
    bool peekStep();
    void leavePeekMode();
    bool readSocket(qint64 available);
    void processBuffer();
    bool skipEmptyLines();
    Scan scanHead(const QByteArray &buf, qsizetype start, qsizetype &headEnd, ParseError &err);
    void resetScan();
    bool dispatch();
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
    bool targetsWsPath(const char *line, qsizetype n) const;
    void tryUpgrade(const Request &req, const HeadInfo &info, const WsRoute &route);

    HttpServer *m_server;
    QTcpSocket *m_socket;
    QHostAddress m_peer;

    QByteArray m_buf;
    qsizetype m_pos = 0;          // start of the unparsed request in m_buf
    // Head scanning progress, relative to the request start, so that bytes
    // arriving one at a time are scanned once.
    qsizetype m_lineEnd = -1;     // the request line's '\n'
    qsizetype m_lineStart = 0;    // start of the header line being scanned
    qsizetype m_probe = 0;        // where the search for the next '\n' resumes
    int m_headerLines = 0;

    bool m_inBody = false;
    qint64 m_bodyLength = 0;
    Request m_current;
    HeadInfo m_currentInfo;

    std::deque<Slot> m_slots;     // responses not yet written, in request order
    quint64 m_headSeq = 0;        // sequence number of m_slots.front()

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
      m_peekMode(peekForUpgrade)
{
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
    if (m_pos > 0) {
        if (m_pos == m_buf.size() && m_buf.capacity() > 128 * 1024)
            m_buf = QByteArray();   // don't keep a large body's buffer per idle connection
        else
            m_buf.remove(0, m_pos);   // Qt 6 just moves the begin pointer
        m_pos = 0;
    }
    const qsizetype old = m_buf.size();
    m_buf.resize(old + qsizetype(available));
    const qint64 got = m_socket->read(m_buf.data() + old, available);
    m_buf.resize(old + qsizetype(qMax<qint64>(got, 0)));
    return got > 0;
}

// For a connection whose first request may be a WebSocket upgrade: look at
// the bytes without consuming them, so that QWebSocketServer can read the
// handshake itself. Returns true when normal parsing should take over.
bool HttpServer::Connection::peekStep()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    const QByteArray data = m_socket->peek(available);
    static const char kGet[] = "GET ";
    const qsizetype prefix = qMin<qsizetype>(4, data.size());
    if (std::memcmp(data.constData(), kGet, size_t(prefix)) != 0) {
        leavePeekMode();
        return true;
    }
    if (data.size() < 4)
        return false;
    qsizetype headEnd = 0;
    ParseError err;
    const Scan scan = scanHead(data, 0, headEnd, err);
    if (scan == Scan::NeedMore) {
        if (m_lineEnd >= 0 && !targetsWsPath(data.constData(), m_lineEnd)) {
            leavePeekMode();
            return true;
        }
        return false;
    }
    if (scan == Scan::Error) {
        leavePeekMode();
        return true;
    }
    Request req;
    HeadInfo info;
    if (!parseHead(data.constData(), headEnd, m_server->m_limits, req, info, err)
        || !info.upgradeWebSocket || info.hasTransferEncoding || info.contentLength > 0) {
        leavePeekMode();
        return true;
    }
    const WsRoute *route = m_server->findWsRoute(req.path);
    if (!route) {
        leavePeekMode();
        return true;
    }
    req.peer = m_peer;
    // The header block is consumed either by QWebSocketServer or, on refusal,
    // by the draining close.
    tryUpgrade(req, info, *route);
    return false;
}

void HttpServer::Connection::leavePeekMode()
{
    m_peekMode = false;
    resetScan();
}

bool HttpServer::Connection::targetsWsPath(const char *line, qsizetype n) const
{
    if (n > 0 && line[n - 1] == '\r')
        --n;
    qsizetype sp1 = 0;
    qsizetype sp2 = 0;
    if (!splitRequestLine(line, n, sp1, sp2))
        return false;
    Request probe;
    if (!parseTarget(line + sp1 + 1, sp2 - sp1 - 1, probe))
        return false;
    return m_server->findWsRoute(probe.path) != nullptr;
}

void HttpServer::Connection::tryUpgrade(const Request &req, const HeadInfo &info,
                                        const WsRoute &route)
{
    // Checked here because QWebSocketServer drops a bad handshake silently.
    if (req.header(QByteArrayLiteral("sec-websocket-version")) != "13") {
        m_peekMode = false;
        Slot slot;
        Response r = errorResponse(426, "unsupported WebSocket version");
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

void HttpServer::Connection::resetScan()
{
    m_lineEnd = -1;
    m_lineStart = 0;
    m_probe = 0;
    m_headerLines = 0;
}

// Finds the end of the header block starting at buf[start], enforcing the
// size limits and rejecting binary garbage early.
HttpServer::Connection::Scan HttpServer::Connection::scanHead(const QByteArray &buf,
                                                              qsizetype start,
                                                              qsizetype &headEnd,
                                                              ParseError &err)
{
    const Limits &limits = m_server->m_limits;
    const char *d = buf.constData() + start;
    const qsizetype n = buf.size() - start;
    if (m_lineEnd < 0) {
        const void *p = std::memchr(d + m_probe, '\n', size_t(n - m_probe));
        const qsizetype end = p ? static_cast<const char *>(p) - d : n;
        for (qsizetype i = m_probe; i < end; ++i) {
            const uchar c = uchar(d[i]);
            if (i == 0 && !isTchar(c)) {
                err = {400, "malformed request line"};
                return Scan::Error;
            }
            if (isCtl(c) && !(c == '\r' && (i + 1 == n || d[i + 1] == '\n'))) {
                err = {400, "control character in request line"};
                return Scan::Error;
            }
        }
        if (!p) {
            m_probe = n;
            if (n > qsizetype(limits.maxRequestLineBytes) + 1) {
                err = {414, "request line too long"};
                return Scan::Error;
            }
            return Scan::NeedMore;
        }
        if (end > qsizetype(limits.maxRequestLineBytes) + 1) {
            err = {414, "request line too long"};
            return Scan::Error;
        }
        m_lineEnd = end;
        m_lineStart = m_probe = end + 1;
    }
    for (;;) {
        const void *p = std::memchr(d + m_probe, '\n', size_t(n - m_probe));
        if (!p) {
            m_probe = n;
            if (n - (m_lineEnd + 1) > qsizetype(limits.maxHeaderBytes) + 2) {
                err = {431, "headers too large"};
                return Scan::Error;
            }
            return Scan::NeedMore;
        }
        const qsizetype nl = static_cast<const char *>(p) - d;
        const qsizetype lineLen = nl - m_lineStart;
        if (lineLen == 0 || (lineLen == 1 && d[m_lineStart] == '\r')) {
            headEnd = nl + 1;
            return Scan::Done;
        }
        if (++m_headerLines > limits.maxHeaderCount) {
            err = {431, "too many headers"};
            return Scan::Error;
        }
        if (nl - (m_lineEnd + 1) > qsizetype(limits.maxHeaderBytes) + 2) {
            err = {431, "headers too large"};
            return Scan::Error;
        }
        m_lineStart = m_probe = nl + 1;
    }
}

// RFC 9112 lets a server ignore empty lines before a request line.
bool HttpServer::Connection::skipEmptyLines()
{
    while (m_pos < m_buf.size()) {
        const char c = m_buf.at(m_pos);
        if (c == '\n') {
            ++m_pos;
        } else if (c == '\r') {
            if (m_pos + 1 >= m_buf.size())
                return false;
            if (m_buf.at(m_pos + 1) != '\n')
                return true;
            m_pos += 2;
        } else {
            return true;
        }
    }
    return false;
}

void HttpServer::Connection::processBuffer()
{
    while (!m_dead && !m_closing && !m_stopParsing) {
        if (!m_inBody) {
            if (isBlocked())
                return;
            if (m_lineEnd < 0 && m_probe == 0 && !skipEmptyLines())
                return;
            qsizetype headEnd = 0;
            ParseError err;
            const Scan scan = scanHead(m_buf, m_pos, headEnd, err);
            if (scan == Scan::NeedMore)
                return;
            if (scan == Scan::Error) {
                failRequest(err.status, err.message);
                return;
            }
            m_current = Request();
            m_currentInfo = HeadInfo();
            const char *d = m_buf.constData() + m_pos;
            m_pos += headEnd;
            resetScan();
            if (!parseHead(d, headEnd, m_server->m_limits, m_current, m_currentInfo, err)) {
                failRequest(err.status, err.message);
                return;
            }
            const HeadInfo &info = m_currentInfo;
            if (info.hasTransferEncoding) {
                failRequest(411, "chunked request bodies are not supported; send Content-Length");
                return;
            }
            if (info.bodyTooLarge) {
                failRequest(413, "request body too large");
                return;
            }
            if (info.upgradeWebSocket && m_current.method == "GET"
                && m_server->findWsRoute(m_current.path)) {
                failRequest(400, "a WebSocket upgrade must be the first request on a connection");
                return;
            }
            m_bodyLength = info.contentLength;
            if (m_bodyLength > 0) {
                m_inBody = true;
                if (info.expectContinue && m_slots.empty()
                    && m_buf.size() - m_pos < m_bodyLength)
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            } else {
                if (!dispatch())
                    return;
                continue;
            }
        }
        if (m_buf.size() - m_pos < m_bodyLength)
            return;
        m_current.body = m_buf.mid(m_pos, qsizetype(m_bodyLength));
        m_pos += qsizetype(m_bodyLength);
        m_inBody = false;
        if (!dispatch())
            return;
    }
}

// Returns false if the handler destroyed this connection (e.g. by deleting
// the server); the caller must not touch members then.
bool HttpServer::Connection::dispatch()
{
    Slot slot;
    slot.head = m_currentInfo.isHead;
    slot.keepAlive = m_currentInfo.keepAlive;
    m_slots.push_back(std::move(slot));
    const quint64 seq = m_headSeq + m_slots.size() - 1;
    if (!m_currentInfo.keepAlive)
        m_stopParsing = true;
    m_requestStart = 0;

    Request req = std::move(m_current);
    m_current = Request();
    req.peer = m_peer;
    const QPointer<Connection> self(this);
    Responder responder([self, seq](const Response &response) {
        if (self)
            self->complete(seq, response);
    });
    if (!m_server->m_handler) {
        responder.send(errorResponse(404, "no handler"));
        return true;
    }
    try {
        m_server->m_handler(req, responder);
    } catch (const std::exception &e) {
        qWarning("queue::http: request handler threw: %s", e.what());
        responder.send(errorResponse(500, "internal error"));
    } catch (...) {
        qWarning("queue::http: request handler threw");
        responder.send(errorResponse(500, "internal error"));
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
    slot.data = serialize(errorResponse(status, message), false, false);
    slot.ready = true;
    slot.keepAlive = false;
    m_slots.push_back(std::move(slot));
    m_stopParsing = true;
    m_inBody = false;
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
    m_buf.clear();
    m_pos = 0;
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
    const bool partial = m_peekMode ? m_socket->bytesAvailable() > 0
                                    : (m_inBody || m_buf.size() > m_pos);
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
        if (m_slots.empty()) {
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

HttpServer::HttpServer(QObject *parent)
    : QObject(parent), m_tcp(new QTcpServer(this)), m_sweepTimer(new QTimer(this))
{
    connect(m_tcp, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
    connect(m_sweepTimer, &QTimer::timeout, this, &HttpServer::sweep);
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
    if (!m_ws) {
        m_ws = new QWebSocketServer(QStringLiteral("queue"), QWebSocketServer::NonSecureMode, this);
        connect(m_ws, &QWebSocketServer::newConnection, this, &HttpServer::onWebSocketConnection);
    }
    for (WsRoute &route : m_wsRoutes) {
        if (route.path == path) {
            route.gate = std::move(gate);
            route.handler = std::move(handler);
            return;
        }
    }
    m_wsRoutes.append(WsRoute{path, std::move(gate), std::move(handler)});
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

void HttpServer::sweep()
{
    const qint64 now = nowMs();
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

    socket->setParent(m_ws);
    socket->setReadBufferSize(0);
    m_handovers.append(WsHandover{socket, socket->peerAddress(), socket->peerPort(), handler, request});
    // A failed handshake deletes the socket; drop its record then.
    connect(socket, &QObject::destroyed, this, [this] {
        m_handovers.removeIf([](const WsHandover &h) { return h.socket.isNull(); });
    });
    // Qt 6.4 re-emits readyRead here for data that is already buffered
    // (tested by WebSocketUpgradeAccepted).
    m_ws->handleConnection(socket);
}

void HttpServer::onWebSocketConnection()
{
    while (m_ws->hasPendingConnections()) {
        QWebSocket *ws = m_ws->nextPendingConnection();
        if (!ws)
            break;
        const QHostAddress peer = ws->peerAddress();
        const quint16 port = ws->peerPort();
        qsizetype found = -1;
        for (qsizetype i = 0; i < m_handovers.size(); ++i) {
            const WsHandover &h = m_handovers.at(i);
            if (h.socket && h.peerPort == port && h.peer == peer) {
                found = i;
                break;
            }
        }
        if (found < 0) {
            qWarning("queue::http: WebSocket without a matching upgrade request");
            ws->abort();
            ws->deleteLater();
            continue;
        }
        const WsHandover handover = m_handovers.takeAt(found);
        // The QWebSocket does not own its TCP socket; tie their lifetimes so
        // that deleting the QWebSocket frees the socket too.
        ws->setParent(nullptr);
        handover.socket->setParent(ws);
        if (handover.handler)
            handover.handler(ws, handover.request);
        else
            ws->deleteLater();
    }
}

} // namespace queue::http
