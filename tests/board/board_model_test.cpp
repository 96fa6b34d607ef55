// The board view-model against the real queue server: calls in order, simultaneous calls
// all shown and announced one after another, paused/closed windows never serving, segment
// and window filters, and catching up after the server restarts.
#include "announced.h"
#include "logic/boardmodel.h"
#include "logic/ledcontroller.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "hardware/ledboard/leddriver.h"
#include "hardware/voice/announcementqueue.h"
#include "hardware/voice/fakeaudiosink.h"
#include "hardware/voice/voicebackend.h"
#include "support/closedoffice.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimeZone>
#include <QTimer>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::board;
using queue::test::Announced;
using queue::test::http;
using queue::test::ManualClock;
using queue::test::TestServer;
using queue::test::waitUntil;

namespace {

// A voice back end whose announcements take a fixed time on the manual clock.
class TimedVoice final : public voice::VoiceBackend {
public:
    explicit TimedVoice(ManualClock &clock) : m_clock(clock) {}
    void say(const voice::Announcement &a) override
    {
        if (m_busy)
            ++overlaps;
        m_busy = true;
        m_endMs = m_clock.nowMs() + 3000;
        said.append(a);
    }
    void stop() override {}
    void poll()
    {
        if (m_busy && m_clock.nowMs() >= m_endMs) {
            m_busy = false;
            Q_EMIT finished();
        }
    }
    QList<voice::Announcement> said;
    int overlaps = 0;

private:
    ManualClock &m_clock;
    bool m_busy = false;
    qint64 m_endMs = 0;
};

class BoardModelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(server.start()) << server.output().toStdString();
        for (int w = 1; w <= 4; ++w) {
            ops[w] = queue::test::login(server, w);
            ASSERT_FALSE(ops[w].isEmpty());
        }
    }

    void makeBoard(const BoardFilter &filter = {})
    {
        api = std::make_unique<client::ApiClient>(server.url());
        api->setToken(QStringLiteral("display-token"));
        stream = std::make_unique<client::EventStream>();
        stream->setServerUrl(server.url());
        stream->setToken(QStringLiteral("display-token"));
        stream->setReconnectBackoff(50, 300);
        stream->setPingInterval(500);
        stream->setPongTimeout(2000);
        model = std::make_unique<BoardModel>(api.get(), stream.get(), clock);
        model->setFilter(filter);
        model->setRecentCount(6);
        model->setHighlightMs(10000);
        QObject::connect(model.get(), &BoardModel::announce, &ctx,
                         [this](const QString &t, int w, bool r) { announced.append({t, w, r}); });
        model->start();
        ASSERT_TRUE(waitUntil([&] { return model->isLoaded() && model->isConnected(); }, 10000));
    }

    QString issue(const char *service = "payments")
    {
        const auto r = http("POST", server.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                            QJsonObject{{QStringLiteral("service"), QString::fromLatin1(service)}});
        EXPECT_EQ(r.status, 201) << r.body.toStdString();
        return r.json().value(QStringLiteral("number")).toString();
    }
    queue::test::HttpResult act(int window, const char *action, const QJsonObject &body = {})
    {
        return http("POST", server.url(QStringLiteral("/api/v1/windows/%1/%2").arg(window).arg(QLatin1String(action))),
                    ops[window], body);
    }
    QString call(int window)
    {
        const auto r = act(window, "call");
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.json().value(QStringLiteral("number")).toString();
    }
    QStringList shown() const
    {
        QStringList out;
        for (const CallRow &r : model->calls())
            out.append(QStringLiteral("%1>%2").arg(r.number).arg(r.window));
        return out;
    }
    const CallRow *row(const QString &number) const
    {
        static CallRow found;
        for (const CallRow &r : model->calls())
            if (r.number == number) {
                found = r;
                return &found;
            }
        return nullptr;
    }
    bool restartOnSamePort()
    {
        const quint16 port = server.port();
        if (!server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}) || server.port() != port)
            return false;
        return waitUntil([&] {
            return http("GET", server.url(QStringLiteral("/api/v1/health")), {}, {}, {}, 2000).status == 200;
        }, 20000);
    }

    TestServer server;
    QByteArray ops[5];
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::EventStream> stream;
    std::unique_ptr<BoardModel> model;
    QObject ctx;
    QList<Announced> announced;
};

} // namespace

TEST_F(BoardModelTest, CallsShownNewestFirstHighlightedAndAnnouncedInOrder)
{
    makeBoard();
    const QString a = issue(), b = issue(), c = issue("reception");
    EXPECT_EQ(call(1), a);
    ASSERT_TRUE(waitUntil([&] { return model->calls().size() == 1; }));
    EXPECT_EQ(call(2), b);
    EXPECT_EQ(call(3), c);
    ASSERT_TRUE(waitUntil([&] { return model->calls().size() == 3; })) << shown().join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(shown(), (QStringList{c + QStringLiteral(">3"), b + QStringLiteral(">2"), a + QStringLiteral(">1")}));
    EXPECT_EQ(announced, (QList<Announced>{{a, 1, false}, {b, 2, false}, {c, 3, false}}));
    // All fresh calls are highlighted at once, for about ten seconds.
    for (const CallRow &r : model->calls()) {
        EXPECT_TRUE(model->isHighlighted(r)) << r.number.toStdString();
        EXPECT_TRUE(model->isAtWindow(r));
    }
    clock.advanceSec(9);
    EXPECT_TRUE(model->isHighlighted(model->calls().first()));
    clock.advanceSec(2);
    for (const CallRow &r : model->calls())
        EXPECT_FALSE(model->isHighlighted(r));

    // A recall brings the ticket back on top, highlighted, and announces it again.
    ASSERT_EQ(act(1, "recall").status, 200);
    ASSERT_TRUE(waitUntil([&] { return announced.size() == 4; }));
    EXPECT_EQ(announced.last(), (Announced{a, 1, true}));
    EXPECT_EQ(model->calls().first().number, a);
    EXPECT_TRUE(model->isHighlighted(model->calls().first()));
    EXPECT_EQ(model->calls().size(), 3);

    // Served and finished: the row stays in the history but no longer at the window.
    ASSERT_EQ(act(2, "start").status, 200);
    ASSERT_TRUE(waitUntil([&] { return row(b) && row(b)->state == TicketState::Serving; }));
    EXPECT_TRUE(model->isAtWindow(*row(b)));
    ASSERT_EQ(act(2, "finish", QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    ASSERT_TRUE(waitUntil([&] { return row(b) && !model->isAtWindow(*row(b)); }));

    // Waiting counts follow the queue.
    issue();
    issue();
    ASSERT_TRUE(waitUntil([&] {
        for (const TopicCount &t : model->topics())
            if (t.id == QLatin1String("payments"))
                return t.waiting == 2;
        return false;
    }));
    EXPECT_FALSE(model->tickerText().isEmpty());
    EXPECT_EQ(model->office().name, QStringLiteral("Тестовый офис"));
}

TEST_F(BoardModelTest, SimultaneousCallsAreAllShownAndAnnouncedOneAfterAnother)
{
    makeBoard();
    TimedVoice voice(clock);
    voice::AnnouncementQueue queue(&voice);
    QObject::connect(model.get(), &BoardModel::announce, &ctx,
                     [&](const QString &t, int w, bool r) { queue.enqueue({t, w, r}); });
    for (int i = 0; i < 4; ++i)
        issue(i == 3 ? "b2b_contracts" : "payments");
    // Four windows call at the same moment (requests in flight together).
    QNetworkAccessManager nam;
    QList<QNetworkReply *> replies;
    for (int w = 1; w <= 4; ++w) {
        QNetworkRequest req(server.url(QStringLiteral("/api/v1/windows/%1/call").arg(w)));
        req.setRawHeader("Authorization", "Bearer " + ops[w]);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        replies.append(nam.post(req, QByteArray("{}")));
    }
    ASSERT_TRUE(waitUntil([&] { return std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); }); }));
    for (QNetworkReply *r : replies) {
        EXPECT_EQ(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        r->deleteLater();
    }
    ASSERT_TRUE(waitUntil([&] { return model->calls().size() == 4 && announced.size() == 4; }))
        << shown().join(QLatin1Char(' ')).toStdString();
    QSet<int> windows;
    for (const CallRow &r : model->calls()) {
        windows.insert(r.window);
        EXPECT_TRUE(model->isHighlighted(r)) << r.number.toStdString();
    }
    EXPECT_EQ(windows, (QSet<int>{1, 2, 3, 4}));
    // The order on screen is the reverse of the order of the announcements (newest on top).
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(model->calls()[3 - i].number, announced[i].ticket);

    // The announcements play one after another, none lost, none overlapping.
    EXPECT_EQ(voice.said.size(), 1);
    for (int step = 0; step < 200 && voice.said.size() < 4; ++step) {
        clock.advanceMs(250);
        voice.poll();
    }
    clock.advanceSec(5);
    voice.poll();
    ASSERT_EQ(voice.said.size(), 4);
    EXPECT_EQ(voice.overlaps, 0);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(voice.said[i].ticket, announced[i].ticket);
    EXPECT_FALSE(queue.isBusy());
}

TEST_F(BoardModelTest, PausedOrClosedWindowIsNeverShownServing)
{
    makeBoard();
    led::FakeLedDriver fake(led::LedFormat{});
    LedController leds(model.get());
    leds.addLine(&fake, {{1, 11}, {2, 12}});
    // What the board at `address` was last told to show.
    auto last = [&](int address) {
        led::FakeLedDriver::Shown out{address, {}, QStringLiteral("<nothing>")};
        for (const auto &s : fake.shown())
            if (s.address == address)
                out = s;
        return out;
    };
    const QString a = issue();
    EXPECT_EQ(call(1), a);
    ASSERT_TRUE(waitUntil([&] { return row(a) && model->allWindows().value(1).state == WindowState::Calling; }));
    EXPECT_TRUE(model->isAtWindow(*row(a)));
    ASSERT_TRUE(waitUntil([&] { return last(11).text == QStringLiteral("1 ") + a; })) << last(11).text.toStdString();
    EXPECT_EQ(last(12).text, QStringLiteral("2"));   // open, idle: the number alone

    ASSERT_EQ(act(1, "start").status, 200);
    ASSERT_EQ(act(1, "finish", QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    ASSERT_EQ(act(1, "pause", QJsonObject{{QStringLiteral("reason"), QStringLiteral("lunch")}}).status, 200);
    ASSERT_TRUE(waitUntil([&] { return model->allWindows().value(1).state == WindowState::Paused; }));
    EXPECT_FALSE(model->isAtWindow(*row(a)));
    EXPECT_FALSE(model->isHighlighted(*row(a)));
    for (const CallRow &r : model->calls())
        EXPECT_FALSE(r.window == 1 && model->isAtWindow(r));
    EXPECT_TRUE(leds.contentFor(1).closed);
    ASSERT_TRUE(waitUntil([&] { return last(11).content.closed; }));
    EXPECT_EQ(last(11).text, QStringLiteral("ЗАКРЫТО"));

    // Window 2 logs out: closed, and its board says so.
    ASSERT_EQ(http("DELETE", server.url(QStringLiteral("/api/v1/sessions/current")), ops[2]).status, 204);
    ASSERT_TRUE(waitUntil([&] { return model->allWindows().value(2).state == WindowState::Closed; }));
    EXPECT_TRUE(leds.contentFor(2).closed);
    ASSERT_TRUE(waitUntil([&] { return last(12).content.closed; }));
    // Idle windows show their number alone.
    EXPECT_EQ(leds.contentFor(3).ticket, QString());
    EXPECT_FALSE(leds.contentFor(3).closed);

    // Back from lunch: the board shows the next call.
    ASSERT_EQ(act(1, "resume").status, 200);
    const QString b = issue();
    EXPECT_EQ(call(1), b);
    ASSERT_TRUE(waitUntil([&] { return last(11).content.ticket == b && !last(11).content.closed; }));
    EXPECT_TRUE(last(12).content.closed);
}

TEST_F(BoardModelTest, SegmentFilterShowsOnlyItsHall)
{
    BoardFilter b2b;
    b2b.segment = Segment::B2B;
    makeBoard(b2b);
    const QString c = issue("payments");
    const QString b = issue("b2b_contracts");
    EXPECT_EQ(call(1), c);
    EXPECT_EQ(call(4), b);
    ASSERT_TRUE(waitUntil([&] { return model->calls().size() == 1; }));
    // Let the B2C call's events pass too, then check it never appeared.
    issue("payments");
    ASSERT_TRUE(waitUntil([&] { return model->topics().size() == 1 && model->topics().first().waiting == 0; }));
    EXPECT_EQ(shown(), (QStringList{b + QStringLiteral(">4")}));
    EXPECT_EQ(announced, (QList<Announced>{{b, 4, false}}));
    ASSERT_EQ(model->topics().size(), 1);
    EXPECT_EQ(model->topics().first().id, QStringLiteral("b2b_contracts"));
    ASSERT_EQ(model->windows().size(), 1);
    EXPECT_EQ(model->windows().first().number, 4);
}

TEST_F(BoardModelTest, WindowFilterShowsOnlyItsWindows)
{
    BoardFilter only2;
    only2.windows = {2};
    makeBoard(only2);
    const QString a = issue(), b = issue(), c = issue("contracts");
    EXPECT_EQ(call(1), a);
    EXPECT_EQ(call(2), b);
    EXPECT_EQ(call(3), c);
    ASSERT_TRUE(waitUntil([&] { return model->allWindows().value(3).state == WindowState::Calling; }));
    EXPECT_EQ(shown(), (QStringList{b + QStringLiteral(">2")}));
    EXPECT_EQ(announced, (QList<Announced>{{b, 2, false}}));
    QStringList topics;
    for (const TopicCount &t : model->topics())
        topics.append(t.id);
    EXPECT_EQ(topics, (QStringList{QStringLiteral("contracts"), QStringLiteral("payments")}));
}

TEST_F(BoardModelTest, StateLoadedAtStartShowsTicketsAlreadyAtWindows)
{
    const QString a = issue();
    EXPECT_EQ(call(3), a);
    ASSERT_EQ(act(3, "start").status, 200);
    makeBoard();
    ASSERT_EQ(model->calls().size(), 1);
    EXPECT_EQ(model->calls().first().number, a);
    EXPECT_TRUE(model->isAtWindow(model->calls().first()));
    EXPECT_FALSE(model->isHighlighted(model->calls().first()));   // not a fresh call
    EXPECT_TRUE(announced.isEmpty());
}

// The server goes away: the board keeps its last state and shows that it is offline; calls
// made while it was disconnected arrive through the event stream's replay once it is back,
// none missed, in order, and are announced.
TEST_F(BoardModelTest, CatchesUpAfterServerRestartWithoutMissingCalls)
{
    makeBoard();
    const QString first = issue();
    for (int i = 0; i < 5; ++i)
        issue();
    EXPECT_EQ(call(1), first);
    ASSERT_TRUE(waitUntil([&] { return model->calls().size() == 1; }));

    server.kill9();
    ASSERT_TRUE(waitUntil([&] { return !model->isConnected(); }, 10000));
    EXPECT_EQ(model->calls().size(), 1);   // the last state stays on screen
    EXPECT_EQ(model->allWindows().value(1).state, WindowState::Calling);

    // Hold the board's reconnecting until the calls are made, so that they can only reach
    // it through the replay.
    stream->close();
    ASSERT_TRUE(restartOnSamePort()) << server.output().toStdString();
    const QString w2 = call(2);
    const QString w3 = call(3);
    ASSERT_EQ(act(1, "start").status, 200);
    ASSERT_EQ(act(1, "finish", QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    const QString w1 = call(1);
    EXPECT_EQ(announced.size(), 1);
    stream->open();
    ASSERT_TRUE(waitUntil([&] { return model->isConnected() && model->calls().size() == 4; }, 15000))
        << shown().join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(shown(), (QStringList{w1 + QStringLiteral(">1"), w3 + QStringLiteral(">3"), w2 + QStringLiteral(">2"),
                                    first + QStringLiteral(">1")}));
    EXPECT_EQ(announced, (QList<Announced>{{first, 1, false}, {w2, 2, false}, {w3, 3, false}, {w1, 1, false}}));
    EXPECT_FALSE(model->isAtWindow(model->calls().last()));

    // And a plain restart with the stream reconnecting by itself.
    server.kill9();
    ASSERT_TRUE(waitUntil([&] { return !model->isConnected(); }, 10000));
    ASSERT_TRUE(restartOnSamePort());
    ASSERT_EQ(act(2, "start").status, 200);
    ASSERT_EQ(act(2, "finish", QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    const QString again = call(2);
    ASSERT_TRUE(waitUntil([&] { return model->isConnected() && announced.size() == 5; }, 15000));
    EXPECT_EQ(announced.last(), (Announced{again, 2, false}));
    EXPECT_EQ(model->calls().first().number, again);
}

// A replay after a long outage shows the calls but does not announce stale ones.
TEST_F(BoardModelTest, StaleReplayedCallsAreShownButNotAnnounced)
{
    makeBoard();
    model->setAnnounceMaxAgeMs(60000);
    const QString a = issue();
    stream->close();
    EXPECT_EQ(call(1), a);
    clock.advanceSec(600);   // the board was away for ten minutes
    stream->open();
    ASSERT_TRUE(waitUntil([&] { return model->calls().size() == 1; }, 15000));
    EXPECT_EQ(model->calls().first().number, a);
    EXPECT_TRUE(announced.isEmpty());
}

// The board PC runs on UTC (ctest sets TZ=UTC for this binary); the office is in Vladivostok
// (UTC+10, no DST). Closed, with nobody at a window: the board says so and when it opens, in
// office time; its clock is office time too. An operator finishing after hours brings back
// the ordinary board.
TEST(BoardClosedOffice, SaysClosedAndOpeningTimeInTheOfficesTimeZone)
{
    const QTimeZone vladivostok("Asia/Vladivostok");
    ASSERT_TRUE(vladivostok.isValid());
    ASSERT_NE(vladivostok.offsetFromUtc(QDateTime::currentDateTimeUtc()), QDateTime::currentDateTime().offsetFromUtc())
        << "run with TZ=UTC";
    QString opens;
    TestServer server(queue::test::closedOfficeConfig(vladivostok, &opens));
    ASSERT_TRUE(server.start()) << server.output().toStdString();
    ManualClock clock(QDateTime::currentMSecsSinceEpoch());
    client::ApiClient api(server.url());
    api.setToken(QStringLiteral("display-token"));
    client::EventStream stream;
    stream.setServerUrl(server.url());
    stream.setToken(QStringLiteral("display-token"));
    BoardModel model(&api, &stream, clock);
    model.start();
    ASSERT_TRUE(waitUntil([&] { return model.isLoaded() && model.isConnected(); }, 10000));

    EXPECT_FALSE(model.isOfficeOpen());
    EXPECT_TRUE(model.showsClosedOffice());
    const QDate officeToday = QDateTime::currentDateTimeUtc().toTimeZone(vladivostok).date();
    const QDate openingDay = QDateTime::fromMSecsSinceEpoch(model.nextOpening(), vladivostok).date();
    EXPECT_EQ(model.openingText(QLocale(QLocale::English)),
              (openingDay == officeToday ? QStringLiteral("today at ") : QStringLiteral("tomorrow at ")) + opens);
    clock.set(QDateTime(QDate(2026, 12, 3), QTime(0, 5), QTimeZone::utc()));
    EXPECT_EQ(model.clockText(), QStringLiteral("10:05"));

    // Signing in after hours (the last visitors are finished then): the ordinary board.
    ASSERT_FALSE(queue::test::login(server, 1).isEmpty());
    ASSERT_TRUE(waitUntil([&] { return !model.showsClosedOffice(); }, 10000));
}
