// Runs the queue-sim program on a small day whose outcome is worked out by
// hand, and checks its JSON, determinism, staffing mode and errors.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct SimRun {
    int exitCode = -1;
    QByteArray out, err;
    QJsonObject json;
};

SimRun runSim(const QStringList &args)
{
    QProcess p;
    p.start(qEnvironmentVariable("QUEUE_SIM_BIN"), args);
    SimRun r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.json = QJsonDocument::fromJson(r.out).object();
    return r;
}

QString data(const char *name) { return qEnvironmentVariable("QUEUE_SIM_DATA") + QLatin1Char('/') + QLatin1String(name); }

QJsonObject topic(const QJsonObject &json, const QString &id)
{
    for (const QJsonValue &v : json.value(QStringLiteral("topics")).toArray())
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    return {};
}

double at(const QJsonObject &o, const char *a, const char *b = nullptr)
{
    const QJsonValue v = o.value(QLatin1String(a));
    return b ? v.toObject().value(QLatin1String(b)).toDouble(-1) : v.toDouble(-1);
}

} // namespace

TEST(SimRunTest, SmallDayGivesTheHandComputedMetrics)
{
    ASSERT_FALSE(qEnvironmentVariable("QUEUE_SIM_BIN").isEmpty());
    const SimRun r = runSim({QStringLiteral("--arrivals"), data("small-day.csv"), QStringLiteral("--policy"),
                          QStringLiteral("fifo"), QStringLiteral("--seed"), QStringLiteral("3")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    // Payments: three served at 9:00 by windows 1-3, the fourth (9:00:30) at 9:02.
    // B2B: window 4 only; the second (9:05) waits until 9:20.
    const QJsonObject all = r.json.value(QStringLiteral("overall")).toObject();
    EXPECT_EQ(all.value(QStringLiteral("tickets")).toInt(), 6);
    EXPECT_EQ(r.json.value(QStringLiteral("unserved")).toInt(), 0);
    EXPECT_DOUBLE_EQ(at(all, "wait_min", "mean"), 2.75);
    EXPECT_DOUBLE_EQ(at(all, "wait_min", "max"), 15);
    EXPECT_DOUBLE_EQ(at(all, "pct_within_wait_norm"), 83.3);
    EXPECT_DOUBLE_EQ(at(all, "max_wait_beyond_norm_min"), 5);
    EXPECT_DOUBLE_EQ(at(all, "pct_visits_within_visit_norm"), 100);   // 20 and 15 + 12 minutes

    const QJsonObject pay = topic(r.json, QStringLiteral("payments"));
    EXPECT_EQ(pay.value(QStringLiteral("tickets")).toInt(), 4);
    EXPECT_DOUBLE_EQ(at(pay, "wait_min", "max"), 1.5);
    EXPECT_DOUBLE_EQ(at(pay, "pct_within_wait_norm"), 100);
    // Forecasts: 0 for the first three; 270 s for the fourth (three windows
    // serving since 9:00, mean = the 5-min norm): error 3 min.
    EXPECT_DOUBLE_EQ(at(pay, "forecast_error_min", "p90"), 3);
    const QJsonObject b2b = topic(r.json, QStringLiteral("b2b_contracts"));
    EXPECT_DOUBLE_EQ(at(b2b, "pct_within_wait_norm"), 50);
    EXPECT_DOUBLE_EQ(at(b2b, "pct_within_service_norm"), 50);   // 20 min > 15, 12 min <= 15
    // The second B2B visitor was told 10 min (15-min norm, 5 min elapsed) and waited 15.
    EXPECT_DOUBLE_EQ(at(b2b, "forecast_error_min", "p90"), 5);
    EXPECT_EQ(topic(r.json, QStringLiteral("reception")).value(QStringLiteral("tickets")).toInt(), 0);
}

TEST(SimRunTest, ProfilesAreDeterministicPerSeedAndBothPoliciesServeEveryone)
{
    const QString day = qEnvironmentVariable("QUEUE_SIM_DATA") + QStringLiteral("/../../sim/profiles/ordinary-day.csv");
    QByteArray fifoOut;
    for (const QString &policy : {QStringLiteral("fifo"), QStringLiteral("norm")}) {
        const QStringList args{QStringLiteral("--arrivals"), day, QStringLiteral("--policy"), policy};
        const SimRun a = runSim(args), b = runSim(args);
        ASSERT_EQ(a.exitCode, 0) << a.err.constData();
        EXPECT_EQ(a.out, b.out);
        EXPECT_EQ(a.json.value(QStringLiteral("policy")).toString(), policy);
        const QJsonObject all = a.json.value(QStringLiteral("overall")).toObject();
        EXPECT_EQ(all.value(QStringLiteral("tickets")).toInt(), a.json.value(QStringLiteral("arrivals")).toInt());
        int sum = 0;
        for (const QJsonValue &v : a.json.value(QStringLiteral("topics")).toArray()) {
            const QJsonObject t = v.toObject();
            sum += t.value(QStringLiteral("tickets")).toInt();
            EXPECT_LE(at(t, "wait_min", "p90"), at(t, "wait_min", "max"));
            EXPECT_LE(at(t, "forecast_error_min", "median"), at(t, "forecast_error_min", "p90"));
        }
        EXPECT_EQ(sum, all.value(QStringLiteral("tickets")).toInt());
        if (policy == QLatin1String("fifo"))
            fifoOut = a.out;
        else
            EXPECT_NE(a.out, fifoOut);
    }
}

TEST(SimRunTest, StaffingModeFollowsTheErlangCAdvice)
{
    const SimRun r = runSim({QStringLiteral("--arrivals"), data("small-day.csv"), QStringLiteral("--staffing"),
                          QStringLiteral("0.95")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonArray hours = r.json.value(QStringLiteral("staffing")).toObject().value(QStringLiteral("hours")).toArray();
    ASSERT_EQ(hours.size(), 1);
    const QJsonObject w = hours[0].toObject().value(QStringLiteral("windows")).toObject();
    // Payments: 4/h x 2 min, 1 window gives 98.5 % within 5 min. B2B: 2/h x 16 min,
    // 1 window 60 %, 2 windows 95.5 % within 10 min.
    EXPECT_EQ(w.value(QStringLiteral("payments")).toInt(), 1);
    EXPECT_EQ(w.value(QStringLiteral("b2b_contracts")).toInt(), 2);
    EXPECT_EQ(w.value(QStringLiteral("reception")).toInt(), 0);
    EXPECT_EQ(r.json.value(QStringLiteral("windows")).toInt(), 1 + 1 + 1 + 2);   // every topic keeps a first window
    // The second B2B visitor finds the second window free.
    EXPECT_DOUBLE_EQ(at(topic(r.json, QStringLiteral("b2b_contracts")), "wait_min", "max"), 0);
}

TEST(SimRunTest, PooledStaffingOpensWindowsServingEveryTopic)
{
    const SimRun r = runSim({QStringLiteral("--arrivals"), data("small-day.csv"), QStringLiteral("--staffing"),
                          QStringLiteral("0.95"), QStringLiteral("--pooled")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject staffing = r.json.value(QStringLiteral("staffing")).toObject();
    EXPECT_EQ(staffing.value(QStringLiteral("windows")).toString(), QStringLiteral("pooled"));
    const QJsonArray hours = staffing.value(QStringLiteral("hours")).toArray();
    ASSERT_EQ(hours.size(), 1);
    // 6 visitors at 9: 4 payments x 2 min, 2 B2B x 16 min; pooled 6/h x 6.67 min, A = 2/3.
    // One window: 51.9 % within the norms; two: C = 1/6, payments 1 - e^-1/6 = 93.9 %,
    // B2B 1 - e^-2/6 = 97.7 %, together 95.2 % >= 95 %.
    EXPECT_EQ(hours[0].toObject().value(QStringLiteral("windows")).toInt(), 2);
    const QJsonObject predicted = hours[0].toObject().value(QStringLiteral("predicted_pct_within_norm")).toObject();
    EXPECT_DOUBLE_EQ(predicted.value(QStringLiteral("payments")).toDouble(), 93.9);
    EXPECT_DOUBLE_EQ(predicted.value(QStringLiteral("b2b_contracts")).toDouble(), 97.7);
    EXPECT_EQ(r.json.value(QStringLiteral("windows")).toInt(), 2);
    EXPECT_EQ(r.json.value(QStringLiteral("unserved")).toInt(), 0);
    // --pooled alone is refused.
    const SimRun bad = runSim({QStringLiteral("--arrivals"), data("small-day.csv"), QStringLiteral("--pooled")});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_TRUE(bad.err.contains("--staffing")) << bad.err.constData();
}

TEST(SimRunTest, BookedVisitorsAreCalledFirstFromTheirSlotAndMeasured)
{
    // Contracts (10 min each) are served by windows 2 and 3 only. Four walk-ins at 9:00 take
    // windows 2 and 3 until 9:10; the booked visitor checks in at 9:01 and is called at 9:10
    // ahead of the two waiting walk-ins (wait 9 min), the last walk-in waits until 9:20.
    QTemporaryDir dir;
    const QString day = dir.filePath(QStringLiteral("booked.csv"));
    QFile f(day);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("time,service,service_min,priority\n"
            "09:00:00,contracts,10,\n09:00:00,contracts,10,\n09:00:00,contracts,10,\n09:00:00,contracts,10,\n"
            "09:01:00,contracts,10,booked\n");
    f.close();
    for (const char *policy : {"fifo", "norm"}) {
        const SimRun r = runSim({QStringLiteral("--arrivals"), day, QStringLiteral("--policy"), QLatin1String(policy)});
        ASSERT_EQ(r.exitCode, 0) << r.err.constData();
        const QJsonObject booked = r.json.value(QStringLiteral("booked")).toObject();
        EXPECT_EQ(at(booked, "tickets"), 1) << policy;
        EXPECT_DOUBLE_EQ(at(booked, "wait_min", "mean"), 9.0) << policy;
        EXPECT_DOUBLE_EQ(at(booked, "pct_within_5_min"), 0.0) << policy;
        EXPECT_DOUBLE_EQ(at(topic(r.json, QStringLiteral("contracts")), "wait_min", "max"), 20.0) << policy;
    }
}

TEST(SimRunTest, BadInputIsRefusedWithAClearMessage)
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.csv"));
    QFile f(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("time,service,service_min,priority\n09:00:00,payments,2,\n9:61:00,payments,2,\n");
    f.close();
    SimRun r = runSim({QStringLiteral("--arrivals"), bad});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("line 3")) << r.err.constData();
    EXPECT_TRUE(r.out.isEmpty());
    r = runSim({QStringLiteral("--arrivals"), data("small-day.csv"), QStringLiteral("--policy"), QStringLiteral("random")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("unknown policy")) << r.err.constData();
    r = runSim({QStringLiteral("--arrivals"), data("small-day.csv"), QStringLiteral("--staffing"), QStringLiteral("1.5")});
    EXPECT_EQ(r.exitCode, 2);
    f.setFileName(bad);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("time,service,service_min,priority\n09:00:00,mortgages,2,\n");
    f.close();
    r = runSim({QStringLiteral("--arrivals"), bad});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("mortgages")) << r.err.constData();
}
