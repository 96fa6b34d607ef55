// queue-server --backup / --restore against the real server: an online backup taken from
// another process while tickets are being issued holds every ticket acknowledged before
// it started, and a server restored from it serves them.
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>

using namespace queue::test;

namespace {

QString serverBin() { return QString::fromLocal8Bit(qgetenv("QUEUE_SERVER_BIN")); }

struct ToolRun {
    int exitCode = -1;
    QByteArray output;
};

ToolRun runServerTool(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBin(), args);
    ToolRun r;
    if (!p.waitForFinished(60000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = p.readAll();
    return r;
}

// Issues tickets one after another (the next when the previous is answered) and records
// every acknowledged one in order.
class Issuer : public QObject {
public:
    explicit Issuer(QUrl url) : m_url(std::move(url)) {}
    void start() { m_running = true; next(); }
    void stop() { m_running = false; }
    bool idle() const { return !m_inFlight; }
    QList<QPair<qint64, QString>> acked;   // id, number
    int failures = 0;

private:
    void next()
    {
        if (!m_running)
            return;
        static const char *const services[] = {"payments", "contracts", "reception"};
        QNetworkRequest req(m_url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        req.setRawHeader("Authorization", "Bearer kiosk-token");
        const QByteArray body = QByteArray(R"({"service":")") + services[m_count++ % 3] + "\"}";
        QNetworkReply *reply = m_nam.post(req, body);
        m_inFlight = true;
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            m_inFlight = false;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201) {
                const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
                acked.append({o.value(QStringLiteral("id")).toInteger(), o.value(QStringLiteral("number")).toString()});
            } else {
                ++failures;
            }
            next();
        });
    }

    QUrl m_url;
    QNetworkAccessManager m_nam;
    bool m_running = false;
    bool m_inFlight = false;
    int m_count = 0;
};

HttpResult getTicket(const TestServer &s, qint64 id)
{
    return http("GET", s.url(QStringLiteral("/api/v1/tickets/%1").arg(id)), "manager-token");
}

} // namespace

TEST(Backup, OnlineBackupWhileIssuingRestoresEveryAcknowledgedTicket)
{
    TestServer live;
    ASSERT_TRUE(live.start()) << live.output().constData();
    QTemporaryDir backups;
    const QString target = backups.filePath(QStringLiteral("office.db"));

    Issuer issuer(live.url(QStringLiteral("/api/v1/tickets")));
    issuer.start();
    ASSERT_TRUE(waitUntil([&] { return issuer.acked.size() >= 30; }, 30000));

    // The backup runs in its own process while the issuer keeps going.
    const int ackedBeforeBackup = static_cast<int>(issuer.acked.size());
    QProcess backup;
    backup.setProcessChannelMode(QProcess::MergedChannels);
    backup.start(serverBin(), {QStringLiteral("--db"), live.dbPath(), QStringLiteral("--backup"), target});
    ASSERT_TRUE(waitUntil([&] { return backup.state() == QProcess::NotRunning; }, 60000));
    const QByteArray backupOutput = backup.readAll();
    ASSERT_EQ(backup.exitStatus(), QProcess::NormalExit);
    ASSERT_EQ(backup.exitCode(), 0) << backupOutput.constData();
    EXPECT_TRUE(backupOutput.contains("backup of")) << backupOutput.constData();
    const int ackedAfterBackup = static_cast<int>(issuer.acked.size());

    // Tickets acknowledged after the backup finished must not be in it.
    ASSERT_TRUE(waitUntil([&] { return issuer.acked.size() >= ackedAfterBackup + 10; }, 30000));
    issuer.stop();
    ASSERT_TRUE(waitUntil([&] { return issuer.idle(); }, 10000));
    EXPECT_EQ(issuer.failures, 0);
    EXPECT_FALSE(QFileInfo::exists(target + QStringLiteral(".part")));
    std::printf("tickets acknowledged: %d before the backup, %d while it ran, %lld in all\n", ackedBeforeBackup,
                ackedAfterBackup - ackedBeforeBackup, static_cast<long long>(issuer.acked.size()));

    // The live server is unaffected and still has everything.
    for (const auto &[id, number] : std::as_const(issuer.acked))
        ASSERT_EQ(getTicket(live, id).status, 200) << id;

    // A new server restored from the backup.
    TestServer restored;
    ASSERT_TRUE(restored.start());
    restored.stop();
    const ToolRun r = runServerTool({QStringLiteral("--db"), restored.dbPath(), QStringLiteral("--restore"), target});
    ASSERT_EQ(r.exitCode, 0) << r.output.constData();
    EXPECT_TRUE(r.output.contains("restored")) << r.output.constData();
    ASSERT_TRUE(restored.start()) << restored.output().constData();

    qint64 maxInBackup = 0;
    for (int i = 0; i < issuer.acked.size(); ++i) {
        const auto &[id, number] = issuer.acked.at(i);
        const HttpResult t = getTicket(restored, id);
        if (i < ackedBeforeBackup) {
            ASSERT_EQ(t.status, 200) << "ticket " << id << " acknowledged before the backup is missing";
            EXPECT_EQ(t.json().value(QStringLiteral("number")).toString(), number);
        } else if (i >= ackedAfterBackup) {
            EXPECT_EQ(t.status, 404) << "ticket " << id << " was issued after the backup finished";
        } else {
            ASSERT_TRUE(t.status == 200 || t.status == 404) << t.status;   // during the backup: either
        }
        if (t.status == 200)
            maxInBackup = qMax(maxInBackup, id);
    }
    // The restored server goes on from the backup: new ids after the restored ones.
    const HttpResult fresh = http("POST", restored.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                                  QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}});
    ASSERT_EQ(fresh.status, 201) << fresh.body.constData();
    EXPECT_GT(fresh.json().value(QStringLiteral("id")).toInteger(), maxInBackup);

    // The database the restore replaced was kept beside it.
    const QStringList kept = QDir(QFileInfo(restored.dbPath()).absolutePath())
                                 .entryList({QFileInfo(restored.dbPath()).fileName() + QStringLiteral(".before-restore-*")});
    EXPECT_EQ(kept.size(), 1) << kept.join(QLatin1Char(' ')).toStdString();
}

TEST(Backup, BackupIntoADirectoryWritesADatedFile)
{
    TestServer live;
    ASSERT_TRUE(live.start());
    ASSERT_EQ(http("POST", live.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                   QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}})
                  .status,
              201);
    QTemporaryDir dir;
    const ToolRun r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--backup"), dir.path()});
    ASSERT_EQ(r.exitCode, 0) << r.output.constData();
    const QStringList files = QDir(dir.path()).entryList({QStringLiteral("queue-*.db")}, QDir::Files);
    ASSERT_EQ(files.size(), 1);
    QFile f(QDir(dir.path()).filePath(files.first()));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_TRUE(f.read(16).startsWith("SQLite format 3"));
    // A self-contained file: no -wal or -shm next to it.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files).size(), 1) << QDir(dir.path()).entryList().join(QLatin1Char(' ')).toStdString();
}

TEST(Backup, RestoreRefusesWhileTheServerRuns)
{
    TestServer live;
    ASSERT_TRUE(live.start());
    const HttpResult t = http("POST", live.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                              QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}});
    ASSERT_EQ(t.status, 201);
    const qint64 id = t.json().value(QStringLiteral("id")).toInteger();

    // A backup of an empty office, restored over the running one: refused, nothing changes.
    TestServer other;
    ASSERT_TRUE(other.start());
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("empty.db"));
    ASSERT_EQ(runServerTool({QStringLiteral("--db"), other.dbPath(), QStringLiteral("--backup"), target}).exitCode, 0);

    const ToolRun r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--restore"), target});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.output.contains("in use")) << r.output.constData();
    EXPECT_EQ(getTicket(live, id).status, 200);
    live.stop();
    ASSERT_TRUE(live.start());
    EXPECT_EQ(getTicket(live, id).status, 200);
}

TEST(Backup, BadInputIsRefusedAndChangesNothing)
{
    TestServer live;
    ASSERT_TRUE(live.start());
    const HttpResult t = http("POST", live.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                              QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}});
    ASSERT_EQ(t.status, 201);
    const qint64 id = t.json().value(QStringLiteral("id")).toInteger();
    live.stop();
    QTemporaryDir dir;

    // Backup of a database that does not exist: an error, no file.
    const QString nowhere = dir.filePath(QStringLiteral("nothing.db"));
    ToolRun r = runServerTool({QStringLiteral("--db"), dir.filePath(QStringLiteral("missing.db")), QStringLiteral("--backup"), nowhere});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.output.contains("no database")) << r.output.constData();
    EXPECT_FALSE(QFileInfo::exists(nowhere));
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("missing.db"))));

    // Restore from a file that is not a database, or is missing: refused.
    const QString junk = dir.filePath(QStringLiteral("junk.db"));
    QFile f(junk);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    for (const QString &source : {junk, dir.filePath(QStringLiteral("absent.db"))}) {
        r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--restore"), source});
        EXPECT_NE(r.exitCode, 0) << source.toStdString();
        EXPECT_TRUE(r.output.contains("nothing changed")) << r.output.constData();
    }
    // A SQLite file that is not a queue database.
    const QString foreign = dir.filePath(QStringLiteral("foreign.db"));
    {
        QProcess p;
        p.start(QStringLiteral("sqlite3"), {foreign, QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1);")});
        ASSERT_TRUE(p.waitForFinished(10000));
        ASSERT_EQ(p.exitCode(), 0);
    }
    r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--restore"), foreign});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.output.contains("not a queue database")) << r.output.constData();
    // A backup onto the database itself, a restore from it.
    r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--backup"), live.dbPath()});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.output.contains("the database itself")) << r.output.constData();
    r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--restore"), live.dbPath()});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.output.contains("the database itself")) << r.output.constData();
    // --backup and --restore together.
    r = runServerTool({QStringLiteral("--db"), live.dbPath(), QStringLiteral("--restore"), foreign, QStringLiteral("--backup"), nowhere});
    EXPECT_EQ(r.exitCode, 2);

    ASSERT_TRUE(live.start());
    EXPECT_EQ(getTicket(live, id).status, 200);
    EXPECT_TRUE(QDir(live.dataDir()).entryList({QStringLiteral("*.before-restore-*")}).isEmpty());
}
