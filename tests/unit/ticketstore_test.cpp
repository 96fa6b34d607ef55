// The engine's statements on the tickets table (server/store/ticketstore.h).

#include "server/storage.h"
#include "server/store/ticketstore.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;

namespace {

class TicketStoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error)) << qPrintable(error);
    }

    qint64 insert(const QString &number, int seq, const QString &priority = {}, qint64 bookedAt = 0)
    {
        Ticket t;
        t.number = number;
        t.service = t.originalService = QStringLiteral("payments");
        t.priority = priority;
        t.state = TicketState::Waiting;
        t.issuedAt = 1'700'000'000'000;
        Scope scope(storage);
        const qint64 id = store.insert(t, QStringLiteral("П"), seq, QStringLiteral("2026-12-03"), bookedAt);
        EXPECT_TRUE(scope.commit());
        return id;
    }

    QTemporaryDir dir;
    Storage storage;
    TicketStore store{storage};
};

TEST_F(TicketStoreTest, ARowReadsBackAsItWasWritten)
{
    const qint64 id = insert(QStringLiteral("П007"), 7, QStringLiteral("veteran"), 1'700'000'600'000);
    ASSERT_GT(id, 0);
    auto t = store.load(id);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->number, QStringLiteral("П007"));
    EXPECT_EQ(t->service, QStringLiteral("payments"));
    EXPECT_EQ(t->originalService, QStringLiteral("payments"));
    EXPECT_EQ(t->priority, QStringLiteral("veteran"));
    EXPECT_EQ(t->state, TicketState::Waiting);
    EXPECT_EQ(t->issuedAt, 1'700'000'000'000);
    EXPECT_EQ(t->calledAt, 0);
    EXPECT_EQ(store.bookedAt(id), 1'700'000'600'000);
    EXPECT_FALSE(store.load(id + 1).has_value());

    t->state = TicketState::Serving;
    t->service = QStringLiteral("contracts");
    t->calledAt = t->lastCalledAt = 1'700'000'100'000;
    t->startedAt = 1'700'000'200'000;
    t->window = 3;
    t->operatorLogin = QStringLiteral("ivanova");
    t->recalls = 1;
    t->comment = QStringLiteral("with a dog");
    {
        Scope scope(storage);
        ASSERT_TRUE(store.save(*t));
        ASSERT_TRUE(scope.commit());
    }
    const auto back = store.load(id);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->state, TicketState::Serving);
    EXPECT_EQ(back->service, QStringLiteral("contracts"));
    EXPECT_EQ(back->originalService, QStringLiteral("payments"));
    EXPECT_EQ(back->calledAt, 1'700'000'100'000);
    EXPECT_EQ(back->startedAt, 1'700'000'200'000);
    EXPECT_EQ(back->window, 3);
    EXPECT_EQ(back->operatorLogin, QStringLiteral("ivanova"));
    EXPECT_EQ(back->recalls, 1);
    EXPECT_EQ(back->comment, QStringLiteral("with a dog"));
}

TEST_F(TicketStoreTest, QueuedTicketsAndHeldNumbersFollowTheState)
{
    const qint64 a = insert(QStringLiteral("П001"), 1);
    const qint64 b = insert(QStringLiteral("П002"), 2);
    const qint64 c = insert(QStringLiteral("П003"), 3);
    EXPECT_EQ(store.bookedAt(a), 0);
    auto set = [&](qint64 id, TicketState state) {
        auto t = store.load(id);
        ASSERT_TRUE(t.has_value());
        t->state = state;
        Scope scope(storage);
        ASSERT_TRUE(store.save(*t));
        ASSERT_TRUE(scope.commit());
    };
    set(b, TicketState::Called);   // no longer queued, still holds its number
    set(c, TicketState::Done);     // neither
    EXPECT_EQ(store.queuedIds(), QList<qint64>{a});
    EXPECT_EQ(store.heldNumbers().value(QStringLiteral("П")), (QSet<int>{1, 2}));
}

TEST_F(TicketStoreTest, TheDaysTimesAsStatisticsReadThem)
{
    const qint64 a = insert(QStringLiteral("П001"), 1, QStringLiteral("veteran"));
    const qint64 b = insert(QStringLiteral("П002"), 2);
    const qint64 c = insert(QStringLiteral("П003"), 3, {}, 1'700'000'300'000);
    auto change = [&](qint64 id, auto &&edit) {
        auto t = store.load(id);
        ASSERT_TRUE(t.has_value());
        edit(*t);
        Scope scope(storage);
        ASSERT_TRUE(store.save(*t));
        ASSERT_TRUE(scope.commit());
    };
    change(a, [](Ticket &t) {   // served at window 2 in another topic
        t.state = TicketState::Done;
        t.calledAt = 1'700'000'060'000;
        t.startedAt = 1'700'000'120'000;
        t.finishedAt = 1'700'000'420'000;
        t.window = 2;
    });
    change(b, [](Ticket &t) {
        t.state = TicketState::NoShow;
        t.calledAt = 1'700'000'090'000;
        t.window = 2;
    });
    change(c, [](Ticket &t) {   // booked for :05, called at :07
        t.state = TicketState::Called;
        t.calledAt = 1'700'000'420'000;
        t.window = 3;
    });

    const QList<TicketStore::Times> day = store.ofDay(QStringLiteral("2026-12-03"));
    ASSERT_EQ(day.size(), 3);
    EXPECT_EQ(day[0].originalService, QStringLiteral("payments"));
    EXPECT_EQ(day[0].calledService, QStringLiteral("payments"));
    EXPECT_EQ(day[0].priority, QStringLiteral("veteran"));
    EXPECT_EQ(day[0].state, QStringLiteral("done"));
    EXPECT_EQ(day[0].calledAt, 1'700'000'060'000);
    EXPECT_EQ(day[0].finishedAt, 1'700'000'420'000);
    EXPECT_TRUE(day[1].priority.isEmpty());
    EXPECT_TRUE(store.ofDay(QStringLiteral("2026-12-04")).isEmpty());

    const QList<TicketStore::Times> ended = store.endedAtWindow(QStringLiteral("2026-12-03"), 2);
    ASSERT_EQ(ended.size(), 2);   // done and no_show; the called ticket at 3 is not over
    EXPECT_TRUE(store.endedAtWindow(QStringLiteral("2026-12-03"), 3).isEmpty());

    EXPECT_EQ(store.findByNumber(QStringLiteral("П002"), QStringLiteral("2026-12-02"), QStringLiteral("2026-12-03")), b);
    EXPECT_FALSE(store.findByNumber(QStringLiteral("П002"), QStringLiteral("2026-12-01"), QStringLiteral("2026-12-02")));
    EXPECT_FALSE(store.findByNumber(QStringLiteral("П009"), QStringLiteral("2026-12-03"), QStringLiteral("2026-12-03")));

    EXPECT_EQ(store.arrivalsSince(1'699'999'999'999).value(QStringLiteral("payments")), 3);
    EXPECT_TRUE(store.arrivalsSince(1'700'000'000'000).isEmpty());   // strictly after

    const QDate d(2026, 12, 3);
    const auto visitors = store.visitorsBetween(d, d);
    ASSERT_TRUE(visitors.has_value());
    EXPECT_EQ(visitors->booked, 1);
    EXPECT_EQ(visitors->walkIn, 2);
    const auto waits = store.bookedWaitsBetween(d, d);
    ASSERT_TRUE(waits.has_value());
    EXPECT_EQ(*waits, QList<qint64>{120'000});   // from the slot, which is after the issue
    EXPECT_TRUE(store.bookedWaitsBetween(d.addDays(1), d.addDays(1))->isEmpty());
}

TEST_F(TicketStoreTest, EachWindowWithTheTicketItHolds)
{
    const qint64 id = insert(QStringLiteral("П001"), 1);
    ASSERT_TRUE(storage.execRaw(QStringLiteral("INSERT INTO windows(number, state, since) VALUES (1, 'closed', 0)")));
    ASSERT_TRUE(storage.execRaw(
        QStringLiteral("INSERT INTO windows(number, state, since, ticket_id) VALUES (2, 'open', 0, %1)").arg(id)));
    auto t = store.load(id);
    t->state = TicketState::Serving;
    t->calledAt = 1'700'000'060'000;
    t->startedAt = 1'700'000'120'000;
    {
        Scope scope(storage);
        ASSERT_TRUE(store.save(*t));
        ASSERT_TRUE(scope.commit());
    }
    QList<TicketStore::AtWindow> windows = store.atWindows();
    std::sort(windows.begin(), windows.end(), [](const auto &x, const auto &y) { return x.window < y.window; });
    ASSERT_EQ(windows.size(), 2);
    EXPECT_EQ(windows[0].windowState, QStringLiteral("closed"));
    EXPECT_FALSE(windows[0].hasTicket);
    EXPECT_TRUE(windows[1].hasTicket);
    EXPECT_EQ(windows[1].service, QStringLiteral("payments"));
    EXPECT_EQ(windows[1].state, QStringLiteral("serving"));
    EXPECT_EQ(windows[1].calledAt, 1'700'000'060'000);
    EXPECT_EQ(windows[1].startedAt, 1'700'000'120'000);
}

TEST_F(TicketStoreTest, ATicketIsFoundByItsPageToken)
{
    Ticket t;
    t.number = QStringLiteral("П001");
    t.service = QStringLiteral("payments");
    t.issuedAt = 1'700'000'000'000;
    Scope scope(storage);
    const qint64 a = store.insert(t, QStringLiteral("П"), 1, QStringLiteral("2026-12-03"), 0, QStringLiteral("tokenA_tokenA_tokenA_1"));
    const qint64 b = store.insert(t, QStringLiteral("П"), 2, QStringLiteral("2026-12-03"), 0, QStringLiteral("tokenB_tokenB_tokenB_2"));
    // A token is unique: a second ticket with the same one is refused.
    EXPECT_EQ(store.insert(t, QStringLiteral("П"), 3, QStringLiteral("2026-12-03"), 0, QStringLiteral("tokenA_tokenA_tokenA_1")), 0);
    ASSERT_TRUE(scope.commit());
    EXPECT_EQ(store.idByPageToken(QStringLiteral("tokenA_tokenA_tokenA_1")), a);
    EXPECT_EQ(store.idByPageToken(QStringLiteral("tokenB_tokenB_tokenB_2")), b);
    EXPECT_EQ(store.idByPageToken(QStringLiteral("tokenb_tokenb_tokenb_2")), 0);   // case matters
    EXPECT_EQ(store.idByPageToken(QString::number(a)), 0);
    EXPECT_EQ(store.idByPageToken(QString()), 0);
    EXPECT_EQ(store.pageToken(b), QStringLiteral("tokenB_tokenB_tokenB_2"));
    EXPECT_TRUE(store.load(a)->page.isEmpty()) << "load() never carries the page: events and listings must not";
}

// A database of schema version 5 (before the page tokens) with tickets in it: the
// migration gives every existing ticket its own token of 128 random bits.
TEST(TicketPageMigration, TicketsFromBeforeGetATokenEach)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        for (const char *name : {"001_initial.sql", "002_number_index.sql", "003_devices.sql", "004_manager.sql", "005_booking.sql"}) {
            QFile f(QStringLiteral(":/queue/sql/") + QLatin1String(name));
            ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << name;
            for (const QString &statement : QString::fromUtf8(f.readAll()).split(QStringLiteral(";\n"), Qt::SkipEmptyParts)) {
                QString sql;
                for (const QString &line : statement.split(QLatin1Char('\n')))
                    if (!line.trimmed().startsWith(QLatin1String("--")))
                        sql += line + QLatin1Char('\n');
                if (!sql.trimmed().isEmpty()) {
                    ASSERT_TRUE(q.exec(sql)) << name << qPrintable(sql);
                }
            }
        }
        for (int i = 1; i <= 3; ++i)
            ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO tickets(number, prefix, seq_no, business_day, service, original_service, "
                                              "state, issued_at) VALUES ('П00%1', 'П', %1, '2026-12-01', 'payments', 'payments', "
                                              "'done', 1700000000000)").arg(i)));
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA user_version=5")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v5"));

    Storage storage;
    QString error;
    ASSERT_TRUE(storage.open(path, Storage::Sync::Normal, &error)) << qPrintable(error);
    TicketStore store(storage);
    QSet<QString> tokens;
    for (qint64 id = 1; id <= 3; ++id) {
        const QString token = store.pageToken(id);
        EXPECT_TRUE(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(token).hasMatch()) << qPrintable(token);
        EXPECT_EQ(store.idByPageToken(token), id);
        tokens.insert(token);
    }
    EXPECT_EQ(tokens.size(), 3);
}

} // namespace
