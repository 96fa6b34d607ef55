// The apps' side of enrolment (issue 14): `queue-kiosk --enrol URL CODE` and
// `queue-board --enrol URL CODE` against the real server store enrolment.json (0600) and
// the program then authenticates with it (--check-server: one authenticated call); over
// https the certificate is pinned at enrolment, or checked against --ca-file.
#include "server_testutil.h"
#include "support/generatedcerts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace queue::test {
namespace {

struct AppRun {
    int exitCode = -1;
    QByteArray out; // stdout
    QByteArray err;
};

AppRun run(const char *binEnv, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.remove(u"STATE_DIRECTORY"_s);
    p.setProcessEnvironment(env);
    p.start(QString::fromLocal8Bit(qgetenv(binEnv)), args);
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

QString enrolCode(const TestServer &server, const QString &name, const QString &role)
{
    QProcess p;
    p.start(QString::fromLocal8Bit(qgetenv("QUEUE_SERVER_BIN")),
            {u"--config"_s, server.configPath(), u"--db"_s, server.dbPath(), u"--enrol"_s, name, u"--role"_s, role});
    p.waitForFinished(20000);
    static const QRegularExpression re(u"': ([0-9A-Z]{5}-[0-9A-Z]{5})"_s);
    return re.match(QString::fromUtf8(p.readAllStandardOutput())).captured(1);
}

class ClientEnrolTest : public ServerTest {
protected:
    QString baseUrl() const { return u"http://127.0.0.1:%1"_s.arg(server.port()); }
    QTemporaryDir state;
};

TEST_F(ClientEnrolTest, TheKioskStoresItsEnrolmentPrivatelyAndAuthenticatesWithIt)
{
    ASSERT_TRUE(state.isValid());
    // Not enrolled yet: no token, refused.
    EXPECT_EQ(run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--server"_s, baseUrl(), u"--state-dir"_s, state.path()})
                  .exitCode,
              1);

    const QString code = enrolCode(server, u"kiosk-door"_s, u"kiosk"_s);
    ASSERT_FALSE(code.isEmpty());
    const AppRun enrol =
        run("QUEUE_KIOSK_BIN", {u"--enrol"_s, baseUrl(), code, u"--state-dir"_s, state.path(), u"--lang"_s, u"en"_s});
    ASSERT_EQ(enrol.exitCode, 0) << enrol.out.toStdString() << enrol.err.toStdString();
    EXPECT_TRUE(enrol.err.contains("in clear")) << enrol.err.toStdString(); // plain http warns

    const QString path = QDir(state.path()).filePath(u"enrolment.json"_s);
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(
        f.permissions()
            & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
        QFileDevice::Permissions());
    EXPECT_TRUE(f.permissions() & QFileDevice::ReadOwner);
    const QJsonObject stored = QJsonDocument::fromJson(f.readAll()).object();
    EXPECT_EQ(stored.value(u"server"_s).toString(), baseUrl());
    EXPECT_EQ(stored.value(u"name"_s).toString(), u"kiosk-door"_s);
    EXPECT_EQ(stored.value(u"role"_s).toString(), u"kiosk"_s);
    EXPECT_EQ(stored.value(u"fingerprint"_s).toString(), QString());
    const QByteArray token = stored.value(u"token"_s).toString().toUtf8();
    ASSERT_FALSE(token.isEmpty());
    EXPECT_FALSE(enrol.out.contains(token));
    EXPECT_FALSE(enrol.err.contains(token));
    EXPECT_EQ(api.post(u"/api/v1/tickets"_s, token, QJsonObject{{u"service"_s, kPayments}}).status, 201);

    // The kiosk takes the server and the token from there: no --server, no --token-file.
    const AppRun check =
        run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path(), u"--lang"_s, u"en"_s});
    EXPECT_EQ(check.exitCode, 0) << check.out.toStdString() << check.err.toStdString();
    EXPECT_TRUE(check.out.contains("accepted")) << check.out.toStdString();

    // Revoked: the same call is refused.
    EXPECT_EQ(api.del(u"/api/v1/devices/kiosk-door"_s, kManagerToken).status, 204);
    EXPECT_EQ(run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path()}).exitCode, 1);
}

TEST_F(ClientEnrolTest, AUsedCodeStoresNothingAndTheBoardEnrolsToo)
{
    const QString code = enrolCode(server, u"board-door"_s, u"display"_s);
    ASSERT_FALSE(code.isEmpty());
    QTemporaryDir other;
    ASSERT_EQ(run("QUEUE_BOARD_BIN", {u"--enrol"_s, baseUrl(), code, u"--state-dir"_s, state.path()}).exitCode, 0);
    const AppRun again =
        run("QUEUE_BOARD_BIN", {u"--enrol"_s, baseUrl(), code, u"--state-dir"_s, other.path(), u"--lang"_s, u"en"_s});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(again.err.contains("enrolment_code_used")) << again.err.toStdString();
    EXPECT_FALSE(QFileInfo::exists(QDir(other.path()).filePath(u"enrolment.json"_s)));
    const AppRun check = run("QUEUE_BOARD_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path()});
    EXPECT_EQ(check.exitCode, 0) << check.err.toStdString();
    // The systemd unit's form: empty --server= and --token-file= mean the enrolment's.
    EXPECT_EQ(run("QUEUE_BOARD_BIN",
                  {u"--check-server"_s, u"--server="_s, u"--token-file="_s, u"--state-dir"_s, state.path()})
                  .exitCode,
              0);
    // --server given: the stored token still goes with it.
    EXPECT_EQ(run("QUEUE_BOARD_BIN", {u"--check-server"_s, u"--server"_s, baseUrl(), u"--state-dir"_s, state.path()})
                  .exitCode,
              0);
}

const Certificates &certs()
{
    static const Certificates c;
    return c;
}

QJsonObject readStored(const QString &dir)
{
    QFile f(QDir(dir).filePath(u"enrolment.json"_s));
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

bool writeStored(const QString &dir, const QJsonObject &o)
{
    QFile f(QDir(dir).filePath(u"enrolment.json"_s));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(QJsonDocument(o).toJson()) > 0;
}

// Over https the kiosk keeps the certificate the server presented (and named in its
// answer) and later runs trust only that one; a CA file given on the command line is
// checked instead when there is one.
TEST(ClientEnrolTlsTest, TheKioskEnrolsOverHttpsPinsTheCertificateAndRefusesAnother)
{
    ASSERT_TRUE(certs().ok()) << certs().log().toStdString();
    QJsonObject config = testOfficeConfig();
    config.insert(u"tls"_s, QJsonObject{{u"cert"_s, certs().path("server.pem")}, {u"key"_s, certs().path("server.key")}});
    TestServer server(config);
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const QString url = u"https://127.0.0.1:%1"_s.arg(server.port());
    QTemporaryDir state;
    ASSERT_TRUE(state.isValid());

    const QString code = enrolCode(server, u"kiosk-tls"_s, u"kiosk"_s);
    ASSERT_FALSE(code.isEmpty());
    const AppRun enrol =
        run("QUEUE_KIOSK_BIN", {u"--enrol"_s, url, code, u"--state-dir"_s, state.path(), u"--lang"_s, u"en"_s});
    ASSERT_EQ(enrol.exitCode, 0) << enrol.out.toStdString() << enrol.err.toStdString();
    EXPECT_FALSE(enrol.err.contains("in clear")) << enrol.err.toStdString();
    const QString pin = QString::fromLatin1(certs().sha256("server.pem").toHex());
    ASSERT_EQ(pin.size(), 64);
    QJsonObject stored = readStored(state.path());
    EXPECT_EQ(stored.value(u"server"_s).toString(), url);
    EXPECT_EQ(stored.value(u"fingerprint"_s).toString(), pin);
    EXPECT_TRUE(enrol.out.contains(pin.toLatin1())) << enrol.out.toStdString();

    // Later runs: https with the stored pin.
    const AppRun check = run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path(), u"--lang"_s, u"en"_s});
    EXPECT_EQ(check.exitCode, 0) << check.out.toStdString() << check.err.toStdString();
    EXPECT_TRUE(check.out.contains("accepted")) << check.out.toStdString();

    // The office's CA instead of the pin: the server's chain verifies; another CA does not.
    EXPECT_EQ(run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path(), u"--ca-file"_s,
                                      certs().path("ca.pem")})
                  .exitCode,
              0);
    const AppRun otherCa = run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path(), u"--ca-file"_s,
                                                   certs().path("other.pem"), u"--lang"_s, u"en"_s});
    EXPECT_EQ(otherCa.exitCode, 1) << otherCa.out.toStdString() << otherCa.err.toStdString();
    EXPECT_TRUE((otherCa.out + otherCa.err).toLower().contains("certificate")) << otherCa.err.toStdString();

    // A server that presents another certificate than the one pinned (here: the pin is
    // another certificate's) is refused before the token is sent, never retried in plain.
    stored.insert(u"fingerprint"_s, QString::fromLatin1(certs().sha256("other.pem").toHex()));
    ASSERT_TRUE(writeStored(state.path(), stored));
    const AppRun wrong = run("QUEUE_KIOSK_BIN", {u"--check-server"_s, u"--state-dir"_s, state.path(), u"--lang"_s, u"en"_s});
    EXPECT_EQ(wrong.exitCode, 1) << wrong.out.toStdString();
    EXPECT_FALSE(wrong.out.contains("accepted"));
    EXPECT_TRUE((wrong.out + wrong.err).toLower().contains("certificate")) << wrong.out.toStdString() << wrong.err.toStdString();
}

} // namespace
} // namespace queue::test
