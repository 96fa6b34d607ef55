// The kiosk's view-model against the real queue server (TestServer), with the fake printer:
// loading the catalogue, in-turn and out-of-turn tickets, the closed office, the server
// going away and coming back, printer faults (a ticket that did not print is cancelled; also
// with the serial ESC/POS back end over a socat pty pair), inactivity and the booking keypad.
#include "logic/kioskcontroller.h"
#include "logic/kiosktexts.h"
#include "printer/fakeprinter.h"
#include "printer/printerfactory.h"

#include "support/closedoffice.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QSerialPort>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::kiosk;
using hardware::FakePrinter;
using hardware::PrinterState;
using S = KioskController::Screen;
using test::TestServer;
using test::waitUntil;

namespace {

const char *const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Open only tomorrow (00:00-23:59 local time): closed now, with a known next opening.
QJsonObject closedUntilTomorrow()
{
    QJsonObject c = test::testOfficeConfig();
    const int tomorrow = QDate::currentDate().addDays(1).dayOfWeek() - 1;
    QJsonObject schedule;
    for (int d = 0; d < 7; ++d)
        schedule.insert(QString::fromLatin1(kDays[d]),
                        d == tomorrow ? QJsonArray{QStringLiteral("00:00-23:59")} : QJsonArray{});
    c.insert(QStringLiteral("schedule"), schedule);
    return c;
}

QJsonObject alwaysClosed()
{
    QJsonObject c = test::testOfficeConfig();
    c.insert(QStringLiteral("schedule"), QJsonObject{});
    return c;
}

KioskSettings fastSettings()
{
    KioskSettings s;
    s.retryIntervalMs = 200;
    s.refreshIntervalMs = 60000;
    return s;
}

class KioskLogic : public ::testing::Test {
protected:
    void start(QJsonObject config = test::testOfficeConfig(), KioskSettings settings = fastSettings())
    {
        m_server = std::make_unique<TestServer>(std::move(config));
        ASSERT_TRUE(m_server->start()) << m_server->output().toStdString();
        m_api = std::make_unique<client::ApiClient>(m_server->url());
        m_api->setToken(QStringLiteral("kiosk-token"));
        m_api->setTimeout(2000);
        m_c = std::make_unique<KioskController>(m_api.get(), &m_printer, m_clock, settings);
        m_c->start();
    }
    // Moves the clock and lets the controller look at its deadlines.
    void elapse(qint64 ms)
    {
        m_clock.advanceMs(ms);
        m_c->tick();
    }

    bool waitScreen(S s, int ms = 10000)
    {
        return waitUntil([&] { return m_c->screen() == s; }, ms);
    }
    QJsonObject serverTicket(qint64 id)
    {
        return test::http("GET", m_server->url(QStringLiteral("/api/v1/tickets/%1").arg(id)), "kiosk-token").json();
    }
    int waitingOnServer()
    {
        const QJsonObject q = test::http("GET", m_server->url(QStringLiteral("/api/v1/queue")), "kiosk-token").json();
        int n = 0;
        for (const QJsonValue &s : q.value(QStringLiteral("services")).toArray())
            n += s.toObject().value(QStringLiteral("waiting")).toInt();
        return n;
    }

    // Starts at the real time (the server's tickets are stamped with it); the inactivity
    // tests move it on by hand.
    test::ManualClock m_clock{QDateTime::currentMSecsSinceEpoch()};
    FakePrinter m_printer;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<client::ApiClient> m_api;
    std::unique_ptr<KioskController> m_c;
};

} // namespace

TEST_F(KioskLogic, LoadsServicesAndOffice)
{
    start();
    EXPECT_EQ(m_c->screen(), S::Loading);
    ASSERT_TRUE(waitScreen(S::Start));
    EXPECT_EQ(m_c->catalog().office.name, QStringLiteral("Тестовый офис"));
    EXPECT_EQ(m_c->catalog().office.phone, QStringLiteral("8-800-000-00-00"));
    EXPECT_TRUE(m_c->catalog().open);
    EXPECT_TRUE(m_c->hasSegment(Segment::B2C));
    EXPECT_TRUE(m_c->hasSegment(Segment::B2B));
    EXPECT_EQ(m_c->priorities(), (QStringList{QStringLiteral("disability"), QStringLiteral("veteran"),
                                              QStringLiteral("pregnant"), QStringLiteral("with_infant"),
                                              QStringLiteral("other_legal")}));
    m_c->chooseSegment(Segment::B2C);
    EXPECT_EQ(m_c->screen(), S::Topics);
    QStringList ids;
    for (const ServiceInfo &s : m_c->topics())
        ids << s.id;
    EXPECT_EQ(ids, (QStringList{QStringLiteral("reception"), QStringLiteral("contracts"), QStringLiteral("payments")}));
    m_c->goHome();
    m_c->chooseSegment(Segment::B2B);
    ASSERT_EQ(m_c->topics().size(), 1);
    EXPECT_EQ(m_c->topics().first().id, QStringLiteral("b2b_contracts"));
    // The printer's paper state was read while idle.
    EXPECT_GE(m_printer.statusChecks(), 1);
}

TEST_F(KioskLogic, IssuesInTurnTicketAndPrintsIt)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    // Someone is already waiting for payments.
    ASSERT_EQ(test::http("POST", m_server->url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                         QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}})
                  .status,
              201);
    m_c->chooseSegment(Segment::B2C);
    const int checksBefore = m_printer.statusChecks();
    m_c->chooseTopic(QStringLiteral("payments"));
    EXPECT_EQ(m_c->screen(), S::Issuing);
    ASSERT_TRUE(waitScreen(S::Ticket));
    EXPECT_GT(m_printer.statusChecks(), checksBefore);   // asked the printer before issuing

    const auto &t = m_c->lastTicket();
    EXPECT_TRUE(t.printed);
    EXPECT_EQ(t.issued.ticket.number, QStringLiteral("П002"));
    EXPECT_EQ(t.issued.ahead, 1);
    EXPECT_EQ(t.topicName, QStringLiteral("Платёжные документы"));
    EXPECT_TRUE(t.priority.isEmpty());

    ASSERT_EQ(m_printer.printed().size(), 1);
    const hardware::TicketData &paper = m_printer.printed().first();
    EXPECT_EQ(paper.number, QStringLiteral("П002"));
    EXPECT_EQ(paper.officeName, QStringLiteral("Тестовый офис"));
    EXPECT_EQ(paper.topic, QStringLiteral("Платёжные документы"));
    EXPECT_TRUE(paper.priorityMark.isEmpty());
    EXPECT_EQ(paper.aheadText, QStringLiteral("People ahead of you: 1"));   // no translator in this test
    EXPECT_TRUE(paper.complaintText.endsWith(QStringLiteral("call 8-800-000-00-00")));
    // The QR code: the ticket's unguessable page from the server, never /t/<id> (issue #14).
    EXPECT_TRUE(t.issued.ticket.page.startsWith(QLatin1String("/t/"))) << qPrintable(t.issued.ticket.page);
    EXPECT_EQ(t.issued.ticket.page.size(), 3 + 22);
    EXPECT_EQ(paper.qrUrl, m_server->url(t.issued.ticket.page).toString());
    EXPECT_FALSE(paper.qrUrl.endsWith(QStringLiteral("/t/%1").arg(t.issued.ticket.id)));

    const QJsonObject onServer = serverTicket(t.issued.ticket.id);
    EXPECT_EQ(onServer.value(QStringLiteral("state")).toString(), QStringLiteral("waiting"));
    EXPECT_TRUE(onServer.value(QStringLiteral("priority")).isNull());
}

TEST_F(KioskLogic, IssuesOutOfTurnTicketWithCategory)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    test::http("POST", m_server->url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
               QJsonObject{{QStringLiteral("service"), QStringLiteral("contracts")}});
    m_c->openPriority();
    EXPECT_EQ(m_c->screen(), S::Priority);
    m_c->choosePriority(QStringLiteral("nonsense"));   // not offered: ignored
    EXPECT_EQ(m_c->screen(), S::Priority);
    m_c->choosePriority(QStringLiteral("disability"));
    EXPECT_EQ(m_c->screen(), S::Start);
    EXPECT_EQ(m_c->priority(), QStringLiteral("disability"));
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("contracts"));
    ASSERT_TRUE(waitScreen(S::Ticket));

    const auto &t = m_c->lastTicket();
    EXPECT_EQ(t.priority, QStringLiteral("disability"));
    EXPECT_EQ(t.issued.ahead, 0);   // called before the in-turn ticket already waiting
    EXPECT_EQ(serverTicket(t.issued.ticket.id).value(QStringLiteral("priority")).toString(),
              QStringLiteral("disability"));
    ASSERT_EQ(m_printer.printed().size(), 1);
    EXPECT_EQ(m_printer.printed().first().priorityMark,
              QStringLiteral("OUT OF TURN: ") + KioskTexts::priorityName(QStringLiteral("disability")));
    // The mark does not stick to the next visitor.
    EXPECT_TRUE(m_c->priority().isEmpty());
}

TEST_F(KioskLogic, ClosedOfficeShowsOpeningTimeAndIssuesNothing)
{
    start(closedUntilTomorrow());
    ASSERT_TRUE(waitScreen(S::Closed));
    EXPECT_FALSE(m_c->catalog().open);
    const QDateTime opening = QDateTime::fromMSecsSinceEpoch(m_c->catalog().nextOpening);
    EXPECT_EQ(opening.toLocalTime().date(), QDate::currentDate().addDays(1));
    EXPECT_EQ(opening.toLocalTime().time(), QTime(0, 0));
    EXPECT_EQ(m_c->openingText(), QStringLiteral("tomorrow at 00:00"));
    m_c->chooseSegment(Segment::B2C);   // nothing reacts on the closed screen
    EXPECT_EQ(m_c->screen(), S::Closed);
    EXPECT_EQ(waitingOnServer(), 0);
}

// The kiosk PC runs on UTC (ctest sets TZ=UTC for this binary); the office is in
// Vladivostok (UTC+10, no DST) and opens at 08:00 there. The visitor must read 08:00, not 22:00.
TEST_F(KioskLogic, OpeningTimeIsInTheOfficesTimeZoneNotTheMachines)
{
    const QTimeZone vladivostok("Asia/Vladivostok");
    ASSERT_TRUE(vladivostok.isValid());
    ASSERT_NE(vladivostok.offsetFromUtc(QDateTime::currentDateTimeUtc()),
              QDateTime::currentDateTime().offsetFromUtc()) << "run with TZ=UTC";
    QString opens;
    start(test::closedOfficeConfig(vladivostok, &opens));
    ASSERT_TRUE(waitScreen(S::Closed));
    EXPECT_EQ(m_c->catalog().office.timeZoneId, QStringLiteral("Asia/Vladivostok"));
    EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(m_c->catalog().nextOpening, vladivostok).time().toString(u"HH:mm"), opens);
    // "today at 08:00" or "tomorrow at 08:00", by the office's date.
    EXPECT_TRUE(m_c->openingText().endsWith(QStringLiteral(" at ") + opens)) << m_c->openingText().toStdString();
    const QDate officeToday = QDateTime::currentDateTimeUtc().toTimeZone(vladivostok).date();
    const QDate openingDay = QDateTime::fromMSecsSinceEpoch(m_c->catalog().nextOpening, vladivostok).date();
    EXPECT_EQ(m_c->openingText(), (openingDay == officeToday ? QStringLiteral("today at ") : QStringLiteral("tomorrow at "))
                                      + opens);
}

TEST_F(KioskLogic, ClosedWithoutScheduleHasNoOpeningTime)
{
    start(alwaysClosed());
    ASSERT_TRUE(waitScreen(S::Closed));
    EXPECT_EQ(m_c->catalog().nextOpening, 0);
}

TEST_F(KioskLogic, OfficeClosingBetweenLoadAndTapGives409AndClosedScreen)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2C);
    // The office closes while the visitor reads the topics: the next request meets a closed
    // office (a second server with the same topics, closed until tomorrow).
    TestServer closed(closedUntilTomorrow());
    ASSERT_TRUE(closed.start());
    m_api->setBaseUrl(closed.url());
    m_c->chooseTopic(QStringLiteral("payments"));
    ASSERT_TRUE(waitScreen(S::Closed));
    EXPECT_FALSE(m_c->catalog().open);
    // The opening time comes with the catalogue the kiosk asks for at once.
    ASSERT_TRUE(waitUntil([&] { return m_c->catalog().nextOpening != 0; }));
    EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(m_c->catalog().nextOpening).toLocalTime().date(),
              QDate::currentDate().addDays(1));
    EXPECT_TRUE(m_printer.printed().isEmpty());
}

TEST_F(KioskLogic, ServerDownShowsUnavailableAndRecovers)
{
    KioskSettings s = fastSettings();
    s.refreshIntervalMs = 300;
    start(test::testOfficeConfig(), s);
    ASSERT_TRUE(waitScreen(S::Start));
    const quint16 port = m_server->port();
    m_server->stop();
    ASSERT_TRUE(waitScreen(S::Unavailable, 10000));
    // Taps do nothing while unavailable; the controller keeps retrying.
    m_c->chooseSegment(Segment::B2C);
    EXPECT_EQ(m_c->screen(), S::Unavailable);
    ASSERT_TRUE(m_server->start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}))
        << m_server->output().toStdString();
    ASSERT_EQ(m_server->port(), port);
    ASSERT_TRUE(waitScreen(S::Start, 10000));
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("reception"));
    ASSERT_TRUE(waitScreen(S::Ticket));
    EXPECT_EQ(m_c->lastTicket().issued.ticket.number, QStringLiteral("Д001"));
}

TEST_F(KioskLogic, ServerNeverReachableIsUnavailable)
{
    quint16 port = 0;
    {
        QTcpServer probe;
        ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    client::ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    KioskController c(&api, &m_printer, m_clock, fastSettings());
    c.start();
    ASSERT_TRUE(waitUntil([&] { return c.screen() == S::Unavailable; }));
    EXPECT_FALSE(c.hasCatalog());
}

TEST_F(KioskLogic, ServerDownWhileIssuingIsUnavailableWithoutPrinting)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2C);
    m_server->stop();
    m_c->chooseTopic(QStringLiteral("payments"));
    ASSERT_TRUE(waitScreen(S::Unavailable, 15000));
    EXPECT_TRUE(m_printer.printed().isEmpty());
}

TEST_F(KioskLogic, PrinterOutBeforeIssuingAsksAndCanShowNumber)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    m_printer.setDeviceState(PrinterState::PaperOut);
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("payments"));
    ASSERT_TRUE(waitScreen(S::PrinterProblem));
    EXPECT_EQ(waitingOnServer(), 0);   // nothing issued yet
    m_c->issueWithoutPrinter();
    ASSERT_TRUE(waitScreen(S::Ticket));
    EXPECT_FALSE(m_c->lastTicket().printed);
    EXPECT_EQ(m_printer.attempts(), 0);
    EXPECT_EQ(waitingOnServer(), 1);
}

TEST_F(KioskLogic, PrinterProblemCancelIssuesNothing)
{
    KioskSettings s = fastSettings();
    s.issueWithoutPrinter = false;
    start(test::testOfficeConfig(), s);
    ASSERT_TRUE(waitScreen(S::Start));
    m_printer.setDeviceState(PrinterState::Offline);
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("payments"));
    ASSERT_TRUE(waitScreen(S::PrinterProblem));
    m_c->issueWithoutPrinter();   // not allowed by the settings
    EXPECT_EQ(m_c->screen(), S::PrinterProblem);
    m_c->goHome();
    EXPECT_EQ(m_c->screen(), S::Start);
    EXPECT_EQ(waitingOnServer(), 0);
}

TEST_F(KioskLogic, PrintFailingAfterIssueCancelsTicketAndShowsOutOfOrder)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    m_printer.failNextPrint(PrinterState::PaperOut);
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("contracts"));
    ASSERT_TRUE(waitScreen(S::OutOfOrder));
    EXPECT_TRUE(m_printer.printed().isEmpty());
    EXPECT_EQ(m_printer.attempts(), 1);
    EXPECT_TRUE(m_c->lastTicket().issued.ticket.number.isEmpty());   // no number to show
    EXPECT_EQ(m_c->printerStatus().state, PrinterState::PaperOut);
    // A ticket exists only if it printed: the server has it cancelled, nobody waits.
    ASSERT_TRUE(waitUntil([&] {
        return serverTicket(1).value(QStringLiteral("state")).toString() == QLatin1String("cancelled");
    }));
    EXPECT_EQ(serverTicket(1).value(QStringLiteral("number")).toString(), QStringLiteral("К001"));
    EXPECT_EQ(waitingOnServer(), 0);
    // The screen stays for notice_timeout_s, then the start screen comes back.
    EXPECT_EQ(m_c->screen(), S::OutOfOrder);
}

TEST_F(KioskLogic, OutOfOrderReturnsToStartAfterNotice)
{
    KioskSettings s = fastSettings();
    s.noticeTimeoutMs = 30000;
    start(test::testOfficeConfig(), s);
    ASSERT_TRUE(waitScreen(S::Start));
    m_printer.failNextPrint(PrinterState::Error);
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("payments"));
    ASSERT_TRUE(waitScreen(S::OutOfOrder));
    elapse(29999);
    EXPECT_EQ(m_c->screen(), S::OutOfOrder);
    elapse(1);
    EXPECT_EQ(m_c->screen(), S::Start);
    ASSERT_TRUE(waitUntil([&] { return waitingOnServer() == 0; }));
}

// The real serial ESC/POS back end through a socat pty pair; the test plays a printer whose
// roll is out (DLE EOT 4 answered with "paper end"). The status check before issuing is
// off, so the ticket is issued and the print job finds the empty roll.
TEST_F(KioskLogic, SerialEscPosPaperOutCancelsTicketAndShowsOutOfOrder)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString printerEnd = dir.filePath(QStringLiteral("printer"));
    const QString kioskEnd = dir.filePath(QStringLiteral("kiosk"));
    QProcess socat;
    socat.setProcessChannelMode(QProcess::MergedChannels);
    socat.start(QStringLiteral("socat"), {QStringLiteral("pty,raw,echo=0,link=%1").arg(printerEnd),
                                          QStringLiteral("pty,raw,echo=0,link=%1").arg(kioskEnd)});
    ASSERT_TRUE(socat.waitForStarted(5000)) << "socat (Debian package socat) is needed for this test";
    struct Stop {
        QProcess &p;
        ~Stop()
        {
            p.terminate();
            p.waitForFinished(5000);
        }
    } stop{socat};
    ASSERT_TRUE(waitUntil([&] { return QFileInfo::exists(printerEnd) && QFileInfo::exists(kioskEnd); }, 5000));
    QSerialPort port;
    port.setPortName(printerEnd);
    ASSERT_TRUE(port.open(QIODevice::ReadWrite)) << port.errorString().toStdString();
    port.setBaudRate(115200);
    QByteArray received;
    int queries = 0;
    QObject::connect(&port, &QSerialPort::readyRead, &port, [&] {
        const QByteArray data = port.readAll();
        received += data;
        const int n = data.count(QByteArray::fromHex("100404"));
        queries += n;
        for (int i = 0; i < n; ++i)
            port.write(QByteArray(1, char(0x72)));   // DLE EOT 4: paper end (bits 5 and 6)
    });

    QString error;
    std::unique_ptr<hardware::Printer> printer =
        hardware::createPrinter(QStringLiteral("escpos+serial://%1?baud=115200").arg(kioskEnd), &error);
    ASSERT_TRUE(printer) << error.toStdString();
    KioskSettings settings = fastSettings();
    settings.checkPrinterFirst = false;
    m_server = std::make_unique<TestServer>();
    ASSERT_TRUE(m_server->start()) << m_server->output().toStdString();
    m_api = std::make_unique<client::ApiClient>(m_server->url());
    m_api->setToken(QStringLiteral("kiosk-token"));
    m_api->setTimeout(2000);
    m_c = std::make_unique<KioskController>(m_api.get(), printer.get(), m_clock, settings);
    m_c->start();
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("reception"));
    ASSERT_TRUE(waitScreen(S::OutOfOrder, 15000));
    EXPECT_TRUE(m_c->lastTicket().issued.ticket.number.isEmpty());
    EXPECT_GE(queries, 1);
    EXPECT_EQ(received.size(), 3 * queries);   // only status queries: nothing was printed
    EXPECT_EQ(printer->status().state, hardware::PrinterState::PaperOut);
    ASSERT_TRUE(waitUntil([&] {
        return serverTicket(1).value(QStringLiteral("state")).toString() == QLatin1String("cancelled");
    }));
    EXPECT_EQ(waitingOnServer(), 0);
    m_c.reset();
    port.close();
}

TEST_F(KioskLogic, InactivityReturnsToStart)
{
    KioskSettings s = fastSettings();
    s.inactivityTimeoutMs = 60000;
    s.ticketTimeoutMs = 10000;
    start(test::testOfficeConfig(), s);
    ASSERT_TRUE(waitScreen(S::Start));
    EXPECT_EQ(m_c->idleDeadlineMs(), 0);   // nothing to undo on the start screen
    m_c->openPriority();
    m_c->choosePriority(QStringLiteral("pregnant"));
    m_c->chooseSegment(Segment::B2C);
    ASSERT_EQ(m_c->screen(), S::Topics);
    EXPECT_EQ(m_c->idleDeadlineMs(), m_clock.nowMs() + 60000);
    elapse(59999);
    ASSERT_EQ(m_c->screen(), S::Topics);
    elapse(1);
    ASSERT_EQ(m_c->screen(), S::Start);
    EXPECT_TRUE(m_c->priority().isEmpty());   // the half-made choice is forgotten

    m_c->chooseSegment(Segment::B2C);
    m_c->chooseTopic(QStringLiteral("reception"));
    ASSERT_TRUE(waitScreen(S::Ticket));
    elapse(9999);
    ASSERT_EQ(m_c->screen(), S::Ticket);
    elapse(1);
    EXPECT_EQ(m_c->screen(), S::Start);
}

TEST_F(KioskLogic, ActivityKeepsTheScreen)
{
    KioskSettings s = fastSettings();
    s.inactivityTimeoutMs = 1500;
    start(test::testOfficeConfig(), s);
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->openHelp();
    for (int i = 0; i < 8; ++i) {   // 8 × 1000 ms > 1500 ms, but with touches in between
        elapse(1000);
        m_c->userActivity();
        ASSERT_EQ(m_c->screen(), S::Help);
    }
    elapse(1500);
    EXPECT_EQ(m_c->screen(), S::Start);
}

// A booking made through the API (the manager's token may book) for the payments slot
// `slotsAhead` 5-minute slots after the current one; returns the code.
static QString bookPayments(const TestServer &server, int slotsAhead)
{
    const qint64 len = 5 * 60 * 1000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 start = (now / len + slotsAhead) * len;
    if (start - now < 30000)
        start += len;   // about to begin: the request could arrive after its start
    const test::HttpResult r = test::http(
        "POST", server.url(QStringLiteral("/api/v1/bookings")), "manager-token",
        QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                    {QStringLiteral("start"), QDateTime::fromMSecsSinceEpoch(start, QTimeZone::utc()).toString(Qt::ISODate)},
                    {QStringLiteral("phone"), QStringLiteral("89001234567")}});
    EXPECT_EQ(r.status, 201) << r.body.constData();
    return r.json().value(QStringLiteral("code")).toString();
}

TEST_F(KioskLogic, BookingKeypadChecksInThroughTheServer)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    m_c->openBooking();
    ASSERT_EQ(m_c->screen(), S::Booking);
    for (const QChar k : QStringLiteral("12345678901"))
        m_c->bookingKey(k);
    EXPECT_EQ(m_c->bookingCode(), QStringLiteral("12345678"));   // at most 8 digits
    m_c->bookingKey(QLatin1Char('<'));
    EXPECT_EQ(m_c->bookingCode(), QStringLiteral("1234567"));
    EXPECT_FALSE(m_c->bookingRejected());
    // An unknown code: back on the keypad with the reason, nothing issued.
    m_c->submitBooking();
    ASSERT_TRUE(waitUntil([&] { return m_c->bookingRejected(); }, 10000));
    EXPECT_EQ(m_c->bookingError(), QStringLiteral("unknown_booking"));
    // The kiosk's own words for the code (no translator loaded: the English source).
    EXPECT_EQ(m_c->bookingMessage(), QStringLiteral("There is no booking with code 1234567. Check the code, or take a "
                                                    "ticket for the topic of your visit."));
    EXPECT_EQ(m_c->screen(), S::Booking);
    EXPECT_EQ(waitingOnServer(), 0);
    EXPECT_TRUE(m_printer.printed().isEmpty());

    // A booking for the next slot: checked in, the ticket printed.
    const QString code = bookPayments(*m_server, 1);
    ASSERT_FALSE(code.isEmpty());
    m_c->goHome();
    m_c->openBooking();
    for (const QChar k : code)
        m_c->bookingKey(k);
    m_c->submitBooking();
    ASSERT_TRUE(waitScreen(S::Ticket));
    const KioskController::IssuedView &t = m_c->lastTicket();
    EXPECT_TRUE(t.printed);
    EXPECT_EQ(t.lateForSlot, 0);
    EXPECT_TRUE(t.issued.ticket.number.startsWith(QStringLiteral("П")));
    ASSERT_EQ(m_printer.printed().size(), 1);
    EXPECT_EQ(m_printer.printed().first().number, t.issued.ticket.number);
    EXPECT_EQ(waitingOnServer(), 1);
    EXPECT_TRUE(m_c->bookingCode().isEmpty());

    // The same code again: already used.
    m_c->goHome();
    m_c->openBooking();
    for (const QChar k : code)
        m_c->bookingKey(k);
    m_c->submitBooking();
    ASSERT_TRUE(waitUntil([&] { return m_c->bookingRejected(); }, 10000));
    EXPECT_EQ(m_c->bookingError(), QStringLiteral("already_checked_in"));
    EXPECT_EQ(waitingOnServer(), 1);
}

TEST_F(KioskLogic, EarlyBookedVisitorIsToldWhenToComeBack)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    const QString code = bookPayments(*m_server, 12);   // an hour ahead
    m_c->openBooking();
    for (const QChar k : code)
        m_c->bookingKey(k);
    m_c->submitBooking();
    ASSERT_TRUE(waitUntil([&] { return m_c->bookingRejected(); }, 10000));
    EXPECT_EQ(m_c->bookingError(), QStringLiteral("too_early"));
    EXPECT_EQ(m_c->screen(), S::Booking);
    EXPECT_EQ(m_c->bookingComeBackAt(), m_c->bookingSlot() - 15 * 60 * 1000);
    EXPECT_GT(m_c->bookingComeBackAt(), QDateTime::currentMSecsSinceEpoch());
    EXPECT_EQ(waitingOnServer(), 0);
    EXPECT_TRUE(m_printer.printed().isEmpty());
}

TEST_F(KioskLogic, RatingTheServiceByTicketNumber)
{
    start();
    ASSERT_TRUE(waitScreen(S::Start));
    auto enter = [&](const QString &number) {
        m_c->goHome();
        m_c->openRating();
        EXPECT_EQ(m_c->screen(), S::RatingNumber);
        for (const QChar k : number)
            m_c->ratingKey(k);
        m_c->submitRatingNumber();
    };
    EXPECT_TRUE(m_c->prefixes().contains(QStringLiteral("П")));

    // Typing: a letter that is no prefix is ignored, the number is padded to three digits.
    m_c->openRating();
    for (const QChar k : QStringLiteral("Z1П7"))
        m_c->ratingKey(k);
    EXPECT_EQ(m_c->ratingNumber(), QStringLiteral("П17"));
    m_c->ratingKey(QLatin1Char('<'));
    m_c->ratingKey(QLatin1Char('<'));
    m_c->ratingKey(QLatin1Char('<'));
    EXPECT_EQ(m_c->ratingNumber(), QString());
    m_c->submitRatingNumber();
    EXPECT_EQ(m_c->screen(), S::RatingNumber);   // nothing typed

    // An unknown number: told on the number screen.
    enter(QStringLiteral("П7"));
    ASSERT_EQ(m_c->screen(), S::RatingScore);
    EXPECT_EQ(m_c->ratingNumber(), QStringLiteral("П007"));
    m_c->rate(4);
    ASSERT_TRUE(waitScreen(S::RatingNumber));
    EXPECT_EQ(m_c->ratingError(), QStringLiteral("not_found"));
    EXPECT_EQ(m_c->ratingMessage(), QStringLiteral("There is no ticket П007 today. Check the number."));

    // A ticket still waiting cannot be rated yet.
    const test::HttpResult issued = test::http("POST", m_server->url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                                               QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}});
    ASSERT_EQ(issued.status, 201);
    const QString number = issued.json().value(QStringLiteral("number")).toString();
    enter(number);
    m_c->rate(5);
    ASSERT_TRUE(waitScreen(S::RatingNumber));
    EXPECT_EQ(m_c->ratingError(), QStringLiteral("not_served"));

    // Served: rated, thanks, and only once.
    const QByteArray op = test::login(*m_server, 1);
    ASSERT_FALSE(op.isEmpty());
    for (const char *action : {"call", "start"})
        ASSERT_EQ(test::http("POST", m_server->url(QStringLiteral("/api/v1/windows/1/") + QLatin1String(action)), op,
                             QJsonObject{}).status, 200);
    ASSERT_EQ(test::http("POST", m_server->url(QStringLiteral("/api/v1/windows/1/finish")), op,
                         QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    enter(number);
    m_c->rate(5);
    ASSERT_TRUE(waitScreen(S::RatingThanks));
    EXPECT_EQ(m_c->ratingScore(), 5);
    enter(number);
    m_c->rate(3);
    ASSERT_TRUE(waitScreen(S::RatingNumber));
    EXPECT_EQ(m_c->ratingError(), QStringLiteral("already_rated"));
}
