// The kiosk's widgets offscreen against the real server, driven by objectName like a
// visitor's finger: the main flow, out of turn, language switch, closed and unavailable
// screens, inactivity, and the accessibility rules (target size, type size, reach).
#include "logic/kioskcontroller.h"
#include "logic/screenshotdriver.h"
#include "printer/fakeprinter.h"
#include "ui/bigbutton.h"
#include "ui/kioskwindow.h"

#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QAbstractButton>
#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>
#include <QLabel>
#include <QStackedWidget>
#include <QTcpServer>
#include <QTest>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::kiosk;
using S = KioskController::Screen;
using test::TestServer;
using test::waitUntil;

namespace {

class KioskGui : public ::testing::Test {
protected:
    void start(QJsonObject config = test::testOfficeConfig(), KioskSettings s = {}, bool serverUp = true)
    {
        s.retryIntervalMs = 200;
        s.refreshIntervalMs = 60000;
        m_server = std::make_unique<TestServer>(std::move(config));
        if (serverUp) {
            ASSERT_TRUE(m_server->start()) << m_server->output().toStdString();
            m_api.setBaseUrl(m_server->url());
        } else {
            QTcpServer probe;
            ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
            m_api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort())));
        }
        m_api.setToken(QStringLiteral("kiosk-token"));
        m_c = std::make_unique<KioskController>(&m_api, &m_printer, m_clock, s);
        m_w = std::make_unique<ui::KioskWindow>(m_c.get());
        m_w->resize(1080, 1920);
        m_w->show();
        m_c->start();
    }

    QWidget *page() const { return m_w->currentPage(); }
    bool waitPage(const char *name, int ms = 10000)
    {
        return waitUntil([&] { return page()->objectName() == QLatin1String(name); }, ms);
    }
    // Taps a visible button of the current page, as a finger would (press + release).
    void tap(const QString &name)
    {
        auto *b = page()->findChild<QAbstractButton *>(name);
        ASSERT_TRUE(b) << "no button " << name.toStdString() << " on " << page()->objectName().toStdString();
        ASSERT_TRUE(b->isVisible()) << name.toStdString();
        QTest::mouseClick(b, Qt::LeftButton);
    }
    QString text(const QString &label) const
    {
        auto *l = page()->findChild<QLabel *>(label);
        return l ? l->text() : QStringLiteral("<no %1>").arg(label);
    }
    QString buttonTitle(const QString &name) const
    {
        auto *b = page()->findChild<ui::BigButton *>(name);
        return b ? b->title() : QStringLiteral("<no %1>").arg(name);
    }

    test::ManualClock m_clock{QDateTime::currentMSecsSinceEpoch()};
    hardware::FakePrinter m_printer;
    client::ApiClient m_api;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<KioskController> m_c;
    std::unique_ptr<ui::KioskWindow> m_w;
};

} // namespace

TEST_F(KioskGui, TicketFlowAndBackToStartAfterInactivity)
{
    KioskSettings s;
    s.ticketTimeoutMs = 10000;
    start(test::testOfficeConfig(), s);
    ASSERT_TRUE(waitPage("startScreen"));
    EXPECT_EQ(text(QStringLiteral("officeName")), QStringLiteral("Тестовый офис"));
    EXPECT_EQ(buttonTitle(QStringLiteral("segmentB2c")), QStringLiteral("Частные клиенты"));
    EXPECT_EQ(buttonTitle(QStringLiteral("segmentB2b")), QStringLiteral("Юридические лица"));
    tap(QStringLiteral("segmentB2c"));
    ASSERT_TRUE(waitPage("topicsScreen"));
    EXPECT_EQ(text(QStringLiteral("topicsTitle")), QStringLiteral("Частные клиенты"));
    auto *topic = page()->findChild<ui::BigButton *>(QStringLiteral("topic_payments"));
    ASSERT_TRUE(topic);
    EXPECT_EQ(topic->title(), QStringLiteral("Платёжные документы"));
    EXPECT_EQ(topic->findChild<QLabel *>(QStringLiteral("status"))->text(),
              QStringLiteral("Очереди нет"));
    tap(QStringLiteral("topic_payments"));
    ASSERT_TRUE(waitPage("ticketScreen"));
    EXPECT_EQ(text(QStringLiteral("ticketTitle")), QStringLiteral("Возьмите талон"));
    EXPECT_EQ(text(QStringLiteral("ticketNumber")), QStringLiteral("П001"));
    EXPECT_EQ(text(QStringLiteral("ticketTopic")), QStringLiteral("Платёжные документы"));
    EXPECT_FALSE(page()->findChild<QLabel *>(QStringLiteral("ticketNote"))->isVisible());
    ASSERT_EQ(m_printer.printed().size(), 1);
    // Printed in Russian, with the standard's line.
    EXPECT_EQ(m_printer.printed().first().complaintText,
              QStringLiteral("Если Вы недовольны качеством обслуживания, позвоните 8-800-000-00-00"));
    m_clock.advanceMs(10000);
    m_c->tick();
    EXPECT_EQ(page()->objectName(), QStringLiteral("startScreen"));   // back by itself
}

TEST_F(KioskGui, OutOfTurnFlow)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    EXPECT_FALSE(page()->findChild<QLabel *>(QStringLiteral("priorityBanner"))->isVisible());
    tap(QStringLiteral("priorityButton"));
    ASSERT_TRUE(waitPage("priorityScreen"));
    EXPECT_EQ(text(QStringLiteral("priorityTitle")), QStringLiteral("Право на обслуживание вне очереди"));
    for (const char *c : {"disability", "veteran", "pregnant", "with_infant", "other_legal"})
        EXPECT_TRUE(page()->findChild<QAbstractButton *>(QStringLiteral("priority_") + QLatin1String(c))) << c;
    EXPECT_EQ(buttonTitle(QStringLiteral("priority_veteran")), QStringLiteral("Ветеран, участник боевых действий"));
    tap(QStringLiteral("priority_veteran"));
    ASSERT_TRUE(waitPage("startScreen"));
    auto *banner = page()->findChild<QLabel *>(QStringLiteral("priorityBanner"));
    EXPECT_TRUE(banner->isVisible());
    EXPECT_EQ(banner->text(), QStringLiteral("Вне очереди: Ветеран, участник боевых действий"));
    tap(QStringLiteral("segmentB2c"));
    ASSERT_TRUE(waitPage("topicsScreen"));
    EXPECT_TRUE(page()->findChild<QLabel *>(QStringLiteral("priorityBanner"))->isVisible());
    tap(QStringLiteral("topic_contracts"));
    ASSERT_TRUE(waitPage("ticketScreen"));
    auto *mark = page()->findChild<QLabel *>(QStringLiteral("ticketMark"));
    EXPECT_TRUE(mark->isVisible());
    EXPECT_EQ(mark->text(), QStringLiteral("Вне очереди: Ветеран, участник боевых действий"));
    const qint64 id = m_c->lastTicket().issued.ticket.id;
    EXPECT_EQ(test::http("GET", m_server->url(QStringLiteral("/api/v1/tickets/%1").arg(id)), "kiosk-token")
                  .json()
                  .value(QStringLiteral("priority"))
                  .toString(),
              QStringLiteral("veteran"));
    ASSERT_EQ(m_printer.printed().size(), 1);
    EXPECT_EQ(m_printer.printed().first().priorityMark, QStringLiteral("ВНЕ ОЧЕРЕДИ: Ветеран, участник боевых действий"));
    tap(QStringLiteral("doneButton"));
    ASSERT_TRUE(waitPage("startScreen"));
    EXPECT_FALSE(page()->findChild<QLabel *>(QStringLiteral("priorityBanner"))->isVisible());
}

TEST_F(KioskGui, LanguageSwitch)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    EXPECT_EQ(text(QStringLiteral("startTitle")), QStringLiteral("Получите талон. Вы обращаетесь как:"));
    auto *lang = page()->findChild<QAbstractButton *>(QStringLiteral("languageButton"));
    EXPECT_EQ(lang->text(), QStringLiteral("English"));
    tap(QStringLiteral("languageButton"));
    EXPECT_EQ(m_c->language(), QStringLiteral("en"));
    EXPECT_EQ(text(QStringLiteral("startTitle")), QStringLiteral("Take a ticket. Who are you?"));
    EXPECT_EQ(buttonTitle(QStringLiteral("segmentB2c")), QStringLiteral("Private clients"));
    EXPECT_EQ(buttonTitle(QStringLiteral("helpButton")), QStringLiteral("How to use"));
    EXPECT_EQ(lang->text(), QStringLiteral("Русский"));
    // Topic names come from the server and stay as they are.
    tap(QStringLiteral("segmentB2c"));
    ASSERT_TRUE(waitPage("topicsScreen"));
    EXPECT_EQ(text(QStringLiteral("topicsSubtitle")), QStringLiteral("Choose the topic of your visit"));
    EXPECT_EQ(buttonTitle(QStringLiteral("topic_contracts")), QStringLiteral("Договоры и консультации"));
    tap(QStringLiteral("backButton"));
    ASSERT_TRUE(waitPage("startScreen"));
    tap(QStringLiteral("languageButton"));
    EXPECT_EQ(buttonTitle(QStringLiteral("segmentB2c")), QStringLiteral("Частные клиенты"));
}

TEST_F(KioskGui, ClosedScreenSaysWhenTheOfficeOpens)
{
    QJsonObject config = test::testOfficeConfig();
    const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const int tomorrow = QDate::currentDate().addDays(1).dayOfWeek() - 1;
    QJsonObject schedule;
    for (int d = 0; d < 7; ++d)
        schedule.insert(QString::fromLatin1(days[d]),
                        d == tomorrow ? QJsonArray{QStringLiteral("09:30-18:00")} : QJsonArray{});
    config.insert(QStringLiteral("schedule"), schedule);
    start(config);
    ASSERT_TRUE(waitPage("closedScreen"));
    EXPECT_EQ(text(QStringLiteral("messageTitle")), QStringLiteral("Офис закрыт"));
    EXPECT_EQ(text(QStringLiteral("messageDetails")),
              QStringLiteral("Талоны выдаются в часы работы офиса.\nОфис откроется завтра в 09:30."));
    EXPECT_TRUE(m_printer.printed().isEmpty());
}

TEST_F(KioskGui, UnavailableScreen)
{
    start(test::testOfficeConfig(), {}, false);
    ASSERT_TRUE(waitPage("unavailableScreen"));
    EXPECT_EQ(text(QStringLiteral("messageTitle")), QStringLiteral("Терминал временно не работает"));
    EXPECT_TRUE(text(QStringLiteral("messageDetails")).startsWith(QStringLiteral("Нет связи с сервером очереди.")));
    // No technical detail reaches the visitor.
    EXPECT_FALSE(text(QStringLiteral("messageDetails")).contains(QStringLiteral("refused")));
}

TEST_F(KioskGui, PrinterProblemOffersNumberOnScreen)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    m_printer.setDeviceState(hardware::PrinterState::PaperOut);
    tap(QStringLiteral("segmentB2c"));
    ASSERT_TRUE(waitPage("topicsScreen"));
    tap(QStringLiteral("topic_reception"));
    ASSERT_TRUE(waitPage("printerProblemScreen"));
    EXPECT_EQ(text(QStringLiteral("messageTitle")), QStringLiteral("Принтер не работает"));
    tap(QStringLiteral("issueAnyway"));
    ASSERT_TRUE(waitPage("ticketScreen"));
    EXPECT_EQ(text(QStringLiteral("ticketTitle")), QStringLiteral("Запомните номер"));
    EXPECT_EQ(text(QStringLiteral("ticketNumber")), QStringLiteral("Д001"));
    EXPECT_TRUE(page()->findChild<QLabel *>(QStringLiteral("ticketNote"))->isVisible());
    tap(QStringLiteral("doneButton"));
    ASSERT_TRUE(waitPage("startScreen"));
    // The start screen now warns that numbers are shown on screen.
    EXPECT_TRUE(page()->findChild<QLabel *>(QStringLiteral("printerBanner"))->isVisible());
}

TEST_F(KioskGui, PrintFailingAfterIssueShowsOutOfOrderWithoutNumber)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    m_printer.failNextPrint(hardware::PrinterState::PaperOut);
    tap(QStringLiteral("segmentB2c"));
    ASSERT_TRUE(waitPage("topicsScreen"));
    tap(QStringLiteral("topic_reception"));
    ASSERT_TRUE(waitPage("outOfOrderScreen"));
    EXPECT_EQ(text(QStringLiteral("messageTitle")),
              QStringLiteral("Терминал временно не работает, обратитесь к специалисту"));
    // No number anywhere on the screen.
    for (QLabel *l : page()->findChildren<QLabel *>())
        if (l->isVisible()) {
            EXPECT_FALSE(l->text().contains(QStringLiteral("Д001"))) << l->text().toStdString();
        }
}

TEST_F(KioskGui, BookingAndHelpScreens)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    tap(QStringLiteral("bookingButton"));
    ASSERT_TRUE(waitPage("bookingScreen"));
    for (const char *k : {"key_4", "key_7", "key_1", "key_1", "key_back", "key_2"})
        tap(QString::fromLatin1(k));
    EXPECT_EQ(text(QStringLiteral("bookingCode")), QStringLiteral("4712"));
    EXPECT_FALSE(page()->findChild<QLabel *>(QStringLiteral("bookingMessage"))->isVisible());
    tap(QStringLiteral("key_ok"));   // no such booking on the server
    ASSERT_TRUE(test::waitUntil([&] { return m_c->bookingRejected(); }, 10000));
    ASSERT_TRUE(waitPage("bookingScreen"));
    EXPECT_TRUE(page()->findChild<QLabel *>(QStringLiteral("bookingMessage"))->isVisible());
    EXPECT_EQ(text(QStringLiteral("bookingMessage")),
              QStringLiteral("Записи с кодом 4712 нет. Проверьте код или возьмите талон по теме обращения."));
    tap(QStringLiteral("backButton"));
    ASSERT_TRUE(waitPage("startScreen"));
    tap(QStringLiteral("helpButton"));
    ASSERT_TRUE(waitPage("helpScreen"));
    EXPECT_EQ(text(QStringLiteral("helpTitle")), QStringLiteral("Как получить талон"));
    tap(QStringLiteral("backButton"));
    ASSERT_TRUE(waitPage("startScreen"));
}

TEST_F(KioskGui, AccessibleSizesAndReach)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    for (const bool portrait : {true, false}) {
        m_w->resize(portrait ? QSize(1080, 1920) : QSize(1920, 1080));
        for (const S s : {S::Start, S::Topics, S::Priority, S::Booking, S::Help, S::Ticket, S::PrinterProblem,
                           S::OutOfOrder, S::RatingNumber, S::RatingScore, S::RatingThanks}) {
            ScreenshotDriver(*m_c).showScreen(s);
            QApplication::processEvents();
            QWidget *p = m_w->page(s);
            ASSERT_EQ(page(), p);
            EXPECT_EQ(p->size(), m_w->size()) << p->objectName().toStdString();
            for (QAbstractButton *b : p->findChildren<QAbstractButton *>()) {
                if (!b->isVisible())
                    continue;
                const std::string what = p->objectName().toStdString() + "/" + b->objectName().toStdString();
                // ≥ 15 mm: 130 px is 15 mm on a 220 dpi panel; kiosk panels are ~100 dpi.
                EXPECT_GE(b->height(), 130) << what;
                EXPECT_GE(b->width(), 130) << what;
                if (!qobject_cast<ui::BigButton *>(b)) {
                    EXPECT_GE(b->font().pointSize(), 28) << what;
                }
                for (QLabel *l : b->findChildren<QLabel *>()) {
                    if (l->isVisible()) {
                        EXPECT_GE(l->font().pointSize(), 28) << what << " " << l->text().toStdString();
                    }
                }
                // Inside the screen, and in the lower two thirds of a portrait one.
                const QRect r(b->mapTo(p, QPoint(0, 0)), b->size());
                EXPECT_TRUE(p->rect().contains(r)) << what;
                if (portrait) {
                    EXPECT_GE(r.top(), p->height() / 3) << what;
                }
            }
        }
    }
}

TEST_F(KioskGui, CheckInWithABookingCodePrintsTheTicket)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    // The next 5-minute payments slot, booked through the API with the manager's token.
    const qint64 len = 5 * 60 * 1000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 slot = (now / len + 1) * len;
    if (slot - now < 30000)
        slot += len;   // about to begin: the request could arrive after its start; still within 15 min
    const test::HttpResult booked = test::http(
        "POST", m_server->url(QStringLiteral("/api/v1/bookings")), "manager-token",
        QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                    {QStringLiteral("start"), QDateTime::fromMSecsSinceEpoch(slot, QTimeZone::utc()).toString(Qt::ISODate)},
                    {QStringLiteral("phone"), QStringLiteral("89001234567")}});
    ASSERT_EQ(booked.status, 201) << booked.body.constData();
    tap(QStringLiteral("bookingButton"));
    ASSERT_TRUE(waitPage("bookingScreen"));
    for (const QChar k : booked.json().value(QStringLiteral("code")).toString())
        tap(QStringLiteral("key_") + k);
    tap(QStringLiteral("key_ok"));
    ASSERT_TRUE(waitPage("ticketScreen"));
    EXPECT_EQ(text(QStringLiteral("ticketNumber")), QStringLiteral("П001"));
    EXPECT_EQ(text(QStringLiteral("ticketTopic")), QStringLiteral("Платёжные документы"));
}

TEST_F(KioskGui, RateTheServiceScreens)
{
    start();
    ASSERT_TRUE(waitPage("startScreen"));
    tap(QStringLiteral("rateButton"));
    ASSERT_TRUE(waitPage("ratingNumberScreen"));
    EXPECT_EQ(text(QStringLiteral("ratingTitle")), QStringLiteral("Оценить обслуживание"));
    for (const QString &k : {QStringLiteral("rkey_letter_П"), QStringLiteral("rkey_4"), QStringLiteral("rkey_2")})
        tap(k);
    EXPECT_EQ(text(QStringLiteral("ratingNumber")), QStringLiteral("П42"));
    tap(QStringLiteral("rkey_ok"));
    ASSERT_TRUE(waitPage("ratingScoreScreen"));
    EXPECT_EQ(text(QStringLiteral("scoreSubtitle")), QStringLiteral("Талон П042"));
    tap(QStringLiteral("score_5"));   // no such ticket today
    ASSERT_TRUE(waitPage("ratingNumberScreen"));
    EXPECT_EQ(text(QStringLiteral("ratingMessage")), QStringLiteral("Талона П042 сегодня не было. Проверьте номер."));
    tap(QStringLiteral("backButton"));
    ASSERT_TRUE(waitPage("startScreen"));
}
