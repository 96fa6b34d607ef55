// A desk and a board on a flaky link (issue #16, "Flaky links"): the real DeskController and
// BoardModel, set up as queue-desk and queue-board set them up, talk to the real queue-server
// through a ChaosProxy that cuts, stalls, delays and refuses their connections 100 times at
// random, while a kiosk (straight to the server) issues tickets and the desk calls, starts and
// finishes them through its controller as the operator's buttons would. Then the server's own
// event history says: every call was shown on the board, no ticket was called, started or
// finished twice, every desk action took effect once, and after each outage both were back
// within 5 s of the link coming back.
//
// Replay the same schedule of chaos (not the same timing) with QUEUE_FLAKY_SEED=<seed>.
#include "integration/server_testutil.h"
#include "support/chaosproxy.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "common/clock.h"
#include "display_board/logic/boardmodel.h"
#include "operator_desk/logic/deskcontroller.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

using namespace queue;
using queue::test::ChaosProxy;
using queue::test::TestServer;
using queue::test::waitUntil;
using Action = desk::DeskController::Action;

namespace {

constexpr int kDeskWindow = 2;            // contracts + payments
constexpr qint64 kReconnectLimitMs = 5000;

// Up/down as one client's own signal said, on the test's monotonic clock.
struct LinkState {
    bool up = false;
    qint64 downAt = -1;
    qint64 upAt = -1;
    int drops = 0;
    void set(bool on, qint64 now)
    {
        if (on == up)
            return;
        up = on;
        if (on) {
            upAt = now;
        } else {
            downAt = now;
            ++drops;
        }
    }
};

quint32 seedFromEnv()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("QUEUE_FLAKY_SEED").toUInt(&ok);
    return ok ? seed : std::random_device{}();
}

} // namespace

TEST(ClientFlaky, DeskAndBoardThroughAHundredCutsStallsDelaysAndRefusalsMissNothingAndDoNothingTwice)
{
    const quint32 seed = seedFromEnv();
    const int kEvents = qEnvironmentVariableIsSet("QUEUE_FLAKY_EVENTS") ? qEnvironmentVariableIntValue("QUEUE_FLAKY_EVENTS") : 100;
    std::printf("client_flaky_test seed %u (replay the schedule: QUEUE_FLAKY_SEED=%u)\n", seed, seed);
    std::fflush(stdout);
    RecordProperty("seed", std::to_string(seed));
    std::mt19937 rng(seed);
    auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    ChaosProxy proxy(server.port());
    ASSERT_TRUE(proxy.listen());

    QElapsedTimer clockT;
    clockT.start();
    SystemClock clock;
    QObject ctx;

    // The desk, as queue-desk makes it (operator_desk/main.cpp), at window 2 through the proxy.
    client::ApiClient deskApi(proxy.url());
    client::EventStream deskEvents;
    deskEvents.setReconnectBackoff(250, 2000);
    desk::DeskController desk(&deskApi, &deskEvents, &clock);
    LinkState deskLink;
    QObject::connect(&desk, &desk::DeskController::onlineChanged, &ctx,
                     [&](bool on) { deskLink.set(on, clockT.elapsed()); });
    QList<qint64> deskCalls;           // the ticket each successful call gave the desk
    int deskStarts = 0, deskFinishes = 0, deskFailures = 0, deskLostActions = 0;
    QList<qint64> failedOn;            // the desk's ticket when an action was refused
    bool wasUnconfirmed = false;
    QObject::connect(&desk, &desk::DeskController::actionDone, &ctx, [&](Action a) {
        if (a == Action::Call && desk.ticket())
            deskCalls.append(desk.ticket()->id);
        else if (a == Action::Start)
            ++deskStarts;
        else if (a == Action::Finish)
            ++deskFinishes;
    });
    QObject::connect(&desk, &desk::DeskController::actionFailed, &ctx,
                     [&](Action a, const QString &message) {
                         ++deskFailures;
                         const qint64 id = desk.ticket() ? desk.ticket()->id : 0;
                         failedOn.append(id);
                         std::printf("%7lld desk action %d on ticket %lld failed: %s\n",
                                     static_cast<long long>(clockT.elapsed()), int(a),
                                     static_cast<long long>(id), qPrintable(message));
                     });
    QObject::connect(&desk, &desk::DeskController::changed, &ctx, [&] {
        const bool unconfirmed = desk.hasUnconfirmedAction();
        if (unconfirmed && !wasUnconfirmed)
            ++deskLostActions;   // an action without an answer, to be re-sent with its key
        wasUnconfirmed = unconfirmed;
    });

    // The board, as queue-board makes it (display_board/main.cpp: the stream's defaults).
    client::ApiClient boardApi(proxy.url());
    boardApi.setToken(QStringLiteral("display-token"));
    client::EventStream boardStream;
    boardStream.setServerUrl(proxy.url());
    boardStream.setToken(QStringLiteral("display-token"));
    board::BoardModel board(&boardApi, &boardStream, clock);
    LinkState boardLink;
    QObject::connect(&board, &board::BoardModel::connectedChanged, &ctx,
                     [&](bool on) { boardLink.set(on, clockT.elapsed()); });
    QSet<qint64> shown;                // every ticket the board listed as called
    QObject::connect(&board, &board::BoardModel::changed, &ctx, [&] {
        for (const board::CallRow &row : board.calls())
            shown.insert(row.ticketId);
    });
    QHash<QString, int> announced;     // "number>window" → times announced
    QObject::connect(&board, &board::BoardModel::announce, &ctx, [&](const QString &t, int w, bool) {
        ++announced[QStringLiteral("%1>%2").arg(t).arg(w)];
    });

    // QUEUE_FLAKY_TRACE=1: every link change on stdout, with the test clock.
    if (qEnvironmentVariableIntValue("QUEUE_FLAKY_TRACE")) {
        QObject::connect(&deskEvents, &client::EventStream::connectedChanged, &ctx, [&](bool on) {
            std::printf("%7lld desk stream %s %s\n", static_cast<long long>(clockT.elapsed()), on ? "up" : "down",
                        qPrintable(deskEvents.errorString()));
        });
        QObject::connect(&desk, &desk::DeskController::onlineChanged, &ctx, [&](bool on) {
            std::printf("%7lld desk %s (pending %d)\n", static_cast<long long>(clockT.elapsed()),
                        on ? "online" : "offline", deskApi.pendingCount());
        });
        QObject::connect(&boardStream, &client::EventStream::connectedChanged, &ctx, [&](bool on) {
            std::printf("%7lld board stream %s %s\n", static_cast<long long>(clockT.elapsed()), on ? "up" : "down",
                        qPrintable(boardStream.errorString()));
        });
    }
    board.start();
    ASSERT_TRUE(waitUntil([&] { return board.isLoaded() && board.isConnected(); }, 30000))
        << "the board did not come up through the proxy";
    desk.login(QStringLiteral("op%1").arg(kDeskWindow), QStringLiteral("1234"), kDeskWindow);
    ASSERT_TRUE(waitUntil([&] {
        return desk.phase() == desk::DeskController::Phase::Working && desk.isOnline()
               && !desk.state().catalogue.isEmpty();
    }, 30000)) << "the desk did not come up through the proxy";

    // The kiosk, straight to the server: a ticket every 0.6–1.4 s for the desk's topics.
    client::ApiClient kioskApi(server.url());
    kioskApi.setToken(QStringLiteral("kiosk-token"));
    int issued = 0, issueFailures = 0;
    QTimer kioskTimer;
    kioskTimer.setSingleShot(true);
    std::mt19937 kioskRng(seed ^ 0x5a5a5a5au);
    QObject::connect(&kioskTimer, &QTimer::timeout, &ctx, [&] {
        const QString service = (kioskRng() % 2) ? queue::test::kContracts : queue::test::kPayments;
        kioskApi.issueTicket(service, QString(), [&](const client::Result<client::IssuedTicket> &r) {
            r.ok() ? ++issued : ++issueFailures;
        });
        kioskTimer.start(600 + int(kioskRng() % 800));
    });
    kioskTimer.start(0);

    // The operator: whatever the desk offers next, every 150 ms (call only when someone waits).
    QTimer deskTimer;
    deskTimer.setInterval(150);
    QObject::connect(&deskTimer, &QTimer::timeout, &ctx, [&] {
        if (desk.canDo(Action::Start))
            desk.start();
        else if (desk.canDo(Action::Finish))
            desk.finish(Outcome::Resolved, QString());
        else if (desk.canDo(Action::Call) && !desk.state().queue.isEmpty())
            desk.callNext();
    });
    deskTimer.start();

    // The chaos, one event at a time; after each, both clients must be up again.
    enum Kind { Cut, Stall, Delay, Refuse };
    int counts[4] = {0, 0, 0, 0};
    int longOutages = 0;
    qint64 worstDesk = 0, worstBoard = 0, totalOutages = 0;
    QString worstWhat;
    for (int i = 0; i < kEvents; ++i) {
        waitUntil([] { return false; }, uniform(100, 500));   // the office works meanwhile
        const Kind kind = static_cast<Kind>(uniform(0, 3));
        ++counts[kind];
        const qint64 eventAt = clockT.elapsed();
        QString what;
        switch (kind) {
        case Cut:
            what = QStringLiteral("cut");
            proxy.cut();
            break;
        case Stall: {
            const int ms = uniform(500, 3000);
            what = QStringLiteral("stall %1 ms").arg(ms);
            proxy.stall(ms);
            ASSERT_TRUE(waitUntil([&] { return !proxy.isStalled(); }, ms + 30000));
            break;
        }
        case Delay: {
            const int ms = uniform(50, 400);
            const int forMs = uniform(500, 2000);
            what = QStringLiteral("delay %1 ms per chunk for %2 ms").arg(ms).arg(forMs);
            proxy.delay(ms);
            waitUntil([] { return false; }, forMs);
            proxy.delay(0);
            break;
        }
        case Refuse: {
            // The link is down: open connections cut, new ones refused. One in six is long,
            // beyond where the reconnect backoff stops growing.
            const bool isLong = uniform(1, 6) == 1;
            const int ms = isLong ? uniform(5000, 8000) : uniform(500, 3000);
            longOutages += isLong;
            what = QStringLiteral("link down %1 ms").arg(ms);
            proxy.refuse(ms);
            proxy.cut();
            ASSERT_TRUE(waitUntil([&] { return !proxy.isRefusing(); }, ms + 30000));
            break;
        }
        }
        const qint64 linkBack = clockT.elapsed();
        if (qEnvironmentVariableIntValue("QUEUE_FLAKY_TRACE"))
            std::printf("%7lld event %d: %s from %lld, link back\n", static_cast<long long>(linkBack), i,
                        qPrintable(what), static_cast<long long>(eventAt));
        // A cut is noticed at once (a reset on loopback); give each client a moment to see it.
        if (kind == Cut)
            waitUntil([&] { return deskLink.downAt >= eventAt && boardLink.downAt >= eventAt; }, 2000);
        ASSERT_TRUE(waitUntil([&] { return deskLink.up && boardLink.up; }, 30000))
            << "event " << i << " (" << what.toStdString() << "): desk "
            << (deskLink.up ? "up" : "down") << ", board " << (boardLink.up ? "up" : "down")
            << " 30 s after the link came back";
        auto reconnect = [&](const LinkState &l) {
            return l.downAt >= eventAt ? qMax<qint64>(0, l.upAt - linkBack) : 0;
        };
        const qint64 d = reconnect(deskLink), b = reconnect(boardLink);
        if (kind == Cut || kind == Refuse)
            ++totalOutages;
        if (qMax(d, b) > qMax(worstDesk, worstBoard))
            worstWhat = QStringLiteral("event %1, %2").arg(i).arg(what);
        worstDesk = qMax(worstDesk, d);
        worstBoard = qMax(worstBoard, b);
        EXPECT_LE(d, kReconnectLimitMs) << "event " << i << " (" << what.toStdString() << "): desk";
        EXPECT_LE(b, kReconnectLimitMs) << "event " << i << " (" << what.toStdString() << "): board";
    }
    const qint64 chaosEndedAt = clockT.elapsed();

    kioskTimer.stop();
    ASSERT_TRUE(waitUntil([&] { return kioskApi.pendingCount() == 0; }, 30000));
    // The kiosk stops; the desk finishes what it is doing (the queue may not be empty).
    ASSERT_TRUE(waitUntil([&] { return desk.isOnline() && !desk.isBusy(); }, 30000))
        << "the desk is not online and idle: " << desk.notice().toStdString();
    deskTimer.stop();

    // The server's own record: its whole event history.
    queue::test::EventStream history(server, queue::test::kDisplayToken, 0);
    ASSERT_TRUE(history.waitHello(10000));
    const qint64 last = history.helloSeq();
    ASSERT_TRUE(waitUntil([&] {
        const QList<QJsonObject> ev = history.events();
        return !ev.isEmpty() && ev.last().value(QStringLiteral("seq")).toInteger() >= last;
    }, 30000)) << "the history up to seq " << last << " did not arrive";

    QList<qint64> calledAtDesk;                  // ticket.called at the desk's window, in order
    QHash<qint64, QString> numberOf;
    QHash<qint64, int> called, started, finished;
    int issuedEvents = 0;
    for (const QJsonObject &e : history.events()) {
        const QString type = e.value(QStringLiteral("type")).toString();
        const QJsonObject t = e.value(QStringLiteral("ticket")).toObject();
        const qint64 id = t.value(QStringLiteral("id")).toInteger();
        if (type == QLatin1String(api::kTicketCalled)) {
            ++called[id];
            numberOf.insert(id, t.value(QStringLiteral("number")).toString());
            if (e.value(QStringLiteral("window")).toInt() == kDeskWindow)
                calledAtDesk.append(id);
        } else if (type == QLatin1String(api::kTicketStarted)) {
            ++started[id];
        } else if (type == QLatin1String(api::kTicketFinished)) {
            ++finished[id];
        } else if (type == QStringLiteral("ticket.issued")) {
            ++issuedEvents;
        }
    }

    for (const qint64 id : std::as_const(failedOn)) {   // what the server did with it
        std::printf("ticket %lld:", static_cast<long long>(id));
        for (const QJsonObject &e : history.events())
            if (e.value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toInteger() == id)
                std::printf(" %s@%d", qPrintable(e.value(QStringLiteral("type")).toString()),
                            e.value(QStringLiteral("window")).toInt());
        std::printf("\n");
    }

    // 0 calls missed on the board.
    ASSERT_TRUE(waitUntil([&] {
        for (auto it = called.cbegin(); it != called.cend(); ++it)
            if (!shown.contains(it.key()))
                return false;
        return true;
    }, 30000));
    int missed = 0, announcedOnce = 0, announcedTwice = 0;
    for (auto it = called.cbegin(); it != called.cend(); ++it) {
        if (!shown.contains(it.key())) {
            ++missed;
            ADD_FAILURE() << "ticket " << numberOf.value(it.key()).toStdString() << " was called but never shown";
        }
        const int n = announced.value(QStringLiteral("%1>%2").arg(numberOf.value(it.key())).arg(kDeskWindow));
        announcedOnce += n == 1;
        announcedTwice += n > 1;
    }
    EXPECT_EQ(missed, 0);

    // 0 desk actions done twice: one ticket.called per call the desk made, in the same order,
    // and no ticket called, started or finished twice.
    EXPECT_EQ(calledAtDesk, deskCalls) << "the server's calls at window " << kDeskWindow
                                       << " are not the desk's calls one for one";
    for (auto *m : {&called, &started, &finished})
        for (auto it = m->cbegin(); it != m->cend(); ++it)
            EXPECT_EQ(it.value(), 1) << "ticket " << numberOf.value(it.key()).toStdString() << " twice";
    EXPECT_EQ(started.size(), deskStarts);
    EXPECT_EQ(finished.size(), deskFinishes);
    // An action the server refused (the desk's view was out of date) is not done at all:
    // counted and shown with the ticket's history above, not a failure of this test.
    RecordProperty("desk_actions_refused", std::to_string(deskFailures));
    EXPECT_EQ(issueFailures, 0);
    EXPECT_EQ(issuedEvents, issued);
    EXPECT_GT(deskCalls.size(), 20) << "too little work to mean anything";

    // Each reconnected within 5 s of the link coming back.
    const qint64 worst = qMax(worstDesk, worstBoard);
    RecordProperty("worst_reconnect_ms", std::to_string(worst));
    RecordProperty("worst_desk_reconnect_ms", std::to_string(worstDesk));
    RecordProperty("worst_board_reconnect_ms", std::to_string(worstBoard));
    RecordProperty("events", QStringLiteral("cut %1, stall %2, delay %3, link down %4 (%5 of them 5-8 s)")
                                 .arg(counts[Cut]).arg(counts[Stall]).arg(counts[Delay]).arg(counts[Refuse])
                                 .arg(longOutages).toStdString());
    EXPECT_LE(worst, kReconnectLimitMs) << worstWhat.toStdString();

    std::printf("seed %u: %d events in %.0f s: cut %d, stall %d, delay %d, link down %d (%d long); "
                "proxy: %d connections cut, %d refused\n",
                seed, kEvents, chaosEndedAt / 1000.0, counts[Cut], counts[Stall], counts[Delay],
                counts[Refuse], longOutages, proxy.connectionsCut(), proxy.connectionsRefused());
    std::printf("desk: %lld calls, %d starts, %d finishes, %d actions without an answer re-sent, "
                "%d drops; board: %d drops, %lld calls shown (%d announced once, %d more than once)\n",
                static_cast<long long>(deskCalls.size()), deskStarts, deskFinishes, deskLostActions,
                deskLink.drops, boardLink.drops, static_cast<long long>(called.size()), announcedOnce,
                announcedTwice);
    std::printf("desk actions refused by the server: %d; kiosk: %d tickets; worst reconnect after the link came back: desk %lld ms, board %lld ms (%s)\n",
                deskFailures, issued, static_cast<long long>(worstDesk), static_cast<long long>(worstBoard),
                qPrintable(worstWhat));
    std::fflush(stdout);
}
