// EventStream against an in-process fake WebSocket server written on a bare QTcpServer,
// so that the test decides every message, can stop answering pings, and can drop or refuse
// connections. The real server is exercised in tests/integration/client_test.cpp.
#include "common/client/eventstream.h"
#include "support/signalwaiter.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <gtest/gtest.h>

#include <memory>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace queue::client;
using queue::test::waitUntil;

namespace {

class FakeWsServer {
public:
    struct Conn {
        QTcpSocket *socket = nullptr;
        QByteArray buffer;
        QByteArray target;       // request path and query
        bool upgraded = false;
        int pings = 0;
        bool closed = false;
        QUrlQuery query() const { return QUrlQuery(QUrl(QString::fromLatin1(target)).query()); }
    };

    FakeWsServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto conn = std::make_shared<Conn>();
                conn->socket = s;
                m_conns.append(conn);
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, conn] { onData(*conn); });
                QObject::connect(s, &QTcpSocket::disconnected, s, [conn] { conn->closed = true; });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }

    bool answerPings = true;
    bool refuseUpgrade = false;   // answer the upgrade with 401 and close

    int connectionCount() const { return static_cast<int>(m_conns.size()); }
    int upgradedCount() const
    {
        return static_cast<int>(std::count_if(m_conns.begin(), m_conns.end(), [](const auto &c) { return c->upgraded; }));
    }
    Conn &conn(int i) { return *m_conns.at(i); }
    Conn &last() { return *m_conns.last(); }
    bool waitForUpgraded(int n) { return waitUntil([&] { return upgradedCount() >= n; }, 10000); }

    void send(Conn &c, const QJsonObject &o)
    {
        const QByteArray payload = QJsonDocument(o).toJson(QJsonDocument::Compact);
        writeFrame(c, 0x1, payload);
    }
    void sendRaw(Conn &c, const QByteArray &text) { writeFrame(c, 0x1, text); }
    void drop(Conn &c) { c.socket->abort(); c.closed = true; }

private:
    void writeFrame(Conn &c, int opcode, const QByteArray &payload)
    {
        QByteArray frame;
        frame.append(char(0x80 | opcode));
        if (payload.size() < 126) {
            frame.append(char(payload.size()));
        } else {
            frame.append(char(126));
            frame.append(char((payload.size() >> 8) & 0xff));
            frame.append(char(payload.size() & 0xff));
        }
        frame += payload;
        c.socket->write(frame);
        c.socket->flush();
    }

    void onData(Conn &c)
    {
        c.buffer += c.socket->readAll();
        if (!c.upgraded) {
            const int end = c.buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = c.buffer.left(end).split('\n');
            c.target = lines.value(0).split(' ').value(1);
            QByteArray key;
            for (const QByteArray &line : lines)
                if (line.toLower().startsWith("sec-websocket-key:"))
                    key = line.mid(line.indexOf(':') + 1).trimmed();
            c.buffer.remove(0, end + 4);
            if (refuseUpgrade) {
                c.socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                c.socket->disconnectFromHost();
                return;
            }
            const QByteArray accept = QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                                               QCryptographicHash::Sha1).toBase64();
            c.socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
            c.upgraded = true;
        }
        // Client frames are masked.
        while (c.buffer.size() >= 2) {
            const auto b0 = static_cast<quint8>(c.buffer[0]), b1 = static_cast<quint8>(c.buffer[1]);
            qint64 len = b1 & 0x7f;
            int pos = 2;
            if (len == 126) {
                if (c.buffer.size() < 4)
                    return;
                len = (quint8(c.buffer[2]) << 8) | quint8(c.buffer[3]);
                pos = 4;
            } else if (len == 127) {
                return;   // not used by the client here
            }
            if (c.buffer.size() < pos + 4 + len)
                return;
            const QByteArray mask = c.buffer.mid(pos, 4);
            QByteArray payload = c.buffer.mid(pos + 4, len);
            for (int i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ mask[i % 4]);
            c.buffer.remove(0, pos + 4 + len);
            const int opcode = b0 & 0x0f;
            if (opcode == 0x9) {
                ++c.pings;
                if (answerPings)
                    writeFrame(c, 0xA, payload);
            } else if (opcode == 0x8) {
                writeFrame(c, 0x8, payload.left(2));
                c.socket->disconnectFromHost();
            }
        }
    }

    QTcpServer m_server;
    QList<std::shared_ptr<Conn>> m_conns;
};

QJsonObject msg(const char *type, qint64 seq)
{
    return QJsonObject{{QStringLiteral("type"), QString::fromLatin1(type)}, {QStringLiteral("seq"), seq}};
}
QJsonObject hello(qint64 seq)
{
    QJsonObject o = msg("hello", seq);
    o.insert(QStringLiteral("server_time"), QStringLiteral("2026-11-26T09:15:02.123Z"));
    return o;
}
QJsonObject ev(qint64 seq) { return msg("ticket.issued", seq); }

// Records everything the stream signals, in order.
struct Recorder {
    explicit Recorder(EventStream &s)
    {
        QObject::connect(&s, &EventStream::event, &ctx, [this](const QJsonObject &o) {
            seqs.append(o.value(QStringLiteral("seq")).toInteger());
            log.append(QStringLiteral("ev%1").arg(seqs.last()));
        });
        QObject::connect(&s, &EventStream::connectedChanged, &ctx, [this](bool up) {
            log.append(up ? QStringLiteral("up") : QStringLiteral("down"));
        });
        QObject::connect(&s, &EventStream::resetRequired, &ctx, [this] {
            ++resets;
            log.append(QStringLiteral("reset"));
        });
    }
    QObject ctx;
    QList<qint64> seqs;
    QStringList log;
    int resets = 0;
};

std::unique_ptr<EventStream> makeStream(const FakeWsServer &server)
{
    auto s = std::make_unique<EventStream>();
    s->setServerUrl(server.url());
    s->setToken(QStringLiteral("display-token"));
    s->setReconnectBackoff(20, 200);
    s->setPingInterval(60000);   // pings only where a test wants them
    s->setPongTimeout(60000);
    return s;
}

} // namespace

TEST(ClientEventStream, UrlCarriesTokenAndSince)
{
    EventStream s;
    s.setServerUrl(QUrl(QStringLiteral("http://host:8470")));
    s.setToken(QStringLiteral("a b&c"));
    EXPECT_EQ(s.lastSeq(), -1);
    QUrl u = s.streamUrl();
    EXPECT_EQ(u.scheme(), QStringLiteral("ws"));
    EXPECT_EQ(u.path(), QStringLiteral("/api/v1/events"));
    EXPECT_EQ(QUrlQuery(u).queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded), QStringLiteral("a b&c"));
    EXPECT_FALSE(QUrlQuery(u).hasQueryItem(QStringLiteral("since")));
    s.setLastSeq(1200);
    s.setServerUrl(QUrl(QStringLiteral("https://host/q/")));
    u = s.streamUrl();
    EXPECT_EQ(u.scheme(), QStringLiteral("wss"));
    EXPECT_EQ(u.path(), QStringLiteral("/q/api/v1/events"));
    EXPECT_EQ(QUrlQuery(u).queryItemValue(QStringLiteral("since")), QStringLiteral("1200"));
}

TEST(ClientEventStream, FreshStreamResetsOnHelloThenDeliversInOrderOnce)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    EXPECT_FALSE(server.conn(0).query().hasQueryItem(QStringLiteral("since")));
    EXPECT_EQ(server.conn(0).query().queryItemValue(QStringLiteral("token")), QStringLiteral("display-token"));
    EXPECT_FALSE(stream->isConnected());   // up only with the hello

    server.send(server.last(), hello(5));
    ASSERT_TRUE(waitUntil([&] { return stream->isConnected(); }));
    for (qint64 seq : {6, 7, 7, 5, 8})
        server.send(server.last(), ev(seq));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 8; }));
    EXPECT_EQ(rec.seqs, (QList<qint64>{6, 7, 8}));
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("reset"), QStringLiteral("ev6"),
                                    QStringLiteral("ev7"), QStringLiteral("ev8")}));
    EXPECT_EQ(server.connectionCount(), 1);
}

TEST(ClientEventStream, ReconnectsWithSinceAndDropsReplayedDuplicates)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setLastSeq(4);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    EXPECT_EQ(server.conn(0).query().queryItemValue(QStringLiteral("since")), QStringLiteral("4"));
    server.send(server.last(), hello(6));
    server.send(server.last(), ev(5));
    server.send(server.last(), ev(6));
    ASSERT_TRUE(waitUntil([&] { return rec.seqs.size() == 2; }));
    EXPECT_EQ(rec.resets, 0);

    server.drop(server.conn(0));
    ASSERT_TRUE(waitUntil([&] { return !stream->isConnected(); }));
    ASSERT_TRUE(server.waitForUpgraded(2));
    EXPECT_EQ(server.conn(1).query().queryItemValue(QStringLiteral("since")), QStringLiteral("6"));
    // A replay that overlaps what was seen (as a server may do), then new events.
    server.send(server.last(), hello(9));
    for (qint64 seq : {5, 6, 7, 8, 9})
        server.send(server.last(), ev(seq));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 9; }));
    EXPECT_EQ(rec.seqs, (QList<qint64>{5, 6, 7, 8, 9}));
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("ev5"), QStringLiteral("ev6"),
                                    QStringLiteral("down"), QStringLiteral("up"), QStringLiteral("ev7"),
                                    QStringLiteral("ev8"), QStringLiteral("ev9")}));
    EXPECT_EQ(rec.resets, 0);
}

TEST(ClientEventStream, GapIsFilledByReconnectingWithSince)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setLastSeq(10);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(10));
    server.send(server.last(), ev(11));
    server.send(server.last(), ev(13));   // 12 lost
    ASSERT_TRUE(server.waitForUpgraded(2));
    EXPECT_EQ(server.conn(1).query().queryItemValue(QStringLiteral("since")), QStringLiteral("11"));
    server.send(server.last(), hello(13));
    server.send(server.last(), ev(12));
    server.send(server.last(), ev(13));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 13; }));
    EXPECT_EQ(rec.seqs, (QList<qint64>{11, 12, 13}));
    EXPECT_EQ(rec.resets, 0);
    EXPECT_TRUE(stream->isConnected());
}

TEST(ClientEventStream, GapThatCannotBeFilledRequiresReset)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setLastSeq(10);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(13));
    server.send(server.last(), ev(11));
    server.send(server.last(), ev(13));
    ASSERT_TRUE(server.waitForUpgraded(2));
    server.send(server.last(), hello(13));
    server.send(server.last(), ev(13));   // the server cannot produce 12 either
    server.send(server.last(), ev(14));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 14; }));
    EXPECT_EQ(rec.seqs, (QList<qint64>{11, 13, 14}));
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("ev11"), QStringLiteral("down"),
                                    QStringLiteral("up"), QStringLiteral("reset"), QStringLiteral("ev13"),
                                    QStringLiteral("ev14")}));
}

TEST(ClientEventStream, StreamResetAndRewoundServerRequireReset)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setLastSeq(3);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(20000));
    server.send(server.last(), msg("stream.reset", 20000));
    server.send(server.last(), ev(20001));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 20001; }));
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("reset"), QStringLiteral("ev20001")}));

    // The server comes back with an older history (restored database): seq went back.
    server.drop(server.last());
    ASSERT_TRUE(server.waitForUpgraded(2));
    EXPECT_EQ(server.last().query().queryItemValue(QStringLiteral("since")), QStringLiteral("20001"));
    server.send(server.last(), hello(50));
    server.send(server.last(), ev(51));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 51; }));
    EXPECT_EQ(rec.resets, 2);
    EXPECT_EQ(rec.seqs, (QList<qint64>{20001, 51}));
}

TEST(ClientEventStream, GarbageMessagesAreIgnored)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setLastSeq(1);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(1));
    server.sendRaw(server.last(), "not json");
    server.sendRaw(server.last(), "[1,2]");
    server.send(server.last(), QJsonObject{{QStringLiteral("type"), QStringLiteral("ticket.issued")}});
    server.send(server.last(), ev(2));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 2; }));
    EXPECT_EQ(rec.seqs, (QList<qint64>{2}));
    EXPECT_EQ(server.connectionCount(), 1);
}

TEST(ClientEventStream, MissingPongDropsAndRemakesConnection)
{
    FakeWsServer server;
    server.answerPings = false;
    auto stream = makeStream(server);
    stream->setPingInterval(50);
    stream->setPongTimeout(150);
    stream->setLastSeq(7);
    Recorder rec(*stream);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(7));
    ASSERT_TRUE(waitUntil([&] { return stream->isConnected(); }));
    ASSERT_TRUE(waitUntil([&] { return !stream->isConnected(); }, 10000)) << "dead connection not detected";
    EXPECT_GE(server.conn(0).pings, 1);
    EXPECT_TRUE(stream->errorString().contains(QStringLiteral("pong"))) << stream->errorString().toStdString();
    ASSERT_TRUE(server.waitForUpgraded(2));
    EXPECT_EQ(server.last().query().queryItemValue(QStringLiteral("since")), QStringLiteral("7"));
    ASSERT_TRUE(waitUntil([&] { return server.conn(0).closed; })) << "the dead socket is closed";
    server.answerPings = true;
    server.send(server.last(), hello(8));
    server.send(server.last(), ev(8));
    ASSERT_TRUE(waitUntil([&] { return stream->lastSeq() == 8; }));
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("up"),
                                    QStringLiteral("ev8")}));
}

TEST(ClientEventStream, AnsweredPingsKeepConnection)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setPingInterval(30);
    stream->setPongTimeout(2000);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(1));
    ASSERT_TRUE(waitUntil([&] { return server.conn(0).pings >= 5; }));
    EXPECT_TRUE(stream->isConnected());
    EXPECT_EQ(server.connectionCount(), 1);
}

TEST(ClientEventStream, NoHelloWithinConnectTimeoutRetries)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setConnectTimeout(100);
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(2));   // the first never said hello
    EXPECT_TRUE(stream->errorString().contains(QStringLiteral("hello"))) << stream->errorString().toStdString();
    server.send(server.last(), hello(3));
    ASSERT_TRUE(waitUntil([&] { return stream->isConnected(); }));
}

namespace {

// A listener whose accept queue is full drops every SYN: a connection to it hangs in
// SYN-SENT, as Qt 6.4's socket hangs in "connecting" while it silently reconnects after a
// reset (docs/reliability.md). Either way the attempt is given up after the TCP bound.
class SynBlackHole {
public:
    SynBlackHole()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr *>(&addr), len) != 0
            || ::listen(m_listener, 0) != 0 || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
            return;
        m_port = ntohs(addr.sin_port);
        for (int i = 0; i < 3; ++i) {   // fill the accept queue (never accepted)
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            ::fcntl(fd, F_SETFL, O_NONBLOCK);
            ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
            m_fillers.push_back(fd);
        }
    }
    ~SynBlackHole()
    {
        for (int fd : m_fillers)
            ::close(fd);
        if (m_listener >= 0)
            ::close(m_listener);
    }
    quint16 port() const { return m_port; }

private:
    int m_listener = -1;
    quint16 m_port = 0;
    std::vector<int> m_fillers;
};

// A stream to the hole, retrying after 10 ms, 20 ms, 40 ms.
std::unique_ptr<EventStream> streamInto(const SynBlackHole &hole, int tcpTimeoutMs)
{
    auto stream = std::make_unique<EventStream>();
    stream->setServerUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(hole.port())));
    stream->setReconnectBackoff(10, 40);
    stream->setTcpConnectTimeout(tcpTimeoutMs);
    return stream;
}

} // namespace

TEST(ClientEventStream, AnAttemptWithNoTcpConnectionIsGivenUpAndRetried)
{
    SynBlackHole hole;
    ASSERT_NE(hole.port(), 0);
    auto stream = streamInto(hole, 100);
    stream->open();
    // 10 → 20 → 40: two attempts given up
    ASSERT_TRUE(waitUntil([&] { return stream->reconnectDelay() == 40; }, 3000)) << stream->errorString().toStdString();
    EXPECT_EQ(stream->errorString(), QStringLiteral("no TCP connection within 100 ms"));
    EXPECT_FALSE(stream->isConnected());
}

TEST(ClientEventStream, WithoutTheTcpBoundAHungConnectWaitsForTheHelloTimeout)
{
    SynBlackHole hole;
    ASSERT_NE(hole.port(), 0);
    auto stream = streamInto(hole, 0);
    stream->setConnectTimeout(1500);
    stream->open();
    ASSERT_TRUE(waitUntil([&] { return !stream->errorString().isEmpty(); }, 5000));
    EXPECT_EQ(stream->errorString(), QStringLiteral("no hello within 1500 ms"));
}

TEST(ClientEventStream, BackoffGrowsWhileRefusedAndResetsWhenUp)
{
    FakeWsServer server;
    server.refuseUpgrade = true;
    auto stream = makeStream(server);
    stream->setReconnectBackoff(10, 80);
    stream->open();
    ASSERT_TRUE(waitUntil([&] { return server.connectionCount() >= 6; }));
    EXPECT_EQ(stream->reconnectDelay(), 80);   // 10, 20, 40, 80, 80, …
    EXPECT_FALSE(stream->isConnected());
    server.refuseUpgrade = false;
    ASSERT_TRUE(waitUntil([&] { return server.upgradedCount() >= 1; }));
    server.send(server.last(), hello(1));
    ASSERT_TRUE(waitUntil([&] { return stream->isConnected(); }));
    EXPECT_EQ(stream->reconnectDelay(), 10);
}

TEST(ClientEventStream, CloseStopsAndSignalsDown)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    Recorder rec(*stream);
    stream->open();
    EXPECT_TRUE(stream->isOpen());
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(1));
    ASSERT_TRUE(waitUntil([&] { return stream->isConnected(); }));
    stream->close();
    EXPECT_FALSE(stream->isOpen());
    EXPECT_FALSE(stream->isConnected());
    ASSERT_TRUE(waitUntil([&] { return server.conn(0).closed; }));
    EXPECT_EQ(rec.log, (QStringList{QStringLiteral("up"), QStringLiteral("reset"), QStringLiteral("down")}));
    // Open again: continues from the seq it had.
    stream->open();
    ASSERT_TRUE(server.waitForUpgraded(2));
    EXPECT_EQ(server.last().query().queryItemValue(QStringLiteral("since")), QStringLiteral("1"));
}

TEST(ClientEventStream, DeletingStreamFromSlotIsSafe)
{
    FakeWsServer server;
    auto stream = makeStream(server);
    stream->setLastSeq(0);
    EventStream *raw = stream.release();
    bool deleted = false;
    QObject ctx;
    QObject::connect(raw, &EventStream::event, &ctx, [&](const QJsonObject &) {
        delete raw;
        deleted = true;
    });
    raw->open();
    ASSERT_TRUE(server.waitForUpgraded(1));
    server.send(server.last(), hello(2));
    server.send(server.last(), ev(1));
    server.send(server.last(), ev(2));
    ASSERT_TRUE(waitUntil([&] { return deleted; }));
    ASSERT_TRUE(waitUntil([&] { return server.conn(0).closed; }));
}
