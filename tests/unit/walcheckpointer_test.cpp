// The WAL checkpoint off the request path (server/walcheckpointer.h).

#include "server/storage.h"
#include "server/walcheckpointer.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <gtest/gtest.h>

using namespace queue::server;

namespace {

class WalCheckpointerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QString error;
        // NORMAL: no fsync per commit, so that a few thousand commits are quick.
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error)) << qPrintable(error);
        ASSERT_TRUE(storage.execRaw(QStringLiteral("CREATE TABLE scratch(x INTEGER)"), &error)) << qPrintable(error);
    }

    int autoCheckpoint()
    {
        QSqlQuery &q = storage.prepared(QStringLiteral("PRAGMA wal_autocheckpoint"));
        const int pages = storage.exec(q) && q.next() ? q.value(0).toInt() : -1;
        q.finish();
        return pages;
    }

    void commits(int n)
    {
        for (int i = 0; i < n; ++i) {
            Scope scope(storage);
            QSqlQuery &q = storage.prepared(QStringLiteral("INSERT INTO scratch(x) VALUES (?)"));
            q.bindValue(0, i);
            ASSERT_TRUE(storage.exec(q));
            ASSERT_TRUE(scope.commit());
        }
    }

    QTemporaryDir dir;
    Storage storage;
};

TEST_F(WalCheckpointerTest, TheWriterNoLongerCheckpointsTheCheckpointerDoes)
{
    WalCheckpointer checkpointer(storage, 60 * 60 * 1000);   // no timed run during the test
    QString error;
    ASSERT_TRUE(checkpointer.start(&error)) << qPrintable(error);
    EXPECT_EQ(autoCheckpoint(), 0);

    // More than the 1000 pages at which a COMMIT would checkpoint by itself.
    commits(1500);
    const auto first = checkpointer.checkpointNow();
    ASSERT_TRUE(first.ok);
    EXPECT_GT(first.walFrames, 1000) << "the writer checkpointed on its own";
    EXPECT_EQ(first.checkpointed, first.walFrames);

    // Everything was copied, so the next commit starts the WAL from its beginning.
    commits(1);
    const auto second = checkpointer.checkpointNow();
    ASSERT_TRUE(second.ok);
    EXPECT_LT(second.walFrames, 10);
    EXPECT_EQ(second.checkpointed, second.walFrames);
    EXPECT_EQ(checkpointer.checkpoints(), 2);

    checkpointer.stop();
    EXPECT_EQ(autoCheckpoint(), 1000) << "after stop() the storage checkpoints by itself again";
    QSqlQuery &count = storage.prepared(QStringLiteral("SELECT COUNT(*) FROM scratch"));
    ASSERT_TRUE(storage.exec(count) && count.next());
    EXPECT_EQ(count.value(0).toInt(), 1501);
    count.finish();
}

} // namespace
