// Reports against a hand-computed fixture: every figure below was worked out
// by hand from the tickets inserted in SetUp (see the comments there).
#include "server/officeconfig.h"
#include "server/reports.h"
#include "server/storage.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue::server;

namespace {

qint64 at(int day, int h, int m, int s = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(h, m, s), QTimeZone::utc()).toMSecsSinceEpoch();
}

class ReportTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        config = OfficeConfig::builtIn();
        config.timeZone = QTimeZone::utc();
        QString error;
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error)) << qPrintable(error);
        // contracts (wait ≤ 10 min, service ≤ 15 min):
        //  c1 wait 240 s, service 600 s, visit 15 min, window 2, rated 5
        //  c2 wait 720 s (over), service 1080 s (over), visit 30.5 min (over), window 2
        //  c3 wait 1080 s (over), no-show at window 3
        //  c4 out of turn, still waiting
        ticket(1, "К001", "contracts", "done", at(26, 9, 0), at(26, 9, 4), at(26, 9, 5), at(26, 9, 15), 2, "petrov");
        ticket(2, "К002", "contracts", "done", at(26, 9, 1), at(26, 9, 13), at(26, 9, 13, 30), at(26, 9, 31, 30), 2, "petrov");
        ticket(3, "К003", "contracts", "no_show", at(26, 9, 2), at(26, 9, 20), 0, at(26, 9, 25), 3, "sidorova");
        ticket(4, "К004", "contracts", "waiting", at(26, 9, 3), 0, 0, 0, 0, "", "disability");
        // payments (wait ≤ 5, service ≤ 5):
        //  p1 wait 120 s, service 240 s, redirected once, rated 3
        //  p2 wait 360 s (over), service 360 s (over)
        //  p3 cancelled before a call
        ticket(5, "П001", "payments", "done", at(26, 10, 0), at(26, 10, 2), at(26, 10, 2, 30), at(26, 10, 6, 30), 1, "ivanova", "", 1);
        ticket(6, "П002", "payments", "done", at(26, 10, 10), at(26, 10, 16), at(26, 10, 16), at(26, 10, 22), 1, "ivanova");
        ticket(7, "П003", "payments", "cancelled", at(26, 10, 20), 0, 0, at(26, 10, 21), 0, "");
        // reception (no waiting norm, service ≤ 5): wait 1800 s, service 180 s, visit 33 min (over)
        ticket(8, "Д001", "reception", "done", at(26, 11, 0), at(26, 11, 30), at(26, 11, 30), at(26, 11, 33), 1, "ivanova");
        // The next day: only in reports that include the 27th.
        ticket(9, "К001", "contracts", "done", at(27, 9, 0), at(27, 9, 5), at(27, 9, 5), at(27, 9, 10), 2, "petrov");
        rate(1, 5, "contracts");
        rate(5, 3, "payments");
        ASSERT_TRUE(reporter.open(storage.path(), &error)) << qPrintable(error);
    }

    void ticket(qint64 id, const char *number, const char *service, const char *state, qint64 issued, qint64 called,
                qint64 started, qint64 finished, int window, const char *op, const char *priority = "", int redirects = 0)
    {
        const QDate day = QDateTime::fromMSecsSinceEpoch(issued, QTimeZone::utc()).date();
        auto v = [](qint64 x) { return x ? QString::number(x) : QStringLiteral("NULL"); };
        const QString sql = QStringLiteral(
            "INSERT INTO tickets(id, number, prefix, seq_no, business_day, service, original_service, called_service,"
            " priority, state, issued_at, called_at, last_called_at, started_at, finished_at, window, operator, redirects)"
            " VALUES (%1, '%2', '%3', %4, '%5', '%6', '%6', '%6', %7, '%8', %9, %10, %10, %11, %12, %13, %14, %15)")
                                .arg(id)
                                .arg(QString::fromUtf8(number), QString::fromUtf8(number).left(1))
                                .arg(QString::fromUtf8(number).mid(1).toInt())
                                .arg(day.toString(Qt::ISODate), QLatin1String(service),
                                     *priority ? QStringLiteral("'%1'").arg(QLatin1String(priority)) : QStringLiteral("NULL"),
                                     QLatin1String(state), v(issued), v(called), v(started), v(finished))
                                .arg(window ? QString::number(window) : QStringLiteral("NULL"),
                                     *op ? QStringLiteral("'%1'").arg(QLatin1String(op)) : QStringLiteral("NULL"))
                                .arg(redirects);
        QString error;
        ASSERT_TRUE(storage.execRaw(sql, &error)) << qPrintable(error) << qPrintable(sql);
    }

    void rate(qint64 ticketId, int score, const char *service)
    {
        QString error;
        ASSERT_TRUE(storage.execRaw(QStringLiteral("INSERT INTO ratings(ticket_id, score, channel, service, created_at)"
                                                   " VALUES (%1, %2, 'kiosk', '%3', 0)")
                                        .arg(ticketId)
                                        .arg(score)
                                        .arg(QLatin1String(service)),
                                    &error))
            << qPrintable(error);
    }

    // `today` 28 November: the 26th comes from memory, the 27th from the database.
    QJsonObject run(ReportRequest::Group group, int fromDay = 26, int toDay = 26, int today = 28)
    {
        ReportRequest r;
        r.from = QDate(2026, 11, fromDay);
        r.to = QDate(2026, 11, toDay);
        r.group = group;
        QString error;
        const QJsonObject o = reporter.report(r, QDate(2026, 11, today), &error);
        EXPECT_FALSE(o.isEmpty()) << qPrintable(error);
        return o;
    }

    static QJsonObject row(const QJsonObject &report, const QJsonValue &key)
    {
        for (const QJsonValue &v : report.value(QStringLiteral("rows")).toArray())
            if (v.toObject().value(QStringLiteral("key")) == key)
                return v.toObject();
        return {};
    }
    static double d(const QJsonObject &o, const char *path1, const char *path2 = nullptr)
    {
        const QJsonValue v = o.value(QLatin1String(path1));
        return path2 ? v.toObject().value(QLatin1String(path2)).toDouble(-1) : v.toDouble(-1);
    }

    QTemporaryDir dir;
    OfficeConfig config;
    Storage storage;
    Reporter reporter{config};
};

TEST_F(ReportTest, ByTopicMatchesTheHandComputedFigures)
{
    const QJsonObject r = run(ReportRequest::Group::Service);
    const QJsonObject c = row(r, QStringLiteral("contracts"));
    ASSERT_FALSE(c.isEmpty());
    EXPECT_EQ(c.value(QStringLiteral("label")).toString(), QStringLiteral("Договоры и консультации"));
    EXPECT_EQ(d(c, "tickets"), 4);
    EXPECT_EQ(d(c, "served"), 2);
    EXPECT_EQ(d(c, "no_shows"), 1);
    EXPECT_EQ(d(c, "open"), 1);
    EXPECT_EQ(d(c, "out_of_turn"), 1);
    EXPECT_EQ(d(c, "wait", "mean_s"), 680);     // (240 + 720 + 1080) / 3
    EXPECT_EQ(d(c, "wait", "median_s"), 720);
    EXPECT_EQ(d(c, "wait", "p90_s"), 1080);
    EXPECT_DOUBLE_EQ(d(c, "wait_within_norm"), 0.333);   // 1 of 3 within 10 min
    EXPECT_EQ(d(c, "service", "mean_s"), 840);  // (600 + 1080) / 2
    EXPECT_EQ(d(c, "service", "median_s"), 600);
    EXPECT_EQ(d(c, "service", "p90_s"), 1080);
    EXPECT_DOUBLE_EQ(d(c, "service_within_norm"), 0.5);
    EXPECT_EQ(d(c, "visits_over_norm"), 1);
    EXPECT_DOUBLE_EQ(d(c, "visit_within_norm"), 0.5);
    EXPECT_EQ(d(c, "ratings"), 1);
    EXPECT_DOUBLE_EQ(d(c, "rating_mean"), 5);

    const QJsonObject p = row(r, QStringLiteral("payments"));
    EXPECT_EQ(d(p, "tickets"), 3);
    EXPECT_EQ(d(p, "served"), 2);
    EXPECT_EQ(d(p, "cancelled"), 1);
    EXPECT_EQ(d(p, "redirected"), 1);
    EXPECT_EQ(d(p, "wait", "mean_s"), 240);
    EXPECT_EQ(d(p, "wait", "median_s"), 120);
    EXPECT_EQ(d(p, "wait", "p90_s"), 360);
    EXPECT_DOUBLE_EQ(d(p, "wait_within_norm"), 0.5);
    EXPECT_DOUBLE_EQ(d(p, "service_within_norm"), 0.5);
    EXPECT_EQ(d(p, "visits_over_norm"), 0);

    // Reception has no waiting norm: its wait is reported but not judged.
    const QJsonObject rec = row(r, QStringLiteral("reception"));
    EXPECT_EQ(d(rec, "wait", "mean_s"), 1800);
    EXPECT_TRUE(rec.value(QStringLiteral("wait_within_norm")).isNull());
    EXPECT_TRUE(rec.value(QStringLiteral("wait_norm_min")).isNull());
    EXPECT_DOUBLE_EQ(d(rec, "service_within_norm"), 1.0);
    EXPECT_EQ(d(rec, "visits_over_norm"), 1);

    // No tickets of B2B contracts that day: no row at all.
    EXPECT_TRUE(row(r, QStringLiteral("b2b_contracts")).isEmpty());

    const QJsonObject t = r.value(QStringLiteral("total")).toObject();
    EXPECT_EQ(d(t, "tickets"), 8);
    EXPECT_EQ(d(t, "served"), 5);
    EXPECT_EQ(d(t, "wait", "mean_s"), 720);     // 4320 / 6
    EXPECT_EQ(d(t, "wait", "median_s"), 360);   // nearest rank 3 of [120 240 360 720 1080 1800]
    EXPECT_EQ(d(t, "wait", "p90_s"), 1800);
    EXPECT_DOUBLE_EQ(d(t, "wait_within_norm"), 0.4);      // 2 of the 5 waits that have a norm
    EXPECT_DOUBLE_EQ(d(t, "service_within_norm"), 0.6);   // 600, 240, 180 of 5
    EXPECT_EQ(d(t, "visits_over_norm"), 2);
    EXPECT_DOUBLE_EQ(d(t, "rating_mean"), 4);
}

TEST_F(ReportTest, GroupsByWindowOperatorHourSegmentAndDay)
{
    const QJsonObject w = run(ReportRequest::Group::Window);
    EXPECT_EQ(d(row(w, 1), "tickets"), 3);
    EXPECT_EQ(d(row(w, 2), "tickets"), 2);
    EXPECT_EQ(d(row(w, 3), "no_shows"), 1);
    EXPECT_EQ(d(row(w, QJsonValue()), "tickets"), 2);   // never called: К004, П003
    EXPECT_EQ(row(w, 2).value(QStringLiteral("label")).toString(), QStringLiteral("Окно 2"));

    const QJsonObject o = run(ReportRequest::Group::Operator);
    const QJsonObject ivanova = row(o, QStringLiteral("ivanova"));
    EXPECT_EQ(ivanova.value(QStringLiteral("label")).toString(), QStringLiteral("Иванова Анна"));
    EXPECT_EQ(d(ivanova, "served"), 3);
    EXPECT_EQ(d(ivanova, "service", "mean_s"), 260);   // (240 + 360 + 180) / 3
    EXPECT_DOUBLE_EQ(d(ivanova, "rating_mean"), 3);

    const QJsonObject h = run(ReportRequest::Group::Hour);
    EXPECT_EQ(d(row(h, 9), "tickets"), 4);
    EXPECT_EQ(d(row(h, 10), "tickets"), 3);
    EXPECT_EQ(d(row(h, 11), "tickets"), 1);
    const QJsonArray hourly = h.value(QStringLiteral("hourly")).toArray();
    ASSERT_EQ(hourly.size(), 3);
    EXPECT_EQ(hourly[0].toObject().value(QStringLiteral("arrivals")).toInt(), 4);
    EXPECT_EQ(hourly[0].toObject().value(QStringLiteral("wait_mean_s")).toInt(), 680);

    const QJsonObject s = run(ReportRequest::Group::Segment);
    EXPECT_EQ(d(row(s, QStringLiteral("b2c")), "tickets"), 8);

    const QJsonObject days = run(ReportRequest::Group::Day, 26, 27);
    EXPECT_EQ(d(row(days, QStringLiteral("2026-11-26")), "tickets"), 8);
    EXPECT_EQ(d(row(days, QStringLiteral("2026-11-27")), "tickets"), 1);
    EXPECT_EQ(d(days.value(QStringLiteral("total")).toObject(), "tickets"), 9);
}

TEST_F(ReportTest, WaitHistogramHasOneMinuteBucketsAndTheNorm)
{
    const QJsonObject r = run(ReportRequest::Group::Service);
    QJsonObject contracts;
    for (const QJsonValue &v : r.value(QStringLiteral("wait_histogram")).toArray())
        if (v.toObject().value(QStringLiteral("service")).toString() == QLatin1String("contracts"))
            contracts = v.toObject();
    ASSERT_FALSE(contracts.isEmpty());
    EXPECT_EQ(contracts.value(QStringLiteral("wait_norm_min")).toInt(), 10);
    EXPECT_EQ(contracts.value(QStringLiteral("count")).toInt(), 3);
    const QJsonArray b = contracts.value(QStringLiteral("buckets")).toArray();
    EXPECT_EQ(b[4].toInt(), 1);    // 240 s
    EXPECT_EQ(b[12].toInt(), 1);   // 720 s
    EXPECT_EQ(b[18].toInt(), 1);   // 1080 s
    EXPECT_EQ(b[0].toInt(), 0);
}

TEST_F(ReportTest, DaysFromMemoryAndFromTheDatabaseGiveTheSameReport)
{
    // Today the 27th: nothing is closed yet, every row is read live.
    Reporter fresh(config);
    QString error;
    ASSERT_TRUE(fresh.open(storage.path(), &error));
    ReportRequest r{QDate(2026, 11, 26), QDate(2026, 11, 27), ReportRequest::Group::Operator};
    const QJsonObject live = fresh.report(r, QDate(2026, 11, 27), &error);
    // Days later: both days come from memory (loaded on the way).
    const QJsonObject cached = fresh.report(r, QDate(2026, 12, 2), &error);
    EXPECT_EQ(live, cached);
    EXPECT_EQ(fresh.warmUp(QDate(2026, 12, 2), &error), 9);
    EXPECT_EQ(live, run(ReportRequest::Group::Operator, 26, 27));
}

TEST_F(ReportTest, AnEmptyPeriodHasNoRows)
{
    const QJsonObject r = run(ReportRequest::Group::Service, 1, 20);
    EXPECT_TRUE(r.value(QStringLiteral("rows")).toArray().isEmpty());
    EXPECT_EQ(d(r.value(QStringLiteral("total")).toObject(), "tickets"), 0);
    EXPECT_TRUE(r.value(QStringLiteral("total")).toObject().value(QStringLiteral("wait")).toObject()
                    .value(QStringLiteral("mean_s")).isNull());
}

TEST_F(ReportTest, CsvIsWhatExcelOpensInRussian)
{
    const QByteArray csv = Reporter::toCsv(run(ReportRequest::Group::Service));
    ASSERT_TRUE(csv.startsWith("\xEF\xBB\xBF"));
    const QString text = QString::fromUtf8(csv.mid(3));
    const QStringList lines = text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 1 + 3 + 1);   // header, three topics, total
    const QStringList header = lines[0].split(QLatin1Char(';'));
    EXPECT_EQ(header[0], QStringLiteral("Группа"));
    EXPECT_EQ(header.size(), 19);
    QStringList contracts;
    for (const QString &l : lines)
        if (l.startsWith(QStringLiteral("Договоры и консультации;")))
            contracts = l.split(QLatin1Char(';'));
    ASSERT_EQ(contracts.size(), 19);
    EXPECT_EQ(contracts[1], QStringLiteral("4"));
    EXPECT_EQ(contracts[7], QStringLiteral("11,3"));    // 680 s = 11.33 min, decimal comma
    EXPECT_EQ(contracts[13], QStringLiteral("33,3"));   // per cent within the waiting norm
    EXPECT_EQ(lines.last().split(QLatin1Char(';'))[0], QStringLiteral("Итого"));
}

TEST(ReportRequestTest, GroupNamesRoundTrip)
{
    for (const char *name : {"service", "segment", "window", "operator", "hour", "day", "weekday"}) {
        const auto g = ReportRequest::groupFromString(QLatin1String(name));
        ASSERT_TRUE(g.has_value()) << name;
        EXPECT_EQ(ReportRequest::toString(*g), QLatin1String(name));
    }
    EXPECT_FALSE(ReportRequest::groupFromString(QStringLiteral("tuesday")).has_value());
}

} // namespace
