// The kiosk's offline reserve and journal on disk (kiosk/logic/offlinereserve.h): what a
// restart finds, a line torn by a power cut, the folding once everything is uploaded, and
// that a number is never handed out twice — not after a restart, not from a reserve answer
// that still lists it.
#include "logic/offlinereserve.h"

#include "common/protocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using queue::kiosk::OfflineReserve;

namespace {

const QString kDay = QStringLiteral("2026-12-03");
const qint64 kNoon = 1796299200000;   // 2026-12-03T04:00:00Z

// The server's answer to POST /kiosk/reserve: numbers of payments (П) and contracts (К).
QJsonObject answer(const QString &day, const QList<int> &payments, const QList<int> &contracts = {})
{
    auto list = [](const QList<int> &ns) {
        QJsonArray a;
        for (int n : ns)
            a.append(n);
        return a;
    };
    return QJsonObject{{QStringLiteral("business_day"), day},
                       {QStringLiteral("reserve"),
                        QJsonArray{QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")},
                                               {QStringLiteral("prefix"), QStringLiteral("П")},
                                               {QStringLiteral("numbers"), list(payments)}},
                                   QJsonObject{{QStringLiteral("service"), QStringLiteral("contracts")},
                                               {QStringLiteral("prefix"), QStringLiteral("К")},
                                               {QStringLiteral("numbers"), list(contracts)}}}}};
}

TEST(OfflineReserve, TakesTheLowestFreeNumberAndARestartFindsItUsed)
{
    QTemporaryDir dir;
    QString first;
    {
        OfflineReserve r(dir.path());
        ASSERT_TRUE(r.setReserve(answer(kDay, {7, 3, 5}, {40}), -1234));
        EXPECT_EQ(r.remaining(QStringLiteral("payments"), kDay), 3);
        EXPECT_EQ(r.remaining(QStringLiteral("payments"), QStringLiteral("2026-12-04")), 0) << "another day";
        const auto e = r.take(QStringLiteral("payments"), QStringLiteral("disability_1"), kNoon, kDay);
        ASSERT_TRUE(e);
        EXPECT_EQ(e->number, QStringLiteral("П003"));
        EXPECT_FALSE(e->printed.has_value());
        first = e->id;
        ASSERT_TRUE(r.markPrinted(e->id, true));
    }
    OfflineReserve again(dir.path());
    EXPECT_EQ(again.clockOffsetMs(), -1234);
    EXPECT_EQ(again.businessDay(), kDay);
    ASSERT_EQ(again.pending().size(), 1);
    const OfflineReserve::Entry e = again.pending().first();
    EXPECT_EQ(e.id, first);
    EXPECT_EQ(e.number, QStringLiteral("П003"));
    EXPECT_EQ(e.priority, QStringLiteral("disability_1"));
    EXPECT_EQ(e.issuedAt, kNoon);
    EXPECT_EQ(e.printed, std::optional<bool>(true));
    EXPECT_EQ(again.remaining(QStringLiteral("payments"), kDay), 2);
    const auto next = again.take(QStringLiteral("payments"), QString(), kNoon + 1000, kDay);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->number, QStringLiteral("П005"));
    // A reserve answer that still lists the used numbers (their upload is on its way) does
    // not give them out again.
    ASSERT_TRUE(again.setReserve(answer(kDay, {3, 5, 7, 9}), 0));
    EXPECT_EQ(again.remaining(QStringLiteral("payments"), kDay), 2);
    EXPECT_EQ(again.take(QStringLiteral("payments"), QString(), kNoon, kDay)->number, QStringLiteral("П007"));
    EXPECT_EQ(again.take(QStringLiteral("payments"), QString(), kNoon, kDay)->number, QStringLiteral("П009"));
    EXPECT_FALSE(again.take(QStringLiteral("payments"), QString(), kNoon, kDay)) << "the reserve is used up";
    EXPECT_FALSE(again.take(QStringLiteral("reception"), QString(), kNoon, kDay)) << "no numbers of that topic";
}

TEST(OfflineReserve, ALineTornByAPowerCutIsIgnoredAndTheRestKept)
{
    QTemporaryDir dir;
    {
        OfflineReserve r(dir.path());
        ASSERT_TRUE(r.setReserve(answer(kDay, {1, 2, 3}), 0));
        ASSERT_TRUE(r.take(QStringLiteral("payments"), QString(), kNoon, kDay));
    }
    QFile j(dir.path() + QStringLiteral("/offline-journal.jsonl"));
    ASSERT_TRUE(j.open(QIODevice::Append));
    j.write("{\"op\":\"issue\",\"id\":\"x\",\"service\":\"payments\",\"numb");   // cut mid-line
    j.close();
    OfflineReserve r(dir.path());
    ASSERT_EQ(r.pending().size(), 1);
    EXPECT_EQ(r.pending().first().number, QStringLiteral("П001"));
    // The torn step never happened (it is written before the printer is asked): its
    // number was not printed and is free; the next line goes after the torn one.
    const auto e = r.take(QStringLiteral("payments"), QString(), kNoon, kDay);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->number, QStringLiteral("П002"));
    OfflineReserve reread(dir.path());
    EXPECT_EQ(reread.pending().size(), 2);
}

TEST(OfflineReserve, UploadedTicketsAreFoldedAwayAndTheirNumbersStayUsed)
{
    QTemporaryDir dir;
    OfflineReserve r(dir.path());
    ASSERT_TRUE(r.setReserve(answer(kDay, {1, 2, 3}, {10}), 0));
    const auto a = r.take(QStringLiteral("payments"), QString(), kNoon, kDay);
    const auto b = r.take(QStringLiteral("contracts"), QString(), kNoon, kDay);
    ASSERT_TRUE(a && b);
    ASSERT_TRUE(r.markPrinted(a->id, true));
    ASSERT_TRUE(r.markPrinted(b->id, false));
    const QJsonObject body = r.uploadBody(r.pending());
    ASSERT_EQ(body.value(QStringLiteral("tickets")).toArray().size(), 2);
    EXPECT_EQ(body[QStringLiteral("tickets")][1][QStringLiteral("printed")].toBool(true), false);
    EXPECT_EQ(queue::parseIsoUtc(body[QStringLiteral("tickets")][0][QStringLiteral("issued_at")].toString()), kNoon);

    ASSERT_TRUE(r.markUploaded({a->id}));
    EXPECT_EQ(r.pending().size(), 1);
    EXPECT_GT(QFile(r.journalPath()).size(), 0) << "not folded while something is pending";
    ASSERT_TRUE(r.markUploaded({b->id}));
    EXPECT_TRUE(r.pending().isEmpty());
    EXPECT_EQ(QFile(r.journalPath()).size(), 0) << "folded";
    EXPECT_EQ(r.remaining(QStringLiteral("payments"), kDay), 2);
    EXPECT_EQ(r.remaining(QStringLiteral("contracts"), kDay), 0);
    OfflineReserve reread(dir.path());
    EXPECT_EQ(reread.remaining(QStringLiteral("payments"), kDay), 2) << "the used number left the reserve file";
    EXPECT_EQ(reread.take(QStringLiteral("payments"), QString(), kNoon, kDay)->number, QStringLiteral("П002"));
}

TEST(OfflineReserve, NoDirectoryMeansNoReserve)
{
    OfflineReserve r{QString()};
    EXPECT_FALSE(r.enabled());
    EXPECT_FALSE(r.setReserve(answer(kDay, {1}), 0));
    EXPECT_FALSE(r.take(QStringLiteral("payments"), QString(), kNoon, kDay));
    // Not a directory: the reserve says why and gives nothing out.
    QTemporaryDir dir;
    QFile blocker(dir.path() + QStringLiteral("/file"));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    OfflineReserve bad(blocker.fileName());
    EXPECT_FALSE(bad.error().isEmpty());
    EXPECT_FALSE(bad.setReserve(answer(kDay, {1}), 0));
    EXPECT_FALSE(bad.take(QStringLiteral("payments"), QString(), kNoon, kDay));
}

} // namespace
