// Tests for queue::http::RequestParser: bytes in, requests or an error out,
// no sockets.
#include "server/http/requestparser.h"

#include <gtest/gtest.h>

#include <random>

using namespace queue::http;

namespace {

// What the parser made of a byte stream: the requests in order, then the
// error status if it stopped at one (0 if it simply needs more).
struct Outcome {
    QList<Request> requests;
    QList<RequestHead> heads;
    int errorStatus = 0;
    bool partial = false;
};

void drain(RequestParser &parser, Outcome &out)
{
    for (;;) {
        const RequestParser::Status status = parser.next();
        if (status == RequestParser::Status::NeedMore)
            return;
        if (status == RequestParser::Status::Error) {
            out.errorStatus = parser.errorStatus();
            return;
        }
        out.heads.append(parser.head());
        out.requests.append(parser.takeRequest());
    }
}

Outcome parseChunks(const QList<QByteArray> &chunks, const Limits &limits = Limits())
{
    RequestParser parser(limits);
    Outcome out;
    for (const QByteArray &chunk : chunks) {
        parser.feed(chunk);
        drain(parser, out);
    }
    out.partial = parser.hasPartialRequest();
    return out;
}

Outcome parseAll(const QByteArray &bytes, const Limits &limits = Limits())
{
    return parseChunks({bytes}, limits);
}

// Feeds `bytes` and returns what the parser makes of all it has so far.
RequestParser::Status feedNext(RequestParser &parser, const QByteArray &bytes)
{
    parser.feed(bytes);
    return parser.next();
}

int errorOf(const QByteArray &bytes, const Limits &limits = Limits())
{
    return parseAll(bytes, limits).errorStatus;
}

// A request as text, to compare outcomes field by field.
QByteArray describe(const Request &r, const RequestHead &h)
{
    QByteArray s = r.method + ' ' + r.path.toUtf8() + " ?" + r.query.toString(QUrl::FullyEncoded).toUtf8();
    for (const auto &header : r.headers)
        s += " [" + header.first + '=' + header.second + ']';
    s += " body=" + r.body;
    s += h.keepAlive ? " keep" : " close";
    s += h.isHead ? " head" : "";
    return s;
}

QList<QByteArray> describeAll(const Outcome &o)
{
    QList<QByteArray> out;
    for (qsizetype i = 0; i < o.requests.size(); ++i)
        out.append(describe(o.requests.at(i), o.heads.at(i)));
    return out;
}

const QByteArray kPipeline =
    "\r\n"   // RFC 9112: empty lines before a request line are ignored
    "GET /a/b?x=1&y=two HTTP/1.1\r\nHost: localhost\r\nX-Custom:  Hello World \r\n\r\n"
    "POST /tickets HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
    "HEAD /h HTTP/1.1\r\n\r\n"
    "GET /svc/%D0%BF%20x?name=a+b HTTP/1.1\nHost: bare-lf\n\n"
    "POST /last HTTP/1.0\r\nContent-Length: 3\r\n\r\nxyz";

TEST(RequestParser, SimpleGet)
{
    const Outcome o = parseAll("GET /a/b?x=1&y=two HTTP/1.1\r\nHost: localhost\r\nX-Custom: Hello World  \r\n\r\n");
    ASSERT_EQ(o.errorStatus, 0);
    ASSERT_EQ(o.requests.size(), 1);
    const Request &r = o.requests.first();
    EXPECT_EQ(r.method, QByteArray("GET"));
    EXPECT_EQ(r.path, QStringLiteral("/a/b"));
    EXPECT_EQ(r.query.queryItemValue(QStringLiteral("y")), QStringLiteral("two"));
    EXPECT_EQ(r.header("host"), QByteArray("localhost"));
    EXPECT_EQ(r.header("x-custom"), QByteArray("Hello World"));
    EXPECT_TRUE(r.body.isEmpty());
    EXPECT_TRUE(o.heads.first().keepAlive);
    EXPECT_FALSE(o.partial);
}

TEST(RequestParser, PipelinedRequestsComeOutInOrder)
{
    const Outcome o = parseAll(kPipeline);
    ASSERT_EQ(o.errorStatus, 0);
    ASSERT_EQ(o.requests.size(), 5);
    EXPECT_EQ(o.requests.at(0).path, QStringLiteral("/a/b"));
    EXPECT_EQ(o.requests.at(1).body, QByteArray("{\"a\":1}"));
    EXPECT_TRUE(o.heads.at(2).isHead);
    EXPECT_EQ(o.requests.at(3).path, QString::fromUtf8("/svc/\xD0\xBF x"));
    EXPECT_EQ(o.requests.at(3).query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded),
              QStringLiteral("a b"));
    EXPECT_EQ(o.requests.at(3).header("host"), QByteArray("bare-lf"));
    EXPECT_EQ(o.requests.at(4).body, QByteArray("xyz"));
    EXPECT_FALSE(o.heads.at(4).keepAlive);   // HTTP/1.0 without keep-alive
    EXPECT_FALSE(o.partial);
}

TEST(RequestParser, SplitAtEveryByteBoundaryGivesTheSameRequests)
{
    const QList<QByteArray> whole = describeAll(parseAll(kPipeline));
    ASSERT_EQ(whole.size(), 5);
    for (qsizetype k = 0; k <= kPipeline.size(); ++k) {
        const Outcome o = parseChunks({kPipeline.left(k), kPipeline.mid(k)});
        EXPECT_EQ(o.errorStatus, 0) << "split at " << k;
        EXPECT_EQ(describeAll(o), whole) << "split at " << k;
        EXPECT_FALSE(o.partial) << "split at " << k;
    }
    QList<QByteArray> bytes;
    for (char c : kPipeline)
        bytes.append(QByteArray(1, c));
    EXPECT_EQ(describeAll(parseChunks(bytes)), whole);
}

TEST(RequestParser, SplitErrorsAreFoundAtEveryBoundaryToo)
{
    const QByteArray bad = "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nBad Name: v\r\n\r\n";
    for (qsizetype k = 0; k <= bad.size(); ++k) {
        const Outcome o = parseChunks({bad.left(k), bad.mid(k)});
        EXPECT_EQ(o.requests.size(), 1) << "split at " << k;
        EXPECT_EQ(o.errorStatus, 400) << "split at " << k;
    }
}

// Found by fuzz_http_request: the status must not depend on where TCP
// splits the bytes (a control character beyond the line limit gave 400 when
// the bytes came whole and 414 when split).
TEST(RequestParser, VerdictDoesNotDependOnTheSplit)
{
    Limits small;
    small.maxRequestLineBytes = 16;
    small.maxHeaderBytes = 32;
    const QList<QByteArray> inputs = {
        "GET /" + QByteArray(30, 'a') + QByteArray("\x01", 1) + " HTTP/1.1\r\n\r\n",
        "GET /" + QByteArray(11, 'a') + QByteArray("\x01", 1) + QByteArray(30, 'a'),
        "GET /\rx" + QByteArray(30, 'a'),
        "GET /a\rb HTTP/1.1\r\n\r\n",
        "GET / HTTP/9.9\r\nX: " + QByteArray(28, 'v') + "\r\n\r\n",
        "GET / HTTP/9.9\r\nX: " + QByteArray(27, 'v') + "\r\n\r\n",
        QByteArray::fromBase64("UE9TVCAveCBI/////////////////////////////////////////////////////////////////"
                               "//////////////////////////////////////////////////9UVFABAAAAAAAAAi8xLjENClSA"
                               "gICAgICAgICAgICAgGQNCg0KNQ0KaGVsbGFjY2VwdA0K"),
    };
    for (const Limits &limits : {Limits(), small}) {
        for (const QByteArray &bytes : inputs) {
            const Outcome whole = parseAll(bytes, limits);
            for (qsizetype k = 0; k <= bytes.size(); ++k) {
                const Outcome split = parseChunks({bytes.left(k), bytes.mid(k)}, limits);
                EXPECT_EQ(split.errorStatus, whole.errorStatus) << bytes.toHex().constData() << " split at " << k;
                EXPECT_EQ(describeAll(split), describeAll(whole)) << " split at " << k;
            }
        }
    }
}

TEST(RequestParser, IncompleteInputNeedsMore)
{
    const Outcome head = parseAll("GET / HTTP/1.1\r\nHost: x\r\n");
    EXPECT_EQ(head.errorStatus, 0);
    EXPECT_TRUE(head.requests.isEmpty());
    EXPECT_TRUE(head.partial);

    RequestParser parser;
    EXPECT_EQ(feedNext(parser, QByteArray("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345")), RequestParser::Status::NeedMore);
    EXPECT_TRUE(parser.inBody());
    EXPECT_TRUE(parser.hasPartialRequest());
    ASSERT_EQ(feedNext(parser, QByteArray("67890GET")), RequestParser::Status::Ready);
    EXPECT_EQ(parser.takeRequest().body, QByteArray("1234567890"));
    EXPECT_EQ(parser.next(), RequestParser::Status::NeedMore);
    EXPECT_TRUE(parser.hasPartialRequest());   // "GET" of the next one

    EXPECT_FALSE(parseAll("\r\n\r\n").partial);
}

TEST(RequestParser, GarbageGets400)
{
    const QList<QByteArray> garbage = {
        QByteArray("\x01\x02\x03garbage\xff\xfe\r\n\r\n", 16),
        "HELLO\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        "GET nopath HTTP/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTX/1.1\r\n\r\n",
        "GET / HTTP/1.x\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColonHere\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
        QByteArray("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 26),
        QByteArray("GET /a\0b HTTP/1.1\r\n\r\n", 22),
        "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n12",
    };
    for (const QByteArray &g : garbage)
        EXPECT_EQ(errorOf(g), 400) << g.toHex().constData();
}

TEST(RequestParser, BinaryIsRefusedBeforeAnyLineEnd)
{
    EXPECT_EQ(errorOf(QByteArray("\x16\x03\x01\x02\x00", 5)), 400);   // TLS ClientHello
    EXPECT_EQ(errorOf(QByteArray("GET /\0", 6)), 400);
    EXPECT_EQ(errorOf("GET /\x7f"), 400);
}

TEST(RequestParser, ErrorIsFinal)
{
    RequestParser parser;
    ASSERT_EQ(feedNext(parser, QByteArray("BAD LINE\r\n\r\n")), RequestParser::Status::Error);
    EXPECT_EQ(parser.errorStatus(), 400);
    EXPECT_STRNE(parser.errorReason(), "");
    EXPECT_EQ(feedNext(parser, QByteArray("GET / HTTP/1.1\r\n\r\n")), RequestParser::Status::Error);
    EXPECT_EQ(parser.errorStatus(), 400);
}

TEST(RequestParser, OversizeBodyGets413FromTheHeaderAlone)
{
    Limits limits;
    limits.maxBodyBytes = 100;
    EXPECT_EQ(errorOf("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", limits), 413);
    EXPECT_EQ(errorOf("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n", limits), 413);
    const Outcome ok = parseAll("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'z'), limits);
    EXPECT_EQ(ok.errorStatus, 0);
    ASSERT_EQ(ok.requests.size(), 1);
    EXPECT_EQ(ok.requests.first().body.size(), 100);
}

TEST(RequestParser, OversizeHeadGets431And414)
{
    Limits limits;
    limits.maxRequestLineBytes = 256;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaderCount = 10;
    EXPECT_EQ(errorOf("GET / HTTP/1.1\r\nX-Big: " + QByteArray(2000, 'a') + "\r\n\r\n", limits), 431);
    // Found before the header block ends, and before the line ends.
    EXPECT_EQ(errorOf("GET / HTTP/1.1\r\nX-Big: " + QByteArray(3000, 'a'), limits), 431);
    QByteArray many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 11; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    EXPECT_EQ(errorOf(many + "\r\n", limits), 431);
    EXPECT_EQ(errorOf("GET /" + QByteArray(300, 'p') + " HTTP/1.1\r\n\r\n", limits), 414);
    EXPECT_EQ(errorOf("GET /" + QByteArray(3000, 'p'), limits), 414);
    // Exactly at the limits is fine.
    QByteArray ten = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 10; ++i)
        ten += "X-H" + QByteArray::number(i) + ": v\r\n";
    EXPECT_EQ(parseAll(ten + "\r\n", limits).requests.size(), 1);
}

TEST(RequestParser, TransferCodingsAreRefused)
{
    EXPECT_EQ(errorOf("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), 411);
    EXPECT_EQ(errorOf("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
    EXPECT_EQ(errorOf("POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n"), 501);
}

TEST(RequestParser, OnlyHttp1)
{
    EXPECT_EQ(errorOf("GET / HTTP/2.0\r\n\r\n"), 505);
    EXPECT_EQ(errorOf("GET / HTTP/1.2\r\n\r\n"), 505);
    EXPECT_EQ(errorOf("GET / HTTP/1.0\r\n\r\n"), 0);
}

TEST(RequestParser, KeepAliveRules)
{
    auto keep = [](const QByteArray &bytes) {
        const Outcome o = parseAll(bytes);
        EXPECT_EQ(o.requests.size(), 1) << bytes.constData();
        return !o.heads.isEmpty() && o.heads.first().keepAlive;
    };
    EXPECT_TRUE(keep("GET / HTTP/1.1\r\n\r\n"));
    EXPECT_FALSE(keep("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
    EXPECT_FALSE(keep("GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n"));
    EXPECT_FALSE(keep("GET / HTTP/1.0\r\n\r\n"));
    EXPECT_TRUE(keep("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
}

TEST(RequestParser, WebSocketUpgradeHead)
{
    const Outcome o = parseAll("GET /ws HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n\r\n");
    ASSERT_EQ(o.heads.size(), 1);
    EXPECT_TRUE(o.heads.first().upgradeWebSocket);
    EXPECT_TRUE(o.heads.first().connectionUpgrade);
}

TEST(RequestParser, ExpectContinueOncePerRequestWhileTheBodyIsMissing)
{
    RequestParser parser;
    EXPECT_EQ(feedNext(parser, QByteArray("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")), RequestParser::Status::NeedMore);
    EXPECT_TRUE(parser.takeContinue());
    EXPECT_FALSE(parser.takeContinue());
    EXPECT_EQ(feedNext(parser, QByteArray("ok")), RequestParser::Status::Ready);
    parser.takeRequest();

    // The body came with the head: no 100 needed.
    parser.feed(QByteArray("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok"));
    EXPECT_FALSE(parser.takeContinue());
    EXPECT_EQ(parser.next(), RequestParser::Status::Ready);
}

TEST(RequestParser, RequestLinePathBeforeTheHeadEnds)
{
    RequestParser parser;
    QString path;
    EXPECT_EQ(feedNext(parser, QByteArray("GET /ws?x=1 HT")), RequestParser::Status::NeedMore);
    EXPECT_FALSE(parser.requestLinePath(path));
    EXPECT_EQ(feedNext(parser, QByteArray("TP/1.1\r\nHost: x\r\n")), RequestParser::Status::NeedMore);
    ASSERT_TRUE(parser.requestLinePath(path));
    EXPECT_EQ(path, QStringLiteral("/ws"));
}

TEST(RequestParser, RandomBytesEndInAKnownState)
{
    std::mt19937 rng(2024);
    const QByteArray valid = "POST /x?a=b HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody";
    for (int i = 0; i < 2000; ++i) {
        QByteArray bytes = valid + valid;
        for (int k = 0; k < 1 + i % 6; ++k)
            bytes[int(rng() % bytes.size())] = char(rng() & 0xff);
        const qsizetype cut = qsizetype(rng() % bytes.size());
        const Outcome o = parseChunks({bytes.left(cut), bytes.mid(cut)});
        if (o.errorStatus != 0) {
            EXPECT_TRUE(o.errorStatus >= 400 && o.errorStatus <= 505) << o.errorStatus;
        }
        EXPECT_EQ(describeAll(o), describeAll(parseAll(bytes))) << i;
        for (const Request &r : o.requests)
            EXPECT_LE(r.body.size(), Limits().maxBodyBytes);
    }
}

} // namespace
