// HTTPS/WSS (issue 14): the real queue-server with certificates made here by the openssl
// command, the client library's pin and CA trust, and plain HTTP from "another host"
// (a client socket bound to 127.0.0.2: Linux routes all of 127/8 to loopback).
#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "support/generatedcerts.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::client;
using queue::test::Certificates;
using queue::test::TestServer;
using queue::test::waitUntil;

namespace {

const Certificates &certs()
{
    static const Certificates c;
    return c;
}

QJsonObject tlsOffice(const QString &key = certs().path("server.key"), bool allowPlain = false)
{
    QJsonObject config = test::testOfficeConfig();
    config.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("cert"), certs().path("server.pem")},
                                                     {QStringLiteral("key"), key}});
    if (allowPlain)
        config.insert(QStringLiteral("allow_plain_http"), true);
    return config;
}

template <typename T, typename Start>
Result<T> runCall(Start start)
{
    std::optional<Result<T>> out;
    start(Callback<T>([&](const Result<T> &r) { out = r; }));
    EXPECT_TRUE(waitUntil([&] { return out.has_value(); }, 15000)) << "no callback";
    return out.value_or(Result<T>::failure(ApiError{ApiError::Kind::Network, 0, QStringLiteral("test"), {}, true}));
}

// One request on a raw socket whose source address is `from`; everything the server sent
// until it closed (or 5 s).
QByteArray rawRequest(const QString &from, quint16 port, const QByteArray &request)
{
    QTcpSocket s;
    if (!s.bind(QHostAddress(from), 0))
        return "bind failed";
    s.connectToHost(QHostAddress(QStringLiteral("127.0.0.1")), port);
    if (!s.waitForConnected(5000))
        return "connect failed";
    s.write(request);
    QByteArray answer;
    waitUntil([&] {
        answer += s.readAll();
        return s.state() == QAbstractSocket::UnconnectedState;
    }, 5000);
    return answer + s.readAll();
}

QByteArray issueRequest()
{
    const QByteArray body = R"({"service":"payments"})";
    return "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer kiosk-token\r\n"
           "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// How many tickets the server has issued: asked over plain HTTP from this machine.
int ticketCount(const TestServer &server)
{
    const auto r = test::http("GET", server.url(QStringLiteral("/api/v1/queue?service=payments")), "manager-token");
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonArray services = r.json().value(QStringLiteral("services")).toArray();
    return services.isEmpty() ? -1 : services.first().toObject().value(QStringLiteral("waiting")).toInt();
}

class TlsTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(certs().ok()) << certs().log().toStdString(); }

    QUrl https(const TestServer &server, const QString &host = QStringLiteral("127.0.0.1")) const
    {
        return QUrl(QStringLiteral("https://%1:%2").arg(host).arg(server.port()));
    }
};

TEST_F(TlsTest, RightPinApiAndEventsOverHttpsAndWss)
{
    TestServer server(tlsOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    EXPECT_TRUE(server.output().contains("listening on https://")) << server.output().toStdString();
    const QString fingerprint = ServerTrust::formatFingerprint(certs().sha256("server.pem"));
    EXPECT_TRUE(server.output().contains(fingerprint.toLatin1())) << server.output().toStdString();

    const ServerTrust pin = ServerTrust::pinned(certs().sha256("server.pem"));
    EventStream events;
    events.setServerUrl(https(server));
    events.setToken(QStringLiteral("display-token"));
    events.setTrust(pin);
    QList<QJsonObject> received;
    QObject::connect(&events, &EventStream::event, [&](const QJsonObject &e) { received << e; });
    events.open();
    ASSERT_TRUE(waitUntil([&] { return events.isConnected(); }, 15000)) << events.errorString().toStdString();

    ApiClient api(https(server));
    api.setTrust(pin);
    api.setToken(QStringLiteral("kiosk-token"));
    QSignalSpy refused(&api, &ApiClient::trustFailed);
    const auto issued = runCall<IssuedTicket>([&](auto cb) { api.issueTicket(QStringLiteral("payments"), {}, cb); });
    ASSERT_TRUE(issued.ok()) << issued.error().message.toStdString();
    EXPECT_EQ(refused.count(), 0);
    EXPECT_TRUE(waitUntil([&] {
        for (const QJsonObject &e : received)
            if (e.value(QStringLiteral("type")).toString() == QLatin1String(api::kTicketIssued))
                return true;
        return false;
    }, 10000));
}

TEST_F(TlsTest, WrongPinIsRefusedBeforeAnyRequest)
{
    TestServer server(tlsOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const ServerTrust wrong = ServerTrust::pinned(certs().sha256("other.pem"));

    ApiClient api(https(server));
    api.setTrust(wrong);
    api.setToken(QStringLiteral("kiosk-token"));
    QSignalSpy refused(&api, &ApiClient::trustFailed);
    const auto issued = runCall<IssuedTicket>([&](auto cb) { api.issueTicket(QStringLiteral("payments"), {}, cb); });
    ASSERT_FALSE(issued.ok());
    EXPECT_EQ(issued.error().code, QStringLiteral("untrusted_server"));
    EXPECT_TRUE(issued.error().message.contains(ServerTrust::formatFingerprint(certs().sha256("server.pem"))))
        << issued.error().message.toStdString();
    EXPECT_EQ(refused.count(), 1);
    EXPECT_FALSE(ApiClient::errorText(issued.error()).isEmpty());

    EventStream events;
    events.setServerUrl(https(server));
    events.setToken(QStringLiteral("display-token"));
    events.setTrust(wrong);
    QSignalSpy streamRefused(&events, &EventStream::trustFailed);
    events.open();
    EXPECT_TRUE(waitUntil([&] { return streamRefused.count() > 0; }, 15000));
    EXPECT_FALSE(events.isConnected());
    events.close();

    EXPECT_EQ(ticketCount(server), 0) << "the refused call reached the server";
}

TEST_F(TlsTest, PinnedClientNeverFallsBackToPlainHttp)
{
    TestServer server;   // plain, no tls
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    ApiClient api(server.url());
    api.setTrust(ServerTrust::pinned(certs().sha256("server.pem")));
    api.setToken(QStringLiteral("kiosk-token"));
    const auto issued = runCall<IssuedTicket>([&](auto cb) { api.issueTicket(QStringLiteral("payments"), {}, cb); });
    ASSERT_FALSE(issued.ok());
    EXPECT_EQ(issued.error().code, QStringLiteral("untrusted_server"));
    EXPECT_EQ(ticketCount(server), 0);
}

TEST_F(TlsTest, CaFileVerifiesChainAndHostName)
{
    TestServer server(tlsOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    QString error;
    const auto ca = ServerTrust::fromCaFile(certs().path("ca.pem"), &error);
    ASSERT_TRUE(ca) << error.toStdString();

    // By address: the certificate's SAN has IP:127.0.0.1, and a fresh root may have no
    // /etc/hosts to resolve "localhost" (the check of the name against the SAN is the same).
    ApiClient api(https(server));
    api.setTrust(*ca);
    api.setToken(QStringLiteral("kiosk-token"));
    const auto issued = runCall<IssuedTicket>([&](auto cb) { api.issueTicket(QStringLiteral("payments"), {}, cb); });
    ASSERT_TRUE(issued.ok()) << issued.error().message.toStdString();

    // A CA that did not sign the server's certificate.
    const auto otherCa = ServerTrust::fromCaFile(certs().path("other.pem"), &error);
    ASSERT_TRUE(otherCa) << error.toStdString();
    ApiClient stranger(https(server));
    stranger.setTrust(*otherCa);
    stranger.setToken(QStringLiteral("kiosk-token"));
    const auto refused = runCall<IssuedTicket>([&](auto cb) { stranger.issueTicket(QStringLiteral("payments"), {}, cb); });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, QStringLiteral("untrusted_server"));
    EXPECT_EQ(ticketCount(server), 1);
}

TEST_F(TlsTest, PlainHttpFromThisMachineStillWorks)
{
    TestServer server(tlsOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const QByteArray answer = rawRequest(QStringLiteral("127.0.0.1"), server.port(), issueRequest());
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 201")) << answer.toStdString();
    EXPECT_EQ(ticketCount(server), 1);
}

TEST_F(TlsTest, PlainHttpFromAnotherHostGetsNothingAndNoTokenIsAccepted)
{
    TestServer server(tlsOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const QByteArray answer = rawRequest(QStringLiteral("127.0.0.2"), server.port(), issueRequest());
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 400")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("use https://")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("\"ticket\"")) << answer.toStdString();
    // Nor through a WebSocket upgrade with the token in the query.
    const QByteArray upgrade = rawRequest(
        QStringLiteral("127.0.0.2"), server.port(),
        "GET /api/v1/events?token=display-token HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    EXPECT_TRUE(upgrade.startsWith("HTTP/1.1 400")) << upgrade.toStdString();
    EXPECT_EQ(ticketCount(server), 0) << "a plain request from another host was handled";
}

TEST_F(TlsTest, AllowPlainHttpLetsOtherHostsIn)
{
    TestServer server(tlsOffice(certs().path("server.key"), true));
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const QByteArray answer = rawRequest(QStringLiteral("127.0.0.2"), server.port(), issueRequest());
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 201")) << answer.toStdString();
    EXPECT_EQ(ticketCount(server), 1);
}

TEST_F(TlsTest, BadOrMismatchedKeyRefusesToStart)
{
    {
        TestServer server(tlsOffice(certs().path("missing.key")));
        EXPECT_FALSE(server.start());
        EXPECT_TRUE(server.output().contains("bad TLS configuration")) << server.output().toStdString();
        EXPECT_TRUE(server.output().contains("missing.key")) << server.output().toStdString();
        EXPECT_FALSE(server.output().contains("listening on"));
    }
    TestServer server(tlsOffice(certs().path("other.key")));
    EXPECT_FALSE(server.start());
    EXPECT_TRUE(server.output().contains("does not belong to the certificate")) << server.output().toStdString();

    QProcess check;
    check.setProcessChannelMode(QProcess::MergedChannels);
    check.start(qEnvironmentVariable("QUEUE_SERVER_BIN"), {QStringLiteral("--config"), server.configPath(), QStringLiteral("--check-config")});
    ASSERT_TRUE(check.waitForFinished(30000));
    EXPECT_NE(check.exitCode(), 0);
    EXPECT_TRUE(check.readAll().contains("does not belong to the certificate"));
}

TEST_F(TlsTest, FingerprintCommandPrintsTheCertificatesSha256)
{
    TestServer server(tlsOffice());
    QProcess p;
    p.start(qEnvironmentVariable("QUEUE_SERVER_BIN"), {QStringLiteral("--config"), server.configPath(), QStringLiteral("--tls-fingerprint")});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitCode(), 0);
    EXPECT_EQ(QString::fromLatin1(p.readAllStandardOutput()).trimmed(),
              ServerTrust::formatFingerprint(certs().sha256("server.pem")));
}

} // namespace
