// The desk's view-model (DeskController) against the real queue-server process: no widgets.
#include "deskfixture.h"

#include <QSignalSpy>

#include <csignal>

using namespace queue;
using namespace queue::desk;
using namespace queue::desk::test;
using Action = DeskController::Action;

namespace {
qint64 idOf(const QJsonObject &t) { return t.value(QStringLiteral("id")).toInteger(); }
QString stateOf(const QJsonObject &t) { return t.value(QStringLiteral("state")).toString(); }
} // namespace

class DeskLogicTest : public DeskFixture {};

TEST_F(DeskLogicTest, LoginShowsWindowTopicsAndSegment)
{
    loginDesk(2);
    EXPECT_EQ(desk->windowNumber(), 2);
    EXPECT_EQ(desk->state().window.services, (QStringList{QStringLiteral("contracts"), QStringLiteral("payments")}));
    EXPECT_EQ(desk->state().window.segment, Segment::B2C);
    EXPECT_EQ(desk->state().op.name, QStringLiteral("Оператор 2"));
    EXPECT_EQ(desk->serviceName(QStringLiteral("payments")), QStringLiteral("Платёжные документы"));
    EXPECT_EQ(desk->state().maxRecalls, 3);
    EXPECT_EQ(windowOnServer(2).value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    EXPECT_TRUE(desk->canDo(Action::Call));
    EXPECT_FALSE(desk->canDo(Action::Finish));
}

TEST_F(DeskLogicTest, WrongPinStaysLoggedOutWithAMessage)
{
    desk->login(QStringLiteral("op2"), QStringLiteral("9999"), 2);
    ASSERT_TRUE(waitUntil([&] { return desk->phase() == DeskController::Phase::LoggedOut && !desk->lastError().isEmpty(); }));
    EXPECT_FALSE(desk->isOnline());
}

TEST_F(DeskLogicTest, CallStartFinishAndTodayStats)
{
    loginDesk(2);
    const QJsonObject t = issue(QStringLiteral("payments"));
    ASSERT_TRUE(waitQueue(1));   // the event stream told the desk
    const QList<QueueRow> rows = desk->queueRows();
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[1].service, QStringLiteral("payments"));
    EXPECT_EQ(rows[1].waiting, 1);
    EXPECT_EQ(rows[0].waiting, 0);

    desk->callNext();
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->id, idOf(t));
    EXPECT_EQ(desk->ticket()->state, TicketState::Called);
    EXPECT_EQ(desk->state().window.state, WindowState::Calling);
    EXPECT_TRUE(desk->canDo(Action::Start));
    EXPECT_FALSE(desk->canDo(Action::Finish));
    EXPECT_FALSE(desk->canDo(Action::Call));

    desk->start();
    ASSERT_TRUE(idle());
    EXPECT_EQ(desk->ticket()->state, TicketState::Serving);
    EXPECT_GE(desk->serviceSeconds(), 0);
    EXPECT_EQ(desk->serviceNormSeconds(), 5 * 60);

    desk->finish(Outcome::Resolved, QString());
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(desk->state().window.state, WindowState::Open);
    EXPECT_EQ(stateOf(ticketOnServer(idOf(t))), QStringLiteral("done"));
    EXPECT_TRUE(waitUntil([&] { return desk->state().today.known && desk->state().today.finished == 1; }, 10000));
    EXPECT_EQ(desk->state().today.served, 1);
}

TEST_F(DeskLogicTest, CallWithEmptyQueueSaysSo)
{
    loginDesk(1);
    desk->callNext();
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    EXPECT_FALSE(desk->notice().isEmpty());
    EXPECT_TRUE(desk->lastError().isEmpty()) << desk->lastError().toStdString();
}

TEST_F(DeskLogicTest, RecallsCountAndNoShowIsOfferedAfterMaxRecalls)
{
    loginDesk(2);
    issue(QStringLiteral("contracts"));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    for (int i = 1; i <= 3; ++i) {
        EXPECT_FALSE(desk->noShowOffered());
        EXPECT_FALSE(desk->canDo(Action::NoShow));
        desk->recall();
        ASSERT_TRUE(idle());
        EXPECT_EQ(desk->ticket()->recalls, i);
    }
    EXPECT_TRUE(desk->noShowOffered());
    const qint64 id = desk->ticket()->id;
    desk->noShow();
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(stateOf(ticketOnServer(id)), QStringLiteral("no_show"));
}

TEST_F(DeskLogicTest, StoppingServiceNeedsAComment)
{
    loginDesk(2);
    const qint64 id = idOf(issue(QStringLiteral("payments")));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    desk->start();
    ASSERT_TRUE(idle());
    QSignalSpy failed(desk.get(), &DeskController::actionFailed);
    desk->finish(Outcome::ServiceStopped, QStringLiteral("   "));
    EXPECT_EQ(failed.count(), 1);
    EXPECT_FALSE(desk->isBusy());
    EXPECT_EQ(stateOf(ticketOnServer(id)), QStringLiteral("serving"));

    desk->finish(Outcome::ServiceStopped, QStringLiteral("Клиент в нетрезвом виде"));
    ASSERT_TRUE(idle());
    const QJsonObject t = ticketOnServer(id);
    EXPECT_EQ(stateOf(t), QStringLiteral("done"));
    EXPECT_EQ(t.value(QStringLiteral("outcome")).toString(), QStringLiteral("service_stopped"));
}

TEST_F(DeskLogicTest, RedirectToWindowAndTopicKeepsTheTicketQueued)
{
    loginDesk(2);
    const qint64 id = idOf(issue(QStringLiteral("payments")));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    desk->redirect(QString(), 3);
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    QJsonObject t = ticketOnServer(id);
    EXPECT_EQ(stateOf(t), QStringLiteral("redirected"));
    EXPECT_EQ(t.value(QStringLiteral("target_window")).toInt(), 3);

    // Window 1 redirects another client to a topic.
    const qint64 id2 = idOf(issue(QStringLiteral("reception")));
    ASSERT_TRUE(waitUntil([&] { return desk->state().queue.size() == 0; }));
    const QByteArray op1 = queue::test::login(server, 1);
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/1/call")), op1, QJsonObject{}).status, 200);
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/1/redirect")), op1,
                   QJsonObject{{QStringLiteral("service"), QStringLiteral("contracts")}}).status, 200);
    ASSERT_TRUE(waitQueue(1));
    EXPECT_EQ(desk->state().queue.first().ticket.id, id2);
    desk->callNext();
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->id, id2);
    EXPECT_EQ(desk->ticket()->service, QStringLiteral("contracts"));
}

TEST_F(DeskLogicTest, PostponeAndCallASpecificTicket)
{
    loginDesk(2);
    const qint64 first = idOf(issue(QStringLiteral("payments")));
    const qint64 second = idOf(issue(QStringLiteral("contracts")));
    ASSERT_TRUE(waitQueue(2));
    desk->callTicket(second);
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->id, second);
    desk->postpone(15);
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    const QJsonObject t = ticketOnServer(second);
    EXPECT_EQ(stateOf(t), QStringLiteral("postponed"));
    EXPECT_EQ(stateOf(ticketOnServer(first)), QStringLiteral("waiting"));
}

TEST_F(DeskLogicTest, PauseClosesTheWindowOnTheBoardsAndResumeReopens)
{
    loginDesk(2);
    desk->pause(PauseReason::Lunch);
    ASSERT_TRUE(idle());
    EXPECT_EQ(desk->state().window.state, WindowState::Paused);
    EXPECT_EQ(desk->state().window.pauseReason, PauseReason::Lunch);
    QJsonObject w = windowOnServer(2);
    EXPECT_EQ(w.value(QStringLiteral("state")).toString(), QStringLiteral("paused"));
    EXPECT_EQ(w.value(QStringLiteral("pause_reason")).toString(), QStringLiteral("lunch"));
    EXPECT_FALSE(desk->canDo(Action::Call));
    EXPECT_TRUE(desk->canDo(Action::Resume));
    desk->resume();
    ASSERT_TRUE(idle());
    EXPECT_EQ(desk->state().window.state, WindowState::Open);
    EXPECT_EQ(windowOnServer(2).value(QStringLiteral("state")).toString(), QStringLiteral("open"));
}

TEST_F(DeskLogicTest, TimersFollowTheInjectedClockAgainstTheNorms)
{
    loginDesk(2);
    issue(QStringLiteral("contracts"));   // waiting norm 10 min, service norm 15 min
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    desk->start();
    ASSERT_TRUE(idle());
    // The offset to the server clock is measured once; from here on only the clock moves.
    ASSERT_TRUE(waitUntil([&] { return api->pendingCount() == 0; }));
    const qint64 startedAt = desk->ticket()->startedAt;
    clock->setMs(startedAt - desk->clockOffsetMs());
    EXPECT_EQ(desk->serviceSeconds(), 0);
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Green);
    clock->advanceSec(12 * 60 - 1);
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Green);
    clock->advanceSec(1);                  // 12:00 = 80 % of 15 min
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Amber);
    clock->advanceSec(3 * 60);             // 15:00
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Amber);
    clock->advanceSec(1);
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Red);
    EXPECT_EQ(desk->serviceSeconds(), 15 * 60 + 1);
    EXPECT_EQ(desk->waitNormSeconds(), 10 * 60);
    EXPECT_EQ(desk->waitLevel(), NormLevel::Green);   // called within seconds of issue
}

TEST_F(DeskLogicTest, QueueOldestWaitIsHeldAgainstTheWaitingNorm)
{
    loginDesk(2);
    issue(QStringLiteral("payments"));    // waiting norm 5 min
    ASSERT_TRUE(waitQueue(1));
    ASSERT_TRUE(waitUntil([&] { return api->pendingCount() == 0; }));
    const qint64 issuedAt = desk->state().queue.first().ticket.issuedAt;
    clock->setMs(issuedAt - desk->clockOffsetMs() + 3 * 60 * 1000);
    EXPECT_EQ(desk->queueRows()[1].level, NormLevel::Green);
    clock->advanceSec(60);
    EXPECT_EQ(desk->queueRows()[1].level, NormLevel::Amber);
    clock->advanceSec(61);
    EXPECT_EQ(desk->queueRows()[1].level, NormLevel::Red);
    EXPECT_EQ(desk->queueRows()[1].oldestWaitS, 5 * 60 + 1);
}

TEST_F(DeskLogicTest, ServerRestartDuringServiceRestoresTheTicket)
{
    loginDesk(2);
    const qint64 id = idOf(issue(QStringLiteral("payments")));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    desk->start();
    ASSERT_TRUE(idle());
    const quint16 port = server.port();

    server.kill9();
    ASSERT_TRUE(waitUntil([&] { return !desk->isOnline(); }, 3000)) << "the drop was not noticed at once";
    EXPECT_FALSE(desk->canDo(Action::Finish));
    EXPECT_FALSE(desk->notice().isEmpty());
    ASSERT_TRUE(desk->ticket());    // still shown while offline

    ASSERT_TRUE(server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}))
        << server.output().toStdString();
    ASSERT_TRUE(waitUntil([&] { return desk->isOnline(); }, 15000));
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->id, id);
    EXPECT_EQ(desk->ticket()->state, TicketState::Serving);
    EXPECT_TRUE(desk->canDo(Action::Finish));
    desk->finish(Outcome::BackOffice, QString());
    ASSERT_TRUE(idle());
    EXPECT_EQ(stateOf(ticketOnServer(id)), QStringLiteral("done"));
}

TEST_F(DeskLogicTest, ActionWithoutAnAnswerIsResentOnceAfterReconnect)
{
    loginDesk(2);
    const qint64 id = idOf(issue(QStringLiteral("payments")));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    desk->start();
    ASSERT_TRUE(idle());
    const quint16 port = server.port();

    // The server dies; the desk has not noticed yet when the specialist finishes.
    server.kill9();
    ASSERT_TRUE(desk->canDo(Action::Finish));
    desk->finish(Outcome::Resolved, QString());
    ASSERT_TRUE(waitUntil([&] { return desk->hasUnconfirmedAction(); }, 5000));
    EXPECT_FALSE(desk->isOnline());
    EXPECT_FALSE(desk->canDo(Action::Call));

    ASSERT_TRUE(server.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
    ASSERT_TRUE(waitUntil([&] { return desk->isOnline() && !desk->isBusy(); }, 15000));
    EXPECT_FALSE(desk->ticket());
    const QJsonObject t = ticketOnServer(id);
    EXPECT_EQ(stateOf(t), QStringLiteral("done"));
    EXPECT_EQ(t.value(QStringLiteral("outcome")).toString(), QStringLiteral("resolved"));
}

TEST_F(DeskLogicTest, ActionWhoseAnswerWasLostIsNotDoneTwice)
{
    loginDesk(2);
    issue(QStringLiteral("payments"));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    const qint64 id = desk->ticket()->id;

    // The server freezes: the recall reaches its socket but no answer comes in time.
    api->setTimeout(700);
    const pid_t pid = static_cast<pid_t>(server.process()->processId());
    ::kill(pid, SIGSTOP);
    desk->recall();
    const bool lost = waitUntil([&] { return desk->hasUnconfirmedAction(); }, 5000);
    ::kill(pid, SIGCONT);
    ASSERT_TRUE(lost);
    api->setTimeout(10000);
    ASSERT_TRUE(waitUntil([&] { return desk->isOnline() && !desk->isBusy(); }, 15000));
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->recalls, 1);
    EXPECT_EQ(ticketOnServer(id).value(QStringLiteral("recalls")).toInt(), 1);
}

TEST_F(DeskLogicTest, ConflictFromAnotherPlaceRefreshesTheDesk)
{
    loginDesk(2);
    issue(QStringLiteral("payments"));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    // The same operator acts from elsewhere (e.g. a second desk that then logged out).
    const QByteArray token = api->token().toUtf8();
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/2/start")), token, QJsonObject{}).status, 200);
    ASSERT_TRUE(waitUntil([&] { return desk->ticket() && desk->ticket()->state == TicketState::Serving; }, 10000));
    EXPECT_TRUE(desk->canDo(Action::Finish));
}

TEST_F(DeskLogicTest, LogoutClosesTheWindow)
{
    loginDesk(3);
    EXPECT_TRUE(desk->canDo(Action::Logout));
    desk->logout();
    ASSERT_TRUE(waitUntil([&] { return desk->phase() == DeskController::Phase::LoggedOut; }));
    EXPECT_FALSE(desk->isOnline());
    EXPECT_EQ(windowOnServer(3).value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
}

TEST_F(DeskLogicTest, SessionEndedElsewhereReturnsToLogin)
{
    loginDesk(2);
    // The same operator logs in on another desk: this desk's session ends.
    ASSERT_FALSE(queue::test::login(server, 2).isEmpty());
    desk->refresh();
    ASSERT_TRUE(waitUntil([&] { return desk->phase() == DeskController::Phase::LoggedOut; }, 10000));
    EXPECT_FALSE(desk->lastError().isEmpty());
    EXPECT_FALSE(desk->ticket());
}
