// The kiosk that keeps issuing while the server cannot be reached (issue #16,
// docs/reliability.md "The kiosk issues offline"): the real kiosk view-model against the
// real server, the link cut by a proxy (support/chaosproxy.h). Tickets printed from the
// reserve, the manager's alarm while that goes on, the upload when the link is back (within
// 2 s on a board's event stream), the queue ordered by the real arrival times, no number
// issued twice across two kiosks offline at once and the online kiosks; a kiosk killed
// between its journal and its printer; a kiosk whose clock is off; bad uploads.
#include "logic/kioskcontroller.h"
#include "logic/offlinereserve.h"
#include "printer/fakeprinter.h"

#include "common/client/eventstream.h"
#include "common/clock.h"

#include "support/chaosproxy.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <csignal>
#include <unistd.h>

using namespace queue;
using namespace queue::kiosk;
using S = KioskController::Screen;
using test::ChaosProxy;
using test::TestServer;
using test::waitUntil;

namespace {

constexpr int kPerTopic = 5;

// The test office with a second kiosk, a reserve of kPerTopic numbers per topic, and the
// manager's alarm after one quiet second.
QJsonObject offlineOffice()
{
    QJsonObject c = test::testOfficeConfig();
    QJsonArray devices = c.value(QStringLiteral("devices")).toArray();
    devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("kiosk-2")},
                               {QStringLiteral("role"), QStringLiteral("kiosk")},
                               {QStringLiteral("token"), QStringLiteral("kiosk2-token")}});
    c.insert(QStringLiteral("devices"), devices);
    c.insert(QStringLiteral("offline"), QJsonObject{{QStringLiteral("reserve_per_topic"), kPerTopic},
                                                    {QStringLiteral("alarm_after_s"), 1}});
    return c;
}

// The child of KilledBetweenJournalAndPrint (this same binary, started with the variable
// set): journals one payments ticket from the reserve in that directory and is killed by
// SIGKILL right after, before any printer could have been asked.
const int kJournalAndDie = [] {
    const QByteArray dir = qgetenv("QUEUE_TEST_JOURNAL_AND_DIE");
    if (dir.isEmpty())
        return 0;
    OfflineReserve reserve(QString::fromLocal8Bit(dir));
    if (reserve.take(QStringLiteral("payments"), QString(), QDateTime::currentMSecsSinceEpoch(), reserve.businessDay()))
        ::raise(SIGKILL);
    ::_exit(3);
}();

// A clock `offsetMs` ahead of the system's (a kiosk PC set wrong).
class SkewedClock final : public Clock {
public:
    explicit SkewedClock(qint64 offsetMs) : m_offset(offsetMs) {}
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch() + m_offset; }

private:
    qint64 m_offset;
};

// One kiosk: the real view-model with the fake printer, its reserve in `dir`.
struct Kiosk {
    Kiosk(const QUrl &url, const QString &token, const QString &dir, qint64 clockSkewMs = 0)
        : clock(clockSkewMs), api(url), reserve(dir)
    {
        api.setToken(token);
        api.setTimeout(1500);
        KioskSettings s;
        s.retryIntervalMs = 200;
        s.refreshIntervalMs = 300;
        c = std::make_unique<KioskController>(&api, &printer, clock, s);
        c->setOfflineReserve(&reserve);
        c->start();
    }
    // A visitor takes a ticket for `service`; true when the ticket screen shows.
    bool take(const QString &service)
    {
        c->goHome();
        c->chooseSegment(Segment::B2C);
        c->chooseTopic(service);
        return waitUntil([&] { return c->screen() == S::Ticket || c->screen() == S::OutOfOrder; }, 8000)
               && c->screen() == S::Ticket;
    }
    QString number() const { return c->lastTicket().issued.ticket.number; }

    SkewedClock clock;
    client::ApiClient api;
    hardware::FakePrinter printer;
    OfflineReserve reserve;
    std::unique_ptr<KioskController> c;
};

QStringList alarmKeys(const TestServer &server)
{
    QStringList keys;
    const auto r = test::http("GET", server.url(QStringLiteral("/api/v1/alarms")), "manager-token");
    for (const QJsonValue &a : r.json().value(QStringLiteral("alarms")).toArray())
        keys << a[QStringLiteral("key")].toString();
    return keys;
}

// The waiting tickets of a topic in call order: number -> issued_at.
QList<QPair<QString, QString>> queueOf(const TestServer &server, const QString &service)
{
    QList<QPair<QString, QString>> out;
    const auto r = test::http("GET", server.url(QStringLiteral("/api/v1/queue?service=") + service), "display-token");
    for (const QJsonValue &s : r.json().value(QStringLiteral("services")).toArray())
        for (const QJsonValue &t : s[QStringLiteral("tickets")].toArray())
            out.append({t[QStringLiteral("number")].toString(), t[QStringLiteral("issued_at")].toString()});
    return out;
}

TEST(KioskOffline, TwoKiosksIssueWhileCutAndTheirTicketsJoinTheQueueInArrivalOrder)
{
    TestServer server(offlineOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    ChaosProxy linkA(server.port()), linkB(server.port());
    ASSERT_TRUE(linkA.listen() && linkB.listen());
    QTemporaryDir dirA, dirB;
    Kiosk a(linkA.url(), QStringLiteral("kiosk-token"), dirA.path());
    Kiosk b(linkB.url(), QStringLiteral("kiosk2-token"), dirB.path());
    // Four topics of the test office, kPerTopic numbers each.
    ASSERT_TRUE(waitUntil([&] { return a.c->offlineRemaining() == 4 * kPerTopic && b.c->offlineRemaining() == 4 * kPerTopic; },
                          10000));

    // A hall board on the event stream, straight to the server.
    client::EventStream board;
    board.setServerUrl(server.url());
    board.setToken(QStringLiteral("display-token"));
    QHash<QString, qint64> boardSaw;   // number -> when ticket.issued arrived
    QObject::connect(&board, &client::EventStream::event, [&](const QJsonObject &e) {
        if (e.value(QStringLiteral("type")).toString() == QLatin1String(api::kTicketIssued))
            boardSaw.insert(e[QStringLiteral("ticket")][QStringLiteral("number")].toString(),
                            QDateTime::currentMSecsSinceEpoch());
    });
    board.open();
    ASSERT_TRUE(waitUntil([&] { return board.isConnected(); }, 5000));

    // The link goes down: open connections reset, new ones refused.
    linkA.refuse(10 * 60 * 1000);
    linkB.refuse(10 * 60 * 1000);
    linkA.cut();
    linkB.cut();
    ASSERT_TRUE(waitUntil([&] { return a.c->issuingOffline() && b.c->issuingOffline(); }, 10000));
    EXPECT_EQ(a.c->screen(), S::Start);   // not "out of order": it still issues

    // Visitors take tickets at both kiosks, A first, then B, interleaved.
    QStringList offline;
    QHash<QString, qint64> journaledAt;
    for (int i = 0; i < kPerTopic; ++i) {
        for (Kiosk *k : {&a, &b}) {
            ASSERT_TRUE(k->take(QStringLiteral("payments"))) << "visitor " << i;
            const KioskController::IssuedView &v = k->c->lastTicket();
            EXPECT_TRUE(v.offline);
            EXPECT_TRUE(v.printed);
            EXPECT_TRUE(v.paper.waitText.endsWith(QStringLiteral("—"))) << v.paper.waitText.toStdString();
            EXPECT_TRUE(v.paper.qrUrl.isEmpty()) << "an offline ticket has no page yet";
            offline << k->number();
            journaledAt.insert(k->number(), v.issued.ticket.issuedAt);
            QThread::msleep(15);   // distinct arrival times
        }
    }
    EXPECT_EQ(a.printer.printed().size(), kPerTopic);
    EXPECT_EQ(b.printer.printed().size(), kPerTopic);
    // The reserve of payments is used up: the next visitor sees the out-of-order screen.
    EXPECT_FALSE(a.take(QStringLiteral("payments")));
    EXPECT_EQ(a.c->screen(), S::OutOfOrder);
    EXPECT_EQ(a.printer.printed().size(), kPerTopic);
    a.c->goHome();

    // A visitor at a kiosk that still works comes after all of them.
    const auto online = test::http("POST", server.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                                   QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}});
    ASSERT_EQ(online.status, 201) << online.body.toStdString();
    const QString onlineNumber = online.json().value(QStringLiteral("number")).toString();

    // No number twice: the two kiosks' reserves and the server's own numbers are apart.
    QSet<QString> distinct(offline.cbegin(), offline.cend());
    distinct.insert(onlineNumber);
    EXPECT_EQ(distinct.size(), 2 * kPerTopic + 1) << offline.join(QLatin1Char(' ')).toStdString();

    // The manager has an alarm for each kiosk while it issues from its reserve.
    ASSERT_TRUE(waitUntil([&] {
        const QStringList keys = alarmKeys(server);
        return keys.contains(QStringLiteral("kiosk_offline:kiosk-1")) && keys.contains(QStringLiteral("kiosk_offline:kiosk-2"));
    }, 8000)) << alarmKeys(server).join(QLatin1Char(' ')).toStdString();
    // Until the upload, the queue holds only the online ticket.
    EXPECT_EQ(queueOf(server, QStringLiteral("payments")).size(), 1);

    // The link comes back: both kiosks upload their journals.
    linkA.refuse(0);
    linkB.refuse(0);
    ASSERT_TRUE(waitUntil([&] { return a.reserve.pending().isEmpty() && b.reserve.pending().isEmpty(); }, 10000));
    const qint64 uploaded = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(waitUntil([&] {
        for (const QString &n : std::as_const(offline))
            if (!boardSaw.contains(n))
                return false;
        return true;
    }, 3000)) << "the board did not see every uploaded ticket";
    for (const QString &n : std::as_const(offline))
        EXPECT_LE(boardSaw.value(n), uploaded + 2000) << n.toStdString();

    // In the queue by the real arrival times: the offline visitors first, in the order they
    // came (A, B, A, B…), with the times printed on their tickets; the online one last.
    const auto queue = queueOf(server, QStringLiteral("payments"));
    ASSERT_EQ(queue.size(), 2 * kPerTopic + 1);
    for (int i = 0; i < offline.size(); ++i) {
        EXPECT_EQ(queue[i].first, offline[i]) << "place " << i;
        EXPECT_EQ(parseIsoUtc(queue[i].second), journaledAt.value(offline[i])) << offline[i].toStdString();
    }
    EXPECT_EQ(queue.last().first, onlineNumber);

    // The kiosks are heard from again: the alarms go; the reserves are full again.
    EXPECT_TRUE(waitUntil([&] { return !alarmKeys(server).join(QLatin1Char(' ')).contains(QStringLiteral("kiosk_offline")); }, 8000));
    EXPECT_TRUE(waitUntil([&] { return a.c->offlineRemaining() == 4 * kPerTopic && b.c->offlineRemaining() == 4 * kPerTopic; },
                          8000));
    EXPECT_FALSE(a.c->linkDown());
    // The journal was folded away once everything was uploaded.
    EXPECT_EQ(QFile(a.reserve.journalPath()).size(), 0);
    // An upload repeated (its answer lost) adds nothing: the same tickets come back.
    const auto again = test::http("POST", server.url(QStringLiteral("/api/v1/kiosk/offline-tickets")), "kiosk-token",
                                  QJsonObject{{QStringLiteral("tickets"),
                                               QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("x")},
                                                                      {QStringLiteral("service"), QStringLiteral("payments")},
                                                                      {QStringLiteral("number"), offline[0]},
                                                                      {QStringLiteral("business_day"), a.c->officeDay()},
                                                                      {QStringLiteral("issued_at"), isoUtc(journaledAt.value(offline[0]))}}}}});
    ASSERT_EQ(again.status, 200) << again.body.toStdString();
    EXPECT_EQ(again.json().value(QStringLiteral("duplicates")).toInt(), 1);
    EXPECT_EQ(queueOf(server, QStringLiteral("payments")).size(), 2 * kPerTopic + 1);
}

TEST(KioskOffline, KilledBetweenJournalAndPrintNeverPrintsTheNumberTwice)
{
    TestServer server(offlineOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    QTemporaryDir dir;
    {
        // The kiosk gets its reserve, then the process goes away.
        Kiosk k(server.url(), QStringLiteral("kiosk-token"), dir.path());
        ASSERT_TRUE(waitUntil([&] { return k.c->offlineRemaining() == 4 * kPerTopic; }, 10000));
    }
    // Another process journals a ticket and is killed before printing it.
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QUEUE_TEST_JOURNAL_AND_DIE"), dir.path());
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--gtest_list_tests")});
    ASSERT_TRUE(child.waitForFinished(10000));
    ASSERT_EQ(child.exitStatus(), QProcess::CrashExit) << "exit code " << child.exitCode();

    // The kiosk starts again with the server unreachable (a proxy refusing everything).
    ChaosProxy link(server.port());
    ASSERT_TRUE(link.listen());
    link.refuse(10 * 60 * 1000);
    Kiosk k(link.url(), QStringLiteral("kiosk-token"), dir.path());
    ASSERT_EQ(k.reserve.pending().size(), 1);
    const OfflineReserve::Entry journaled = k.reserve.pending().first();
    EXPECT_FALSE(journaled.printed.has_value()) << "the printer never answered";
    EXPECT_EQ(k.c->offlineRemaining(), 4 * kPerTopic - 1);
    // Nothing is printed again at start; the next visitor gets the next number.
    ASSERT_TRUE(waitUntil([&] { return k.c->linkDown(); }, 5000));
    EXPECT_TRUE(k.printer.printed().isEmpty());
    ASSERT_TRUE(k.take(QStringLiteral("payments")));
    EXPECT_NE(k.number(), journaled.number);
    ASSERT_EQ(k.printer.printed().size(), 1);

    // Back online: both are uploaded; the one the kiosk may have printed waits in the queue
    // (the visitor may hold it), ahead of the later one.
    link.refuse(0);
    ASSERT_TRUE(waitUntil([&] { return k.reserve.pending().isEmpty(); }, 10000));
    const auto queue = queueOf(server, QStringLiteral("payments"));
    ASSERT_EQ(queue.size(), 2);
    EXPECT_EQ(queue[0].first, journaled.number);
    EXPECT_EQ(queue[1].first, k.number());
}

TEST(KioskOffline, AKioskClockOffByTenMinutesIsCorrectedAndTheUploadSaysSo)
{
    TestServer server(offlineOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    ChaosProxy link(server.port());
    ASSERT_TRUE(link.listen());
    QTemporaryDir dir;
    const qint64 skew = 10 * 60 * 1000;
    Kiosk k(link.url(), QStringLiteral("kiosk-token"), dir.path(), skew);
    ASSERT_TRUE(waitUntil([&] { return k.c->offlineRemaining() == 4 * kPerTopic; }, 10000));
    EXPECT_NEAR(static_cast<double>(k.reserve.clockOffsetMs()), static_cast<double>(-skew), 1000.0);

    link.refuse(10 * 60 * 1000);
    link.cut();
    ASSERT_TRUE(waitUntil([&] { return k.c->issuingOffline(); }, 10000));
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    ASSERT_TRUE(k.take(QStringLiteral("contracts")));
    const qint64 printedAt = k.c->lastTicket().issued.ticket.issuedAt;
    EXPECT_NEAR(static_cast<double>(printedAt), static_cast<double>(before), 1500.0)
        << "the ticket carries the server's time, not the kiosk's";

    link.refuse(0);
    ASSERT_TRUE(waitUntil([&] { return k.reserve.pending().isEmpty(); }, 10000));
    const auto queue = queueOf(server, QStringLiteral("contracts"));
    ASSERT_EQ(queue.size(), 1);
    EXPECT_EQ(parseIsoUtc(queue[0].second), printedAt);
    // The audit trail records the upload and that the kiosk's clock was corrected.
    QProcess addAdmin;
    addAdmin.start(qEnvironmentVariable("QUEUE_SERVER_BIN"),
                   {QStringLiteral("--config"), server.configPath(), QStringLiteral("--db"), server.dbPath(),
                    QStringLiteral("--add-admin"), QStringLiteral("admin")});
    addAdmin.write("Offline-admin-2026\n");
    addAdmin.closeWriteChannel();
    ASSERT_TRUE(addAdmin.waitForFinished(30000));
    ASSERT_EQ(addAdmin.exitCode(), 0) << addAdmin.readAll().toStdString();
    const auto login = test::http("POST", server.url(QStringLiteral("/api/v1/auth/login")), {},
                                  QJsonObject{{QStringLiteral("login"), QStringLiteral("admin")},
                                              {QStringLiteral("password"), QStringLiteral("Offline-admin-2026")}});
    ASSERT_EQ(login.status, 200) << login.body.toStdString();
    const auto audit = test::http("GET", server.url(QStringLiteral("/api/v1/admin/audit")),
                                  login.json().value(QStringLiteral("token")).toString().toUtf8());
    bool found = false;
    for (const QJsonValue &e : audit.json().value(QStringLiteral("entries")).toArray()) {
        if (e[QStringLiteral("action")].toString() != QLatin1String("kiosk.offline_upload"))
            continue;
        found = true;
        EXPECT_TRUE(e[QStringLiteral("after")][QStringLiteral("clock_corrected")].toBool()) << audit.body.toStdString();
    }
    EXPECT_TRUE(found) << audit.body.toStdString();
}

TEST(KioskOffline, BadUploadsChangeNothingAndForeignNumbersAreRefused)
{
    TestServer server(offlineOffice());
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    const QUrl reserveUrl = server.url(QStringLiteral("/api/v1/kiosk/reserve"));
    const QUrl uploadUrl = server.url(QStringLiteral("/api/v1/kiosk/offline-tickets"));
    const auto ra = test::http("POST", reserveUrl, "kiosk-token", QJsonObject{});
    ASSERT_EQ(ra.status, 200) << ra.body.toStdString();
    const QString day = ra.json().value(QStringLiteral("business_day")).toString();
    QString prefix;
    int numberA = 0;
    for (const QJsonValue &t : ra.json().value(QStringLiteral("reserve")).toArray())
        if (t[QStringLiteral("service")].toString() == QLatin1String("payments")) {
            prefix = t[QStringLiteral("prefix")].toString();
            numberA = t[QStringLiteral("numbers")][0].toInt();
        }
    ASSERT_GT(numberA, 0);
    const QString a = prefix + QStringLiteral("%1").arg(numberA, 3, 10, QLatin1Char('0'));
    auto ticket = [&](const QString &id, const QString &number) {
        return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("service"), QStringLiteral("payments")},
                           {QStringLiteral("number"), number}, {QStringLiteral("business_day"), day},
                           {QStringLiteral("issued_at"), isoUtc(QDateTime::currentMSecsSinceEpoch())}};
    };
    // Other roles cannot hold a reserve.
    EXPECT_EQ(test::http("POST", reserveUrl, "display-token", QJsonObject{}).status, 403);
    // Malformed: 400, and not even the good entry beside the bad one is taken.
    QJsonObject badTime = ticket(QStringLiteral("1"), a);
    badTime.insert(QStringLiteral("issued_at"), QStringLiteral("soon"));
    QJsonObject badDay = ticket(QStringLiteral("1"), a);
    badDay.insert(QStringLiteral("business_day"), QStringLiteral("2026-13-45"));
    const QJsonObject good = ticket(QStringLiteral("1"), a);
    for (const QJsonObject &body :
         {QJsonObject{}, QJsonObject{{QStringLiteral("tickets"), QJsonArray{}}},
          QJsonObject{{QStringLiteral("tickets"), QJsonArray{good, 5}}},
          QJsonObject{{QStringLiteral("tickets"), QJsonArray{good, QJsonObject{{QStringLiteral("id"), QStringLiteral("2")}}}}},
          QJsonObject{{QStringLiteral("tickets"), QJsonArray{good, badTime}}},
          QJsonObject{{QStringLiteral("tickets"), QJsonArray{good, badDay}}},
          QJsonObject{{QStringLiteral("clock_offset_ms"), QStringLiteral("x")}, {QStringLiteral("tickets"), QJsonArray{good}}}}) {
        const auto r = test::http("POST", uploadUrl, "kiosk-token", body);
        EXPECT_EQ(r.status, 400) << QJsonDocument(body).toJson().toStdString() << r.body.toStdString();
    }
    EXPECT_TRUE(queueOf(server, QStringLiteral("payments")).isEmpty());
    // Kiosk 2 cannot upload a number leased to kiosk 1, nor one never leased: refused,
    // nothing made; kiosk 1's own number then goes in once.
    const auto foreign = test::http("POST", uploadUrl, "kiosk2-token",
                                    QJsonObject{{QStringLiteral("tickets"),
                                                 QJsonArray{ticket(QStringLiteral("1"), a),
                                                            ticket(QStringLiteral("2"), prefix + QStringLiteral("998"))}}});
    ASSERT_EQ(foreign.status, 200) << foreign.body.toStdString();
    EXPECT_EQ(foreign.json().value(QStringLiteral("refused")).toInt(), 2);
    EXPECT_EQ(foreign.json()[QStringLiteral("results")][0][QStringLiteral("error")][QStringLiteral("code")].toString(),
              QStringLiteral("not_leased"));
    EXPECT_TRUE(queueOf(server, QStringLiteral("payments")).isEmpty());
    // A ticket that did not print is kept for the reports as cancelled, not queued.
    QJsonObject unprinted = ticket(QStringLiteral("3"), a);
    unprinted.insert(QStringLiteral("printed"), false);
    const auto own = test::http("POST", uploadUrl, "kiosk-token",
                                QJsonObject{{QStringLiteral("tickets"), QJsonArray{unprinted}}});
    ASSERT_EQ(own.status, 200) << own.body.toStdString();
    EXPECT_EQ(own.json().value(QStringLiteral("accepted")).toInt(), 1);
    EXPECT_EQ(own.json()[QStringLiteral("results")][0][QStringLiteral("ticket")][QStringLiteral("state")].toString(),
              QStringLiteral("cancelled"));
    EXPECT_TRUE(queueOf(server, QStringLiteral("payments")).isEmpty());
    // The server's own numbering never hands out a number leased to a kiosk.
    QSet<QString> leased;
    for (const QJsonValue &t : ra.json().value(QStringLiteral("reserve")).toArray())
        for (const QJsonValue &n : t[QStringLiteral("numbers")].toArray())
            leased.insert(t[QStringLiteral("prefix")].toString() + QStringLiteral("%1").arg(n.toInt(), 3, 10, QLatin1Char('0')));
    ASSERT_EQ(leased.size(), 4 * kPerTopic);
    for (int i = 0; i < 3 * kPerTopic; ++i) {
        const auto r = test::http("POST", server.url(QStringLiteral("/api/v1/tickets")), "kiosk2-token",
                                  QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}});
        ASSERT_EQ(r.status, 201);
        EXPECT_FALSE(leased.contains(r.json().value(QStringLiteral("number")).toString()));
    }
}

} // namespace
