// A full disk under the real server (issue 16): the database lives on a small tmpfs that
// only the server's process sees (its own mount namespace, made by unshare), and the test
// fills that filesystem from outside through /proc/<pid>/root while kiosks keep issuing.
// Nothing refused is kept (no ghost ticket), nothing acknowledged is lost, the refusal is
// 503 naming the disk, /api/v1/health says why, and serving resumes by itself once the
// space returns.
#include "server_testutil.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSet>

#include <functional>

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace queue::test {
namespace {

// unshare, then a shell that mounts a tmpfs of `sizeKb` on `dir` and becomes the server.
// As root a mount namespace is enough; otherwise a user namespace maps us to root in it.
// The namespace's mounts are made private so that the tmpfs stays the server's. Where "/" is
// not a mount point (a chroot, such as the fresh Debian root the CI check builds in) only
// the directory is: bound onto itself, then made private; that bind is also seen outside
// the namespace, so the test unmounts it at the end (UnmountAtEnd).
QStringList tmpfsLauncher(const QString &dir, int sizeKb)
{
    QStringList l{u"unshare"_s};
    if (geteuid() != 0)
        l << u"--user"_s << u"--map-root-user"_s;
    l << u"--mount"_s << u"--propagation"_s << u"unchanged"_s << u"sh"_s << u"-c"_s
      << u"{ mount --make-rprivate / 2>/dev/null || { mount --bind \"$0\" \"$0\" && mount --make-private \"$0\"; }; } "
         u"&& mount -t tmpfs -o size=%1k tmpfs \"$0\" && exec \"$@\""_s.arg(sizeKb)
      << dir;
    return l;
}

// Declared before the server, so that it runs after the server has gone.
struct UnmountAtEnd {
    QString path;
    ~UnmountAtEnd()
    {
        if (!path.isEmpty())
            ::umount2(QFile::encodeName(path).constData(), MNT_DETACH);   // EINVAL: nothing was left
    }
};

// Writes `path` until the filesystem refuses: the bytes written, -1 if it cannot be opened.
qint64 fillUp(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0)
        return -1;
    const QByteArray chunk(8192, 'z');
    qint64 total = 0;
    for (;;) {
        const ssize_t n = ::write(fd, chunk.constData(), static_cast<size_t>(chunk.size()));
        if (n <= 0)
            break;
        total += n;
    }
    ::fsync(fd);
    ::close(fd);
    return total;
}

qint64 freeBytes(const QString &dir)
{
    struct statvfs s {};
    return statvfs(QFile::encodeName(dir).constData(), &s) == 0 ? qint64(s.f_bavail) * qint64(s.f_frsize) : -1;
}

QSet<QString> queuedNumbers(const Api &api)
{
    QSet<QString> out;
    for (const QString &service : {kReception, kContracts, kPayments, kB2b})
        for (const QString &n : numbersOf(api.serviceQueue(service)))
            out.insert(n);
    return out;
}

// How the disk fails and comes back, and what the server says about it.
struct Fault {
    std::function<bool()> fill;   // from now on writes fail (soon)
    std::function<bool()> free;   // writes work again
    QString reason;               // in the 503's message, health and the alarm
};

// Kiosks keep issuing while `fault` makes the writes fail: every refusal is a 503 naming the
// reason, health and the manager's alarm say why, serving resumes by itself once the fault
// is gone, and the queue and the event history hold exactly the acknowledged tickets.
void refusesKeepsNoGhostAndResumes(TestServer &server, const Fault &fault)
{
    Api api(server);
    QSet<QString> acknowledged;   // numbers the server answered 201 for
    for (int i = 0; i < 20; ++i) {
        const QJsonObject t = api.issue(kPayments);
        ASSERT_FALSE(t.isEmpty());
        acknowledged.insert(t.value(u"number"_s).toString());
    }

    // The disk fills up while the kiosks keep issuing, then waves of tickets until the
    // server refuses.
    ASSERT_TRUE(fault.fill());
    AsyncClient client;
    const QStringList topics{kPayments, kContracts, kReception};
    int refused = 0;
    const qsizetype before = acknowledged.size();
    for (int wave = 0; wave < 30 && refused == 0; ++wave) {
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 60; ++i)
            replies << client.post(server.url(u"/api/v1/tickets"_s), kKioskToken,
                                   QJsonObject{{u"service"_s, topics.at(i % topics.size())}});
        ASSERT_TRUE(waitAllFinished(replies, 60000));
        for (QNetworkReply *reply : replies) {
            const HttpResult r = resultOf(reply);
            if (r.status == 201) {
                acknowledged.insert(r.json().value(u"number"_s).toString());
                continue;
            }
            ++refused;
            EXPECT_TRUE(isError(r, 503, u"unavailable"_s)) << str(r);
            EXPECT_TRUE(r.json().value(u"error"_s)[u"message"_s].toString().contains(fault.reason)) << str(r);
        }
    }
    ASSERT_GT(refused, 0) << "the server never noticed the full disk";
    EXPECT_GT(acknowledged.size(), before) << "no ticket got through before the disk was full";
    ::testing::Test::RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));
    ::testing::Test::RecordProperty("refused", refused);

    // While it is full, the health check and the manager's alarm (though the disk refuses to
    // store it) say why. A write may still fit now and then (a rolled-back transaction gives
    // its room back, and the alarms' tick probes every second): such a write clears the
    // problem until the next one fails, so this asks again after each refused issue.
    bool said = false;
    HttpResult health, alarms;
    for (int attempt = 0; attempt < 50 && !said; ++attempt) {
        const HttpResult r = api.issueRaw(kContracts);
        if (r.status == 201) {
            acknowledged.insert(r.json().value(u"number"_s).toString());
            continue;
        }
        EXPECT_TRUE(isError(r, 503, u"unavailable"_s)) << str(r);
        health = api.get(u"/api/v1/health"_s);
        alarms = api.get(u"/api/v1/alarms"_s, kManagerToken);
        const HttpResult dashboard = api.get(u"/api/v1/dashboard"_s, kManagerToken);
        const auto names = [&](const HttpResult &list) {
            for (const QJsonValue &a : list.json().value(u"alarms"_s).toArray())
                if (a[u"kind"_s].toString() == u"server_degraded"_s && a[u"message"_s].toString().contains(fault.reason))
                    return true;
            return false;
        };
        said = health.json().value(u"status"_s).toString() == u"degraded"_s
            && QString::fromUtf8(health.body).contains(fault.reason) && names(alarms) && names(dashboard);
    }
    EXPECT_TRUE(said) << str(health) << "\n" << str(alarms);

    // Space returns: serving resumes by itself, no restart.
    ASSERT_TRUE(fault.free());
    bool resumed = false;
    ASSERT_TRUE(waitUntil([&] {
        const HttpResult r = api.issueRaw(kPayments);
        if (r.status == 201) {
            acknowledged.insert(r.json().value(u"number"_s).toString());
            resumed = true;
        }
        return resumed;
    }, 10000));
    EXPECT_EQ(api.get(u"/api/v1/health"_s).json().value(u"status"_s).toString(), u"ok"_s);
    for (const QJsonValue &a : api.get(u"/api/v1/alarms"_s, kManagerToken).json().value(u"alarms"_s).toArray())
        EXPECT_FALSE(a[u"message"_s].toString().contains(fault.reason)) << str(a);

    // Exactly the acknowledged tickets wait: none lost, no ghost of a refused one.
    EXPECT_EQ(queuedNumbers(api), acknowledged);
    // And the stream's history has exactly their issue events.
    EventStream replay(server, kDisplayToken, 0);
    ASSERT_TRUE(replay.waitHello());
    ASSERT_TRUE(waitUntil([&] {
        int issued = 0;
        for (const QJsonObject &e : replay.events())
            issued += e.value(u"type"_s).toString() == QLatin1String("ticket.issued");
        return issued >= acknowledged.size();
    }, 10000));
    QSet<QString> issued;
    for (const QJsonObject &e : replay.events())
        if (e.value(u"type"_s).toString() == QLatin1String("ticket.issued"))
            issued.insert(e.value(u"ticket"_s)[u"number"_s].toString());
    EXPECT_EQ(issued, acknowledged);
}

TEST(ServerDisk, AFullDiskRefusesWith503KeepsNoGhostAndServingResumesWhenSpaceReturns)
{
    UnmountAtEnd unmount;
    TestServer server;
    const QString disk = server.dataDir() + u"/disk"_s;
    unmount.path = disk;
    ASSERT_TRUE(QDir().mkpath(disk));
    server.setDbPath(disk + u"/queue.db"_s);
    server.setLauncher(tmpfsLauncher(disk, 4096));
    ASSERT_TRUE(server.start()) << server.output().toStdString();

    // The server's view of that directory: the small filesystem with its database.
    const QString inside = u"/proc/%1/root%2"_s.arg(server.process()->processId()).arg(disk);
    ASSERT_TRUE(QFileInfo::exists(inside + u"/queue.db"_s)) << "the database is not on the server's tmpfs";
    EXPECT_FALSE(QFileInfo::exists(disk + u"/queue.db"_s)) << "the tmpfs is not the server's alone";
    const qint64 size = freeBytes(inside);
    ASSERT_GT(size, 0);
    ASSERT_LT(size, 8 * 1024 * 1024);

    const QString ballast = inside + u"/ballast"_s;
    Fault fault{[&] {
                    const qint64 filled = fillUp(ballast);   // all but 64 KiB taken
                    return filled > 64 * 1024 && QFile::resize(ballast, filled - 64 * 1024);
                },
                [&] { return QFile::remove(ballast); }, u"disk is full"_s};
    refusesKeepsNoGhostAndResumes(server, fault);
}

// A write the kernel refuses (EFBIG: the server's file-size limit, lowered from outside with
// prlimit while it serves, as an I/O error on a failing disk would): the same promises,
// named as an I/O error. No privileges needed.
TEST(ServerDisk, AFailingWriteRefusesWith503KeepsNoGhostAndServingResumesWhenItWorksAgain)
{
    TestServer server;
    // The limit's signal must not kill the server: ignored, as a daemon's unit would.
    server.setLauncher({u"sh"_s, u"-c"_s, u"trap '' XFSZ; exec \"$@\""_s, u"sh"_s});
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const QString pid = QString::number(server.process()->processId());
    const auto limit = [&](const QString &soft) {
        return QProcess::execute(u"prlimit"_s, {u"--pid"_s, pid, u"--fsize=%1:unlimited"_s.arg(soft)}) == 0;
    };
    Fault fault{[&] {
                    // Each database file may not grow beyond what the biggest is now, plus 64 KiB.
                    qint64 biggest = 0;
                    for (const QString &suffix : {u""_s, u"-wal"_s})
                        biggest = qMax(biggest, QFileInfo(server.dbPath() + suffix).size());
                    return biggest > 0 && limit(QString::number(biggest + 64 * 1024));
                },
                [&] { return limit(u"unlimited"_s); }, u"I/O error"_s};
    refusesKeepsNoGhostAndResumes(server, fault);
}
} // namespace
} // namespace queue::test
