// Queue logic with an injected clock: no sockets, no sleeps.
#include "server/apierrors.h"
#include "server/callpolicy.h"
#include "server/livestats.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/storage.h"
#include "support/engineoffice.h"
#include "support/manualclock.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

#include <memory>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;
using queue::api::ErrorCode;

namespace {

// The built-in schedule is Mon–Fri 08:00–12:00, 13:00–17:00 in UTC, so test times are easy to read.
OfficeConfig officeConfig(bool withSchedule = false)
{
    return queue::test::engineOfficeConfig(withSchedule);
}

// Thursday 2026-11-26 09:00 UTC.
const QDateTime kMorning(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

class EngineTest : public ::testing::Test {
protected:
    void SetUp() override { open(officeConfig()); }

    void open(const OfficeConfig &config)
    {
        engine.reset();
        storage = std::make_unique<Storage>();
        const QString error = queue::test::openEngine(config, *storage, dir, Storage::Sync::Normal, clock, policy, engine);
        ASSERT_TRUE(error.isEmpty()) << qPrintable(error);
    }

    Ticket issue(const QString &service, const QString &priority = QString())
    {
        auto r = engine->issue(service, priority);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : qPrintable(r.error().message));
        return r.ok() ? r->ticket : Ticket{};
    }

    void loginAt(int window)
    {
        const QStringList logins{QStringLiteral("ivanova"), QStringLiteral("petrov"), QStringLiteral("sidorova"),
                                 QStringLiteral("kuznetsov")};
        auto r = engine->signIn(logins[window - 1], window);
        ASSERT_TRUE(r.ok()) << qPrintable(r.error().message);
    }

    QString callNumber(int window)
    {
        auto r = engine->call(window);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : qPrintable(r.error().message));
        return r.ok() && r.value() ? r.value()->number : QString();
    }

    QJsonObject metricsFor(const QString &service)
    {
        for (const QJsonValue &v : livestats::liveMetrics(*engine, *storage).value(QStringLiteral("services")).toArray())
            if (v.toObject().value(QStringLiteral("id")).toString() == service)
                return v.toObject();
        return {};
    }

    QTemporaryDir dir;
    ManualClock clock{kMorning};
    PriorityFifoPolicy policy;
    std::unique_ptr<Storage> storage;
    std::unique_ptr<QueueEngine> engine;
};

} // namespace

TEST_F(EngineTest, NumbersArePrefixPlusThreeDigitsPerTopic)
{
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П001"));
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П002"));
    EXPECT_EQ(issue(QStringLiteral("contracts")).number, QStringLiteral("К001"));
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П003"));
}

TEST_F(EngineTest, IdsAreUniqueAndNumbersRestartNextDay)
{
    const Ticket a = issue(QStringLiteral("payments"));
    issue(QStringLiteral("payments"));
    clock.advanceMin(24 * 60);
    engine->tick();   // yesterday's waiting tickets are cancelled
    const Ticket b = issue(QStringLiteral("payments"));
    EXPECT_EQ(b.number, QStringLiteral("П001"));
    EXPECT_GT(b.id, a.id);
    EXPECT_EQ(engine->ticket(a.id)->state, TicketState::Cancelled);
}

TEST_F(EngineTest, NumbersWrapAfter999AndSkipNumbersStillWaiting)
{
    loginAt(1);
    QList<Ticket> tickets;
    for (int i = 0; i < 999; ++i)
        tickets.append(issue(QStringLiteral("payments")));
    EXPECT_EQ(tickets.last().number, QStringLiteral("П999"));
    // П001 is called and served to the end; П002 and П003 are still waiting.
    ASSERT_EQ(callNumber(1), QStringLiteral("П001"));
    ASSERT_TRUE(engine->start(1).ok());
    ASSERT_TRUE(engine->finish(1, QStringLiteral("resolved"), QString()).ok());
    ASSERT_TRUE(engine->cancel(tickets[3].id).ok());   // П004 left
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П001"));
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П004"));
    // Every other number is held by a waiting ticket: refused, not duplicated.
    auto full = engine->issue(QStringLiteral("payments"), QString());
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, ErrorCode::NumbersExhausted);
    EXPECT_EQ(issue(QStringLiteral("contracts")).number, QStringLiteral("К001"));
}

// The held numbers are kept in memory; a rolled-back change must not leave a number
// free that the database still holds.
TEST_F(EngineTest, HeldNumbersAreReloadedAfterARollback)
{
    QList<Ticket> tickets;
    for (int i = 0; i < 999; ++i)
        tickets.append(issue(QStringLiteral("payments")));
    ASSERT_TRUE(storage->beginScope());
    ASSERT_TRUE(engine->cancel(tickets[9].id).ok());   // П010 would be free…
    storage->rollbackScope();                            // …but the cancel never happened
    auto full = engine->issue(QStringLiteral("payments"), QString());
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, ErrorCode::NumbersExhausted);
    ASSERT_TRUE(engine->cancel(tickets[9].id).ok());
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П010"));
}

// The offline reserve (docs/reliability.md, "The kiosk issues offline"): a number leased
// to a kiosk is issued by nobody else, also after the numbers wrap and after a restart;
// the unused ones go back with the day or when the kiosk is revoked.
TEST_F(EngineTest, LeasedNumbersAreNeverIssuedByAnyoneElse)
{
    const auto reserve = engine->topUpReserve(QStringLiteral("kiosk-1"), 3);
    ASSERT_TRUE(reserve.ok());
    EXPECT_EQ(reserve->businessDay, QStringLiteral("2026-11-26"));
    QStringList leased;
    for (const LeaseStore::Lease &l : reserve->leases)
        if (l.service == QLatin1String("payments"))
            leased << l.prefix + QStringLiteral("%1").arg(l.number, 3, 10, QLatin1Char('0'));
    ASSERT_EQ(leased, (QStringList{QStringLiteral("П001"), QStringLiteral("П002"), QStringLiteral("П003")}));
    // Asked again: the same reserve, nothing more leased.
    EXPECT_EQ(engine->topUpReserve(QStringLiteral("kiosk-1"), 3)->leases.size(), reserve->leases.size());

    loginAt(1);
    clock.advanceMin(1);   // the walk-ins come a minute after the kiosk's offline visitor
    // All the other numbers, and after the wrap none of the leased ones.
    QList<Ticket> tickets;
    for (int i = 0; i < 996; ++i)
        tickets.append(issue(QStringLiteral("payments")));
    EXPECT_EQ(tickets.first().number, QStringLiteral("П004"));
    EXPECT_EQ(tickets.last().number, QStringLiteral("П999"));
    ASSERT_EQ(callNumber(1), QStringLiteral("П004"));
    ASSERT_TRUE(engine->start(1).ok());
    ASSERT_TRUE(engine->finish(1, QStringLiteral("resolved"), QString()).ok());
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П004")) << "П001…П003 are leased";
    auto full = engine->issue(QStringLiteral("payments"), QString());
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, ErrorCode::NumbersExhausted);

    // After a restart the leases still hold.
    open(officeConfig());
    full = engine->issue(QStringLiteral("payments"), QString());
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, ErrorCode::NumbersExhausted);

    // The kiosk uploads one of them: it joins the queue ahead of everyone who came later.
    QueueEngine::OfflineTicket t;
    t.service = QStringLiteral("payments");
    t.number = QStringLiteral("П002");
    t.businessDay = reserve->businessDay;
    t.issuedAt = kMorning.toMSecsSinceEpoch();
    const auto accepted = engine->acceptOffline(QStringLiteral("kiosk-1"), t);
    ASSERT_TRUE(accepted.ok()) << qPrintable(accepted.error().message);
    EXPECT_FALSE(accepted->duplicate);
    EXPECT_EQ(engine->queueForService(QStringLiteral("payments")).first().number, QStringLiteral("П002"));
    // Another kiosk cannot use kiosk-1's numbers.
    t.number = QStringLiteral("П003");
    const auto foreign = engine->acceptOffline(QStringLiteral("kiosk-2"), t);
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::NotLeased);

    // Revoked: the unused numbers go back (П001, П003 and the other topics' 3 each); П002
    // stays the uploaded ticket's.
    EXPECT_EQ(engine->releaseReserve(QStringLiteral("kiosk-1")).value(), 4 * 3 - 1);
    ASSERT_TRUE(engine->cancel(tickets[5].id).ok());   // П009 is free again as well
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П009"));
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П001"));
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П003"));
}

TEST_F(EngineTest, ALeaseLapsesWithTheDayAndAClosedOfficeLeasesNothing)
{
    ASSERT_TRUE(engine->topUpReserve(QStringLiteral("kiosk-1"), 2).ok());
    EXPECT_EQ(engine->reserveHolders()->value(QStringLiteral("kiosk-1")), 8);   // 4 topics × 2
    clock.advanceMin(24 * 60);
    engine->tick();
    EXPECT_TRUE(engine->reserveHolders()->isEmpty()) << "yesterday's leases hold nothing today";
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П001"));
    // An upload of yesterday's ticket the next morning is kept for the reports, not queued.
    QueueEngine::OfflineTicket t;
    t.service = QStringLiteral("payments");
    t.number = QStringLiteral("П001");
    t.businessDay = QStringLiteral("2026-11-26");
    t.issuedAt = kMorning.toMSecsSinceEpoch() + 60000;
    const auto late = engine->acceptOffline(QStringLiteral("kiosk-1"), t);
    ASSERT_TRUE(late.ok()) << qPrintable(late.error().message);
    EXPECT_EQ(late->ticket.state, TicketState::Cancelled);
    EXPECT_EQ(late->ticket.issuedAt, t.issuedAt);
    EXPECT_EQ(engine->queueForService(QStringLiteral("payments")).size(), 1);

    open(officeConfig(true));
    clock.set(QDateTime(QDate(2026, 11, 26), QTime(12, 30), QTimeZone::utc()));   // lunch
    const auto closed = engine->topUpReserve(QStringLiteral("kiosk-1"), 2);
    ASSERT_TRUE(closed.ok());
    EXPECT_TRUE(closed->businessDay.isEmpty());
    EXPECT_TRUE(closed->leases.isEmpty());
}

TEST_F(EngineTest, OfficeClosedRefusesIssuing)
{
    open(officeConfig(true));
    clock.set(QDateTime(QDate(2026, 11, 26), QTime(12, 30), QTimeZone::utc()));   // lunch
    auto r = engine->issue(QStringLiteral("payments"), QString());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::OfficeClosed);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("2026-11-26T13:00:00")));
    EXPECT_EQ(engine->waitingCount(), 0);
    clock.set(QDateTime(QDate(2026, 11, 26), QTime(13, 0), QTimeZone::utc()));
    EXPECT_TRUE(engine->issue(QStringLiteral("payments"), QString()).ok());
}

TEST_F(EngineTest, UnknownServiceAndBadPriorityChangeNothing)
{
    auto r = engine->issue(QStringLiteral("nope"), QString());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::UnknownService);
    auto p = engine->issue(QStringLiteral("payments"), QStringLiteral("vip"));
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::BadRequest);
    EXPECT_EQ(engine->waitingCount(), 0);
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П001"));
}

TEST_F(EngineTest, OutOfTurnGoesFirstThenArrivalOrderAcrossTopics)
{
    loginAt(2);   // window 2: contracts + payments
    issue(QStringLiteral("payments"));                        // П001 09:00
    clock.advanceMin(1);
    issue(QStringLiteral("contracts"));                       // К001 09:01
    clock.advanceMin(1);
    issue(QStringLiteral("contracts"), QStringLiteral("disability"));   // К002 09:02, out of turn
    clock.advanceMin(1);
    issue(QStringLiteral("reception"));                       // Д001: not for window 2
    EXPECT_EQ(callNumber(2), QStringLiteral("К002"));
    EXPECT_EQ(engine->ticket(3)->priority, QStringLiteral("disability"));
    ASSERT_TRUE(engine->start(2).ok());
    ASSERT_TRUE(engine->finish(2, QStringLiteral("resolved"), QString()).ok());
    EXPECT_EQ(callNumber(2), QStringLiteral("П001"));
    ASSERT_TRUE(engine->start(2).ok());
    ASSERT_TRUE(engine->finish(2, QStringLiteral("resolved"), QString()).ok());
    EXPECT_EQ(callNumber(2), QStringLiteral("К001"));
    ASSERT_TRUE(engine->start(2).ok());
    ASSERT_TRUE(engine->finish(2, QStringLiteral("resolved"), QString()).ok());
    auto none = engine->call(2);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.value().has_value());
}

TEST_F(EngineTest, TwoWindowsNeverGetTheSameTicket)
{
    loginAt(1);
    loginAt(2);
    loginAt(3);
    for (int i = 0; i < 30; ++i)
        issue(QStringLiteral("payments"));
    QSet<QString> called;
    for (int round = 0; round < 10; ++round) {
        for (int w = 1; w <= 3; ++w) {
            const QString n = callNumber(w);
            ASSERT_FALSE(n.isEmpty());
            EXPECT_FALSE(called.contains(n)) << qPrintable(n);
            called.insert(n);
            ASSERT_TRUE(engine->start(w).ok());
            ASSERT_TRUE(engine->finish(w, QStringLiteral("resolved"), QString()).ok());
        }
    }
    EXPECT_EQ(called.size(), 30);
}

TEST_F(EngineTest, CallWhileTicketActiveOrPausedIsRefused)
{
    loginAt(1);
    issue(QStringLiteral("payments"));
    issue(QStringLiteral("payments"));
    ASSERT_EQ(callNumber(1), QStringLiteral("П001"));
    auto again = engine->call(1);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::TicketActive);
    auto pauseBusy = engine->pause(1, QStringLiteral("break"));
    ASSERT_FALSE(pauseBusy.ok());
    EXPECT_EQ(pauseBusy.error().code, ErrorCode::TicketActive);
    ASSERT_TRUE(engine->start(1).ok());
    ASSERT_TRUE(engine->finish(1, QStringLiteral("resolved"), QString()).ok());
    auto paused = engine->pause(1, QStringLiteral("lunch"));
    ASSERT_TRUE(paused.ok());
    EXPECT_EQ(paused->state, WindowState::Paused);
    EXPECT_EQ(paused->pauseReason, PauseReason::Lunch);
    auto whilePaused = engine->call(1);
    ASSERT_FALSE(whilePaused.ok());
    EXPECT_EQ(whilePaused.error().code, ErrorCode::WrongState);
    EXPECT_FALSE(engine->pause(1, QStringLiteral("nap")).ok());
    ASSERT_TRUE(engine->resume(1).ok());
    EXPECT_EQ(engine->window(1)->state, WindowState::Open);
    EXPECT_EQ(callNumber(1), QStringLiteral("П002"));
}

TEST_F(EngineTest, RecallCountsAndNoShowAfterMaxRecalls)
{
    loginAt(1);
    issue(QStringLiteral("payments"));
    ASSERT_EQ(callNumber(1), QStringLiteral("П001"));
    for (int i = 1; i <= 3; ++i) {
        auto early = engine->noShow(1);
        ASSERT_FALSE(early.ok());
        EXPECT_EQ(early.error().code, ErrorCode::TooFewRecalls);
        auto r = engine->recall(1);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r->recalls, i);
    }
    auto ns = engine->noShow(1);
    ASSERT_TRUE(ns.ok());
    EXPECT_EQ(ns->state, TicketState::NoShow);
    EXPECT_EQ(engine->window(1)->state, WindowState::Open);
    EXPECT_FALSE(engine->window(1)->ticket.has_value());
}

TEST_F(EngineTest, LifecycleRecordsEveryTimestampAndOutcome)
{
    loginAt(1);
    const Ticket t = issue(QStringLiteral("payments"));
    clock.advanceMin(3);
    callNumber(1);
    EXPECT_EQ(engine->window(1)->state, WindowState::Calling);
    auto startBeforeCall = engine->finish(1, QStringLiteral("resolved"), QString());
    ASSERT_FALSE(startBeforeCall.ok());
    EXPECT_EQ(startBeforeCall.error().code, ErrorCode::WrongState);
    clock.advanceSec(30);
    ASSERT_TRUE(engine->start(1).ok());
    EXPECT_EQ(engine->window(1)->state, WindowState::Serving);
    clock.advanceMin(4);
    auto stopped = engine->finish(1, QStringLiteral("service_stopped"), QString());
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code, ErrorCode::BadRequest);
    auto done = engine->finish(1, QStringLiteral("service_stopped"), QStringLiteral("нетрезв"));
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->state, TicketState::Done);
    EXPECT_EQ(done->outcome, Outcome::ServiceStopped);
    EXPECT_EQ(done->waitSeconds(clock.nowMs()), 180);
    EXPECT_EQ(done->serviceSeconds(), 240);
    EXPECT_EQ(done->operatorLogin, QStringLiteral("ivanova"));
    auto wrong = engine->finish(1, QStringLiteral("resolved"), QString());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongState);
    EXPECT_EQ(engine->ticket(t.id)->finishedAt, clock.nowMs());
}

TEST_F(EngineTest, RedirectKeepsNumberAndArrivalOrder)
{
    loginAt(2);   // contracts + payments
    loginAt(1);   // reception + payments
    const Ticket early = issue(QStringLiteral("reception"));    // Д001 at 09:00
    clock.advanceMin(2);
    issue(QStringLiteral("payments"));                          // П001 at 09:02
    ASSERT_EQ(callNumber(1), QStringLiteral("Д001"));
    ASSERT_TRUE(engine->start(1).ok());
    auto r = engine->redirect(1, QStringLiteral("contracts"), 0);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->state, TicketState::Redirected);
    EXPECT_EQ(r->number, QStringLiteral("Д001"));
    EXPECT_EQ(r->service, QStringLiteral("contracts"));
    EXPECT_EQ(r->originalService, QStringLiteral("reception"));
    EXPECT_EQ(r->issuedAt, early.issuedAt);
    // Window 2 serves contracts and payments: the redirected client arrived first.
    EXPECT_EQ(callNumber(2), QStringLiteral("Д001"));
    EXPECT_EQ(engine->ticket(early.id)->redirects, 1);
}

TEST_F(EngineTest, RedirectToWindowOnlyThatWindowCalls)
{
    loginAt(1);
    loginAt(3);
    issue(QStringLiteral("payments"));
    ASSERT_EQ(callNumber(1), QStringLiteral("П001"));
    ASSERT_TRUE(engine->redirect(1, QString(), 3).ok());
    auto other = engine->call(1);
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(other.value().has_value());
    EXPECT_EQ(callNumber(3), QStringLiteral("П001"));
    EXPECT_FALSE(engine->redirect(3, QStringLiteral("nope"), 0).ok());
    EXPECT_FALSE(engine->redirect(3, QString(), 99).ok());
}

TEST_F(EngineTest, PostponedTicketComesBackAfterItsMinutes)
{
    loginAt(1);
    issue(QStringLiteral("payments"));
    ASSERT_EQ(callNumber(1), QStringLiteral("П001"));
    auto p = engine->postpone(1, 10);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->state, TicketState::Postponed);
    auto none = engine->call(1);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.value().has_value());
    clock.advanceMin(9);
    engine->tick();
    EXPECT_EQ(engine->ticket(p->id)->state, TicketState::Postponed);
    clock.advanceMin(1);
    QSignalSpy spy(storage.get(), &Storage::eventsCommitted);
    engine->tick();
    EXPECT_EQ(engine->ticket(p->id)->state, TicketState::Waiting);
    ASSERT_EQ(spy.size(), 1);
    EXPECT_TRUE(spy.first().first().value<QList<StoredEvent>>().first().json.contains("ticket.returned"));
    EXPECT_EQ(callNumber(1), QStringLiteral("П001"));
    EXPECT_FALSE(engine->postpone(1, 0).ok());
}

TEST_F(EngineTest, MetricsMeasureWaitsAndServiceAgainstNorms)
{
    loginAt(1);   // reception + payments
    // Payments: wait norm 5 min, service norm 5 min.
    issue(QStringLiteral("payments"));     // waits 3 min, served 4 min
    issue(QStringLiteral("payments"));     // waits 3+4 = 7 min, served 6 min
    clock.advanceMin(3);
    callNumber(1);
    engine->start(1);
    clock.advanceMin(4);
    engine->finish(1, QStringLiteral("resolved"), QString());
    callNumber(1);
    engine->start(1);
    clock.advanceMin(6);
    engine->finish(1, QStringLiteral("resolved"), QString());
    const QJsonObject m = metricsFor(QStringLiteral("payments"));
    EXPECT_EQ(m.value(QStringLiteral("served")).toInt(), 2);
    EXPECT_EQ(m.value(QStringLiteral("avg_wait_s")).toInt(), 300);
    EXPECT_EQ(m.value(QStringLiteral("avg_service_s")).toInt(), 300);
    EXPECT_DOUBLE_EQ(m.value(QStringLiteral("pct_wait_within_norm")).toDouble(), 50.0);
    EXPECT_DOUBLE_EQ(m.value(QStringLiteral("pct_service_within_norm")).toDouble(), 50.0);
    const QJsonObject visits = livestats::liveMetrics(*engine, *storage).value(QStringLiteral("visits")).toObject();
    EXPECT_EQ(visits.value(QStringLiteral("finished")).toInt(), 2);
    EXPECT_DOUBLE_EQ(visits.value(QStringLiteral("pct_within_norm")).toDouble(), 100.0);
    // A ticket already waiting past its norm counts against the share at once.
    issue(QStringLiteral("payments"));
    clock.advanceMin(6);
    const QJsonObject later = metricsFor(QStringLiteral("payments"));
    EXPECT_EQ(later.value(QStringLiteral("waiting")).toInt(), 1);
    EXPECT_EQ(later.value(QStringLiteral("oldest_wait_s")).toInt(), 360);
    EXPECT_NEAR(later.value(QStringLiteral("pct_wait_within_norm")).toDouble(), 33.3, 0.05);
    // Reception has no waiting norm.
    EXPECT_TRUE(metricsFor(QStringLiteral("reception")).value(QStringLiteral("pct_wait_within_norm")).isNull());
}

TEST_F(EngineTest, EventsGoOutOnlyAfterCommitInOrder)
{
    QSignalSpy spy(storage.get(), &Storage::eventsCommitted);
    ASSERT_TRUE(storage->beginScope());   // as the API does for a batch
    issue(QStringLiteral("payments"));
    issue(QStringLiteral("payments"));
    EXPECT_EQ(spy.size(), 0);
    ASSERT_TRUE(storage->commitScope());
    ASSERT_EQ(spy.size(), 1);
    const auto events = spy.first().first().value<QList<StoredEvent>>();
    ASSERT_EQ(events.size(), 2);
    EXPECT_EQ(events[1].seq, events[0].seq + 1);
    EXPECT_EQ(storage->lastCommittedSeq(), events[1].seq);
}

TEST_F(EngineTest, RolledBackBatchLeavesNoTraceAndQueueIsReloaded)
{
    issue(QStringLiteral("payments"));
    QSignalSpy spy(storage.get(), &Storage::eventsCommitted);
    ASSERT_TRUE(storage->beginScope());
    issue(QStringLiteral("payments"));
    EXPECT_EQ(engine->waitingCount(), 2);
    storage->rollbackScope();
    EXPECT_EQ(spy.size(), 0);
    EXPECT_EQ(engine->services()[2].waiting, 1);
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П002"));
    EXPECT_EQ(storage->eventsAfter(0, 100).size(), 2);
}

TEST_F(EngineTest, StateSurvivesReopeningTheDatabase)
{
    loginAt(1);
    issue(QStringLiteral("payments"));
    issue(QStringLiteral("payments"));
    callNumber(1);
    open(officeConfig());
    EXPECT_EQ(engine->waitingCount(), 1);
    EXPECT_EQ(engine->window(1)->state, WindowState::Calling);
    EXPECT_EQ(engine->window(1)->ticket->number, QStringLiteral("П001"));
    EXPECT_EQ(issue(QStringLiteral("payments")).number, QStringLiteral("П003"));
}

TEST_F(EngineTest, SignInElsewhereClosesTheOldWindowAndSignOutCloses)
{
    ASSERT_TRUE(engine->signIn(QStringLiteral("ivanova"), 1).ok());
    auto second = engine->signIn(QStringLiteral("ivanova"), 2);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->state, WindowState::Open);
    EXPECT_EQ(engine->window(1)->state, WindowState::Closed);
    issue(QStringLiteral("payments"));
    callNumber(2);
    auto elsewhere = engine->signIn(QStringLiteral("ivanova"), 3);
    ASSERT_FALSE(elsewhere.ok());
    EXPECT_EQ(elsewhere.error().code, ErrorCode::TicketActive);
    auto busy = engine->signOut(QStringLiteral("ivanova"), 2);
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().code, ErrorCode::TicketActive);
    engine->start(2);
    engine->finish(2, QStringLiteral("resolved"), QString());
    ASSERT_TRUE(engine->signOut(QStringLiteral("ivanova"), 2).ok());
    EXPECT_EQ(engine->window(2)->state, WindowState::Closed);
}

TEST_F(EngineTest, AheadAndEstimateFollowTheQueue)
{
    auto a = engine->issue(QStringLiteral("payments"), QString());
    auto b = engine->issue(QStringLiteral("payments"), QString());
    auto c = engine->issue(QStringLiteral("payments"), QStringLiteral("veteran"));
    EXPECT_EQ(a->ahead, 0);
    EXPECT_EQ(b->ahead, 1);
    EXPECT_EQ(c->ahead, 0);
    EXPECT_EQ(engine->ahead(b->ticket), 2);   // the veteran goes first
    // Payments is served by windows 1, 2, 3 (none open): 2 ahead × 5 min / 3 windows.
    EXPECT_EQ(engine->estimatedWaitS(QStringLiteral("payments"), 2), 200);
}

// The one table from domain codes to HTTP: every code has an error status,
// and the refusals a client must tell apart keep the statuses the API documents.
TEST(ApiErrors, EveryCodeHasAnErrorStatus)
{
    for (int i = 0; i <= static_cast<int>(ErrorCode::Unavailable); ++i) {
        const int status = httpStatus(static_cast<ErrorCode>(i));
        EXPECT_GE(status, 400) << api::errorCodeName(static_cast<ErrorCode>(i));
        EXPECT_LE(status, 599) << api::errorCodeName(static_cast<ErrorCode>(i));
    }
    EXPECT_EQ(httpStatus(ErrorCode::BadRequest), 400);
    EXPECT_EQ(httpStatus(ErrorCode::Unauthorized), 401);
    EXPECT_EQ(httpStatus(ErrorCode::Forbidden), 403);
    EXPECT_EQ(httpStatus(ErrorCode::UnknownBooking), 404);
    EXPECT_EQ(httpStatus(ErrorCode::WrongState), 409);
    EXPECT_EQ(httpStatus(ErrorCode::SlotInPast), 409);
    EXPECT_EQ(httpStatus(ErrorCode::LoginLocked), 429);
    EXPECT_EQ(httpStatus(ErrorCode::TooManyRequests), 429);
    EXPECT_EQ(httpStatus(ErrorCode::Internal), 500);
}
