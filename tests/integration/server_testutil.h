#pragma once

// Helpers shared by the black-box tests of queue-server (tests/integration/server_*_test.cpp).
// They speak only the documented API (docs/api.md) to a real server process.

#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QWebSocket>

#include <gtest/gtest.h>

#include <optional>
#include <ostream>

// Readable gtest failure output for Qt types.
void PrintTo(const QString &s, std::ostream *os);
void PrintTo(const QByteArray &b, std::ostream *os);
void PrintTo(const QJsonObject &o, std::ostream *os);
void PrintTo(const QJsonArray &a, std::ostream *os);
void PrintTo(const QJsonValue &v, std::ostream *os);

namespace queue::test {

using namespace Qt::StringLiterals;

inline const QByteArray kKioskToken = QByteArrayLiteral("kiosk-token");
inline const QByteArray kDisplayToken = QByteArrayLiteral("display-token");
inline const QByteArray kManagerToken = QByteArrayLiteral("manager-token");

// The topics of testOfficeConfig().
inline const QString kReception = QStringLiteral("reception");     // Д, windows 1, 3
inline const QString kContracts = QStringLiteral("contracts");     // К, windows 2, 3
inline const QString kPayments = QStringLiteral("payments");       // П, windows 1, 2, 3
inline const QString kB2b = QStringLiteral("b2b_contracts");       // Ю, window 4

using Headers = QList<QPair<QByteArray, QByteArray>>;

std::string str(const QJsonValue &v);            // compact JSON, for messages
std::string str(const HttpResult &r);            // "STATUS body"

// ---- JSON shape checks (docs/api.md "Objects") -------------------------------------------

bool isIsoTime(const QJsonValue &v);             // "2026-11-26T09:15:02.123Z"
bool isInteger(const QJsonValue &v);
::testing::AssertionResult hasTicketShape(const QJsonObject &t);
::testing::AssertionResult hasWindowShape(const QJsonObject &w);
// status, and a body {"error":{"code":code,"message":"…"}}.
::testing::AssertionResult isError(const HttpResult &r, int status, const QString &code);

// ---- Synchronous API client ---------------------------------------------------------------

class Api {
public:
    explicit Api(const TestServer &server) : m_server(server) {}

    HttpResult get(const QString &path, const QByteArray &token = kKioskToken) const;
    HttpResult post(const QString &path, const QByteArray &token, const QJsonObject &body = {},
                    const Headers &headers = {}) const;
    HttpResult postRaw(const QString &path, const QByteArray &token, const QByteArray &body,
                       const Headers &headers = {}) const;
    HttpResult del(const QString &path, const QByteArray &token) const;
    HttpResult send(const QByteArray &method, const QString &path, const QByteArray &token,
                    const QByteArray &body = {}) const;

    HttpResult issueRaw(const QString &service, const QString &priority = {},
                        const QByteArray &token = kKioskToken) const;
    // Issues a ticket and returns the 201 body (records a failure and returns {} otherwise).
    QJsonObject issue(const QString &service, const QString &priority = {}) const;
    qint64 issueId(const QString &service, const QString &priority = {}) const;

    HttpResult loginRaw(const QString &login, const QString &pin, int window) const;
    // Logs op<window> (or `login`) in to `window`; records a failure if that fails.
    QByteArray login(int window, const QString &login = {}) const;

    // POST /api/v1/windows/{window}/{action}
    HttpResult act(int window, const QByteArray &token, const QString &action,
                   const QJsonObject &body = {}, const Headers &headers = {}) const;
    // call + start: the window's operator is now serving a ticket; returns it.
    QJsonObject callAndStart(int window, const QByteArray &token) const;
    // call + start + finish(resolved); returns the finished ticket, {} when nothing waits.
    QJsonObject serveNext(int window, const QByteArray &token) const;

    QJsonObject ticket(qint64 id) const;                  // GET /api/v1/tickets/{id}
    QJsonObject queue(const QString &query = {}) const;   // GET /api/v1/queue?query
    QJsonArray serviceQueue(const QString &service) const;   // tickets of one topic
    QList<qint64> serviceQueueIds(const QString &service) const;
    QList<qint64> windowQueueIds(int window) const;       // GET /api/v1/queue?window=N
    QJsonObject window(int number) const;                 // from GET /api/v1/windows
    // What an error must not change: the queue and the windows (minus clock-driven fields).
    QJsonObject snapshot() const;

private:
    const TestServer &m_server;
};

QList<qint64> idsOf(const QJsonArray &tickets);
QStringList numbersOf(const QJsonArray &tickets);

// A server for one test: started in SetUp with testOfficeConfig().
class ServerTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(server.start()) << server.output().toStdString(); }

    // Sends `request`, expects the error, and expects the queue and windows unchanged by it.
    template <typename Request>
    void expectRejected(Request request, int status, const QString &code)
    {
        const QJsonObject before = api.snapshot();
        const HttpResult r = request();
        EXPECT_TRUE(isError(r, status, code));
        EXPECT_EQ(api.snapshot(), before) << "the rejected request changed the office state";
    }

    TestServer server;
    Api api{server};
};

// ---- Asynchronous HTTP (many requests in flight) ----------------------------------------------

// One client with its own connection pool (QNetworkAccessManager: up to 6 connections).
class AsyncClient {
public:
    AsyncClient();
    QNetworkReply *send(const QByteArray &method, const QUrl &url, const QByteArray &token,
                        const QByteArray &body = {}, const Headers &headers = {});
    QNetworkReply *post(const QUrl &url, const QByteArray &token, const QJsonObject &body,
                        const Headers &headers = {});

private:
    QNetworkAccessManager m_nam;
};

HttpResult resultOf(QNetworkReply *reply);   // a finished reply
bool waitAllFinished(const QList<QNetworkReply *> &replies, int timeoutMs);

// ---- Raw TCP (bytes the HTTP client would never send) -----------------------------------

class RawConnection {
public:
    explicit RawConnection(quint16 port);
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    bool waitConnected(int timeoutMs = 5000);
    bool isConnected() const;
    void write(const QByteArray &bytes);
    // Waits for one complete response and returns its status; 0 if the connection closed
    // or the time ran out first.
    int waitResponse(int timeoutMs = 5000);
    // True once the server has closed the connection.
    bool waitClosed(int timeoutMs);
    QByteArray received() const { return m_received; }

private:
    int completeResponseStatus() const;

    QTcpSocket m_socket;
    QByteArray m_received;
};

// ---- Event stream ------------------------------------------------------------------------

QUrl eventsUrl(const TestServer &server, const QByteArray &token, std::optional<qint64> since = {});

class EventStream {
public:
    // Connects to /api/v1/events with ?token= (and ?since= when given).
    EventStream(const TestServer &server, const QByteArray &token = kDisplayToken,
                std::optional<qint64> since = {});
    // Connects with the given request (e.g. an Authorization header instead of ?token=).
    explicit EventStream(const QNetworkRequest &request);
    EventStream(const EventStream &) = delete;
    EventStream &operator=(const EventStream &) = delete;

    bool waitHello(int timeoutMs = 5000);
    qint64 helloSeq() const;                 // -1 before hello
    // Waits until at least n events (messages other than hello) have arrived.
    bool waitEvents(int n, int timeoutMs = 5000);
    // Waits for an event of `type` about ticket `ticketId` (any ticket if 0).
    std::optional<QJsonObject> waitFor(const QString &type, qint64 ticketId = 0, int timeoutMs = 5000);
    QList<QJsonObject> events() const;       // everything after hello, in arrival order
    QList<QJsonObject> messages() const { return m_messages; }
    bool wasConnected() const { return m_connected; }
    bool waitRefusedOrClosed(int timeoutMs = 5000);
    QWebSocket &socket() { return m_socket; }

private:
    void wire();
    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
    bool m_connected = false;
    bool m_closed = false;
};

// The current newest event sequence number (connects, reads hello, disconnects); -1 on failure.
qint64 currentSeq(const TestServer &server);

} // namespace queue::test
