// The kiosk's view-model against an in-process fake server (the real server process is not
// the point here) on a ManualClock: the office's time zone, the kiosk's own words for the
// server's error codes, and the inactivity timeout, all without sleeping.
#include "logic/kioskcontroller.h"
#include "printer/fakeprinter.h"

#include "support/fakehttpserver.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/vladivostok.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::kiosk;
using S = KioskController::Screen;
using test::FakeHttpServer;
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
    void start(FakeHttpServer::Handler handler, KioskSettings s = {})
    {
        m_server = std::make_unique<FakeHttpServer>(std::move(handler));
        m_api = std::make_unique<client::ApiClient>(m_server->url());
        m_api->setTimeout(5000);
        s.refreshIntervalMs = 3600000;
        m_c = std::make_unique<KioskController>(m_api.get(), &m_printer, m_clock, s);
        m_c->start();
    }
    // Moves the clock and lets the controller look at its deadlines.
    void elapse(qint64 ms)
    {
        m_clock.advanceMs(ms);
        m_c->tick();
    }

    bool waitScreen(S s) { return waitUntil([&] { return m_c->screen() == s; }); }

    test::ManualClock m_clock{kNow};
    hardware::FakePrinter m_printer;
    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<client::ApiClient> m_api;
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
