// The board's view-model (BoardModel) against an in-process fake queue server (its HTTP API
// and event stream on 127.0.0.1, FakeQueueServer) on a ManualClock: a call shows the ticket
// at its window and queues its announcement, a recall, a window closed, the resync after a
// reconnect (no call lost, none announced twice, also after stream.reset), and the closed
// office in the office's time zone, and the live administration's changes (config.changed)
// — no server process, no sleeps. board_model_test runs the same model against the real server.
#include "announced.h"
#include "logic/boardmodel.h"
#include "logic/ledcontroller.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "hardware/ledboard/leddriver.h"
#include "hardware/voice/announcementqueue.h"
#include "hardware/voice/voicebackend.h"
#include "support/fakequeueserver.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/vladivostok.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTimeZone>
#include <QUrlQuery>

#include <gtest/gtest.h>

#include <memory>

using namespace queue;
using namespace queue::board;
using namespace queue::test;

namespace {

const QDateTime &kNow = kVladivostokMorning;

// A voice that is busy until the test says it finished.
class ManualVoice final : public voice::VoiceBackend {
public:
    void say(const voice::Announcement &a) override { said.append(a); }
    void stop() override {}
    void finish() { Q_EMIT finished(); }
    QList<voice::Announcement> said;
};

// The office as the fake server keeps it: four windows, the catalogue, and the calls, each a
// ticket.called (or recalled) event followed by the window's window.changed.
class FakeHall {
public:
    explicit FakeHall(const ManualClock &clock) : m_clock(clock)
    {
        for (int n = 1; n <= 4; ++n) {
            WindowInfo w;
            w.number = n;
            w.state = WindowState::Open;
            w.services = {QStringLiteral("payments")};
            w.segment = n == 4 ? Segment::B2B : Segment::B2C;
            w.op = {QStringLiteral("op%1").arg(n), QStringLiteral("Оператор %1").arg(n)};
            windows.insert(n, w);
        }
    }

    FakeResponse handle(const FakeRequest &req)
    {
        const QByteArray path = req.target.split('?').value(0);
        if (req.headers.value("authorization") != "Bearer display-token")
            return errorResponse(401, "unauthorized");
        if (path == "/api/v1/windows") {
            QJsonArray list;
            for (const WindowInfo &w : std::as_const(windows))
                list.append(w.toJson(m_clock.nowMs()));
            return FakeResponse{200, compactJson(QJsonObject{{QStringLiteral("windows"), list}})};
        }
        if (path == "/api/v1/services") {
            ServiceInfo payments{QStringLiteral("payments"), paymentsName, {}, QStringLiteral("П"), Segment::B2C, 5, 5,
                                 waiting};
            return FakeResponse{
                200, compactJson(QJsonObject{
                         {QStringLiteral("office"),
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("ЦОК")},
                                      {QStringLiteral("phone"), phone},
                                      {QStringLiteral("timezone"), kVladivostok}}},
                         {QStringLiteral("open"), open},
                         {QStringLiteral("next_opening"),
                          open ? QJsonValue() : QJsonValue(isoUtc(kVladivostokOpening.toMSecsSinceEpoch()))},
                         {QStringLiteral("services"), QJsonArray{payments.toJson()}}})};
        }
        return FakeResponse{404, {}};
    }

    // Window `window` calls `number` (or recalls its ticket): the events go out on `server`.
    void call(FakeQueueServer &server, int window, const QString &number, bool recall = false)
    {
        WindowInfo &w = windows[window];
        Ticket t;
        if (recall && w.ticket) {
            t = *w.ticket;
            ++t.recalls;
        } else {
            t.id = ++m_lastId;
            t.number = number;
            t.service = QStringLiteral("payments");
            t.issuedAt = m_clock.nowMs() - 60000;
            t.calledAt = m_clock.nowMs();
        }
        t.state = TicketState::Called;
        t.window = window;
        t.lastCalledAt = m_clock.nowMs();
        w.ticket = t;
        w.state = WindowState::Calling;
        server.publish(QJsonObject{{QStringLiteral("type"), QLatin1String(recall ? api::kTicketRecalled : api::kTicketCalled)},
                                   {QStringLiteral("at"), isoUtc(m_clock.nowMs())},
                                   {QStringLiteral("window"), window},
                                   {QStringLiteral("ticket"), t.toJson(m_clock.nowMs())}});
        publishWindow(server, window);
    }
    // The window's ticket is finished and the window set to `state` (paused, closed, open).
    void release(FakeQueueServer &server, int window, WindowState state, PauseReason reason = PauseReason::None)
    {
        WindowInfo &w = windows[window];
        if (w.ticket) {
            Ticket t = *w.ticket;
            t.state = TicketState::Done;
            t.finishedAt = m_clock.nowMs();
            server.publish(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kTicketFinished)},
                                       {QStringLiteral("at"), isoUtc(m_clock.nowMs())},
                                       {QStringLiteral("window"), window},
                                       {QStringLiteral("ticket"), t.toJson(m_clock.nowMs())}});
        }
        w.ticket.reset();
        w.state = state;
        w.pauseReason = reason;
        if (state == WindowState::Closed)
            w.op = {};
        publishWindow(server, window);
    }
    void publishWindow(FakeQueueServer &server, int window)
    {
        server.publish(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kWindowChanged)},
                                   {QStringLiteral("at"), isoUtc(m_clock.nowMs())},
                                   {QStringLiteral("window"), window},
                                   {QStringLiteral("state"), windows[window].toJson(m_clock.nowMs())}});
    }

    QMap<int, WindowInfo> windows;
    bool open = true;
    int waiting = 0;
    QString paymentsName = QStringLiteral("Платёжные документы");
    QString phone;

private:
    const ManualClock &m_clock;
    qint64 m_lastId = 0;
};

class BoardModelFake : public ::testing::Test {
protected:
    void SetUp() override
    {
        server = std::make_unique<FakeQueueServer>([this](const FakeRequest &r) { return hall.handle(r); });
        api = std::make_unique<client::ApiClient>(server->url());
        api->setToken(QStringLiteral("display-token"));
        stream = std::make_unique<client::EventStream>();
        stream->setServerUrl(server->url());
        stream->setToken(QStringLiteral("display-token"));
        stream->setReconnectBackoff(10, 50);
    }
    void TearDown() override
    {
        model.reset();
        stream.reset();
        api.reset();
        server.reset();
    }

    void makeBoard()
    {
        model = std::make_unique<BoardModel>(api.get(), stream.get(), clock);
        model->setRecentCount(6);
        model->setHighlightMs(10000);
        QObject::connect(model.get(), &BoardModel::announce, &ctx, [this](const QString &t, int w, bool r) {
            announced.append({t, w, r});
            announcements.enqueue({t, w, r});
        });
        model->start();
        ASSERT_TRUE(waitUntil([&] { return model->isLoaded() && model->isConnected(); }));
    }
    // Until the board has seen every event the server sent.
    bool caughtUp() { return waitUntil([&] { return stream->lastSeq() == server->lastSeq(); }); }
    QStringList shown() const
    {
        QStringList out;
        for (const CallRow &r : model->calls())
            out.append(QStringLiteral("%1>%2").arg(r.number).arg(r.window));
        return out;
    }
    std::optional<CallRow> row(const QString &number) const
    {
        for (const CallRow &r : model->calls())
            if (r.number == number)
                return r;
        return std::nullopt;
    }

    ManualClock clock{kNow};
    FakeHall hall{clock};
    std::unique_ptr<FakeQueueServer> server;
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::EventStream> stream;
    std::unique_ptr<BoardModel> model;
    ManualVoice voice;
    voice::AnnouncementQueue announcements{&voice};
    QObject ctx;
    QList<Announced> announced;
};

} // namespace

TEST_F(BoardModelFake, CallShowsTheTicketAtItsWindowAndQueuesTheAnnouncement)
{
    makeBoard();
    EXPECT_TRUE(model->calls().isEmpty());
    hall.call(*server, 1, QStringLiteral("П001"));
    ASSERT_TRUE(caughtUp());
    ASSERT_EQ(shown(), QStringList{QStringLiteral("П001>1")});
    const CallRow first = model->calls().first();
    EXPECT_TRUE(model->isAtWindow(first));
    EXPECT_TRUE(model->isHighlighted(first));
    EXPECT_EQ(model->allWindows().value(1).state, WindowState::Calling);
    EXPECT_EQ(announced, (QList<Announced>{{QStringLiteral("П001"), 1, false}}));
    ASSERT_EQ(voice.said.size(), 1);   // the voice is saying it

    // A second call while the first is still being said waits its turn.
    hall.call(*server, 2, QStringLiteral("П002"));
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(shown(), (QStringList{QStringLiteral("П002>2"), QStringLiteral("П001>1")}));
    EXPECT_EQ(voice.said.size(), 1);
    EXPECT_EQ(announcements.pending(), 1);
    voice.finish();
    ASSERT_EQ(voice.said.size(), 2);
    EXPECT_EQ(voice.said.last(), (voice::Announcement{QStringLiteral("П002"), 2, false}));

    // The highlight lasts ten seconds on the board's clock.
    clock.advanceSec(9);
    EXPECT_TRUE(model->isHighlighted(*row(QStringLiteral("П001"))));
    clock.advanceSec(2);
    EXPECT_FALSE(model->isHighlighted(*row(QStringLiteral("П001"))));
    EXPECT_TRUE(model->isAtWindow(*row(QStringLiteral("П001"))));
}

TEST_F(BoardModelFake, RecallBringsTheTicketBackOnTopAndAnnouncesItAgain)
{
    makeBoard();
    hall.call(*server, 1, QStringLiteral("П001"));
    hall.call(*server, 2, QStringLiteral("П002"));
    ASSERT_TRUE(caughtUp());
    clock.advanceSec(30);
    EXPECT_FALSE(model->isHighlighted(*row(QStringLiteral("П001"))));

    hall.call(*server, 1, QString(), true);
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(shown(), (QStringList{QStringLiteral("П001>1"), QStringLiteral("П002>2")}));   // one row, on top
    EXPECT_TRUE(model->isHighlighted(model->calls().first()));
    EXPECT_EQ(model->calls().first().recalls, 1);
    EXPECT_EQ(announced, (QList<Announced>{{QStringLiteral("П001"), 1, false},
                                           {QStringLiteral("П002"), 2, false},
                                           {QStringLiteral("П001"), 1, true}}));
}

TEST_F(BoardModelFake, WindowPausedOrClosedIsNeverShownWithItsTicket)
{
    makeBoard();
    hall.call(*server, 1, QStringLiteral("П001"));
    hall.call(*server, 2, QStringLiteral("П002"));
    ASSERT_TRUE(caughtUp());

    hall.release(*server, 1, WindowState::Paused, PauseReason::Lunch);
    hall.release(*server, 2, WindowState::Closed);
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(model->allWindows().value(1).state, WindowState::Paused);
    EXPECT_EQ(model->allWindows().value(2).state, WindowState::Closed);
    for (const CallRow &r : model->calls()) {
        EXPECT_FALSE(model->isAtWindow(r)) << r.number.toStdString();
        EXPECT_FALSE(model->isHighlighted(r)) << r.number.toStdString();
        EXPECT_EQ(r.state, TicketState::Done);
    }
    EXPECT_EQ(model->calls().size(), 2);   // still in the list of the last calls
    EXPECT_EQ(announced.size(), 2);        // nothing more said
    EXPECT_FALSE(model->showsClosedOffice());   // the office is open
}

// The stream drops; calls made meanwhile reach the board through the replay after
// since=<last seq>, in order, each announced once, and the events it had already seen are not
// announced again.
TEST_F(BoardModelFake, ResyncAfterReconnectLosesNoCallAndAnnouncesNoneTwice)
{
    makeBoard();
    hall.call(*server, 1, QStringLiteral("П001"));
    ASSERT_TRUE(caughtUp());
    const qint64 seen = server->lastSeq();

    server->setStreamsRefused(true);
    server->dropStreams();
    ASSERT_TRUE(waitUntil([&] { return !model->isConnected(); }));
    EXPECT_EQ(shown(), QStringList{QStringLiteral("П001>1")});   // the last state stays shown
    hall.call(*server, 2, QStringLiteral("П002"));
    hall.call(*server, 3, QStringLiteral("П003"));
    hall.call(*server, 1, QString(), true);
    ASSERT_TRUE(waitUntil([&] { return server->streamRequests().size() >= 3; }));   // it keeps trying
    EXPECT_EQ(announced.size(), 1);

    server->setStreamsRefused(false);
    ASSERT_TRUE(waitUntil([&] { return model->isConnected(); }));
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(QUrlQuery(server->streamRequests().last()).queryItemValue(QStringLiteral("since")), QString::number(seen));
    EXPECT_EQ(shown(), (QStringList{QStringLiteral("П001>1"), QStringLiteral("П003>3"), QStringLiteral("П002>2")}));
    EXPECT_EQ(announced, (QList<Announced>{{QStringLiteral("П001"), 1, false},
                                           {QStringLiteral("П002"), 2, false},
                                           {QStringLiteral("П003"), 3, false},
                                           {QStringLiteral("П001"), 1, true}}));

    // Dropped again with nothing new: reconnecting announces nothing.
    QSignalSpy connection(model.get(), &BoardModel::connectedChanged);
    server->dropStreams();
    ASSERT_TRUE(waitUntil([&] { return connection.count() == 2; }));   // down, up
    EXPECT_EQ(connection.at(1).value(0).toBool(), true);
    EXPECT_EQ(announced.size(), 4);
    hall.call(*server, 4, QStringLiteral("П004"));
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(announced.size(), 5);
    EXPECT_EQ(announced.last(), (Announced{QStringLiteral("П004"), 4, false}));
}

// The server no longer has the events since the board's last seq (stream.reset): the board
// reloads the windows, so the call made meanwhile is shown at its window — not lost — but,
// not having been seen live, it is neither highlighted nor announced, and no earlier call is
// announced again.
TEST_F(BoardModelFake, StreamResetReloadsTheWindowsWithoutAnnouncingAgain)
{
    makeBoard();
    hall.call(*server, 1, QStringLiteral("П001"));
    ASSERT_TRUE(caughtUp());

    server->setStreamsRefused(true);
    server->dropStreams();
    ASSERT_TRUE(waitUntil([&] { return !model->isConnected(); }));
    hall.call(*server, 2, QStringLiteral("П002"));
    server->forgetHistoryUpTo(server->lastSeq());
    const int windowLoads = server->count("GET", "/api/v1/windows");
    server->setStreamsRefused(false);
    ASSERT_TRUE(waitUntil([&] { return model->isConnected() && server->count("GET", "/api/v1/windows") > windowLoads; }));
    ASSERT_TRUE(waitUntil([&] { return row(QStringLiteral("П002")).has_value(); }));
    const CallRow loaded = *row(QStringLiteral("П002"));
    EXPECT_TRUE(model->isAtWindow(loaded));
    EXPECT_FALSE(model->isHighlighted(loaded));
    EXPECT_TRUE(model->isAtWindow(*row(QStringLiteral("П001"))));
    EXPECT_EQ(announced, (QList<Announced>{{QStringLiteral("П001"), 1, false}}));
}

// The board PC runs on UTC (ctest sets TZ=UTC), the office is in Vladivostok (UTC+10).
// Closed with every window closed: the board says so and when it opens, in office time, and
// its clock shows office time; an operator signing in after hours brings the ordinary board back.
TEST_F(BoardModelFake, ClosedOfficeSaysWhenItOpensInTheOfficesTimeZone)
{
    hall.open = false;
    for (WindowInfo &w : hall.windows) {
        w.state = WindowState::Closed;
        w.op = {};
    }
    makeBoard();
    EXPECT_FALSE(model->isOfficeOpen());
    EXPECT_TRUE(model->showsClosedOffice());
    EXPECT_EQ(model->officeZone().id(), QByteArray("Asia/Vladivostok"));
    EXPECT_EQ(model->openingText(QLocale(QLocale::English)), QStringLiteral("today at 08:00"));
    EXPECT_EQ(model->clockText(), QStringLiteral("07:00"));
    clock.set(kNow.addSecs(-10 * 3600));   // 21:00 of 12-03 in the office
    EXPECT_EQ(model->openingText(QLocale(QLocale::English)), QStringLiteral("tomorrow at 08:00"));
    EXPECT_EQ(model->clockText(), QStringLiteral("21:00"));

    // Window 3 signs in after hours to finish the last visitors: the ordinary board, and its call is announced.
    hall.windows[3].state = WindowState::Open;
    hall.publishWindow(*server, 3);
    ASSERT_TRUE(caughtUp());
    EXPECT_FALSE(model->showsClosedOffice());
    hall.call(*server, 3, QStringLiteral("П010"));
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(announced, (QList<Announced>{{QStringLiteral("П010"), 3, false}}));

    // The office opens: the board learns it from the catalogue it asks for after a call.
    hall.open = true;
    hall.call(*server, 3, QString(), true);
    ASSERT_TRUE(waitUntil([&] { return model->isOfficeOpen(); }));
    EXPECT_EQ(model->nextOpening(), 0);
}

// Issue #15: window 5 opened and the payments topic renamed in the live administration, the
// office's phone changed. Within 2 s of the config.changed the board lists window 5 (and its
// LED board lights up), shows the topic's new name and the new phone in the running line;
// the calls on the board stay as they were, highlighted as before, and none is said again.
TEST_F(BoardModelFake, ConfigChangedBringsNewWindowsAndNamesAndKeepsTheCalls)
{
    makeBoard();
    led::FakeLedDriver leds(led::LedFormat{});
    LedController led(model.get());
    led.addLine(&leds, {{1, 1}, {5, 5}});
    hall.call(*server, 1, QStringLiteral("П001"));
    hall.call(*server, 2, QStringLiteral("П002"));
    ASSERT_TRUE(caughtUp());
    EXPECT_TRUE(led.contentFor(5).closed);   // no such window yet
    const QStringList calls = shown();
    ASSERT_EQ(calls, (QStringList{QStringLiteral("П002>2"), QStringLiteral("П001>1")}));
    const int windowLoads = server->count("GET", "/api/v1/windows");

    WindowInfo w5;
    w5.number = 5;
    w5.state = WindowState::Open;
    w5.services = {QStringLiteral("payments")};
    w5.segment = Segment::B2C;
    w5.op = {QStringLiteral("op5"), QStringLiteral("Оператор 5")};
    hall.windows.insert(5, w5);
    hall.paymentsName = QStringLiteral("Оплата и счета");
    hall.phone = QStringLiteral("8-800-200-00-00");
    server->publishConfigChanged(4, {QStringLiteral("windows"), QStringLiteral("topics"), QStringLiteral("office")});
    ASSERT_TRUE(waitUntil([&] {
        return model->allWindows().contains(5) && !model->topics().isEmpty()
               && model->topics().first().name == hall.paymentsName && model->office().phone == hall.phone;
    }, 2000));
    EXPECT_EQ(server->count("GET", "/api/v1/windows"), windowLoads + 1);
    QList<int> numbers;
    for (const WindowInfo &w : model->windows())
        numbers.append(w.number);
    EXPECT_EQ(numbers, (QList<int>{1, 2, 3, 4, 5}));
    EXPECT_FALSE(led.contentFor(5).closed);
    ASSERT_FALSE(leds.shown().isEmpty());
    EXPECT_EQ(leds.shown().last().address, 5);
    EXPECT_FALSE(leds.shown().last().content.closed);
    EXPECT_TRUE(model->tickerText().contains(hall.phone));

    EXPECT_EQ(shown(), calls);
    EXPECT_TRUE(model->isAtWindow(*row(QStringLiteral("П001"))));
    EXPECT_TRUE(model->isAtWindow(*row(QStringLiteral("П002"))));
    EXPECT_TRUE(model->isHighlighted(*row(QStringLiteral("П002"))));
    EXPECT_EQ(announced.size(), 2);

    // The new window's first call is shown and said like any other.
    hall.call(*server, 5, QStringLiteral("П003"));
    ASSERT_TRUE(caughtUp());
    EXPECT_EQ(shown().first(), QStringLiteral("П003>5"));
    EXPECT_EQ(announced.last(), (Announced{QStringLiteral("П003"), 5, false}));
}

// An event type the board does not know (a newer server's) is passed by: the stream stays up,
// nothing is reloaded for it, and the calls after it are shown and said.
TEST_F(BoardModelFake, UnknownEventTypesAreIgnored)
{
    makeBoard();
    const int windowLoads = server->count("GET", "/api/v1/windows");
    server->publish(QJsonObject{{QStringLiteral("type"), QStringLiteral("office.renovated")},
                                {QStringLiteral("at"), isoUtc(clock.nowMs())}});
    hall.call(*server, 1, QStringLiteral("П001"));
    ASSERT_TRUE(caughtUp());
    EXPECT_TRUE(model->isConnected());
    EXPECT_EQ(shown(), QStringList{QStringLiteral("П001>1")});
    EXPECT_EQ(announced.size(), 1);
    EXPECT_EQ(server->count("GET", "/api/v1/windows"), windowLoads);
}
