// The live configuration with the real server process (issue 15, "The configuration
// file"): the file seeds a new database, then the database wins (a changed file is
// reported in the log, not applied); --export-config writes it in the file's schema
// (accepted by --check-config), --import-config replaces it and is refused while a
// server runs on the database.
#include "server_testutil.h"

#include <QFile>
#include <QProcess>

namespace queue::test {
namespace {

struct Cli {
    int exitCode = -1;
    QByteArray out;
};

Cli serverCli(const QStringList &args)
{
    QProcess p;
    const QByteArray bin = qgetenv("QUEUE_SERVER_BIN");
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(bin.isEmpty() ? u"queue-server"_s : QString::fromLocal8Bit(bin), args);
    if (!p.waitForFinished(20000))
        return {};
    return {p.exitCode(), p.readAll()};
}

void writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QJsonDocument(o).toJson());
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
    return QJsonDocument::fromJson(f.readAll()).object();
}

QStringList topics(const Api &api)
{
    QStringList ids;
    for (const QJsonValue &v : api.get(u"/api/v1/services"_s).json().value(u"services"_s).toArray())
        ids.append(v.toObject().value(u"id"_s).toString());
    return ids;
}

QString officeName(const Api &api)
{
    return api.get(u"/api/v1/services"_s).json().value(u"office"_s).toObject().value(u"name"_s).toString();
}

TEST(ServerLiveConfig, TheFileSeedsANewDatabaseThenTheDatabaseWins)
{
    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const Api api(server);
    ASSERT_EQ(topics(api).size(), 4);
    EXPECT_TRUE(server.output().contains("seeded from")) << server.output().toStdString();
    server.stop();

    // The file changes under an existing database: the database still wins, and the log says so.
    QJsonObject changed = testOfficeConfig();
    QJsonObject office = changed.value(u"office"_s).toObject();
    office.insert(u"name"_s, u"Другой офис"_s);
    changed.insert(u"office"_s, office);
    QJsonArray services = changed.value(u"services"_s).toArray();
    services.removeLast();
    changed.insert(u"services"_s, services);
    QJsonArray windows = changed.value(u"windows"_s).toArray();
    windows.removeLast();
    changed.insert(u"windows"_s, windows);
    writeJson(server.configPath(), changed);

    ASSERT_TRUE(server.start()) << server.output().toStdString();
    EXPECT_EQ(topics(api).size(), 4) << "the file must not override the live configuration";
    EXPECT_EQ(officeName(api), u"Тестовый офис"_s);
    EXPECT_TRUE(server.output().contains("differs from the live configuration in the database"))
        << server.output().toStdString();
    EXPECT_TRUE(server.output().contains("--import-config")) << "the warning says how to replace it";
}

TEST(ServerLiveConfig, ExportAndImportRoundTripAndImportIsRefusedWhileTheServerRuns)
{
    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const Api api(server);
    // A live change first (the manager's device token assigns a window's topics).
    const HttpResult assigned = http("PUT", server.url(u"/api/v1/admin/windows/2"_s), kManagerToken,
                                     QJsonObject{{u"services"_s, QJsonArray{kReception}}});
    ASSERT_EQ(assigned.status, 200) << str(assigned);

    // Export works while the server runs; the file is in the file's schema, tokens hashed.
    const QString exported = server.dataDir() + u"/exported.json"_s;
    Cli cli = serverCli({u"--db"_s, server.dbPath(), u"--export-config"_s, exported});
    ASSERT_EQ(cli.exitCode, 0) << cli.out.toStdString();
    const QByteArray text = [&] { QFile f(exported); return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray(); }();
    EXPECT_FALSE(text.contains(kKioskToken)) << "a device token in the export";
    EXPECT_TRUE(text.contains("sha256:"));
    EXPECT_FALSE(text.contains("\"tls\""));
    QJsonObject config = readJson(exported);
    EXPECT_EQ(config.value(u"windows"_s).toArray().at(1).toObject().value(u"services"_s).toArray(), QJsonArray{kReception});
    cli = serverCli({u"--config"_s, exported, u"--check-config"_s});
    EXPECT_EQ(cli.exitCode, 0) << cli.out.toStdString();

    // Changed and imported: refused while the server runs, nothing changed.
    QJsonObject office = config.value(u"office"_s).toObject();
    office.insert(u"name"_s, u"Офис после импорта"_s);
    config.insert(u"office"_s, office);
    writeJson(exported, config);
    cli = serverCli({u"--db"_s, server.dbPath(), u"--import-config"_s, exported});
    EXPECT_NE(cli.exitCode, 0);
    EXPECT_TRUE(cli.out.contains("in use by a running queue-server")) << cli.out.toStdString();
    EXPECT_EQ(officeName(api), u"Тестовый офис"_s);

    // An invalid file is refused with the field named.
    QJsonObject bad = config;
    bad.insert(u"max_recalls"_s, 99);
    const QString badPath = server.dataDir() + u"/bad.json"_s;
    writeJson(badPath, bad);
    server.stop();
    cli = serverCli({u"--db"_s, server.dbPath(), u"--import-config"_s, badPath});
    EXPECT_EQ(cli.exitCode, 2);
    EXPECT_TRUE(cli.out.contains("max_recalls")) << cli.out.toStdString();

    cli = serverCli({u"--db"_s, server.dbPath(), u"--import-config"_s, exported});
    ASSERT_EQ(cli.exitCode, 0) << cli.out.toStdString();
    EXPECT_TRUE(cli.out.contains("version 3")) << cli.out.toStdString();

    ASSERT_TRUE(server.start()) << server.output().toStdString();
    EXPECT_EQ(officeName(api), u"Офис после импорта"_s);
    // The devices imported as hashes still authenticate with their tokens.
    EXPECT_EQ(api.issueRaw(kPayments).status, 201);
    const QString again = server.dataDir() + u"/again.json"_s;
    cli = serverCli({u"--db"_s, server.dbPath(), u"--export-config"_s, again});
    ASSERT_EQ(cli.exitCode, 0) << cli.out.toStdString();
    EXPECT_EQ(readJson(again), config) << "export after import gives back what was imported";
}

} // namespace
} // namespace queue::test
