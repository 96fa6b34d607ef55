// Offscreen GUI tests: the real desk window, driven through widgets found by objectName,
// against the real queue-server process; time from a ManualClock where it matters.
#include "deskfixture.h"

#include "operator_desk/logic/samplestate.h"
#include "operator_desk/ui/deskwindow.h"
#include "operator_desk/ui/screenshots.h"
#include "operator_desk/ui/workpage.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace queue;
using namespace queue::desk;
using namespace queue::desk::test;

namespace {

class DeskGuiTest : public DeskFixture {
protected:
    void SetUp() override
    {
        DeskFixture::SetUp();
        window = std::make_unique<ui::DeskWindow>(desk.get());
        window->resize(1366, 768);
        window->show();
    }
    void TearDown() override
    {
        window.reset();
        DeskFixture::TearDown();
    }

    template <typename T = QWidget>
    T *w(const char *name)
    {
        T *found = window->findChild<T *>(QLatin1String(name));
        EXPECT_TRUE(found) << "no widget " << name;
        return found;
    }
    QString text(const char *name) { return w<QLabel>(name)->text(); }
    // Clicks a button once it is enabled, then waits for the action to finish.
    void click(const char *name)
    {
        auto *b = w<QPushButton>(name);
        ASSERT_TRUE(waitUntil([&] { return b->isEnabled() && b->isVisible(); }, 10000)) << name << " stays disabled";
        QTest::mouseClick(b, Qt::LeftButton);
        ASSERT_TRUE(waitUntil([&] { return !desk->isBusy(); }, 15000));
    }
    void loginThroughWidgets(int window = 2)
    {
        w<QLineEdit>("loginEdit")->setText(QStringLiteral("op%1").arg(window));
        w<QLineEdit>("pinEdit")->setText(QStringLiteral("1234"));
        w<QSpinBox>("windowSpin")->setValue(window);
        QTest::mouseClick(w<QPushButton>("loginButton"), Qt::LeftButton);
        ASSERT_TRUE(waitUntil([&] {
            return desk->isOnline() && !desk->state().catalogue.isEmpty() && !desk->state().windows.isEmpty();
        }, 15000));
    }

    std::unique_ptr<ui::DeskWindow> window;
};

} // namespace

TEST_F(DeskGuiTest, LoginShowsRussianTextAndTheWindowsTopics)
{
    EXPECT_EQ(w<QPushButton>("loginButton")->text(), QStringLiteral("Войти"));
    w<QLineEdit>("loginEdit")->setText(QStringLiteral("op2"));
    w<QLineEdit>("pinEdit")->setText(QStringLiteral("0000"));
    w<QSpinBox>("windowSpin")->setValue(2);
    QTest::mouseClick(w<QPushButton>("loginButton"), Qt::LeftButton);
    // The PIN is checked on the server's hashing thread (nice 10): on a busy machine that takes a while.
    ASSERT_TRUE(waitUntil([&] { return w<QLabel>("loginError")->isVisible(); }, 30000));
    EXPECT_FALSE(text("loginError").isEmpty());

    loginThroughWidgets(2);
    EXPECT_TRUE(text("headerTitle").contains(QStringLiteral("Окно 2")));
    EXPECT_TRUE(text("headerTopics").contains(QStringLiteral("Договоры")));
    EXPECT_TRUE(text("headerTopics").contains(QStringLiteral("Платёжные документы")));
    EXPECT_EQ(w<QPushButton>("callButton")->text(), QStringLiteral("Вызвать следующего"));
    EXPECT_TRUE(text("connectionLabel").contains(QStringLiteral("На связи")));
}

TEST_F(DeskGuiTest, CallStartFinishRedirectPauseResume)
{
    loginThroughWidgets(2);
    const QJsonObject first = issue(QStringLiteral("payments"), QStringLiteral("disability"));
    issue(QStringLiteral("contracts"));
    ASSERT_TRUE(waitQueue(2));
    EXPECT_TRUE(text("queueTotalLabel").contains(QLatin1String("2")));

    // Call: the out-of-turn client first.
    click("callButton");
    EXPECT_EQ(text("ticketNumberLabel"), first.value(QStringLiteral("number")).toString());
    EXPECT_TRUE(w<QLabel>("priorityLabel")->isVisible());
    EXPECT_TRUE(text("priorityLabel").contains(QStringLiteral("ВНЕ ОЧЕРЕДИ")));
    EXPECT_FALSE(w<QPushButton>("finishButton")->isEnabled());

    // Recall once: the count shows on the button.
    click("recallButton");
    EXPECT_TRUE(w<QPushButton>("recallButton")->text().contains(QLatin1String("(1)")));

    // Start, then finish through the outcome form.
    click("startButton");
    EXPECT_TRUE(w<QLabel>("serviceTimerLabel")->isVisible());
    click("finishButton");
    EXPECT_EQ(window->workPage()->form(), ui::WorkPage::Form::Finish);
    w<QRadioButton>("outcomeStopped")->setChecked(true);
    EXPECT_FALSE(w<QPushButton>("finishConfirmButton")->isEnabled());   // comment required
    EXPECT_TRUE(w<QLabel>("commentHint")->isVisible());
    w<QLineEdit>("commentEdit")->setText(QStringLiteral("Оскорбления"));
    click("finishConfirmButton");
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(window->workPage()->form(), ui::WorkPage::Form::None);
    EXPECT_FALSE(w<QLabel>("ticketNumberLabel")->isVisible());
    const QJsonObject done = ticketOnServer(first.value(QStringLiteral("id")).toInteger());
    EXPECT_EQ(done.value(QStringLiteral("outcome")).toString(), QStringLiteral("service_stopped"));

    // Redirect the next client to window 3.
    click("callButton");
    ASSERT_TRUE(desk->ticket());
    const qint64 second = desk->ticket()->id;
    click("redirectButton");
    auto *windows = w<QComboBox>("redirectWindowCombo");
    windows->setCurrentIndex(windows->findData(3));
    click("redirectConfirmButton");
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(ticketOnServer(second).value(QStringLiteral("target_window")).toInt(), 3);

    // Pause for lunch, then resume.
    click("pauseButton");
    click("pauseLunchButton");
    EXPECT_TRUE(w<QPushButton>("resumeButton")->isVisible());
    EXPECT_FALSE(w<QPushButton>("callButton")->isEnabled());
    EXPECT_TRUE(text("windowStateLabel").contains(QStringLiteral("обед")));
    EXPECT_EQ(windowOnServer(2).value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
    click("resumeButton");
    EXPECT_EQ(windowOnServer(2).value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    EXPECT_TRUE(w<QPushButton>("callButton")->isEnabled());
}

TEST_F(DeskGuiTest, KeyboardAndKeypadShortcutsDriveTheDesk)
{
    loginThroughWidgets(2);
    issue(QStringLiteral("payments"));
    ASSERT_TRUE(waitQueue(1));
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_Plus, Qt::KeypadModifier);   // call
    ASSERT_TRUE(waitUntil([&] { return desk->ticket() && !desk->isBusy(); }, 10000));
    QTest::keyClick(window.get(), Qt::Key_F3);                         // start
    ASSERT_TRUE(waitUntil([&] {
        return desk->ticket() && desk->ticket()->state == TicketState::Serving && !desk->isBusy();
    }, 10000));
    QTest::keyClick(window.get(), Qt::Key_Minus, Qt::KeypadModifier);  // open the finish form
    EXPECT_EQ(window->workPage()->form(), ui::WorkPage::Form::Finish);
    QTest::keyClick(window.get(), Qt::Key_Escape);                     // close it again
    EXPECT_EQ(window->workPage()->form(), ui::WorkPage::Form::None);
    EXPECT_TRUE(desk->ticket());
    QTest::keyClick(window.get(), Qt::Key_F4);                         // open it with F4
    EXPECT_EQ(window->workPage()->form(), ui::WorkPage::Form::Finish);
    QTest::keyClick(window.get(), Qt::Key_Minus, Qt::KeypadModifier);  // confirm: resolved
    ASSERT_TRUE(waitUntil([&] { return !desk->ticket() && !desk->isBusy(); }, 10000));
}

TEST_F(DeskGuiTest, ServiceTimerColoursFollowTheInjectedClock)
{
    loginThroughWidgets(2);
    issue(QStringLiteral("payments"));   // service norm 5 min
    ASSERT_TRUE(waitQueue(1));
    click("callButton");
    click("startButton");
    ASSERT_TRUE(waitUntil([&] { return api->pendingCount() == 0; }));
    auto *timer = w<QLabel>("serviceTimerLabel");
    clock->setMs(desk->ticket()->startedAt - desk->clockOffsetMs() + 60 * 1000);
    desk->tick();
    EXPECT_EQ(timer->property("level").toInt(), static_cast<int>(NormLevel::Green));
    EXPECT_TRUE(timer->styleSheet().contains(QLatin1String("#1b7f3b")));
    EXPECT_TRUE(timer->text().contains(QStringLiteral("1:00")));
    EXPECT_TRUE(timer->text().contains(QStringLiteral("в норме")));
    clock->advanceSec(3 * 60 + 30);   // 4:30 of 5 min
    desk->tick();
    EXPECT_EQ(timer->property("level").toInt(), static_cast<int>(NormLevel::Amber));
    EXPECT_TRUE(timer->styleSheet().contains(QLatin1String("#f2b705")));
    clock->advanceSec(31);            // 5:01
    desk->tick();
    EXPECT_EQ(timer->property("level").toInt(), static_cast<int>(NormLevel::Red));
    EXPECT_TRUE(timer->styleSheet().contains(QLatin1String("#c62828")));
    EXPECT_TRUE(timer->text().contains(QStringLiteral("сверх нормы")));
}

TEST_F(DeskGuiTest, QueuePanelHighlightsAWaitOverTheNorm)
{
    loginThroughWidgets(2);
    issue(QStringLiteral("payments"));   // waiting norm 5 min
    ASSERT_TRUE(waitQueue(1));
    ASSERT_TRUE(waitUntil([&] { return api->pendingCount() == 0; }));
    QLabel *oldest = nullptr;
    for (QWidget *row : window->findChildren<QWidget *>(QStringLiteral("queueRow")))
        if (row->property("service").toString() == QLatin1String("payments"))
            oldest = row->findChild<QLabel *>(QStringLiteral("queueOldest"));
    ASSERT_TRUE(oldest);
    const qint64 issuedAt = desk->state().queue.first().ticket.issuedAt;
    clock->setMs(issuedAt - desk->clockOffsetMs() + 60 * 1000);
    desk->tick();
    EXPECT_EQ(oldest->property("level").toInt(), static_cast<int>(NormLevel::Green));
    clock->advanceSec(4 * 60 + 1);     // 5:01 of 5 min
    desk->tick();
    EXPECT_EQ(oldest->property("level").toInt(), static_cast<int>(NormLevel::Red));
    EXPECT_TRUE(oldest->styleSheet().contains(QLatin1String("#c62828")));
    EXPECT_TRUE(oldest->text().contains(QStringLiteral("сверх нормы")));
    EXPECT_TRUE(oldest->text().contains(QStringLiteral("5:01")));
}

TEST_F(DeskGuiTest, ServerRestartInTheMiddleOfAService)
{
    loginThroughWidgets(2);
    issue(QStringLiteral("contracts"));
    ASSERT_TRUE(waitQueue(1));
    click("callButton");
    click("startButton");
    const QString number = text("ticketNumberLabel");
    const quint16 port = server.port();

    server.kill9();
    ASSERT_TRUE(waitUntil([&] { return text("connectionLabel").contains(QStringLiteral("Нет связи")); }, 3000));
    EXPECT_FALSE(w<QPushButton>("finishButton")->isEnabled());
    EXPECT_FALSE(w<QPushButton>("redirectButton")->isEnabled());
    EXPECT_TRUE(w<QLabel>("messageLabel")->isVisible());
    EXPECT_EQ(text("ticketNumberLabel"), number);

    ASSERT_TRUE(server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
    ASSERT_TRUE(waitUntil([&] { return text("connectionLabel").contains(QStringLiteral("На связи")); }, 15000));
    EXPECT_EQ(text("ticketNumberLabel"), number);
    click("finishButton");
    click("finishConfirmButton");
    EXPECT_FALSE(desk->ticket());
}

TEST_F(DeskGuiTest, CompactPanelHidesTheSidePanels)
{
    loginThroughWidgets(2);
    auto *queueTable = w<QWidget>("queuePanel");
    EXPECT_TRUE(queueTable->isVisible());
    QTest::mouseClick(w<QPushButton>("compactButton"), Qt::LeftButton);
    EXPECT_TRUE(window->isCompact());
    EXPECT_FALSE(queueTable->isVisible());
    EXPECT_TRUE(window->windowFlags().testFlag(Qt::WindowStaysOnTopHint));
    EXPECT_LE(window->width(), 540) << "minimum width " << window->minimumSizeHint().width();
    EXPECT_TRUE(w<QPushButton>("callButton")->isVisible());
}

TEST(DeskScreenshots, WritesThePngsOfTheMainStates)
{
    QTemporaryDir dir;
    QString error;
    const queue::test::ManualClock clock(QDateTime(QDate(2026, 12, 3), QTime(11, 0)));
    const QStringList files = ui::writeScreenshots(dir.path(), DeskSettings(), clock, &error);
    ASSERT_FALSE(files.isEmpty()) << error.toStdString();
    EXPECT_TRUE(files.contains(QDir(dir.path()).filePath(QStringLiteral("queue-desk-login.png"))));
    EXPECT_TRUE(files.contains(QDir(dir.path()).filePath(QStringLiteral("queue-desk-serving-sample.png"))));
    for (const QString &f : files) {
        const QImage img(f);
        EXPECT_FALSE(img.isNull()) << f.toStdString();
        EXPECT_GE(img.width(), 400);
    }
}
