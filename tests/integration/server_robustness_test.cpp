// Hostile and broken clients: after each, the server still answers, and bad input is a 4xx,
// never a 5xx or a crash.

#include "server_testutil.h"

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <memory>
#include <vector>

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray randomBytes(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray out(n, Qt::Uninitialized);
    for (char &c : out)
        c = static_cast<char>(rng.bounded(256));
    return out;
}

// A TLS 1.2 ClientHello record, as a browser opening https:// on the plain port would send.
QByteArray tlsClientHello()
{
    QByteArray hello = QByteArray::fromHex("0303") + randomBytes(32, 7)   // version, random
                       + QByteArray::fromHex("00"                          // session id
                                             "0004c02fc030"                // cipher suites
                                             "0100"                        // compression: null
                                             "0000");                      // no extensions
    QByteArray handshake = QByteArray::fromHex("01") + QByteArray::fromHex("00")
                           + char(hello.size() >> 8) + char(hello.size() & 0xff) + hello;
    return QByteArray::fromHex("160301") + char(handshake.size() >> 8) + char(handshake.size() & 0xff) + handshake;
}

QByteArray manyHeaders(int n)
{
    QByteArray request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < n; ++i)
        request += "X-Filler-" + QByteArray::number(i) + ": v\r\n";
    return request + "\r\n";
}

QByteArray postTickets(const QByteArray &extraHeaders, const QByteArray &body)
{
    return "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer kiosk-token\r\n"
           "Content-Type: application/json\r\n" + extraHeaders + "\r\n" + body;
}

// Splits a byte stream of HTTP/1.1 responses (with Content-Length) into (status, body) pairs.
QList<QPair<int, QByteArray>> splitResponses(QByteArray stream)
{
    QList<QPair<int, QByteArray>> out;
    for (;;) {
        const qsizetype headerEnd = stream.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return out;
        const QList<QByteArray> lines = stream.left(headerEnd).split('\n');
        qsizetype length = 0;
        for (const QByteArray &line : lines)
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        if (stream.size() < headerEnd + 4 + length)
            return out;
        out << qMakePair(lines.value(0).split(' ').value(1).toInt(), stream.mid(headerEnd + 4, length));
        stream.remove(0, headerEnd + 4 + length);
    }
}

class ServerRobustness : public ServerTest {
protected:
    // The process is alive and a new client gets /api/v1/health promptly.
    ::testing::AssertionResult stillServing()
    {
        if (!server.isRunning())
            return ::testing::AssertionFailure() << "the server process died:\n" << server.output().right(2000).toStdString();
        const HttpResult r = http("GET", server.url(u"/api/v1/health"_s), {}, {}, {}, 5000);
        if (r.status != 200)
            return ::testing::AssertionFailure() << "health: " << str(r);
        return ::testing::AssertionSuccess();
    }

    // Sends `bytes` on a new connection; the answer, if any, must be a 4xx (0: no answer or closed).
    void expectNoServerError(const QByteArray &bytes, int waitMs = 2000)
    {
        RawConnection raw(server.port());
        ASSERT_TRUE(raw.waitConnected());
        raw.write(bytes);
        const int status = raw.waitResponse(waitMs);
        EXPECT_TRUE(status == 0 || (status >= 400 && status < 500))
            << "status " << status << ": " << raw.received().left(300).toStdString();
        EXPECT_TRUE(stillServing());
    }
};

} // namespace

TEST_F(ServerRobustness, SurvivesGarbageBytes)
{
    const QList<QPair<const char *, QByteArray>> garbage{
        {"random binary", randomBytes(64 * 1024, 1)},
        {"NUL bytes", QByteArray(16 * 1024, '\0')},
        {"TLS ClientHello", tlsClientHello()},
        {"request line of 100 KB", "GET /" + QByteArray(100 * 1000, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
        {"10 000 headers", manyHeaders(10'000)},
        {"header without colon", "GET /api/v1/health HTTP/1.1\r\nthis is not a header\r\n\r\n"},
        {"bare line", "HELLO\r\n\r\n"},
        {"bad percent-encoding", "GET /api/v1/tickets/%ZZ%00 HTTP/1.1\r\nAuthorization: Bearer kiosk-token\r\n\r\n"},
        {"huge ticket id", "GET /api/v1/tickets/99999999999999999999999999 HTTP/1.1\r\nAuthorization: Bearer kiosk-token\r\n\r\n"},
        {"negative Content-Length", postTickets("Content-Length: -5\r\n", "{}")},
        {"non-numeric Content-Length", postTickets("Content-Length: abc\r\n", "{}")},
        {"conflicting Content-Lengths", postTickets("Content-Length: 2\r\nContent-Length: 30\r\n", "{}")},
    };
    for (const auto &[name, bytes] : garbage) {
        SCOPED_TRACE(name);
        expectNoServerError(bytes);
    }
}

TEST_F(ServerRobustness, GarbageJsonBodiesAreBadRequests)
{
    const QList<QPair<const char *, QByteArray>> bodies{
        {"100 000 [", QByteArray(100'000, '[')},
        {"40 000 nested objects", QByteArray("{\"a\":").repeated(40'000)},
        {"random binary", randomBytes(4096, 2)},
        {"NULs", QByteArray(1000, '\0')},
        {"truncated", "{\"service\":\"paym"},
    };
    api.issue(kPayments);
    for (const auto &[name, body] : bodies) {
        SCOPED_TRACE(name);
        expectRejected([&] { return api.postRaw(u"/api/v1/tickets"_s, kKioskToken, body); }, 400, u"invalid_json"_s);
        EXPECT_TRUE(stillServing());
    }
}

TEST_F(ServerRobustness, SilentClientWithShortBodyDoesNotBlockOthers)
{
    // Promises 1000 bytes, sends 20, then goes silent with the connection open.
    RawConnection halfOpen(server.port());
    ASSERT_TRUE(halfOpen.waitConnected());
    halfOpen.write(postTickets("Content-Length: 1000\r\n", "{\"service\":\"payment"));
    // And one that stops in the middle of its headers.
    RawConnection slowHeaders(server.port());
    ASSERT_TRUE(slowHeaders.waitConnected());
    slowHeaders.write("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

    QElapsedTimer timer;
    timer.start();
    EXPECT_TRUE(stillServing());
    const HttpResult issued = api.issueRaw(kPayments);
    EXPECT_EQ(issued.status, 201) << str(issued);
    EXPECT_LT(timer.elapsed(), 3000) << "other clients waited for the silent one";
    EXPECT_EQ(api.serviceQueueIds(kPayments).size(), 1) << "the incomplete request must not create a ticket";
    EXPECT_EQ(halfOpen.received(), QByteArray()) << "answered a request whose body has not arrived";
}

TEST_F(ServerRobustness, KeepsServingWithManyIdleConnections)
{
    constexpr int kIdle = 500;
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < kIdle; ++i)
        idle.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(waitUntil([&] {
        return std::all_of(idle.begin(), idle.end(), [](const auto &c) { return c->isConnected(); });
    }, 20'000)) << "not all idle connections were accepted";
    // Some of them start a request and stop.
    for (int i = 0; i < kIdle; i += 5)
        idle[i]->write("GET /api/v1/heal");

    QElapsedTimer timer;
    timer.start();
    EXPECT_TRUE(stillServing());
    EXPECT_EQ(api.issueRaw(kPayments).status, 201);
    EventStream board(server);
    EXPECT_TRUE(board.waitHello()) << "event stream with many idle connections";
    EXPECT_LT(timer.elapsed(), 5000);

    idle.clear();
    EXPECT_TRUE(stillServing());
}

TEST_F(ServerRobustness, PipelinedRequestsAreAnsweredInOrder)
{
    const QByteArray issue = postTickets("Content-Length: 22\r\n", "{\"service\":\"payments\"}");
    const QByteArray bad = postTickets("Content-Length: 5\r\n", "{bad}");
    RawConnection raw(server.port());
    ASSERT_TRUE(raw.waitConnected());
    raw.write(issue + bad + issue + "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + issue);
    ASSERT_TRUE(waitUntil([&] { return splitResponses(raw.received()).size() >= 5; }))
        << raw.received().toStdString();
    const auto responses = splitResponses(raw.received());
    QList<int> statuses;
    QList<qint64> ids;
    for (const auto &[status, body] : responses) {
        statuses << status;
        if (status == 201)
            ids << QJsonDocument::fromJson(body).object().value(u"id"_s).toInteger();
    }
    EXPECT_EQ(statuses, (QList<int>{201, 400, 201, 200, 201}));
    ASSERT_EQ(ids.size(), 3);
    EXPECT_TRUE(ids[0] < ids[1] && ids[1] < ids[2]) << "handled out of arrival order";
    EXPECT_EQ(api.serviceQueueIds(kPayments), ids);
}
