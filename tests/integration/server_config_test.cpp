// Start-up: invalid office configurations, the office schedule, and --hash-pin.

#include "server_testutil.h"

#include <QFile>
#include <QProcess>

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

QString serverBin() { return QString::fromLocal8Bit(qgetenv("QUEUE_SERVER_BIN")); }

// Starts a server on `server`'s config file and expects it to refuse: exit non-zero, quickly,
// with a message that names the config file and every string of `mentions`.
void expectRefusedToStart(TestServer &server, const QStringList &mentions)
{
    EXPECT_FALSE(server.start()) << "started with a bad config:\n" << server.output().toStdString();
    QProcess *proc = server.process();
    ASSERT_NE(proc, nullptr);
    EXPECT_TRUE(proc->state() == QProcess::NotRunning || proc->waitForFinished(10000));
    const QString output = QString::fromUtf8(server.output() + proc->readAll());
    EXPECT_EQ(proc->exitStatus(), QProcess::NormalExit) << "crashed:\n" << output.toStdString();
    EXPECT_NE(proc->exitCode(), 0) << output.toStdString();
    EXPECT_TRUE(output.contains(server.configPath())) << "the message does not name the file:\n" << output.toStdString();
    for (const QString &m : mentions)
        EXPECT_TRUE(output.contains(m)) << "the message does not mention '" << m.toStdString() << "':\n"
                                        << output.toStdString();
}

QJsonObject withArrayItem(QJsonObject config, const QString &array, int index, const QJsonObject &item)
{
    QJsonArray items = config.value(array).toArray();
    items[index] = item;
    config.insert(array, items);
    return config;
}

QString runHashPin(const QString &pin)
{
    QProcess p;
    p.start(serverBin(), {u"--hash-pin"_s, pin});
    EXPECT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

TEST(ServerConfig, RefusesServiceWithoutId)
{
    QJsonObject config = testOfficeConfig();
    QJsonObject service = config.value(u"services"_s).toArray().at(1).toObject();
    service.remove(u"id"_s);
    TestServer server(withArrayItem(config, u"services"_s, 1, service));
    expectRefusedToStart(server, {u"services[1]"_s, u"id"_s});
}

TEST(ServerConfig, RefusesWindowWithUnknownService)
{
    const QJsonObject window{{u"number"_s, 1}, {u"services"_s, QJsonArray{kPayments, u"teleportation"_s}}};
    TestServer server(withArrayItem(testOfficeConfig(), u"windows"_s, 0, window));
    expectRefusedToStart(server, {u"windows[0]"_s, u"teleportation"_s});
}

TEST(ServerConfig, RefusesInvalidJson)
{
    TestServer server;
    QFile file(server.configPath());
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{\"office\": {\"name\": \"broken\"}, \"services\": [\n");
    file.close();
    expectRefusedToStart(server, {});
}

TEST(ServerConfig, ClosedOfficeRefusesTickets)
{
    QJsonObject config = testOfficeConfig();
    QJsonObject schedule;
    for (const char *day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        schedule.insert(QString::fromLatin1(day), QJsonArray{});
    config.insert(u"schedule"_s, schedule);
    TestServer server(config);
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const Api api(server);

    const HttpResult r = api.issueRaw(kPayments);
    EXPECT_TRUE(isError(r, 409, u"office_closed"_s));
    EXPECT_TRUE(api.serviceQueueIds(kPayments).isEmpty()) << "a refused ticket must not be queued";
    EXPECT_EQ(api.get(u"/api/v1/health"_s, {}).json().value(u"open"_s), QJsonValue(false));
    EXPECT_EQ(api.get(u"/api/v1/services"_s).json().value(u"open"_s), QJsonValue(false));
}

TEST(ServerConfig, HashPinIsSaltedAndUsable)
{
    const QString first = runHashPin(u"1234"_s);
    const QString second = runHashPin(u"1234"_s);
    EXPECT_FALSE(first.isEmpty());
    EXPECT_NE(first, u"1234"_s);
    EXPECT_GE(first.size(), 16) << first.toStdString();
    EXPECT_NE(first, second) << "two hashes of one PIN must differ (salted)";

    // Both hashes verify the PIN they were made from, and only that PIN.
    QJsonObject config = testOfficeConfig();
    QJsonArray operators = config.value(u"operators"_s).toArray();
    for (int i = 0; i < 2; ++i) {
        QJsonObject op = operators[i].toObject();
        op.insert(u"pin_hash"_s, i == 0 ? first : second);
        operators[i] = op;
    }
    config.insert(u"operators"_s, operators);
    TestServer server(config);
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const Api api(server);
    EXPECT_EQ(api.loginRaw(u"op1"_s, u"1234"_s, 1).status, 201);
    EXPECT_EQ(api.loginRaw(u"op2"_s, u"1234"_s, 2).status, 201);
    EXPECT_EQ(api.loginRaw(u"op2"_s, u"1235"_s, 2).status, 401);
}
