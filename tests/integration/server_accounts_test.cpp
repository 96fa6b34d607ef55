// Personal accounts (issue 15) against the real server: sign-in with a login and a password,
// the lock and the per-address limit, sign-out, the session cookie with its CSRF value, the
// event stream with the cookie, the roles on the audit trail, the password change,
// `queue-server --add-admin` from standard input, and no password in the database or the log.
#include "server_testutil.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace queue::test {
namespace {

const QString kAdminPassword = u"Adm1n-pass-word"_s;

struct Cli {
    int exitCode = -1;
    QByteArray out;
};

QString serverBin()
{
    const QByteArray bin = qgetenv("QUEUE_SERVER_BIN");
    return bin.isEmpty() ? u"queue-server"_s : QString::fromLocal8Bit(bin);
}

// Runs queue-server with the test server's configuration and database, `args` and `input` on stdin.
Cli serverCli(const TestServer &server, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBin(), QStringList{u"--config"_s, server.configPath(), u"--db"_s, server.dbPath()} + args);
    if (!p.waitForStarted(10000))
        return {};
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(20000))
        return {};
    return {p.exitCode(), p.readAll()};
}

// One HTTP exchange on a connection of its own and no cookie jar: the test says which
// cookies are sent, and sees every header of the answer.
struct Reply {
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    QList<QByteArray> all(const QByteArray &name) const
    {
        QList<QByteArray> out;
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                out += h.second.split('\n');
        return out;
    }
};

class NoCookies : public QNetworkCookieJar {
public:
    bool setCookiesFromUrl(const QList<QNetworkCookie> &, const QUrl &) override { return false; }
    QList<QNetworkCookie> cookiesForUrl(const QUrl &) const override { return {}; }
};

Reply request(const TestServer &server, const QByteArray &method, const QString &path, const QByteArray &body = {},
              const Headers &headers = {})
{
    QNetworkAccessManager nam;
    nam.setCookieJar(new NoCookies);
    QNetworkRequest req(server.url(path));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    Reply r;
    if (waitUntil([&] { return reply->isFinished(); }, 15000)) {
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.headers = reply->rawHeaderPairs();
    }
    delete reply;
    return r;
}

QByteArray bodyOf(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

Reply signIn(const TestServer &server, const QString &login, const QString &password, const Headers &headers = {})
{
    return request(server, "POST", u"/api/v1/auth/login"_s, bodyOf({{u"login"_s, login}, {u"password"_s, password}}),
                   headers);
}

Headers bearer(const QByteArray &token) { return {{"Authorization", "Bearer " + token}}; }

// The value of cookie `name` in the answer's Set-Cookie headers, and its attributes.
QByteArray setCookie(const Reply &r, const QByteArray &name)
{
    for (const QByteArray &c : r.all("set-cookie"))
        if (c.startsWith(QByteArray(name + '=')))
            return c;
    return {};
}
QByteArray cookieValue(const QByteArray &setCookieLine)
{
    const QByteArray first = setCookieLine.split(';').first();
    return first.mid(first.indexOf('=') + 1);
}

// Rows of the server's database, read through a connection of the test's own.
QList<QStringList> rows(const TestServer &server, const QString &sql)
{
    const QString name = QUuid::createUuid().toString();
    QList<QStringList> out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(server.dbPath());
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql))
                while (q.next()) {
                    QStringList row;
                    for (int i = 0; i < q.record().count(); ++i)
                        row << q.value(i).toString();
                    out << row;
                }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

QStringList loginOutcomes(const TestServer &server)
{
    QStringList out;
    for (const QStringList &r : rows(server, u"SELECT outcome FROM audit WHERE action = 'auth.login' ORDER BY id"_s))
        out << r.first();
    return out;
}

class AccountsTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        const Cli cli = serverCli(server, {u"--add-admin"_s, u"admin"_s}, kAdminPassword.toUtf8() + '\n');
        ASSERT_EQ(cli.exitCode, 0) << cli.out.toStdString();
    }
    QByteArray adminToken()
    {
        const Reply r = signIn(server, u"admin"_s, kAdminPassword);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.json().value(u"token"_s).toString().toUtf8();
    }
    // A manager account, made the way an administrator's page would store one: the hash
    // from `queue-server --hash-pin`, the row in `accounts`.
    void addManager(const QString &login, const QString &password)
    {
        QProcess p;
        p.start(serverBin(), {u"--hash-pin"_s, password});
        ASSERT_TRUE(p.waitForFinished(20000));
        const QString hash = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        ASSERT_TRUE(hash.startsWith(u"pbkdf2-sha256$"_s)) << hash.toStdString();
        const QString name = QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(server.dbPath());
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            q.prepare(u"INSERT INTO accounts(login, name, role, password_hash, created_at, password_changed_at) "
                      "VALUES (?, ?, 'manager', ?, 0, 0)"_s);
            q.addBindValue(login);
            q.addBindValue(u"Руководитель"_s);
            q.addBindValue(hash);
            ASSERT_TRUE(q.exec());
        }
        QSqlDatabase::removeDatabase(name);
    }
};

TEST_F(AccountsTest, SignInAnswersTheTokenRoleAndExpiryAndSetsTheSessionCookies)
{
    const Reply r = signIn(server, u"admin"_s, kAdminPassword);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject o = r.json();
    EXPECT_GE(o.value(u"token"_s).toString().size(), 40);
    EXPECT_EQ(o.value(u"role"_s).toString(), u"administrator"_s);
    EXPECT_EQ(o.value(u"login"_s).toString(), u"admin"_s);
    EXPECT_TRUE(isIsoTime(o.value(u"expires_at"_s))) << str(o);
    const QDateTime expires = QDateTime::fromString(o.value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
    EXPECT_NEAR(QDateTime::currentDateTimeUtc().secsTo(expires), 30 * 60, 60);

    const QByteArray session = setCookie(r, "queue_session");
    EXPECT_EQ(cookieValue(session), o.value(u"token"_s).toString().toUtf8());
    EXPECT_TRUE(session.contains("HttpOnly")) << session.toStdString();
    EXPECT_TRUE(session.contains("SameSite=Strict")) << session.toStdString();
    EXPECT_FALSE(session.contains("Secure")) << "plain HTTP on loopback: no Secure attribute";
    const QByteArray csrf = setCookie(r, "queue_csrf");
    EXPECT_FALSE(cookieValue(csrf).isEmpty());
    EXPECT_FALSE(csrf.contains("HttpOnly")) << "the page reads it to echo it";

    const Reply who = request(server, "GET", u"/api/v1/auth/session"_s, {}, bearer(o.value(u"token"_s).toString().toUtf8()));
    ASSERT_EQ(who.status, 200);
    EXPECT_EQ(who.json().value(u"kind"_s).toString(), u"account"_s);
    EXPECT_EQ(who.json().value(u"login"_s).toString(), u"admin"_s);
    EXPECT_EQ(who.json().value(u"role"_s).toString(), u"administrator"_s);
}

TEST_F(AccountsTest, WrongPasswordUnknownLoginAndTheLockAfterFiveAreRefusedAndAudited)
{
    EXPECT_EQ(signIn(server, u"admin"_s, u"wrong-password"_s).status, 401);
    EXPECT_EQ(signIn(server, u"nobody"_s, kAdminPassword).status, 401);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(signIn(server, u"admin"_s, u"wrong-password"_s).status, 401);
    const Reply locked = signIn(server, u"admin"_s, kAdminPassword);
    EXPECT_TRUE(isError(HttpResult{locked.status, locked.body}, 429, u"login_locked"_s)) << locked.body.toStdString();
    EXPECT_GT(locked.header("retry-after").toInt(), 0);
    EXPECT_EQ(loginOutcomes(server),
              (QStringList{u"wrong_password"_s, u"unknown_login"_s, u"wrong_password"_s, u"wrong_password"_s,
                           u"wrong_password"_s, u"wrong_password"_s, u"locked"_s}));
}

TEST_F(AccountsTest, FailedSignInsFromOneAddressAnswer429WithRetryAfter)
{
    // Different unknown logins: no login's lock, only the address's limit (10 a minute).
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(signIn(server, u"guess%1"_s.arg(i), u"password-%1"_s.arg(i)).status, 401);
    const Reply limited = signIn(server, u"admin"_s, kAdminPassword);
    EXPECT_TRUE(isError(HttpResult{limited.status, limited.body}, 429, u"too_many_requests"_s)) << limited.body.toStdString();
    EXPECT_GT(limited.header("retry-after").toInt(), 0);
    // The operators' PIN logins share the limit of the address.
    EXPECT_EQ(api.loginRaw(u"op1"_s, u"1234"_s, 1).status, 429);
    EXPECT_EQ(loginOutcomes(server).last(), u"rate_limited"_s);
}

TEST_F(AccountsTest, SignOutEndsTheSession)
{
    const QByteArray token = adminToken();
    EXPECT_EQ(request(server, "GET", u"/api/v1/dashboard"_s, {}, bearer(token)).status, 200);
    EXPECT_EQ(request(server, "DELETE", u"/api/v1/auth/session"_s, {}, bearer(token)).status, 204);
    EXPECT_EQ(request(server, "GET", u"/api/v1/dashboard"_s, {}, bearer(token)).status, 401);
    EXPECT_EQ(request(server, "GET", u"/api/v1/auth/session"_s, {}, bearer(token)).status, 401);
    const auto actions = rows(server, u"SELECT action, actor FROM audit WHERE action = 'auth.logout'"_s);
    ASSERT_EQ(actions.size(), 1);
    EXPECT_EQ(actions.first().at(1), u"account:admin"_s);
}

TEST_F(AccountsTest, TheCookieWorksForReadingAndNeedsTheCsrfHeaderForChanges)
{
    const Reply r = signIn(server, u"admin"_s, kAdminPassword);
    const QByteArray token = cookieValue(setCookie(r, "queue_session"));
    const QByteArray csrf = cookieValue(setCookie(r, "queue_csrf"));
    const QByteArray cookies = "queue_session=" + token + "; queue_csrf=" + csrf;
    EXPECT_EQ(request(server, "GET", u"/api/v1/dashboard"_s, {}, {{"Cookie", cookies}}).status, 200);

    // A change with the cookie alone: 403, and nothing issued.
    const QJsonObject before = api.snapshot();
    const Reply noHeader = request(server, "POST", u"/api/v1/tickets"_s, bodyOf({{u"service"_s, kPayments}}),
                                   {{"Cookie", cookies}});
    EXPECT_EQ(noHeader.status, 403) << noHeader.body.toStdString();
    const Reply wrongHeader = request(server, "POST", u"/api/v1/tickets"_s, bodyOf({{u"service"_s, kPayments}}),
                                      {{"Cookie", cookies}, {"X-CSRF-Token", "0000"}});
    EXPECT_EQ(wrongHeader.status, 403);
    EXPECT_EQ(request(server, "DELETE", u"/api/v1/auth/session"_s, {}, {{"Cookie", cookies}}).status, 403);
    EXPECT_EQ(api.snapshot(), before);

    // With the header: allowed (an administrator issues tickets wherever a manager may).
    EXPECT_EQ(request(server, "POST", u"/api/v1/tickets"_s, bodyOf({{u"service"_s, kPayments}}),
                      {{"Cookie", cookies}, {"X-CSRF-Token", csrf}})
                  .status,
              201);
    // A Bearer caller needs no CSRF header.
    EXPECT_EQ(request(server, "POST", u"/api/v1/tickets"_s, bodyOf({{u"service"_s, kPayments}}), bearer(token)).status, 201);
    const Reply out = request(server, "DELETE", u"/api/v1/auth/session"_s, {}, {{"Cookie", cookies}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(out.status, 204);
    EXPECT_TRUE(setCookie(out, "queue_session").contains("Max-Age=0")) << "sign-out clears the cookie";
    EXPECT_EQ(request(server, "GET", u"/api/v1/dashboard"_s, {}, {{"Cookie", cookies}}).status, 401);

    // Public routes do not look at the cookie: signing in again with an old cookie still
    // in the browser works without any header.
    const Reply again = request(server, "POST", u"/api/v1/auth/login"_s,
                                bodyOf({{u"login"_s, u"admin"_s}, {u"password"_s, kAdminPassword}}), {{"Cookie", cookies}});
    EXPECT_EQ(again.status, 200) << again.body.toStdString();
    // The password change (answered later) keeps the same rule.
    const QByteArray fresh = "queue_session=" + cookieValue(setCookie(again, "queue_session"));
    EXPECT_EQ(request(server, "PUT", u"/api/v1/auth/password"_s,
                      bodyOf({{u"old"_s, kAdminPassword}, {u"new"_s, u"Another-pass-1"_s}}), {{"Cookie", fresh}})
                  .status,
              403);
    EXPECT_EQ(signIn(server, u"admin"_s, kAdminPassword).status, 200) << "the password did not change";
}

TEST_F(AccountsTest, TheEventStreamTakesTheCookieFromThisServersOwnPagesOnly)
{
    const QByteArray token = adminToken();
    const QByteArray host = "127.0.0.1:" + QByteArray::number(server.port());
    QUrl url = server.url(u"/api/v1/events"_s);
    url.setScheme(u"ws"_s);
    {
        QNetworkRequest req(url);
        req.setRawHeader("Cookie", "queue_session=" + token);
        req.setRawHeader("Origin", "http://" + host);
        EventStream stream(req);
        EXPECT_TRUE(stream.waitHello()) << "a cookie from the server's own page";
    }
    {
        QNetworkRequest req(url);
        req.setRawHeader("Cookie", "queue_session=" + token);
        req.setRawHeader("Origin", "http://evil.example");
        EventStream stream(req);
        EXPECT_TRUE(stream.waitRefusedOrClosed());
        EXPECT_FALSE(stream.wasConnected()) << "another site's page must not use the cookie";
    }
    {
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + token);
        EventStream stream(req);
        EXPECT_TRUE(stream.waitHello()) << "the bearer token needs no Origin";
    }
}

TEST_F(AccountsTest, TheAuditTrailIsForAnAdministratorOnly)
{
    const QString path = u"/api/v1/admin/audit"_s;
    EXPECT_EQ(request(server, "GET", path).status, 401);
    for (const QByteArray &t : {kKioskToken, kDisplayToken, kManagerToken, api.login(1)})
        EXPECT_EQ(request(server, "GET", path, {}, bearer(t)).status, 403) << t.toStdString();
    addManager(u"boss"_s, u"Manager-pass-1"_s);
    const Reply manager = signIn(server, u"boss"_s, u"Manager-pass-1"_s);
    ASSERT_EQ(manager.status, 200) << manager.body.toStdString();
    EXPECT_EQ(manager.json().value(u"role"_s).toString(), u"manager"_s);
    const QByteArray managerToken = manager.json().value(u"token"_s).toString().toUtf8();
    EXPECT_EQ(request(server, "GET", path, {}, bearer(managerToken)).status, 403);
    EXPECT_EQ(request(server, "GET", u"/api/v1/dashboard"_s, {}, bearer(managerToken)).status, 200);

    const QByteArray admin = adminToken();
    const Reply audit = request(server, "GET", path, {}, bearer(admin));
    ASSERT_EQ(audit.status, 200) << audit.body.toStdString();
    const QJsonArray entries = audit.json().value(u"entries"_s).toArray();
    ASSERT_GE(entries.size(), 3);
    EXPECT_EQ(entries.first().toObject().value(u"actor"_s).toString(), u"account:admin"_s) << "newest first";
    EXPECT_EQ(entries.first().toObject().value(u"address"_s).toString(), u"127.0.0.1"_s);

    const Reply byActor = request(server, "GET", path + u"?actor=account:boss"_s, {}, bearer(admin));
    ASSERT_EQ(byActor.status, 200);
    for (const QJsonValue &e : byActor.json().value(u"entries"_s).toArray())
        EXPECT_EQ(e.toObject().value(u"actor"_s).toString(), u"account:boss"_s);
    EXPECT_EQ(byActor.json().value(u"entries"_s).toArray().size(), 1);

    const Reply csv = request(server, "GET", path + u"?format=csv"_s, {}, bearer(admin));
    ASSERT_EQ(csv.status, 200);
    EXPECT_TRUE(csv.header("content-type").startsWith("text/csv"));
    EXPECT_TRUE(csv.body.startsWith("\xEF\xBB\xBF")) << "Excel reads UTF-8 with the BOM";
    EXPECT_TRUE(csv.body.contains("auth.login"));

    const Reply bad = request(server, "GET", path + u"?from=2026-13-01"_s, {}, bearer(admin));
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.body.contains("'from'"));
    const Reply future = request(server, "GET", path + u"?from=2030-01-01&to=2030-01-02"_s, {}, bearer(admin));
    ASSERT_EQ(future.status, 200);
    EXPECT_TRUE(future.json().value(u"entries"_s).toArray().isEmpty());
}

TEST_F(AccountsTest, AnyoneWithAnAccountChangesTheirOwnPassword)
{
    const QByteArray token = adminToken();
    const QByteArray other = adminToken();
    const QString path = u"/api/v1/auth/password"_s;
    const Reply shortOne = request(server, "PUT", path, bodyOf({{u"old"_s, kAdminPassword}, {u"new"_s, u"short"_s}}), bearer(token));
    EXPECT_EQ(shortOne.status, 400);
    EXPECT_TRUE(shortOne.body.contains("'new'")) << shortOne.body.toStdString();
    EXPECT_EQ(request(server, "PUT", path, bodyOf({{u"old"_s, u"not-the-password"_s}, {u"new"_s, u"New-password-9"_s}}), bearer(token)).status,
              403);
    EXPECT_EQ(request(server, "PUT", path, bodyOf({{u"old"_s, kAdminPassword}, {u"new"_s, u"New-password-9"_s}}), bearer(kManagerToken)).status,
              403) << "a device token has no password";
    EXPECT_EQ(request(server, "PUT", path, bodyOf({{u"old"_s, kAdminPassword}, {u"new"_s, u"New-password-9"_s}}), bearer(token)).status,
              204);
    EXPECT_EQ(signIn(server, u"admin"_s, kAdminPassword).status, 401);
    EXPECT_EQ(signIn(server, u"admin"_s, u"New-password-9"_s).status, 200);
    EXPECT_EQ(request(server, "GET", u"/api/v1/auth/session"_s, {}, bearer(token)).status, 200) << "this session stays";
    EXPECT_EQ(request(server, "GET", u"/api/v1/auth/session"_s, {}, bearer(other)).status, 401) << "the others end";
    const auto changes = rows(server, u"SELECT outcome FROM audit WHERE action = 'auth.password' ORDER BY id"_s);
    ASSERT_EQ(changes.size(), 2);
    EXPECT_EQ(changes.at(0).first(), u"wrong_password"_s);
    EXPECT_EQ(changes.at(1).first(), u"ok"_s);
}

TEST_F(AccountsTest, AddAdminReadsThePasswordFromStandardInputAndRefusesAShortOne)
{
    const Cli shortOne = serverCli(server, {u"--add-admin"_s, u"second"_s}, "123456789\n");
    EXPECT_NE(shortOne.exitCode, 0);
    EXPECT_TRUE(shortOne.out.contains("at least 10 characters")) << shortOne.out.toStdString();
    EXPECT_TRUE(rows(server, u"SELECT login FROM accounts WHERE login = 'second'"_s).isEmpty());
    const Cli empty = serverCli(server, {u"--add-admin"_s, u"second"_s}, {});
    EXPECT_NE(empty.exitCode, 0);

    const Cli ok = serverCli(server, {u"--add-admin"_s, u"second"_s}, "Second-admin-1\n");
    EXPECT_EQ(ok.exitCode, 0) << ok.out.toStdString();
    EXPECT_EQ(signIn(server, u"second"_s, u"Second-admin-1"_s).json().value(u"role"_s).toString(), u"administrator"_s);
    // Again: a reset, the old password no longer works.
    const Cli reset = serverCli(server, {u"--add-admin"_s, u"second"_s}, "Second-admin-2\n");
    EXPECT_EQ(reset.exitCode, 0) << reset.out.toStdString();
    EXPECT_EQ(signIn(server, u"second"_s, u"Second-admin-1"_s).status, 401);
    EXPECT_EQ(signIn(server, u"second"_s, u"Second-admin-2"_s).status, 200);
    // The package's upgrade: --if-missing leaves an existing account as it is.
    const Cli kept = serverCli(server, {u"--add-admin"_s, u"second"_s, u"--if-missing"_s}, "Second-admin-3\n");
    EXPECT_EQ(kept.exitCode, 0) << kept.out.toStdString();
    EXPECT_FALSE(kept.out.contains("created")) << kept.out.toStdString();
    EXPECT_EQ(signIn(server, u"second"_s, u"Second-admin-2"_s).status, 200);
    const auto audit = rows(server, u"SELECT actor, action FROM audit WHERE object = 'account:second' AND actor = 'cli' ORDER BY id"_s);
    ASSERT_EQ(audit.size(), 2);
    EXPECT_EQ(audit.at(0).at(1), u"account.create"_s);
    EXPECT_EQ(audit.at(1).at(1), u"account.reset"_s);
}

TEST_F(AccountsTest, NoPasswordOrTokenInTheDatabaseOrTheLog)
{
    const QByteArray token = adminToken();
    signIn(server, u"admin"_s, u"Wrong-secret-42"_s);
    signIn(server, u"Typed-secret-43"_s, u"whatever-pass"_s);   // a password typed as the login
    request(server, "PUT", u"/api/v1/auth/password"_s,
            bodyOf({{u"old"_s, kAdminPassword}, {u"new"_s, u"Changed-secret-44"_s}}), bearer(token));
    server.stop();
    QByteArray everything = server.output();
    for (const QString &f : QDir(QFileInfo(server.dbPath()).absolutePath()).entryList(QDir::Files)) {
        QFile file(QFileInfo(server.dbPath()).absolutePath() + u'/' + f);
        if (file.open(QIODevice::ReadOnly))
            everything += file.readAll();
    }
    ASSERT_GT(everything.size(), 1000);
    for (const QByteArray &secret : {kAdminPassword.toUtf8(), QByteArray("Wrong-secret-42"), QByteArray("Typed-secret-43"),
                                     QByteArray("Changed-secret-44"), token})
        EXPECT_FALSE(everything.contains(secret)) << "found " << secret.toStdString();
}

TEST(AccountsConfigTest, TheIdleLimitIsValidatedWithTheFieldNamed)
{
    QJsonObject config = testOfficeConfig();
    config.insert(u"accounts"_s, QJsonObject{{u"session_idle_min"_s, 0}});
    TestServer bad(config);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBin(), {u"--config"_s, bad.configPath(), u"--check-config"_s});
    ASSERT_TRUE(p.waitForFinished(20000));
    const QByteArray out = p.readAll();
    EXPECT_NE(p.exitCode(), 0);
    EXPECT_TRUE(out.contains("accounts.session_idle_min")) << out.toStdString();

    config.insert(u"accounts"_s, QJsonObject{{u"session_idle_min"_s, 5}});
    TestServer good(config);
    ASSERT_TRUE(good.start()) << good.output().toStdString();
    QProcess add;
    add.start(serverBin(), {u"--config"_s, good.configPath(), u"--db"_s, good.dbPath(), u"--add-admin"_s, u"admin"_s});
    ASSERT_TRUE(add.waitForStarted());
    add.write(kAdminPassword.toUtf8() + '\n');
    add.closeWriteChannel();
    ASSERT_TRUE(add.waitForFinished(20000));
    const Reply r = signIn(good, u"admin"_s, kAdminPassword);
    const QDateTime expires = QDateTime::fromString(r.json().value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
    EXPECT_NEAR(QDateTime::currentDateTimeUtc().secsTo(expires), 5 * 60, 30);
}

} // namespace
} // namespace queue::test

namespace queue::test {
namespace {

// The devices page's "add a device": an administrator makes a one-time pairing code (shown
// once, never kept for a replay), the device enrols with it, the manager revokes it; each
// step is in the audit trail, and no code or token is.
TEST_F(AccountsTest, AnAdministratorMakesAPairingCodeAndDeviceChangesAreAudited)
{
    const QByteArray admin = adminToken();
    const auto post = [&](const QByteArray &token, const QJsonObject &body, const Headers &extra = {}) {
        return request(server, "POST", u"/api/v1/admin/devices"_s, bodyOf(body), bearer(token) + extra);
    };
    // Bad input changes nothing.
    EXPECT_EQ(post(admin, {{u"name"_s, u"kiosk door"_s}, {u"role"_s, u"kiosk"_s}}).status, 400);
    EXPECT_EQ(post(admin, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"manager"_s}}).status, 400);
    EXPECT_EQ(post(admin, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"kiosk"_s}, {u"valid_hours"_s, 0}}).status, 400);
    EXPECT_EQ(post(admin, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"kiosk"_s}, {u"colour"_s, 1}}).status, 400);
    EXPECT_EQ(post(admin, {{u"name"_s, u"kiosk-1"_s}, {u"role"_s, u"kiosk"_s}}).status, 409) << "a configured name";
    // Only an administrator.
    EXPECT_EQ(post(kManagerToken, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"kiosk"_s}}).status, 403);
    EXPECT_EQ(post(kKioskToken, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"kiosk"_s}}).status, 403);
    EXPECT_EQ(rows(server, u"SELECT COUNT(*) FROM enrolment_codes"_s).value(0).value(0), u"0"_s);

    const Reply made = post(admin, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"kiosk"_s}, {u"valid_hours"_s, 2}},
                            {{"Idempotency-Key", "code-1"}});
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QString code = made.json().value(u"code"_s).toString();
    EXPECT_EQ(code.size(), 11) << code.toStdString();   // "ABCDE-FGHJK"
    EXPECT_EQ(made.header("cache-control"), QByteArray("no-store"));
    const QDateTime expires = QDateTime::fromString(made.json().value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
    EXPECT_NEAR(QDateTime::currentDateTimeUtc().secsTo(expires), 2 * 3600, 120);
    // A replay with the same key does not show the code again: it is a new request and makes
    // a second code (both audited; the first stays valid until used or expired).
    const Reply replay = post(admin, {{u"name"_s, u"kiosk-door"_s}, {u"role"_s, u"kiosk"_s}, {u"valid_hours"_s, 2}},
                              {{"Idempotency-Key", "code-1"}});
    EXPECT_NE(replay.json().value(u"code"_s).toString(), code);

    // The device enrols with it and is listed; the manager revokes it.
    const Reply enrolled = request(server, "POST", u"/api/v1/devices/enrol"_s, bodyOf({{u"code"_s, code}}));
    ASSERT_EQ(enrolled.status, 200) << enrolled.body.toStdString();
    const QByteArray token = enrolled.json().value(u"token"_s).toString().toUtf8();
    EXPECT_EQ(request(server, "GET", u"/api/v1/services"_s, {}, bearer(token)).status, 200);
    EXPECT_EQ(request(server, "DELETE", u"/api/v1/devices/kiosk-door"_s, {}, bearer(kManagerToken)).status, 204);
    EXPECT_EQ(request(server, "GET", u"/api/v1/services"_s, {}, bearer(token)).status, 401);

    QStringList trail;
    for (const QStringList &r : rows(server, u"SELECT actor, action, object, outcome, COALESCE(after_json, '') FROM audit "
                                              "WHERE action LIKE 'device.%' ORDER BY id"_s)) {
        trail << r.mid(0, 4).join(u' ');
        EXPECT_FALSE(r.at(4).contains(code)) << "the code is in the audit trail";
        EXPECT_FALSE(r.at(4).contains(QString::fromUtf8(token)));
    }
    EXPECT_EQ(trail, (QStringList{u"account:admin device.code device:kiosk-door ok"_s,
                                  u"account:admin device.code device:kiosk-door ok"_s,
                                  u"device:kiosk-door device.enrol device:kiosk-door ok"_s,
                                  u"device:manager device.revoke device:kiosk-door ok"_s}));
}

} // namespace
} // namespace queue::test
