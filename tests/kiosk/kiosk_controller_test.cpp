// The kiosk's view-model against an in-process fake server (the real server process is not
// the point here) on a ManualClock: the office's time zone, the kiosk's own words for the
// server's error codes, the inactivity timeout, and the live administration's changes
// (config.changed on the event stream) reaching the menu, all without sleeping.
#include "logic/kioskcontroller.h"
#include "printer/fakeprinter.h"

#include "common/client/eventstream.h"
#include "support/fakequeueserver.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/vladivostok.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::kiosk;
using S = KioskController::Screen;
using test::FakeHttpServer;
using test::FakeQueueServer;
using test::FakeRequest;
using test::FakeResponse;
using test::waitUntil;

namespace {

QByteArray json(const QJsonObject &o) { return test::compactJson(o); }
const QDateTime &kNow = test::kVladivostokMorning;
const QDateTime &kOpening = test::kVladivostokOpening;

QJsonObject catalog(bool open)
{
    return QJsonObject{
        {QStringLiteral("office"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ЦОК")},
                                               {QStringLiteral("timezone"), QStringLiteral("Asia/Vladivostok")}}},
        {QStringLiteral("open"), open},
        {QStringLiteral("next_opening"), open ? QJsonValue() : QJsonValue(isoUtc(kOpening.toMSecsSinceEpoch()))},
        {QStringLiteral("services"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("payments")},
                                {QStringLiteral("name"), QStringLiteral("Платёжные документы")},
                                {QStringLiteral("prefix"), QStringLiteral("П")},
                                {QStringLiteral("segment"), QStringLiteral("b2c")}}}}};
}

QByteArray error(const char *code, const QJsonObject &extra = {})
{
    QJsonObject e = extra;
    e.insert(QStringLiteral("code"), QString::fromLatin1(code));
    e.insert(QStringLiteral("message"), QStringLiteral("a server message the visitor never reads"));
    return json(QJsonObject{{QStringLiteral("error"), e}});
}

class KioskControllerFake : public ::testing::Test {
protected:
    // events: the kiosk also follows the fake server's event stream.
    void start(FakeHttpServer::Handler handler, KioskSettings s = {}, bool events = false)
    {
        m_server = std::make_unique<FakeQueueServer>(std::move(handler));
        m_api = std::make_unique<client::ApiClient>(m_server->url());
        m_api->setTimeout(5000);
        s.refreshIntervalMs = 3600000;   // nothing reloads the catalogue but the tests' events
        m_c = std::make_unique<KioskController>(m_api.get(), &m_printer, m_clock, s);
        if (events) {
            m_stream = std::make_unique<client::EventStream>();
            m_stream->setServerUrl(m_server->url());
            m_stream->setReconnectBackoff(10, 50);
            m_c->setEventStream(m_stream.get());
        }
        m_c->start();
        if (events) {
            ASSERT_TRUE(waitUntil([&] { return m_stream->isConnected(); }));
        }
    }
    void TearDown() override
    {
        m_c.reset();
        m_stream.reset();
    }
    // Moves the clock and lets the controller look at its deadlines.
    void elapse(qint64 ms)
    {
        m_clock.advanceMs(ms);
        m_c->tick();
    }

    bool waitScreen(S s) { return waitUntil([&] { return m_c->screen() == s; }); }
    // No request on its way (the loads that the stream's first hello asks for included).
    bool settled() { return waitUntil([&] { return m_api->pendingCount() == 0; }); }

    test::ManualClock m_clock{kNow};
    hardware::FakePrinter m_printer;
    std::unique_ptr<FakeQueueServer> m_server;
    std::unique_ptr<client::ApiClient> m_api;
    std::unique_ptr<client::EventStream> m_stream;
    std::unique_ptr<KioskController> m_c;
};

} // namespace

TEST_F(KioskControllerFake, OpeningTimeIsTheOfficesWhateverTheMachinesZone)
{
    start([](const FakeRequest &) { return FakeResponse{200, json(catalog(false))}; });
    ASSERT_TRUE(waitScreen(S::Closed));
    EXPECT_EQ(m_c->officeZone().id(), QByteArray("Asia/Vladivostok"));
    // Today in Vladivostok (12-04), 08:00 there, whatever zone this process runs in.
    EXPECT_EQ(m_c->openingText(), QStringLiteral("today at 08:00"));
    m_clock.set(kNow.addSecs(-10 * 3600));   // 11:00 UTC of 12-03: 21:00 of 12-03 in the office
    EXPECT_EQ(m_c->openingText(), QStringLiteral("tomorrow at 08:00"));
}

TEST_F(KioskControllerFake, RefusedCheckInIsWordedByItsErrorCodeInOfficeTime)
{
    const qint64 slot = kNow.addSecs(3600).toMSecsSinceEpoch();          // 08:00 in the office
    const qint64 comeBack = kNow.addSecs(2700).toMSecsSinceEpoch();      // 07:45
    start([&](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(catalog(true))};
        return FakeResponse{409, error("too_early", QJsonObject{{QStringLiteral("slot_start"), isoUtc(slot)},
                                                                 {QStringLiteral("come_back_at"), isoUtc(comeBack)}})};
    });
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->openBooking();
    for (const QChar k : QStringLiteral("4711"))
        m_c->bookingKey(k);
    m_c->submitBooking();
    ASSERT_TRUE(waitUntil([&] { return m_c->bookingRejected(); }));
    EXPECT_EQ(m_c->screen(), S::Booking);
    EXPECT_EQ(m_c->bookingMessage(),
              QStringLiteral("Your booking is for 08:00. Check-in opens at 07:45: please come back then."));
    EXPECT_TRUE(m_printer.printed().isEmpty());
}

TEST_F(KioskControllerFake, OfficeClosedOnIssueTakesTheOpeningFromTheCatalogueNotTheMessage)
{
    bool open = true;
    start([&](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(catalog(open))};
        open = false;   // closed between the load and the tap
        return FakeResponse{409, error("office_closed")};
    });
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("payments"));
    ASSERT_TRUE(waitScreen(S::Closed));
    ASSERT_TRUE(waitUntil([&] { return m_c->catalog().nextOpening == kOpening.toMSecsSinceEpoch(); }));
    EXPECT_EQ(m_c->openingText(), QStringLiteral("today at 08:00"));
}

TEST_F(KioskControllerFake, InactivityRunsOnTheClock)
{
    KioskSettings s;
    s.inactivityTimeoutMs = 60000;
    start([](const FakeRequest &) { return FakeResponse{200, json(catalog(true))}; }, s);
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->openHelp();
    ASSERT_EQ(m_c->screen(), S::Help);
    elapse(59999);
    EXPECT_EQ(m_c->screen(), S::Help);
    m_c->userActivity();   // a touch: a full minute again
    elapse(59999);
    EXPECT_EQ(m_c->screen(), S::Help);
    elapse(1);
    EXPECT_EQ(m_c->screen(), S::Start);
}

namespace {

QJsonObject issuedAnswer(const QString &page)
{
    QJsonObject ticket{{QStringLiteral("id"), 42},
                       {QStringLiteral("number"), QStringLiteral("П042")},
                       {QStringLiteral("service"), QStringLiteral("payments")},
                       {QStringLiteral("state"), QStringLiteral("waiting")},
                       {QStringLiteral("issued_at"), isoUtc(kNow.toMSecsSinceEpoch())}};
    QJsonObject o{{QStringLiteral("id"), 42}, {QStringLiteral("number"), QStringLiteral("П042")}, {QStringLiteral("ahead"), 0}};
    if (!page.isEmpty()) {
        ticket.insert(QStringLiteral("page"), page);
        o.insert(QStringLiteral("page"), page);
    }
    o.insert(QStringLiteral("ticket"), ticket);
    return o;
}

} // namespace

// Issue #14: the QR code carries the ticket's unguessable page address from the server,
// never its sequential id; {id} only for an older server that sends no page.
TEST_F(KioskControllerFake, TheQrCodeCarriesThePageAddressFromTheServer)
{
    const QString page = QStringLiteral("/t/Zx3_kq-9TbW1mPq0aLr7Yw");
    QString sent = page;
    start([&](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(catalog(true))};
        return FakeResponse{201, json(issuedAnswer(sent))};
    });
    ASSERT_TRUE(waitScreen(S::Start));
    const QString server = m_server->url().toString(QUrl::RemoveQuery | QUrl::StripTrailingSlash);
    auto issueOne = [&] {
        const int before = m_printer.printed().size();
        m_c->chooseSegment(Segment::B2C);
        m_c->chooseTopic(QStringLiteral("payments"));
        EXPECT_TRUE(waitUntil([&] { return m_printer.printed().size() == before + 1; }));
        const QString url = m_printer.printed().isEmpty() ? QString() : m_printer.printed().last().qrUrl;
        m_c->userActivity();
        elapse(KioskSettings().ticketTimeoutMs);   // back to the start
        EXPECT_TRUE(waitScreen(S::Start));
        return url;
    };
    EXPECT_EQ(issueOne(), server + page);
    EXPECT_EQ(m_c->lastTicket().issued.ticket.page, page);

    sent.clear();   // an older server: {page} stands for /t/<id>
    EXPECT_EQ(issueOne(), server + QStringLiteral("/t/42"));
}

TEST(KioskSettingsTicketUrl, PagePlaceholderAndTheOldIdForm)
{
    const QString server = QStringLiteral("http://10.0.0.5:8470");
    const QString page = QStringLiteral("/t/Zx3_kq-9TbW1mPq0aLr7Yw");
    EXPECT_EQ(KioskSettings().ticketUrl, QStringLiteral("{server}{page}"));
    EXPECT_EQ(KioskSettings::ticketPageUrl(QStringLiteral("{server}{page}"), server, page, 7), server + page);
    EXPECT_EQ(KioskSettings::ticketPageUrl(QStringLiteral("https://office.example{page}?k=1"), server, page, 7),
              QStringLiteral("https://office.example") + page + QStringLiteral("?k=1"));
    // An old configuration with {id} against a server that sends pages: the page, since /t/<id> is gone.
    EXPECT_EQ(KioskSettings::ticketPageUrl(QStringLiteral("{server}/t/{id}"), server, page, 7), server + page);
    // An older server (no page): {id} keeps working, {page} is /t/<id>.
    EXPECT_EQ(KioskSettings::ticketPageUrl(QStringLiteral("{server}/t/{id}"), server, QString(), 7), server + QStringLiteral("/t/7"));
    EXPECT_EQ(KioskSettings::ticketPageUrl(QStringLiteral("{server}{page}"), server, QString(), 7), server + QStringLiteral("/t/7"));

    QString error;
    EXPECT_TRUE(KioskSettings::fromJson(QJsonObject{{QStringLiteral("ticket_url"), QStringLiteral("{server}{page}")}}, &error))
        << qPrintable(error);
    EXPECT_TRUE(KioskSettings::fromJson(QJsonObject{{QStringLiteral("ticket_url"), QStringLiteral("{server}/t/{id}")}}, &error));
    EXPECT_FALSE(KioskSettings::fromJson(QJsonObject{{QStringLiteral("ticket_url"), QStringLiteral("{server}/t/")}}, &error));
    EXPECT_TRUE(error.contains(QLatin1String("{page}"))) << qPrintable(error);
}

// ---------------------------------------------------------------- live administration (#15)

namespace {

struct Topic {
    const char *id;
    const char *name;
    const char *prefix;
    const char *segment;
};

// The catalogue the fake office answers: `topics` in this order, the office's phone.
QJsonObject catalogOf(const QList<Topic> &topics, const QString &phone, bool open = true)
{
    QJsonArray services;
    for (const Topic &t : topics)
        services.append(QJsonObject{{QStringLiteral("id"), QLatin1String(t.id)},
                                    {QStringLiteral("name"), QString::fromUtf8(t.name)},
                                    {QStringLiteral("prefix"), QString::fromUtf8(t.prefix)},
                                    {QStringLiteral("segment"), QLatin1String(t.segment)}});
    return QJsonObject{
        {QStringLiteral("office"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ЦОК")},
                                               {QStringLiteral("phone"), phone},
                                               {QStringLiteral("timezone"), QStringLiteral("Asia/Vladivostok")}}},
        {QStringLiteral("open"), open},
        {QStringLiteral("next_opening"), open ? QJsonValue() : QJsonValue(isoUtc(kOpening.toMSecsSinceEpoch()))},
        {QStringLiteral("services"), services}};
}

const Topic kPayments{"payments", "Платёжные документы", "П", "b2c"};
const Topic kContracts{"contracts", "Договоры", "К", "b2c"};
const Topic kMeters{"meters", "Приборы учёта", "М", "b2c"};
const Topic kCompanies{"b2b_contracts", "Договоры для юрлиц", "Ю", "b2b"};

QStringList ids(const QList<ServiceInfo> &topics)
{
    QStringList out;
    for (const ServiceInfo &s : topics)
        out << s.id;
    return out;
}

constexpr int kLive = 2000;   // issue #15: every screen shows a change within 2 s

} // namespace

// A topic added, one retired and the order changed in the live administration: the menu the
// visitor is reading shows the catalogue as the server now has it within 2 s, and the
// visitor stays on it; the phone printed on the ticket is the new one.
TEST_F(KioskControllerFake, ConfigChangedRebuildsTheMenuTheVisitorIsReading)
{
    QList<Topic> topics{kPayments, kContracts, kCompanies};
    QString phone = QStringLiteral("8-800-100-00-00");
    start([&](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(catalogOf(topics, phone))};
        return FakeResponse{201, json(issuedAnswer(QStringLiteral("/t/Zx3_kq-9TbW1mPq0aLr7Yw")))};
    }, {}, true);
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2C);
    ASSERT_EQ(m_c->screen(), S::Topics);
    EXPECT_EQ(ids(m_c->topics()), (QStringList{QStringLiteral("payments"), QStringLiteral("contracts")}));
    QSignalSpy screens(m_c.get(), &KioskController::screenChanged);

    topics = {kMeters, kPayments, kCompanies};   // meters added on top, contracts retired
    phone = QStringLiteral("8-800-200-00-00");
    m_server->publishConfigChanged(7, {QStringLiteral("topics"), QStringLiteral("office")});
    ASSERT_TRUE(waitUntil([&] { return m_c->topics().size() == 2 && m_c->topics().first().id == QLatin1String("meters"); },
                          kLive));
    EXPECT_EQ(ids(m_c->topics()), (QStringList{QStringLiteral("meters"), QStringLiteral("payments")}));
    EXPECT_EQ(m_c->screen(), S::Topics);   // the visitor was not thrown out
    EXPECT_TRUE(screens.isEmpty());
    EXPECT_TRUE(m_c->topicNotice().isEmpty());
    EXPECT_EQ(m_c->catalog().office.phone, phone);

    m_c->chooseTopic(QStringLiteral("meters"));
    ASSERT_TRUE(waitUntil([&] { return m_printer.printed().size() == 1; }));
    EXPECT_EQ(m_printer.printed().first().complaintText,
              QStringLiteral("If you are not satisfied with the quality of service, call 8-800-200-00-00"));
}

// A visitor typing a booking code or reading the help is not disturbed by a change, and a
// change that closes the office (its hours edited) shows the closed screen at once.
TEST_F(KioskControllerFake, ConfigChangedLeavesOtherScreensAloneAndAppliesTheHours)
{
    QList<Topic> topics{kPayments, kContracts};
    bool open = true;
    start([&](const FakeRequest &) { return FakeResponse{200, json(catalogOf(topics, {}, open))}; }, {}, true);
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->openBooking();
    for (const QChar k : QStringLiteral("47"))
        m_c->bookingKey(k);
    ASSERT_TRUE(settled());
    const int loads = m_server->count("GET", "/api/v1/services");

    topics = {kPayments};
    m_server->publishConfigChanged(8, {QStringLiteral("topics")});
    ASSERT_TRUE(waitUntil([&] { return m_c->catalog().services.size() == 1; }, kLive));
    EXPECT_EQ(m_server->count("GET", "/api/v1/services"), loads + 1);
    EXPECT_EQ(m_c->screen(), S::Booking);
    EXPECT_EQ(m_c->bookingCode(), QStringLiteral("47"));
    EXPECT_TRUE(m_c->topicNotice().isEmpty());

    open = false;   // today's hours end now
    m_server->publishConfigChanged(9, {QStringLiteral("office")});
    ASSERT_TRUE(waitScreen(S::Closed));
    EXPECT_EQ(m_c->openingText(), QStringLiteral("today at 08:00"));
}

// The visitor chose a topic and is deciding what to do about the printer when that topic is
// retired: back to the menu, which says why, and any other topic can be chosen from it.
TEST_F(KioskControllerFake, VisitorOnARetiredTopicGoesBackToTheMenuWithANotice)
{
    QList<Topic> topics{kPayments, kContracts};
    start([&](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(catalogOf(topics, {}))};
        return FakeResponse{201, json(issuedAnswer(QStringLiteral("/t/Zx3_kq-9TbW1mPq0aLr7Yw")))};
    }, {}, true);
    ASSERT_TRUE(waitScreen(S::Start));
    m_printer.setDeviceState(hardware::PrinterState::PaperOut);
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("contracts"));
    ASSERT_TRUE(waitScreen(S::PrinterProblem));

    topics = {kPayments};
    m_server->publishConfigChanged(10, {QStringLiteral("topics")});
    ASSERT_TRUE(waitScreen(S::Topics));
    EXPECT_EQ(ids(m_c->topics()), QStringList{QStringLiteral("payments")});
    EXPECT_EQ(m_c->topicNotice(), QStringLiteral("The topic you chose is no longer served. Please choose another one."));
    EXPECT_EQ(m_c->idleDeadlineMs(), m_clock.nowMs() + KioskSettings().inactivityTimeoutMs);
    m_c->issueWithoutPrinter();   // nothing pending any more
    EXPECT_EQ(m_c->screen(), S::Topics);
    EXPECT_EQ(m_server->count("POST", "/api/v1/tickets"), 0);

    m_printer.setDeviceState(hardware::PrinterState::Ready);
    m_c->chooseTopic(QStringLiteral("payments"));
    EXPECT_TRUE(m_c->topicNotice().isEmpty());
    ASSERT_TRUE(waitScreen(S::Ticket));
    EXPECT_EQ(m_printer.printed().size(), 1);
}

// The last topic of the visitor's segment is retired while they read its menu: the start
// screen, with the notice; it goes away with the notice timeout like any notice.
TEST_F(KioskControllerFake, ASegmentWithoutTopicsSendsTheVisitorToTheStart)
{
    QList<Topic> topics{kPayments, kCompanies};
    start([&](const FakeRequest &) { return FakeResponse{200, json(catalogOf(topics, {}))}; }, {}, true);
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2B);
    ASSERT_EQ(m_c->screen(), S::Topics);

    topics = {kPayments};
    m_server->publishConfigChanged(11, {QStringLiteral("topics")});
    ASSERT_TRUE(waitScreen(S::Start));
    EXPECT_FALSE(m_c->hasSegment(Segment::B2B));
    EXPECT_FALSE(m_c->topicNotice().isEmpty());
    elapse(KioskSettings().noticeTimeoutMs);
    EXPECT_EQ(m_c->screen(), S::Start);
    EXPECT_TRUE(m_c->topicNotice().isEmpty());
}

// Retired between the menu and the tap: the server refuses the ticket (unknown_service), the
// visitor is back on the menu without that topic, with the notice, not on "unavailable".
TEST_F(KioskControllerFake, TopicRetiredBeforeTheTapIsRefusedAndLeavesTheMenu)
{
    QList<Topic> topics{kPayments, kContracts};
    start([&](const FakeRequest &req) {
        if (req.target.endsWith("/services"))
            return FakeResponse{200, json(catalogOf(topics, {}))};
        topics = {kPayments};   // retired a moment before the tap; its event not seen yet
        return FakeResponse{400, error("unknown_service")};
    });
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("contracts"));
    ASSERT_TRUE(waitUntil([&] { return !m_c->topicNotice().isEmpty(); }));
    EXPECT_EQ(m_c->screen(), S::Topics);
    EXPECT_EQ(ids(m_c->topics()), QStringList{QStringLiteral("payments")});
    EXPECT_TRUE(m_printer.printed().isEmpty());
}

// An event type this kiosk does not know (a newer server's) is passed by: the stream stays
// up and the next change is still applied.
TEST_F(KioskControllerFake, UnknownEventTypesAreIgnored)
{
    QList<Topic> topics{kPayments};
    start([&](const FakeRequest &) { return FakeResponse{200, json(catalogOf(topics, {}))}; }, {}, true);
    ASSERT_TRUE(waitScreen(S::Start));
    ASSERT_TRUE(settled());
    const int loads = m_server->count("GET", "/api/v1/services");
    m_server->publish(QJsonObject{{QStringLiteral("type"), QStringLiteral("office.renovated")},
                                  {QStringLiteral("at"), isoUtc(kNow.toMSecsSinceEpoch())}});
    m_server->publish(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kTicketIssued)},
                                  {QStringLiteral("at"), isoUtc(kNow.toMSecsSinceEpoch())}});
    topics = {kPayments, kContracts};
    m_server->publishConfigChanged(12, {QStringLiteral("topics")});
    ASSERT_TRUE(waitUntil([&] { return m_c->catalog().services.size() == 2; }, kLive));
    EXPECT_EQ(m_server->count("GET", "/api/v1/services"), loads + 1);   // only the change reloads
    EXPECT_TRUE(m_stream->isConnected());
    EXPECT_EQ(m_c->screen(), S::Start);
}
