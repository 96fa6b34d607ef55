// Tests for queue::http::HttpServer with real QTcpSocket / QWebSocket clients
// on 127.0.0.1 against a port-0 server in the same process.
#include "server/http/httpserver.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <random>
#include <vector>

using namespace queue::http;
using queue::test::ManualClock;
using queue::test::waitUntil;

namespace {

struct ParsedResponse {
    int status = 0;
    QByteArray head;   // status line and headers, as received
    QList<QPair<QByteArray, QByteArray>> headers;   // names lower-cased
    QByteArray body;

    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return h.second;
        }
        return QByteArray();
    }
    QByteArray errorCode() const
    {
        return QJsonDocument::fromJson(body)
            .object()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString()
            .toUtf8();
    }
};

class Client {
public:
    explicit Client(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_in += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
            if (m_socket.isReadable())
                m_in += m_socket.readAll();
        });
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] { m_connected = true; });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket,
                         [this](QAbstractSocket::SocketError) { m_failed = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        // The server may close right after accepting (maxConnections), so
        // ConnectedState itself might never be observed.
        waitUntil([this] { return m_connected || m_failed; }, 5000);
    }

    bool connected() const { return m_connected; }
    QTcpSocket &socket() { return m_socket; }
    QByteArray &received() { return m_in; }

    void send(const QByteArray &data)
    {
        m_socket.write(data);
        m_socket.flush();
    }

    // Waits for one complete response and removes it from the input.
    std::optional<ParsedResponse> read(bool expectBody = true, int timeoutMs = 5000)
    {
        std::optional<ParsedResponse> result;
        // waitUntil may evaluate the predicate more than once; parse only once.
        waitUntil([&] {
            if (!result)
                result = tryParse(expectBody);
            return result.has_value() || closed();
        }, timeoutMs);
        if (!result)
            result = tryParse(expectBody);
        if (!result)
            qWarning("no complete response; received so far: %s", m_in.toHex(' ').constData());
        return result;
    }

    bool closed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }

    bool waitClosed(int timeoutMs = 5000)
    {
        return waitUntil([this] { return closed(); }, timeoutMs);
    }

private:
    std::optional<ParsedResponse> tryParse(bool expectBody)
    {
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        ParsedResponse r;
        r.head = m_in.left(end + 2);
        const QList<QByteArray> lines = m_in.left(end).split('\n');
        const QByteArray statusLine = lines.value(0).trimmed();
        r.status = statusLine.split(' ').value(1).toInt();
        qint64 length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            r.headers.append(
                qMakePair(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()));
            if (r.headers.last().first == "content-length")
                length = r.headers.last().second.toLongLong();
        }
        const qsizetype bodyStart = end + 4;
        if (!expectBody)
            length = 0;
        if (m_in.size() - bodyStart < length)
            return std::nullopt;
        r.body = m_in.mid(bodyStart, length);
        m_in.remove(0, bodyStart + length);
        return r;
    }

    QTcpSocket m_socket;
    QByteArray m_in;
    bool m_connected = false;
    bool m_failed = false;
};

QByteArray get(const QByteArray &target, const QByteArray &extra = QByteArray())
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

class HttpServerTest : public ::testing::Test {
protected:
    void start(const Limits &limits = Limits())
    {
        server = std::make_unique<HttpServer>(clock);
        server->setLimits(limits);
        server->setHandler([this](const Request &request, Responder responder) {
            requests.append(request);
            if (handler) {
                handler(request, responder);
                return;
            }
            // Default: echo what was understood, so tests can check parsing.
            Response r;
            r.contentType = QByteArrayLiteral("text/plain");
            r.body = request.method + ' ' + request.path.toUtf8() + ' '
                + request.query.toString(QUrl::FullyDecoded).toUtf8() + ' ' + request.body;
            responder.send(r);
        });
        ASSERT_TRUE(server->listen(QHostAddress::LocalHost, 0)) << server->errorString().toStdString();
        port = server->serverPort();
        ASSERT_NE(port, 0);
    }

    // A fresh connection gets a normal answer: the server is still healthy.
    void expectServes()
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send(get("/health"));
        const auto r = c.read();
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body, QByteArray("GET /health  "));
    }

    // Refused by the HTTP layer itself: the default plain-text error body.
    void expectRejected(const QByteArray &bytes, int status)
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send(bytes);
        const auto r = c.read();
        ASSERT_TRUE(r.has_value()) << "no response to: " << bytes.left(80).toStdString();
        EXPECT_EQ(r->status, status);
        EXPECT_FALSE(r->body.trimmed().isEmpty());
        EXPECT_EQ(r->header("connection"), QByteArray("close"));
        EXPECT_EQ(r->header("content-type"), QByteArray("text/plain; charset=utf-8"));
        EXPECT_TRUE(c.waitClosed());
        EXPECT_TRUE(requests.isEmpty());
    }

    // Waits until the server has read `bytes` more bytes than `before`, so
    // that moving the clock afterwards counts from their arrival.
    bool waitRead(quint64 before, qsizetype bytes)
    {
        return waitUntil([&] { return server->bytesReceived() >= before + quint64(bytes); });
    }

    // Sends `bytes` and waits until the server has read them all.
    bool sendAndWaitRead(Client &c, const QByteArray &bytes)
    {
        const quint64 before = server->bytesReceived();
        c.send(bytes);
        return waitRead(before, bytes.size());
    }

    // Moves the clock and lets the server look at its deadlines.
    void elapse(qint64 ms)
    {
        clock.advanceMs(ms);
        server->checkTimeouts();
    }

    void startWithRequestTimeout(int ms)
    {
        Limits limits;
        limits.requestTimeoutMs = ms;
        start(limits);
    }

    void startWithIdleTimeout(int ms)
    {
        Limits limits;
        limits.idleTimeoutMs = ms;
        start(limits);
    }

    // The connection was closed with a 408 and no request reached the handler.
    void expectTimedOut408(Client &c)
    {
        ASSERT_TRUE(c.waitClosed());
        EXPECT_TRUE(c.received().startsWith("HTTP/1.1 408"));
        EXPECT_TRUE(requests.isEmpty());
    }

    ManualClock clock{1'000'000};
    std::unique_ptr<HttpServer> server;
    quint16 port = 0;
    QList<Request> requests;
    std::function<void(const Request &, Responder)> handler;
};

TEST_F(HttpServerTest, SimpleGetExactBytes)
{
    start();
    handler = [](const Request &, Responder r) {
        Response resp;
        resp.contentType = QByteArrayLiteral("text/plain");
        resp.body = QByteArrayLiteral("ok");
        r.send(resp);
    };
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/a/b?x=1&y=two", "X-Custom: Hello World  \r\n"));
    ASSERT_TRUE(waitUntil([&] { return c.received().endsWith("ok"); }));
    EXPECT_EQ(c.received(), QByteArray("HTTP/1.1 200 OK\r\n"
                                       "Content-Type: text/plain\r\n"
                                       "Content-Length: 2\r\n"
                                       "Connection: keep-alive\r\n"
                                       "Cache-Control: no-store\r\n"
                                       "\r\n"
                                       "ok"));
    ASSERT_EQ(requests.size(), 1);
    const Request &req = requests.first();
    EXPECT_EQ(req.method, QByteArray("GET"));
    EXPECT_EQ(req.path, QStringLiteral("/a/b"));
    EXPECT_EQ(req.query.queryItemValue(QStringLiteral("x")), QStringLiteral("1"));
    EXPECT_EQ(req.query.queryItemValue(QStringLiteral("y")), QStringLiteral("two"));
    EXPECT_EQ(req.header("host"), QByteArray("localhost"));
    EXPECT_EQ(req.header("x-custom"), QByteArray("Hello World"));
    EXPECT_TRUE(req.body.isEmpty());
    EXPECT_EQ(req.peer, QHostAddress(QHostAddress::LocalHost));
}

TEST_F(HttpServerTest, PostWithBodyAndExtraHeaders)
{
    start();
    handler = [](const Request &req, Responder r) {
        Response resp = Response::json(201, "{\"got\":" + req.body + "}");
        resp.headers.append(qMakePair(QByteArrayLiteral("Location"), QByteArrayLiteral("/t/1")));
        resp.headers.append(qMakePair(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("max-age=5")));
        r.send(resp);
    };
    Client c(port);
    ASSERT_TRUE(c.connected());
    const QByteArray body = R"({"a":1})";
    c.send("POST /tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 201);
    EXPECT_TRUE(r->head.startsWith("HTTP/1.1 201 Created\r\n"));
    EXPECT_EQ(r->body, QByteArray(R"({"got":{"a":1}})"));
    EXPECT_EQ(r->header("location"), QByteArray("/t/1"));
    EXPECT_EQ(r->header("cache-control"), QByteArray("max-age=5"));   // not overridden
    EXPECT_EQ(r->head.count("Cache-Control"), 1);
    ASSERT_EQ(requests.size(), 1);
    EXPECT_EQ(requests.first().method, QByteArray("POST"));
    EXPECT_EQ(requests.first().body, body);
    EXPECT_EQ(requests.first().header("content-type"), QByteArray("application/json"));
}

TEST_F(HttpServerTest, PercentDecodedPathAndPlusInQuery)
{
    start();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/svc/%D0%BF%20x?name=a+b&c=%26"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(requests.size(), 1);
    EXPECT_EQ(requests.first().path, QString::fromUtf8("/svc/\xD0\xBF x"));
    EXPECT_EQ(requests.first().query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded),
              QStringLiteral("a b"));
    EXPECT_EQ(requests.first().query.queryItemValue(QStringLiteral("c"), QUrl::FullyDecoded),
              QStringLiteral("&"));
}

TEST_F(HttpServerTest, KeepAliveSequentialRequests)
{
    start();
    Client c(port);
    ASSERT_TRUE(c.connected());
    for (int i = 0; i < 10; ++i) {
        c.send(get("/n" + QByteArray::number(i)));
        const auto r = c.read();
        ASSERT_TRUE(r.has_value()) << i;
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->body, "GET /n" + QByteArray::number(i) + "  ");
        EXPECT_EQ(r->header("connection"), QByteArray("keep-alive"));
    }
    EXPECT_FALSE(c.closed());
    EXPECT_EQ(server->connectionCount(), 1);
    EXPECT_EQ(requests.size(), 10);
}

TEST_F(HttpServerTest, PipelinedDeferredAnsweredInReverseOrder)
{
    start();
    QList<QPair<QString, Responder>> pending;
    handler = [&](const Request &req, Responder r) { pending.append(qMakePair(req.path, r)); };
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/1") + get("/2") + "POST /3 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + get("/4"));
    ASSERT_TRUE(waitUntil([&] { return pending.size() == 4; }));
    for (qsizetype i = pending.size() - 1; i >= 0; --i) {
        pending[i].second.send(Response::json(200, pending[i].first.toUtf8()));
        // Nothing may be written while the first response is missing.
        if (i > 0) {
            waitUntil([] { return false; }, 20);
            EXPECT_TRUE(c.received().isEmpty());
        }
    }
    for (int i = 1; i <= 4; ++i) {
        const auto r = c.read();
        ASSERT_TRUE(r.has_value()) << i;
        EXPECT_EQ(r->body, "/" + QByteArray::number(i));
    }
    EXPECT_TRUE(c.received().isEmpty());
    EXPECT_EQ(requests.at(2).body, QByteArray("abc"));
    // Second send on the same responder is ignored.
    pending[0].second.send(Response::json(500, "again"));
    waitUntil([] { return false; }, 50);
    EXPECT_TRUE(c.received().isEmpty());
}

TEST_F(HttpServerTest, PipeliningCapStopsReadingUntilResponsesDrain)
{
    Limits limits;
    limits.maxPendingResponsesPerConnection = 2;
    start(limits);
    QList<Responder> pending;
    handler = [&](const Request &, Responder r) { pending.append(r); };
    Client c(port);
    ASSERT_TRUE(c.connected());
    QByteArray all;
    for (int i = 0; i < 5; ++i)
        all += get("/p" + QByteArray::number(i));
    c.send(all);
    ASSERT_TRUE(waitUntil([&] { return pending.size() == 2; }));
    waitUntil([] { return false; }, 100);
    EXPECT_EQ(pending.size(), 2);
    pending[0].send(Response::json(200, "0"));
    ASSERT_TRUE(waitUntil([&] { return pending.size() == 3; }));
    for (qsizetype i = 1; i < 5; ++i) {
        ASSERT_TRUE(waitUntil([&] { return pending.size() > i; })) << i;
        pending[i].send(Response::json(200, QByteArray::number(i)));
    }
    for (int i = 0; i < 5; ++i) {
        const auto r = c.read();
        ASSERT_TRUE(r.has_value()) << i;
        EXPECT_EQ(r->body, QByteArray::number(i));
        EXPECT_EQ(requests.at(i).path, QStringLiteral("/p") + QString::number(i));
    }
}

TEST_F(HttpServerTest, RequestSplitAcrossTinyWrites)
{
    start();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray req = "POST /tiny?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + get("/next");
    for (char ch : req) {
        c.send(QByteArray(1, ch));
        waitUntil([&] { return c.socket().bytesToWrite() == 0; }, 1000);
        QCoreApplication::processEvents();
    }
    auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("POST /tiny q=1 hello"));
    r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("GET /next  "));
}

TEST_F(HttpServerTest, OversizedContentLengthGets413AndServerStillServes)
{
    Limits limits;
    limits.maxBodyBytes = 100;
    start(limits);
    expectRejected("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", 413);
    expectRejected("POST /big HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n", 413);
    expectServes();
    // A body of exactly the limit is fine.
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send("POST /ok HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'z'));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
}

TEST_F(HttpServerTest, OversizedBodyInFlightStillGets413NotReset)
{
    Limits limits;
    limits.maxBodyBytes = 1000;
    start(limits);
    Client c(port);
    ASSERT_TRUE(c.connected());
    // The client keeps sending its body after the server decided; the server
    // must drain it rather than reset the connection under the response.
    c.send("POST /big HTTP/1.1\r\nContent-Length: 400000\r\n\r\n" + QByteArray(200000, 'x'));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->body, QByteArray("request body too large\n"));
    c.send(QByteArray(200000, 'y'));
    EXPECT_TRUE(c.waitClosed());
    EXPECT_TRUE(requests.isEmpty());
    expectServes();
}

TEST_F(HttpServerTest, GarbageGets400)
{
    start();
    expectRejected(QByteArray("\x01\x02\x03garbage\xff\xfe\r\n\r\n", 16), 400);
    expectRejected("HELLO\r\n\r\n", 400);
    expectRejected("GET /\r\n\r\n", 400);
    expectRejected("GET  / HTTP/1.1\r\n\r\n", 400);
    expectRejected("GET / HTTP/1.1 extra\r\n\r\n", 400);
    expectRejected("GET nopath HTTP/1.1\r\n\r\n", 400);
    expectRejected("G(T / HTTP/1.1\r\n\r\n", 400);
    expectRejected("GET / HTTX/1.1\r\n\r\n", 400);
    expectServes();
}

TEST_F(HttpServerTest, NulInRequestLineGets400)
{
    start();
    expectRejected(QByteArray("GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n", 31), 400);
    // Rejected as soon as the NUL arrives, without waiting for the line end.
    expectRejected(QByteArray("GET /\0", 6), 400);
    expectServes();
}

TEST_F(HttpServerTest, TlsClientHelloGets400)
{
    start();
    const char hello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x8a\x1b\x00\x00\x00\x20";
    expectRejected(QByteArray(hello, sizeof hello - 1), 400);
    expectServes();
}

TEST_F(HttpServerTest, MalformedHeadersGet400)
{
    start();
    expectRejected("GET / HTTP/1.1\r\nNoColonHere\r\n\r\n", 400);
    expectRejected("GET / HTTP/1.1\r\nBad Name: v\r\n\r\n", 400);
    expectRejected("GET / HTTP/1.1\r\n: empty\r\n\r\n", 400);
    expectRejected("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400);
    expectRejected(QByteArray("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 26), 400);
    expectRejected("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400);
    expectRejected("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n12", 400);
    expectServes();
}

TEST_F(HttpServerTest, HeaderTooLargeGets431AndLongLineGets414)
{
    Limits limits;
    limits.maxRequestLineBytes = 256;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaderCount = 10;
    start(limits);
    expectRejected(get("/", "X-Big: " + QByteArray(2000, 'a') + "\r\n"), 431);
    // Detected before the header block ends.
    expectRejected("GET / HTTP/1.1\r\nX-Big: " + QByteArray(3000, 'a'), 431);
    QByteArray many;
    for (int i = 0; i < 11; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    expectRejected(get("/", many), 431);
    expectRejected(get("/" + QByteArray(300, 'p')), 414);
    expectRejected("GET /" + QByteArray(3000, 'p'), 414);
    expectServes();
}

TEST_F(HttpServerTest, ChunkedGets411)
{
    start();
    expectRejected("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\r\nhello\r\n0\r\n\r\n", 411);
    expectServes();
}

TEST_F(HttpServerTest, OtherTransferCodingGets501)
{
    start();
    expectRejected("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
    expectServes();
}

TEST_F(HttpServerTest, DefaultErrorBodyIsPlainText)
{
    Limits limits;
    limits.maxBodyBytes = 10;
    start(limits);
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n");
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->header("content-type"), QByteArray("text/plain; charset=utf-8"));
    EXPECT_EQ(r->body, QByteArray("request body too large\n"));
}

TEST_F(HttpServerTest, ErrorBodyFormatterShapesEveryOwnAnswer)
{
    start();
    QList<int> statuses;
    server->setErrorBody(
        [&](int status, const QString &reason) {
            statuses.append(status);
            return QJsonDocument(QJsonObject{
                {QStringLiteral("error"),
                 QJsonObject{{QStringLiteral("code"), QStringLiteral("s%1").arg(status)},
                             {QStringLiteral("message"), reason}}}}).toJson(QJsonDocument::Compact);
        },
        QByteArrayLiteral("application/json"));
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send("GET / HTTP/1.1\r\nBad Name: v\r\n\r\n");
        const auto r = c.read();
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->status, 400);
        EXPECT_EQ(r->header("content-type"), QByteArray("application/json"));
        EXPECT_EQ(r->errorCode(), QByteArray("s400"));
    }
    // The 500 of a request its handler forgot to answer, too.
    handler = [](const Request &, Responder) {};
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/forgotten"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(r->errorCode(), QByteArray("s500"));
    EXPECT_TRUE(statuses.contains(400));
    EXPECT_TRUE(statuses.contains(500));
}

TEST_F(HttpServerTest, UnsupportedVersionGets505)
{
    start();
    expectRejected("GET / HTTP/2.0\r\n\r\n", 505);
    expectRejected("GET / HTTP/1.2\r\n\r\n", 505);
}

TEST_F(HttpServerTest, ExpectContinueGets100BeforeTheBody)
{
    start();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send("POST /e HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    ASSERT_TRUE(waitUntil([&] { return c.received() == "HTTP/1.1 100 Continue\r\n\r\n"; }));
    c.received().clear();
    c.send("body");
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, QByteArray("POST /e  body"));
}

TEST_F(HttpServerTest, HeadGetsHeadersOnly)
{
    start();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n" + get("/after"));
    auto r = c.read(false);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("content-length"), QByteArray("9"));   // "HEAD /h  " would be the body
    // The next bytes are the second response, not a body.
    r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->head.startsWith("HTTP/1.1 200 OK\r\n")) << r->head.toStdString();
    EXPECT_EQ(r->body, QByteArray("GET /after  "));
    EXPECT_TRUE(c.received().isEmpty());
}

TEST_F(HttpServerTest, NoContentHasNoBodyHeaders)
{
    start();
    handler = [](const Request &, Responder r) { r.send(Response::noContent()); };
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/a") + get("/b"));
    ASSERT_TRUE(waitUntil([&] { return c.received().count("HTTP/1.1 204 No Content") == 2; }));
    EXPECT_FALSE(c.received().contains("Content-Length"));
    EXPECT_FALSE(c.received().contains("Content-Type"));
}

TEST_F(HttpServerTest, ConnectionCloseHonoured)
{
    start();
    Client c(port);
    ASSERT_TRUE(c.connected());
    // The request after the closing one is never served.
    c.send(get("/a", "Connection: close\r\n") + get("/b"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->header("connection"), QByteArray("close"));
    EXPECT_TRUE(c.waitClosed());
    EXPECT_EQ(requests.size(), 1);
}

TEST_F(HttpServerTest, Http10ClosesUnlessKeepAlive)
{
    start();
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send("GET /old HTTP/1.0\r\n\r\n");
        const auto r = c.read();
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->header("connection"), QByteArray("close"));
        EXPECT_TRUE(c.waitClosed());
    }
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send("GET /old HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
    auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->header("connection"), QByteArray("keep-alive"));
    c.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("GET /again  "));
}

// The timeout tests move the ManualClock and call checkTimeouts(); the
// server's own timer calls it too, but sees the same unmoved time.
TEST_F(HttpServerTest, IdleTimeoutClosesConnection)
{
    startWithIdleTimeout(200);
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/"));
    ASSERT_TRUE(c.read().has_value());
    elapse(199);
    EXPECT_EQ(server->connectionCount(), 1);
    elapse(1);
    EXPECT_EQ(server->connectionCount(), 0);
    ASSERT_TRUE(c.waitClosed());
    EXPECT_TRUE(c.received().isEmpty());

    // A connection that never sends anything is idle too.
    Client silent(port);
    ASSERT_TRUE(silent.connected());
    ASSERT_TRUE(waitUntil([&] { return server->connectionCount() == 1; }));
    elapse(200);
    EXPECT_TRUE(silent.waitClosed());
}

TEST_F(HttpServerTest, IdleTimeoutCountsFromTheLastAnswer)
{
    startWithIdleTimeout(200);
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/1"));
    ASSERT_TRUE(c.read().has_value());
    clock.advanceMs(150);
    c.send(get("/2"));
    ASSERT_TRUE(c.read().has_value());
    elapse(150);   // 300 since the first answer, 150 since the second
    EXPECT_EQ(server->connectionCount(), 1);
    elapse(50);
    EXPECT_EQ(server->connectionCount(), 0);
    EXPECT_TRUE(c.waitClosed());
}

TEST_F(HttpServerTest, PendingResponseIsNotIdle)
{
    startWithIdleTimeout(100);
    QList<Responder> pending;
    handler = [&](const Request &, Responder r) { pending.append(r); };
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/slow"));
    ASSERT_TRUE(waitUntil([&] { return pending.size() == 1; }));
    elapse(10 * 60 * 1000);
    EXPECT_EQ(server->connectionCount(), 1);
    ASSERT_FALSE(c.closed());
    pending.first().send(Response::json(200, "late"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("late"));
    // Idle from the answer on.
    elapse(99);
    EXPECT_EQ(server->connectionCount(), 1);
    elapse(1);
    EXPECT_EQ(server->connectionCount(), 0);
}

TEST_F(HttpServerTest, IncompleteHeadTimesOutWith408)
{
    startWithRequestTimeout(200);
    Client c(port);
    ASSERT_TRUE(c.connected());
    const QByteArray part = "GET / HTTP/1.1\r\nHost: x\r\n";   // no final empty line
    ASSERT_TRUE(sendAndWaitRead(c, part));
    elapse(199);
    EXPECT_TRUE(c.received().isEmpty());
    elapse(1);
    ASSERT_TRUE(c.waitClosed());
    EXPECT_TRUE(c.received().startsWith("HTTP/1.1 408 Request Timeout\r\n"));
    EXPECT_TRUE(requests.isEmpty());
    expectServes();
}

TEST_F(HttpServerTest, SlowBodyTimesOutWith408)
{
    startWithRequestTimeout(200);
    Client c(port);
    ASSERT_TRUE(c.connected());
    const QByteArray part = "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345";
    ASSERT_TRUE(sendAndWaitRead(c, part));
    elapse(200);
    expectTimedOut408(c);
}

TEST_F(HttpServerTest, TricklingBytesDoesNotExtendTheRequestDeadline)
{
    startWithRequestTimeout(200);
    Client c(port);
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(sendAndWaitRead(c, "GET / HTTP/1.1\r\n"));
    // A header line every 50 ms (slowloris): the deadline stays at 200.
    for (int i = 0; i < 3; ++i) {
        elapse(50);
        ASSERT_TRUE(c.received().isEmpty()) << i;
        ASSERT_TRUE(sendAndWaitRead(c, "X-A: b\r\n")) << i;
    }
    elapse(50);
    expectTimedOut408(c);
}

TEST_F(HttpServerTest, RequestDeadlineRestartsForTheNextRequest)
{
    startWithRequestTimeout(200);
    Client c(port);
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(sendAndWaitRead(c, "GET /a HTTP/1.1\r\n"));
    clock.advanceMs(150);
    c.send("\r\n");
    ASSERT_TRUE(c.read().has_value());
    ASSERT_TRUE(sendAndWaitRead(c, "GET /b HTTP/1.1\r\n"));
    elapse(150);   // 300 since /a started, 150 since /b started
    EXPECT_TRUE(c.received().isEmpty());
    c.send("\r\n");
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(requests.size(), 2);
}

TEST_F(HttpServerTest, PeerDisconnectBeforeDeferredResponse)
{
    start();
    QList<Responder> pending;
    handler = [&](const Request &, Responder r) { pending.append(r); };
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send(get("/a") + get("/b"));
        ASSERT_TRUE(waitUntil([&] { return pending.size() == 2; }));
        c.socket().abort();
    }
    ASSERT_TRUE(waitUntil([&] { return server->connectionCount() == 0; }));
    // Let deleteLater() run, then answer: must be a harmless no-op.
    waitUntil([] { return false; }, 50);
    pending[1].send(Response::json(200, "late"));
    pending[0].send(Response::json(200, "late"));
    pending.clear();
    handler = nullptr;
    expectServes();
}

TEST_F(HttpServerTest, ResponderOutlivesServer)
{
    start();
    QList<Responder> pending;
    handler = [&](const Request &, Responder r) { pending.append(r); };
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/a"));
    ASSERT_TRUE(waitUntil([&] { return pending.size() == 1; }));
    server.reset();
    pending.first().send(Response::json(200, "late"));
    EXPECT_TRUE(c.waitClosed());
}

TEST_F(HttpServerTest, DroppedResponderAnswers500)
{
    start();
    handler = [](const Request &, Responder) {};   // forgets to answer
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/a") + get("/b"));
    for (int i = 0; i < 2; ++i) {
        const auto r = c.read();
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->status, 500);
    }
    EXPECT_FALSE(c.closed());
}

TEST_F(HttpServerTest, MaxConnections)
{
    Limits limits;
    limits.maxConnections = 2;
    start(limits);
    auto c1 = std::make_unique<Client>(port);
    Client c2(port);
    ASSERT_TRUE(c1->connected());
    ASSERT_TRUE(c2.connected());
    c1->send(get("/1"));
    c2.send(get("/2"));
    ASSERT_TRUE(c1->read().has_value());
    ASSERT_TRUE(c2.read().has_value());
    EXPECT_EQ(server->connectionCount(), 2);

    Client c3(port);
    c3.send(get("/3"));
    EXPECT_TRUE(c3.waitClosed());
    EXPECT_TRUE(c3.received().isEmpty());
    EXPECT_EQ(requests.size(), 2);

    c1.reset();
    ASSERT_TRUE(waitUntil([&] { return server->connectionCount() == 1; }));
    Client c4(port);
    ASSERT_TRUE(c4.connected());
    c4.send(get("/4"));
    const auto r = c4.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("GET /4  "));
}

TEST_F(HttpServerTest, RandomBytesNeverCrash)
{
    Limits limits;
    limits.requestTimeoutMs = 300;
    limits.idleTimeoutMs = 300;
    start(limits);
    std::mt19937 rng(12345);
    const QByteArray valid = "POST /x?a=b HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody";
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 60; ++i) {
        auto c = std::make_unique<Client>(port);
        ASSERT_TRUE(c->connected());
        QByteArray bytes;
        if (i % 2 == 0) {
            bytes.resize(1 + int(rng() % 3000));
            for (char &ch : bytes)
                ch = char(rng() & 0xff);
        } else {
            bytes = valid + valid;
            for (int k = 0; k < 4; ++k)
                bytes[int(rng() % bytes.size())] = char(rng() & 0xff);
        }
        c->send(bytes);
        clients.push_back(std::move(c));
    }
    // Incomplete requests end by the request timeout: time moves on while waiting.
    EXPECT_TRUE(waitUntil([&] {
        elapse(100);
        return server->connectionCount() == 0;
    }, 10000));
    expectServes();
}

// --- WebSocket ---------------------------------------------------------------

QByteArray upgradeRequest(const QByteArray &target, const QByteArray &version = "13")
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: " + version + "\r\n\r\n";
}

class WebSocketTest : public HttpServerTest {
protected:
    void startWs(HttpServer::WebSocketGate gate = nullptr)
    {
        start();
        if (!gate)
            gate = [this](const Request &r) {
                gateRequests.append(r);
                return 0;
            };
        server->addWebSocketPath(QStringLiteral("/ws"), gate, [this](QWebSocket *s, const Request &r) {
            wsRequests.append(r);
            s->setParent(server.get());
            QObject::connect(s, &QWebSocket::textMessageReceived, s, [s](const QString &m) {
                s->sendTextMessage(QStringLiteral("echo:") + m);
            });
            // Tells the client which upgrade request this socket was matched to.
            s->sendTextMessage(QStringLiteral("x=") + r.query.queryItemValue(QStringLiteral("x")));
        });
    }

    QList<Request> gateRequests;
    QList<Request> wsRequests;
};

TEST_F(WebSocketTest, UpgradeAcceptedAndMatchedToItsRequest)
{
    startWs();
    constexpr int kClients = 4;
    std::vector<std::unique_ptr<QWebSocket>> clients;
    std::vector<QStringList> got(kClients);
    for (int i = 0; i < kClients; ++i) {
        auto ws = std::make_unique<QWebSocket>();
        QObject::connect(ws.get(), &QWebSocket::textMessageReceived, ws.get(),
                         [&got, i](const QString &m) { got[size_t(i)].append(m); });
        ws->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?x=%2").arg(port).arg(i + 1)));
        clients.push_back(std::move(ws));
    }
    ASSERT_TRUE(waitUntil([&] {
        for (const auto &g : got) {
            if (g.isEmpty())
                return false;
        }
        return true;
    }));
    for (int i = 0; i < kClients; ++i)
        EXPECT_EQ(got[size_t(i)].first(), QStringLiteral("x=%1").arg(i + 1));

    clients[0]->sendTextMessage(QStringLiteral("hello"));
    ASSERT_TRUE(waitUntil([&] { return got[0].size() == 2; }));
    EXPECT_EQ(got[0].at(1), QStringLiteral("echo:hello"));

    ASSERT_EQ(wsRequests.size(), kClients);
    EXPECT_EQ(gateRequests.size(), kClients);
    for (const Request &r : wsRequests) {
        EXPECT_EQ(r.path, QStringLiteral("/ws"));
        EXPECT_EQ(r.method, QByteArray("GET"));
        EXPECT_EQ(r.header("upgrade").toLower(), QByteArray("websocket"));
        EXPECT_EQ(r.peer, QHostAddress(QHostAddress::LocalHost));
    }
    EXPECT_TRUE(requests.isEmpty());
    // Handed-over sockets are no longer HTTP connections, and the
    // per-upgrade QWebSocketServers are gone.
    EXPECT_TRUE(waitUntil([&] { return server->connectionCount() == 0; }));
    EXPECT_TRUE(waitUntil([&] { return server->findChildren<QWebSocketServer *>().isEmpty(); }));

    // The socket survives the hand-over: the client sees an orderly close.
    clients[1]->close();
    EXPECT_TRUE(waitUntil([&] { return clients[1]->state() == QAbstractSocket::UnconnectedState; }));
}

// Two connections from the same host whose handshakes complete in the
// opposite order from their connects: each socket is handed on as itself.
TEST_F(WebSocketTest, SameHostConnectionsAreNotMixedUp)
{
    startWs();
    Client first(port);
    Client second(port);
    ASSERT_TRUE(first.connected());
    ASSERT_TRUE(second.connected());
    const QByteArray a = upgradeRequest("/ws?x=first");
    const QByteArray b = upgradeRequest("/ws?x=second");
    first.send(a.left(30));
    second.send(b);
    ASSERT_TRUE(waitUntil([&] { return second.received().contains("x=second"); }));
    EXPECT_TRUE(first.received().isEmpty());
    first.send(a.mid(30));
    ASSERT_TRUE(waitUntil([&] { return first.received().contains("x=first"); }));
    EXPECT_FALSE(first.received().contains("x=second"));
    EXPECT_FALSE(second.received().contains("x=first"));
    ASSERT_EQ(wsRequests.size(), 2);
    EXPECT_EQ(wsRequests.at(0).query.queryItemValue(QStringLiteral("x")), QStringLiteral("second"));
    EXPECT_EQ(wsRequests.at(1).query.queryItemValue(QStringLiteral("x")), QStringLiteral("first"));
}

TEST_F(WebSocketTest, OversizeMessageClosesWith1009)
{
    startWs();
    QWebSocket ws;
    QStringList got;
    QObject::connect(&ws, &QWebSocket::textMessageReceived, &ws,
                     [&](const QString &m) { got.append(m); });
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?x=1").arg(port)));
    ASSERT_TRUE(waitUntil([&] { return got.size() == 1; }));
    // Exactly the limit is fine.
    const QString limit(int(Limits().maxWebSocketMessageBytes), QLatin1Char('a'));
    ws.sendTextMessage(limit);
    ASSERT_TRUE(waitUntil([&] { return got.size() == 2; }));
    EXPECT_EQ(got.at(1).size(), limit.size() + 5);
    // One byte more, split over frames, closes the connection with 1009.
    ws.sendTextMessage(limit + QLatin1Char('b'));
    ASSERT_TRUE(waitUntil([&] { return ws.state() == QAbstractSocket::UnconnectedState; }));
    EXPECT_EQ(ws.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    EXPECT_EQ(got.size(), 2);
}

TEST_F(WebSocketTest, RawUpgradeGetsSwitchingProtocols)
{
    startWs();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(upgradeRequest("/ws?x=7"));
    const auto r = c.read(false);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 101);
    // RFC 6455 sample key/accept pair.
    EXPECT_EQ(r->header("sec-websocket-accept"), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    ASSERT_TRUE(waitUntil([&] { return c.received().contains("x=7"); }));
    ASSERT_EQ(wsRequests.size(), 1);
    EXPECT_EQ(wsRequests.first().query.queryItemValue(QStringLiteral("x")), QStringLiteral("7"));
}

TEST_F(WebSocketTest, GateRefusesWith401)
{
    int gateCalls = 0;
    startWs([&](const Request &r) {
        ++gateCalls;
        return r.query.queryItemValue(QStringLiteral("token")) == QStringLiteral("good") ? 0 : 401;
    });
    expectRejected(upgradeRequest("/ws?token=bad"), 401);
    EXPECT_EQ(gateCalls, 1);
    EXPECT_TRUE(wsRequests.isEmpty());

    QWebSocket ws;
    bool failed = false;
    QObject::connect(&ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &ws,
                     [&](QAbstractSocket::SocketError) { failed = true; });
    QObject::connect(&ws, &QWebSocket::disconnected, &ws, [&] { failed = true; });
    ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=bad").arg(port)));
    EXPECT_TRUE(waitUntil([&] { return failed; }));
    EXPECT_NE(ws.state(), QAbstractSocket::ConnectedState);
    EXPECT_TRUE(wsRequests.isEmpty());

    QWebSocket good;
    good.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=good").arg(port)));
    EXPECT_TRUE(waitUntil([&] { return good.state() == QAbstractSocket::ConnectedState; }));
    EXPECT_EQ(wsRequests.size(), 1);
}

TEST_F(WebSocketTest, BadHandshakeRefused)
{
    startWs();
    expectRejected(upgradeRequest("/ws", "8"), 426);
    expectRejected("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Version: 13\r\n\r\n", 400);
    EXPECT_TRUE(gateRequests.isEmpty());
}

TEST_F(WebSocketTest, UpgradeOnUnregisteredPathGoesToNormalHandler)
{
    startWs();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(upgradeRequest("/other?x=1"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, QByteArray("GET /other x=1 "));
    ASSERT_EQ(requests.size(), 1);
    EXPECT_EQ(requests.first().header("upgrade"), QByteArray("websocket"));
    EXPECT_TRUE(gateRequests.isEmpty());
    EXPECT_TRUE(wsRequests.isEmpty());
}

TEST_F(WebSocketTest, WsPathWithoutUpgradeGoesToNormalHandler)
{
    startWs();
    handler = [](const Request &, Responder r) {
        r.send(Response::json(426, R"({"error":{"code":"upgrade_required","message":"x"}})"));
    };
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/ws"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 426);
    EXPECT_EQ(requests.size(), 1);
    EXPECT_TRUE(gateRequests.isEmpty());
}

TEST_F(WebSocketTest, UpgradeOnlyAsFirstRequest)
{
    startWs();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.send(get("/first"));
    ASSERT_TRUE(c.read().has_value());
    c.send(upgradeRequest("/ws"));
    const auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(c.waitClosed());
    EXPECT_TRUE(gateRequests.isEmpty());
}

TEST_F(WebSocketTest, NormalTrafficUnaffectedByPeeking)
{
    startWs();
    Client c(port);
    ASSERT_TRUE(c.connected());
    c.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // First request trickles in on a WebSocket path without Upgrade.
    const QByteArray first = get("/ws?x=2");
    for (char ch : first) {
        c.send(QByteArray(1, ch));
        waitUntil([&] { return c.socket().bytesToWrite() == 0; }, 1000);
        QCoreApplication::processEvents();
    }
    auto r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("GET /ws x=2 "));
    c.send("POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc" + get("/q"));
    r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("POST /p  abc"));
    r = c.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("GET /q  "));

    Client post(port);
    ASSERT_TRUE(post.connected());
    post.send("POST /first HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi");
    r = post.read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->body, QByteArray("POST /first  hi"));
    EXPECT_TRUE(gateRequests.isEmpty());
}

TEST_F(WebSocketTest, PeerGoneAfterHandOverFreesItsWebSocketServer)
{
    startWs();
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send(upgradeRequest("/ws"));
        ASSERT_TRUE(waitUntil([&] { return !gateRequests.isEmpty(); }));
        c.socket().abort();
    }
    EXPECT_TRUE(waitUntil([&] { return server->findChildren<QWebSocketServer *>().isEmpty(); }));
    EXPECT_TRUE(waitUntil([&] { return server->connectionCount() == 0; }));
    expectServes();
}

TEST_F(WebSocketTest, PeerGoneBeforeHandshakeCompletes)
{
    startWs();
    {
        Client c(port);
        ASSERT_TRUE(c.connected());
        c.send(upgradeRequest("/ws").left(40));
        waitUntil([] { return false; }, 50);
    }
    ASSERT_TRUE(waitUntil([&] { return server->connectionCount() == 0; }));
    EXPECT_TRUE(wsRequests.isEmpty());
    expectServes();
}

} // namespace
