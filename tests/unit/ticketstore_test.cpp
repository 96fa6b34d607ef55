// The engine's statements on the tickets table (server/store/ticketstore.h).

#include "server/storage.h"
#include "server/store/ticketstore.h"

#include <QTemporaryDir>

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

} // namespace
