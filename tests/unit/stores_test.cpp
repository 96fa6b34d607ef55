// The stores of the tables other than the engine's tickets (server/store/): bookings,
// reviews, alarms, the audit trail, device_status, the reporter's scan, and the one-change-one-event helper.

#include "server/apiutil.h"
#include "server/storage.h"
#include "server/store/alarmstore.h"
#include "server/store/auditstore.h"
#include "server/store/bookingstore.h"
#include "server/store/counterstore.h"
#include "server/store/devicestatusstore.h"
#include "server/store/ratingstore.h"
#include "server/store/reviewstore.h"
#include "server/store/statement.h"
#include "server/store/ticketscan.h"
#include "server/store/ticketstore.h"
#include "server/store/windowstore.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

using namespace queue;
using namespace queue::server;

namespace {

class StoresTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QString error;
        ASSERT_TRUE(storage.open(path(), Storage::Sync::Normal, &error)) << qPrintable(error);
    }
    QString path() const { return dir.filePath(QStringLiteral("q.db")); }

    qint64 ticket(const QString &number, const QString &day, qint64 issuedAt)
    {
        Ticket t;
        t.number = number;
        t.service = t.originalService = QStringLiteral("payments");
        t.state = TicketState::Waiting;
        t.issuedAt = issuedAt;
        Scope scope(storage);
        const qint64 id = TicketStore(storage).insert(t, number.left(1), number.mid(1).toInt(), day, 0);
        EXPECT_TRUE(scope.commit());
        return id;
    }
    template <typename F>
    void inScope(F &&f)
    {
        Scope scope(storage);
        f();
        ASSERT_TRUE(scope.commit());
    }
    int count(const QString &sql) { return scalar(storage, sql, {}).value_or(-1).toInt(); }

    QTemporaryDir dir;
    Storage storage;
};

TEST_F(StoresTest, BookingsFromBookToPurge)
{
    BookingStore store(storage);
    const qint64 slot = 1'800'000'000'000;
    qint64 id = 0, other = 0;
    inScope([&] {
        id = store.insert({QStringLiteral("123456"), QStringLiteral("payments"), slot, slot + 600'000,
                           QStringLiteral("+79001234567"), QStringLiteral("Анна"), 1'799'000'000'000, QStringLiteral("site")});
        other = store.insert({QStringLiteral("654321"), QStringLiteral("payments"), slot, slot + 600'000,
                              QStringLiteral("+79007654321"), QString(), 1'799'000'000'000, QStringLiteral("site")});
    });
    ASSERT_GT(id, 0);
    ASSERT_GT(other, id);
    auto b = store.load(id);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->code, QStringLiteral("123456"));
    EXPECT_EQ(b->state, QStringLiteral("active"));
    EXPECT_EQ(b->slotEnd, slot + 600'000);
    EXPECT_EQ(b->phone, QStringLiteral("+79001234567"));
    EXPECT_EQ(b->name, QStringLiteral("Анна"));
    EXPECT_FALSE(b->ticketNumber.has_value());
    EXPECT_EQ(b->checkedInAt, 0);
    EXPECT_FALSE(store.load(other)->name.has_value());   // no name given: none stored
    EXPECT_FALSE(store.load(other + 1).has_value());
    EXPECT_EQ(store.findByCode(QStringLiteral("123456")), id);
    EXPECT_FALSE(store.findByCode(QStringLiteral("000000")).has_value());
    EXPECT_TRUE(store.codeTaken(QStringLiteral("123456")));
    EXPECT_FALSE(store.codeTaken(QStringLiteral("000000")));
    EXPECT_EQ(store.countInSlot(QStringLiteral("payments"), slot), 2);
    EXPECT_EQ(store.countInSlot(QStringLiteral("contracts"), slot), 0);

    // Checked in: the ticket's number comes with the booking.
    const qint64 t = ticket(QStringLiteral("П042"), QStringLiteral("2027-01-15"), slot - 60'000);
    inScope([&] {
        EXPECT_TRUE(store.checkIn(id, QStringLiteral("checked_in"), t, slot - 60'000));
        EXPECT_TRUE(store.cancel(other, slot - 120'000));
    });
    b = store.load(id);
    EXPECT_EQ(b->state, QStringLiteral("checked_in"));
    EXPECT_EQ(b->ticketNumber, QStringLiteral("П042"));
    EXPECT_EQ(b->checkedInAt, slot - 60'000);
    EXPECT_EQ(store.load(other)->cancelledAt, slot - 120'000);
    EXPECT_EQ(store.countInSlot(QStringLiteral("payments"), slot), 1);   // the cancelled one is not counted
    EXPECT_FALSE(store.codeTaken(QStringLiteral("123456")));            // no longer active

    const auto in = store.inRange(slot, slot + 1);
    ASSERT_TRUE(in.has_value());
    EXPECT_EQ(in->size(), 2);
    EXPECT_TRUE(store.inRange(slot + 1, slot + 2)->isEmpty());

    // An active booking of an earlier day becomes a no-show; personal data goes after N days, once.
    qint64 third = 0;
    inScope([&] {
        third = store.insert({QStringLiteral("111111"), QStringLiteral("payments"), slot, slot + 600'000,
                              QStringLiteral("+79001111111"), QString(), 1'799'000'000'000, QStringLiteral("site")});
        EXPECT_TRUE(store.markNoShows(slot + 1));
    });
    EXPECT_EQ(store.load(third)->state, QStringLiteral("no_show"));
    EXPECT_EQ(store.load(id)->state, QStringLiteral("checked_in"));
    inScope([&] { EXPECT_EQ(store.purgePersonal(slot, 1'900'000'000'000), 0); });   // strictly before
    inScope([&] { EXPECT_EQ(store.purgePersonal(slot + 1, 1'900'000'000'000), 3); });
    inScope([&] { EXPECT_EQ(store.purgePersonal(slot + 1, 1'900'000'000'001), 0); });
    b = store.load(id);
    EXPECT_FALSE(b->phone.has_value());
    EXPECT_FALSE(b->name.has_value());
    EXPECT_EQ(b->purgedAt, 1'900'000'000'000);
}

TEST_F(StoresTest, ReviewsListedByStateAndClosed)
{
    ReviewStore store(storage);
    ReviewStore::Review r;
    r.kind = QStringLiteral("complaint");
    r.channel = QStringLiteral("book");
    r.text = QStringLiteral("долго ждал");
    r.contact = QStringLiteral("+79001234567");
    r.consent = true;
    r.ticketId = 7;
    r.registeredAt = 1'000;
    r.registeredBy = QStringLiteral("manager");
    r.dueAt = 10'000;
    qint64 first = 0, second = 0;
    inScope([&] {
        first = store.add(r);
        r.contact.reset();
        r.ticketId = 0;
        r.dueAt = 20'000;
        second = store.add(r);
    });
    ASSERT_GT(first, 0);
    auto back = store.load(first);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->text, QStringLiteral("долго ждал"));
    EXPECT_EQ(back->contact, QStringLiteral("+79001234567"));
    EXPECT_EQ(back->ticketId, 7);
    EXPECT_EQ(back->closedAt, 0);
    EXPECT_FALSE(back->measures.has_value());
    EXPECT_FALSE(store.load(second)->contact.has_value());
    EXPECT_EQ(count(QStringLiteral("SELECT consent FROM reviews WHERE id = %1").arg(first)), 1);

    EXPECT_EQ(store.list(ReviewStore::Filter::Open, 15'000)->size(), 2);
    ASSERT_EQ(store.list(ReviewStore::Filter::Overdue, 15'000)->size(), 1);
    EXPECT_EQ(store.list(ReviewStore::Filter::Overdue, 15'000)->first().id, first);
    EXPECT_EQ(store.counts(15'000).open, 2);
    EXPECT_EQ(store.counts(15'000).overdue, 1);

    inScope([&] { EXPECT_TRUE(store.close(first, 12'000, QStringLiteral("an extra window at noon"))); });
    back = store.load(first);
    EXPECT_EQ(back->closedAt, 12'000);
    EXPECT_EQ(back->measures, QStringLiteral("an extra window at noon"));
    EXPECT_EQ(store.list(ReviewStore::Filter::Closed, 15'000)->size(), 1);
    EXPECT_EQ(store.list(ReviewStore::Filter::All, 15'000)->size(), 2);
    EXPECT_EQ(store.counts(25'000).open, 1);
    EXPECT_EQ(store.counts(25'000).overdue, 1);
}

TEST_F(StoresTest, AlarmsRaisedAcknowledgedCleared)
{
    AlarmStore store(storage);
    AlarmStore::Alarm a{0, QStringLiteral("wait80:payments"), QStringLiteral("wait_80"), QStringLiteral("warning"),
                        QStringLiteral("80 %"), QByteArrayLiteral("{\"service\":\"payments\"}"), 1'000};
    qint64 first = 0, second = 0;
    inScope([&] {
        first = store.raise(a);
        a.key = QStringLiteral("wait100:payments");
        a.raisedAt = 2'000;
        second = store.raise(a);
    });
    ASSERT_GT(second, first);
    const auto keys = store.activeKeys();
    ASSERT_TRUE(keys.has_value());
    EXPECT_EQ(keys->value(QStringLiteral("wait80:payments")), first);
    EXPECT_EQ(keys->value(QStringLiteral("wait100:payments")), second);

    inScope([&] { EXPECT_TRUE(store.acknowledge(first, 3'000, QStringLiteral("manager"))); });
    auto back = store.load(first);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->data, QByteArrayLiteral("{\"service\":\"payments\"}"));
    EXPECT_EQ(back->ackedAt, 3'000);
    EXPECT_EQ(back->ackedBy, QStringLiteral("manager"));
    EXPECT_FALSE(store.load(second)->ackedBy.has_value());
    EXPECT_FALSE(store.load(second + 1).has_value());

    inScope([&] { EXPECT_TRUE(store.clear(first, 4'000)); });
    EXPECT_EQ(store.load(first)->clearedAt, 4'000);
    ASSERT_EQ(store.active().size(), 1);
    EXPECT_EQ(store.active().first().id, second);
    EXPECT_EQ(store.activeKeys()->size(), 1);
    const QList<AlarmStore::Alarm> latest = store.latest(500);
    ASSERT_EQ(latest.size(), 2);
    EXPECT_EQ(latest.first().id, second);   // newest first
    EXPECT_EQ(store.latest(1).size(), 1);
}

TEST_F(StoresTest, WindowsAddedOnceSavedAndFoundByOperator)
{
    WindowStore store(storage);
    inScope([&] {
        EXPECT_TRUE(store.ensure(1, 1'000));
        EXPECT_TRUE(store.ensure(2, 1'000));
        EXPECT_TRUE(store.ensure(1, 9'000));   // already there: unchanged
    });
    auto w = store.load(1);
    ASSERT_TRUE(w.has_value());
    EXPECT_EQ(w->state, WindowState::Closed);
    EXPECT_EQ(w->since, 1'000);
    EXPECT_EQ(w->ticketId, 0);
    EXPECT_TRUE(w->op.isEmpty());
    EXPECT_FALSE(store.load(3).has_value());

    w->state = WindowState::Paused;
    w->reason = PauseReason::Break;
    w->op = QStringLiteral("ivanova");
    w->ticketId = 42;
    w->since = 2'000;
    inScope([&] { EXPECT_TRUE(store.save(*w)); });
    const auto back = store.load(1);
    EXPECT_EQ(back->state, WindowState::Paused);
    EXPECT_EQ(back->reason, PauseReason::Break);
    EXPECT_EQ(back->op, QStringLiteral("ivanova"));
    EXPECT_EQ(back->ticketId, 42);
    EXPECT_EQ(back->since, 2'000);
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM windows WHERE number = 2 AND operator IS NULL "
                                   "AND ticket_id IS NULL AND pause_reason IS NULL")), 1);   // empty is NULL

    EXPECT_EQ(store.othersOf(QStringLiteral("ivanova"), 2), QList<int>{1});
    EXPECT_TRUE(store.othersOf(QStringLiteral("ivanova"), 1)->isEmpty());
    EXPECT_TRUE(store.othersOf(QStringLiteral("petrov"), 2)->isEmpty());
}

TEST_F(StoresTest, CountersPerPrefix)
{
    CounterStore store(storage);
    CounterStore::Counter c{QStringLiteral("x"), 9};
    ASSERT_TRUE(store.load(QStringLiteral("П"), &c));
    EXPECT_TRUE(c.businessDay.isEmpty());   // none yet
    EXPECT_EQ(c.last, 0);
    inScope([&] {
        EXPECT_TRUE(store.put(QStringLiteral("П"), {QStringLiteral("2026-12-03"), 17}));
        EXPECT_TRUE(store.put(QStringLiteral("Д"), {QStringLiteral("2026-12-03"), 3}));
        EXPECT_TRUE(store.put(QStringLiteral("П"), {QStringLiteral("2026-12-04"), 1}));   // replaces
    });
    ASSERT_TRUE(store.load(QStringLiteral("П"), &c));
    EXPECT_EQ(c.businessDay, QStringLiteral("2026-12-04"));
    EXPECT_EQ(c.last, 1);
    ASSERT_TRUE(store.load(QStringLiteral("Д"), &c));
    EXPECT_EQ(c.last, 3);
}

TEST_F(StoresTest, PrinterProblemsOnlyForPrintersThatNeedSomeone)
{
    ASSERT_TRUE(storage.execRaw(QStringLiteral(
        "INSERT INTO device_status(device, role, printer, detail, reported_at) VALUES "
        "('kiosk-1', 'kiosk', 'ok', NULL, 1), ('kiosk-2', 'kiosk', 'paper_low', 'near end', 1), "
        "('kiosk-3', 'kiosk', 'offline', NULL, 1), ('board-1', 'display', NULL, NULL, 1)")));
    QList<DeviceStatusStore::PrinterProblem> problems = DeviceStatusStore(storage).printerProblems();
    std::sort(problems.begin(), problems.end(), [](const auto &x, const auto &y) { return x.device < y.device; });
    ASSERT_EQ(problems.size(), 2);
    EXPECT_EQ(problems[0].device, QStringLiteral("kiosk-2"));
    EXPECT_EQ(problems[0].printer, QStringLiteral("paper_low"));
    EXPECT_EQ(problems[0].detail, QStringLiteral("near end"));
    EXPECT_EQ(problems[1].printer, QStringLiteral("offline"));
}

TEST_F(StoresTest, TheReportersScanYieldsTheDaysRowsWithTheirRatings)
{
    const qint64 a = ticket(QStringLiteral("П001"), QStringLiteral("2026-12-01"), 1'000'000);
    ticket(QStringLiteral("П002"), QStringLiteral("2026-12-02"), 2'000'000);
    ticket(QStringLiteral("П003"), QStringLiteral("2026-12-04"), 3'000'000);
    TicketStore tickets(storage);
    auto t = tickets.load(a);
    t->state = TicketState::Done;
    t->priority = QString();
    t->calledAt = 1'060'000;
    t->startedAt = 1'090'000;
    t->finishedAt = 1'390'000;
    t->window = 4;
    t->operatorLogin = QStringLiteral("ivanova");
    t->redirects = 1;
    inScope([&] {
        EXPECT_TRUE(tickets.save(*t));
        RatingStore::Rating r;
        r.ticketId = a;
        r.score = 5;
        r.channel = QStringLiteral("kiosk");
        r.service = QStringLiteral("payments");
        r.createdAt = 1'400'000;
        EXPECT_TRUE(RatingStore(storage).add(r));
    });

    TicketScan scan;
    QString error;
    EXPECT_FALSE(scan.scan(QDate(2026, 12, 1), QDate(2026, 12, 3), [](const TicketScan::Row &) {}, &error));
    EXPECT_FALSE(error.isEmpty());   // not open
    ASSERT_TRUE(scan.open(path(), &error)) << qPrintable(error);

    struct Seen {
        QByteArray day, service, state, op;
        int window, redirects, score;
        qint64 issued, called, started, finished;
    };
    QList<Seen> seen;
    ASSERT_TRUE(scan.scan(QDate(2026, 12, 1), QDate(2026, 12, 3), [&](const TicketScan::Row &r) {
        seen.append({r.businessDay.toByteArray(), r.service.toByteArray(), r.state.toByteArray(),
                     r.operatorLogin.toByteArray(), r.window, r.redirects, r.score, r.issuedAt, r.calledAt, r.startedAt,
                     r.finishedAt});
    }, &error)) << qPrintable(error);
    ASSERT_EQ(seen.size(), 2);   // 12-04 is outside
    EXPECT_EQ(seen[0].day, QByteArray("2026-12-01"));
    EXPECT_EQ(seen[0].service, QByteArray("payments"));
    EXPECT_EQ(seen[0].state, QByteArray("done"));
    EXPECT_EQ(seen[0].op, QByteArray("ivanova"));
    EXPECT_EQ(seen[0].window, 4);
    EXPECT_EQ(seen[0].redirects, 1);
    EXPECT_EQ(seen[0].score, 5);
    EXPECT_EQ(seen[0].called, 1'060'000);
    EXPECT_EQ(seen[0].finished, 1'390'000);
    EXPECT_EQ(seen[1].day, QByteArray("2026-12-02"));
    EXPECT_EQ(seen[1].state, QByteArray("waiting"));
    EXPECT_TRUE(seen[1].op.isEmpty());
    EXPECT_EQ(seen[1].called, -1);   // never called
    EXPECT_EQ(seen[1].started, 0);
    EXPECT_EQ(seen[1].score, 0);     // not rated
    EXPECT_EQ(seen[1].issued, 2'000'000);

    TicketScan missing;
    EXPECT_FALSE(missing.open(dir.filePath(QStringLiteral("no/such.db")), &error));
    EXPECT_FALSE(missing.isOpen());
}

TEST_F(StoresTest, OneChangeOneEventCommittedTogetherOrNotAtAll)
{
    const int before = count(QStringLiteral("SELECT COUNT(*) FROM events"));
    ReviewStore reviews(storage);
    const ReviewStore::Review r{0, QStringLiteral("thanks"), QStringLiteral("book"), QStringLiteral("спасибо"), std::nullopt,
                                false, 0, 0, QStringLiteral("manager")};
    qint64 id = 0;
    inScope([&] { id = reviews.add(r); });

    // A failing write: no event, nothing changed.
    EXPECT_FALSE(apiutil::commitWithEvent(storage, 5'000, "review.closed", QJsonObject{{QStringLiteral("review"), id}},
                                          [&] {
                                              reviews.close(id, 5'000, QStringLiteral("x"));
                                              return false;
                                          }));
    EXPECT_EQ(reviews.load(id)->closedAt, 0);
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM events")), before);

    EXPECT_TRUE(apiutil::commitWithEvent(storage, 6'000, "review.closed", QJsonObject{{QStringLiteral("review"), id}},
                                         [&] { return reviews.close(id, 6'000, QStringLiteral("thanked the team")); }));
    EXPECT_EQ(reviews.load(id)->closedAt, 6'000);
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM events")), before + 1);
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM events WHERE type = 'review.closed'")), 1);
}

} // namespace

TEST_F(StoresTest, AuditEntriesFilteredByTimeAndActorNewestFirst)
{
    AuditStore audit(storage);
    inScope([&] {
        AuditStore::Entry e;
        e.at = 1000;
        e.actor = QStringLiteral("account:admin");
        e.address = QStringLiteral("192.0.2.7");
        e.action = QStringLiteral("window.services");
        e.object = QStringLiteral("window:2");
        e.before = R"({"services":["contracts"]})";
        e.after = R"({"services":["payments"]})";
        EXPECT_GT(audit.record(e), 0);
        e.at = 2000;
        e.actor = QStringLiteral("account:ivanova");
        e.action = QStringLiteral("auth.login");
        e.object = QStringLiteral("account:ivanova");
        e.outcome = QStringLiteral("wrong_password");
        e.before.clear();
        e.after.clear();
        EXPECT_GT(audit.record(e), 0);
        e.at = 3000;
        e.actor = QStringLiteral("account:admin");
        e.outcome = QStringLiteral("ok");
        EXPECT_GT(audit.record(e), 0);
    });
    // A change that rolls back leaves no entry.
    {
        Scope scope(storage);
        AuditStore::Entry e;
        e.at = 4000;
        e.actor = QStringLiteral("cli");
        e.action = QStringLiteral("x");
        audit.record(e);
    }
    const auto all = audit.find({});
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3);
    EXPECT_EQ(all->at(0).at, 3000);
    EXPECT_EQ(all->at(2).before, QByteArray(R"({"services":["contracts"]})"));
    EXPECT_EQ(all->at(2).address, QStringLiteral("192.0.2.7"));
    EXPECT_TRUE(all->at(1).before.isEmpty());
    EXPECT_EQ(all->at(1).outcome, QStringLiteral("wrong_password"));

    const auto admin = audit.find({0, 0, QStringLiteral("account:admin"), 1000});
    ASSERT_TRUE(admin.has_value());
    ASSERT_EQ(admin->size(), 2);
    const auto window = audit.find({1500, 3000, QString(), 1000});
    ASSERT_TRUE(window.has_value());
    ASSERT_EQ(window->size(), 1);
    EXPECT_EQ(window->at(0).actor, QStringLiteral("account:ivanova"));
    const auto one = audit.find({0, 0, QString(), 1});
    ASSERT_TRUE(one.has_value());
    EXPECT_EQ(one->size(), 1);
}

// A full disk (here: SQLite's page limit, the same SQLITE_FULL a full filesystem gives):
// SQLite rolls the whole transaction back on its own, so the batch's other requests are
// lost too and must not be acknowledged — and nothing asked after the failure may run
// outside a transaction (a savepoint would open a new one, committed by its release: a
// ghost row nobody was told about). What was acknowledged is exactly what is stored, the
// failure is counted and named, and writing resumes by itself once there is room again.
TEST_F(StoresTest, AFullDiskKeepsNothingOfTheFailedWriteAndResumesWhenThereIsRoom)
{
    ASSERT_TRUE(storage.execRaw(QStringLiteral("CREATE TABLE filler (n INTEGER, x BLOB)")));
    const int pages = scalar(storage, QStringLiteral("PRAGMA page_count"), {}).value_or(0).toInt();
    ASSERT_GT(pages, 0);
    ASSERT_TRUE(storage.execRaw(QStringLiteral("PRAGMA max_page_count=%1").arg(pages + 40)));
    QStringList problems;
    QObject::connect(&storage, &Storage::diskProblemChanged, [&](const QString &p) { problems << p; });

    const QByteArray blob(3000, 'x');   // about one page each
    QList<int> acknowledged;            // rows whose own scope committed
    {
        Scope batch(storage);
        ASSERT_TRUE(batch.isOpen());
        for (int n = 0; n < 100; ++n) {
            Scope request(storage);
            if (!request.isOpen())
                continue;   // the transaction is gone: nothing more can be asked of it
            if (run(storage, QStringLiteral("INSERT INTO filler (n, x) VALUES (?, ?)"), {n, blob}) && request.commit())
                acknowledged << n;
        }
        EXPECT_GT(storage.diskFailures(), 0);
        if (!batch.commit())
            acknowledged.clear();   // the whole batch answers with an error
    }
    EXPECT_LT(acknowledged.size(), 100);
    ASSERT_FALSE(problems.isEmpty());
    EXPECT_TRUE(problems.first().contains(QLatin1String("the disk is full"))) << problems.first().toStdString();
    // Exactly what was acknowledged is there: nothing lost, no ghost row.
    QList<int> stored;
    {
        QSqlQuery &all = bound(storage, QStringLiteral("SELECT n FROM filler ORDER BY n"), {});
        ASSERT_TRUE(storage.exec(all));
        while (all.next())
            stored << all.value(0).toInt();
        all.finish();
    }
    // As std::vector: QList's operator== hands memcmp a null pointer for two empty lists (UBSan).
    EXPECT_EQ(std::vector<int>(stored.cbegin(), stored.cend()), std::vector<int>(acknowledged.cbegin(), acknowledged.cend()));

    // Room again: the next write commits and the problem is cleared.
    ASSERT_TRUE(storage.execRaw(QStringLiteral("PRAGMA max_page_count=1000000")));
    inScope([&] { EXPECT_TRUE(run(storage, QStringLiteral("INSERT INTO filler (n, x) VALUES (?, ?)"), {1000, blob})); });
    EXPECT_TRUE(storage.diskProblem().isEmpty());
    ASSERT_FALSE(problems.isEmpty());
    EXPECT_TRUE(problems.last().isEmpty());
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM filler WHERE n = 1000")), 1);
}
