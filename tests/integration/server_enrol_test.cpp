// Enrolment of devices (issue 14): a one-time code printed by `queue-server --enrol`
// pairs a device once; its token authenticates like a configured device's, is stored
// only as a hash, and revoking it closes the device's event stream at once.
#include "server_testutil.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace queue::test {
namespace {

struct Cli {
    int exitCode = -1;
    QByteArray out;
};

// Runs queue-server with the test server's configuration and database plus `args`.
Cli serverCli(const TestServer &server, const QStringList &args)
{
    QProcess p;
    const QByteArray bin = qgetenv("QUEUE_SERVER_BIN");
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(bin.isEmpty() ? u"queue-server"_s : QString::fromLocal8Bit(bin),
            QStringList{u"--config"_s, server.configPath(), u"--db"_s, server.dbPath()} + args);
    if (!p.waitForFinished(20000))
        return {};
    return {p.exitCode(), p.readAll()};
}

// The code `queue-server --enrol` prints ("ABCDE-FGHJK"); "" if it printed none.
QString enrolCode(const TestServer &server, const QString &name, const QString &role, const QStringList &more = {})
{
    const Cli cli = serverCli(server, QStringList{u"--enrol"_s, name, u"--role"_s, role} + more);
    EXPECT_EQ(cli.exitCode, 0) << cli.out.toStdString();
    static const QRegularExpression re(u"code for \\w+ '[^']+': ([0-9A-Z]{5}-[0-9A-Z]{5})"_s);
    const auto m = re.match(QString::fromUtf8(cli.out));
    return m.hasMatch() ? m.captured(1) : QString();
}

HttpResult enrol(const Api &api, const QString &code)
{
    return api.post(u"/api/v1/devices/enrol"_s, {}, QJsonObject{{u"code"_s, code}});
}

// Rows in a table of the server's database, read through its own connection.
int rowCount(const TestServer &server, const QString &table)
{
    const QString name = QUuid::createUuid().toString();
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(server.dbPath());
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT COUNT(*) FROM "_s + table) && q.next())
                n = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

class EnrolTest : public ServerTest { };

TEST_F(EnrolTest, ACodeEnrolsOnceAndItsTokenWorksOnTheApiAndTheEventStream)
{
    const QString code = enrolCode(server, u"kiosk-hall"_s, u"kiosk"_s);
    ASSERT_EQ(code.size(), 11) << code.toStdString();

    const HttpResult r = enrol(api, code);
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonObject o = r.json();
    EXPECT_EQ(o.value(u"name"_s).toString(), u"kiosk-hall"_s);
    EXPECT_EQ(o.value(u"role"_s).toString(), u"kiosk"_s);
    EXPECT_EQ(o.value(u"server_fingerprint"_s).toString(), QString()); // no TLS on this server
    const QByteArray token = o.value(u"token"_s).toString().toUtf8();
    EXPECT_GE(token.size(), 22); // at least 128 bits in base64

    // The kiosk's own call: a ticket, issued with the enrolled token.
    const HttpResult t = api.post(u"/api/v1/tickets"_s, token, QJsonObject{{u"service"_s, kPayments}});
    EXPECT_EQ(t.status, 201) << str(t);
    // A role it does not have is still refused.
    EXPECT_TRUE(isError(api.get(u"/api/v1/devices"_s, token), 403, u"forbidden"_s));

    EventStream events(server, token);
    EXPECT_TRUE(events.waitHello());

    // The manager sees it among the enrolled devices, heard from, its stream open.
    QJsonArray enrolled;
    for (const QJsonValue &d : api.get(u"/api/v1/devices"_s, kManagerToken).json().value(u"devices"_s).toArray())
        if (d[u"source"_s].toString() == u"enrolled"_s)
            enrolled.append(d);
    ASSERT_EQ(enrolled.size(), 1);
    EXPECT_EQ(enrolled.at(0).toObject().value(u"name"_s).toString(), u"kiosk-hall"_s);
    EXPECT_EQ(enrolled.at(0).toObject().value(u"role"_s).toString(), u"kiosk"_s);
    EXPECT_TRUE(isIsoTime(enrolled.at(0).toObject().value(u"enrolled_at"_s)));
    EXPECT_TRUE(isIsoTime(enrolled.at(0).toObject().value(u"last_seen"_s)));
    EXPECT_EQ(enrolled.at(0).toObject().value(u"streams"_s).toInt(), 1);

    // Used once: the second time nothing is created and the first token still works.
    EXPECT_TRUE(isError(enrol(api, code), 409, u"enrolment_code_used"_s));
    EXPECT_EQ(rowCount(server, u"enrolled_devices"_s), 1);
    EXPECT_EQ(api.get(u"/api/v1/services"_s, token).status, 200);
}

TEST_F(EnrolTest, LowerCaseAndLookAlikeLettersAreTheSameCode)
{
    QString code = enrolCode(server, u"board-2"_s, u"display"_s);
    ASSERT_FALSE(code.isEmpty());
    code = code.toLower().replace(u'-', u' ').replace(u'0', u'o').replace(u'1', u'l');
    const HttpResult r = enrol(api, code);
    ASSERT_EQ(r.status, 200) << str(r);
    EXPECT_EQ(r.json().value(u"role"_s).toString(), u"display"_s);
}

TEST_F(EnrolTest, AnExpiredCodeIsRefusedAndCreatesNothing)
{
    const QString code = enrolCode(server, u"kiosk-late"_s, u"kiosk"_s, {u"--valid-hours"_s, u"0.0001"_s}); // 0.36 s
    ASSERT_FALSE(code.isEmpty());
    QElapsedTimer t;
    t.start();
    waitUntil([&] { return t.elapsed() > 600; }, 2000);
    EXPECT_TRUE(isError(enrol(api, code), 410, u"enrolment_code_expired"_s));
    EXPECT_EQ(rowCount(server, u"enrolled_devices"_s), 0);
}

TEST_F(EnrolTest, WrongCodesAreRefusedThenLimitedPerAddress)
{
    ASSERT_FALSE(enrolCode(server, u"kiosk-x"_s, u"kiosk"_s).isEmpty());
    EXPECT_TRUE(isError(enrol(api, u"ZZZZZ-ZZZZZ"_s), 404, u"unknown_enrolment_code"_s));
    EXPECT_TRUE(isError(enrol(api, u"not a code at all"_s), 404, u"unknown_enrolment_code"_s));
    EXPECT_TRUE(isError(api.post(u"/api/v1/devices/enrol"_s, {}, QJsonObject{}), 400, u"bad_request"_s));
    for (int i = 3; i < 10; ++i)
        EXPECT_TRUE(isError(enrol(api, u"ZZZZZ-ZZZZ"_s + QString::number(i)), 404, u"unknown_enrolment_code"_s)) << i;
    // The 11th attempt from this address is not even checked.
    const HttpResult limited = enrol(api, u"ZZZZZ-ZZZZZ"_s);
    EXPECT_TRUE(isError(limited, 429, u"too_many_requests"_s));
    QNetworkAccessManager nam;
    QNetworkRequest req(server.url(u"/api/v1/devices/enrol"_s));
    req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = nam.post(req, QByteArrayLiteral("{\"code\":\"ZZZZZ-ZZZZZ\"}"));
    ASSERT_TRUE(waitAllFinished({reply}, 10000));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    bool ok = false;
    const int retry = reply->rawHeader("Retry-After").toInt(&ok);
    EXPECT_TRUE(ok && retry >= 1 && retry <= 60) << reply->rawHeader("Retry-After").toStdString();
    reply->deleteLater();
    EXPECT_EQ(rowCount(server, u"enrolled_devices"_s), 0);
}

TEST_F(EnrolTest, RevokingClosesTheOpenEventStreamAtOnceAndTheTokenGets401)
{
    const HttpResult r = enrol(api, enrolCode(server, u"board-hall-2"_s, u"display"_s));
    ASSERT_EQ(r.status, 200) << str(r);
    const QByteArray token = r.json().value(u"token"_s).toString().toUtf8();
    EventStream events(server, token);
    ASSERT_TRUE(events.waitHello());
    EventStream other(server, kDisplayToken); // a configured board stays connected
    ASSERT_TRUE(other.waitHello());

    EXPECT_TRUE(isError(api.del(u"/api/v1/devices/board-hall-2"_s, kKioskToken), 403, u"forbidden"_s));
    EXPECT_TRUE(isError(api.del(u"/api/v1/devices/nobody"_s, kManagerToken), 404, u"not_found"_s));
    const HttpResult d = api.del(u"/api/v1/devices/board-hall-2"_s, kManagerToken);
    EXPECT_EQ(d.status, 204) << str(d);
    EXPECT_TRUE(events.waitRefusedOrClosed(2000));
    EXPECT_EQ(events.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    EXPECT_TRUE(isError(api.get(u"/api/v1/services"_s, token), 401, u"unauthorized"_s));
    EventStream again(server, token);
    EXPECT_FALSE(again.waitHello(2000));

    api.issue(kPayments);
    EXPECT_TRUE(other.waitFor(u"ticket.issued"_s).has_value());
}

TEST_F(EnrolTest, EnrollingAgainReplacesTheTokenAndOfflineRevokeWorks)
{
    const QByteArray first =
        enrol(api, enrolCode(server, u"kiosk-7"_s, u"kiosk"_s)).json().value(u"token"_s).toString().toUtf8();
    ASSERT_FALSE(first.isEmpty());
    EventStream events(server, first);
    ASSERT_TRUE(events.waitHello());
    const QByteArray second =
        enrol(api, enrolCode(server, u"kiosk-7"_s, u"kiosk"_s)).json().value(u"token"_s).toString().toUtf8();
    ASSERT_FALSE(second.isEmpty());
    EXPECT_NE(first, second);
    EXPECT_TRUE(events.waitRefusedOrClosed(2000)); // the old token's stream
    EXPECT_EQ(api.get(u"/api/v1/services"_s, first).status, 401);
    EXPECT_EQ(api.get(u"/api/v1/services"_s, second).status, 200);
    EXPECT_EQ(rowCount(server, u"enrolled_devices"_s), 1);

    const Cli revoke = serverCli(server, {u"--revoke"_s, u"kiosk-7"_s});
    EXPECT_EQ(revoke.exitCode, 0) << revoke.out.toStdString();
    EXPECT_EQ(api.get(u"/api/v1/services"_s, second).status, 401);
    EXPECT_EQ(serverCli(server, {u"--revoke"_s, u"kiosk-7"_s}).exitCode, 2);
}

TEST_F(EnrolTest, TheDatabaseHoldsNoTokenOrCodeInClear)
{
    const QString code = enrolCode(server, u"booking-web"_s, u"booking"_s);
    const HttpResult r = enrol(api, code);
    ASSERT_EQ(r.status, 200) << str(r);
    const QByteArray token = r.json().value(u"token"_s).toString().toUtf8();
    server.stop(); // everything in the database file, the WAL checkpointed
    QByteArray bytes;
    for (const QString &path : QStringList{server.dbPath(), server.dbPath() + u"-wal"_s}) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            bytes += f.readAll();
    }
    ASSERT_FALSE(bytes.isEmpty());
    EXPECT_FALSE(bytes.contains(token));
    EXPECT_FALSE(bytes.contains(QString(code).remove(u'-').toLatin1()));
    EXPECT_TRUE(bytes.contains(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex()));
}

TEST_F(EnrolTest, TheCommandRefusesBadInputAndChangesNothing)
{
    EXPECT_EQ(serverCli(server, {u"--enrol"_s, u"kiosk-1"_s, u"--role"_s, u"kiosk"_s}).exitCode,
              2); // a configured name
    EXPECT_EQ(serverCli(server, {u"--enrol"_s, u"new"_s, u"--role"_s, u"manager"_s}).exitCode, 2);
    EXPECT_EQ(serverCli(server, {u"--enrol"_s, u"new"_s}).exitCode, 2);
    EXPECT_EQ(serverCli(server, {u"--enrol"_s, u"bad name"_s, u"--role"_s, u"kiosk"_s}).exitCode, 2);
    EXPECT_EQ(
        serverCli(server, {u"--enrol"_s, u"new"_s, u"--role"_s, u"kiosk"_s, u"--valid-hours"_s, u"-1"_s}).exitCode, 2);
    EXPECT_EQ(rowCount(server, u"enrolment_codes"_s), 0);
}

} // namespace
} // namespace queue::test
