// GET /metrics of the real server: valid Prometheus text exposition format (checked by
// the small parser below), and the same numbers as GET /api/v1/metrics/live and
// GET /api/v1/windows after tickets were issued, called and served.
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <gtest/gtest.h>

#include <QHash>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <optional>

using namespace queue::test;

namespace {

struct Sample {
    QString name;
    QHash<QString, QString> labels;
    double value = 0;
};

struct Exposition {
    QHash<QString, QString> types;   // family -> type
    QList<Sample> samples;
    QStringList errors;

    std::optional<double> value(const QString &name, const QHash<QString, QString> &labels = {}) const
    {
        for (const Sample &s : samples)
            if (s.name == name && s.labels == labels)
                return s.value;
        return std::nullopt;
    }
};

// The text format, version 0.0.4: "# HELP name text", "# TYPE name type", then samples
// "name{label="value",...} value"; label values escape \\ \" \n; every sample belongs to a
// family whose TYPE came before it; a series appears once.
Exposition parse(const QByteArray &text)
{
    Exposition e;
    static const QRegularExpression nameRe(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    static const QRegularExpression labelNameRe(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    static const QSet<QString> kTypes{QStringLiteral("counter"), QStringLiteral("gauge"), QStringLiteral("histogram"),
                                      QStringLiteral("summary"), QStringLiteral("untyped")};
    QSet<QString> seenSeries, helped;
    if (!text.endsWith('\n'))
        e.errors << QStringLiteral("the text does not end with a line feed");
    const QList<QByteArray> lines = text.split('\n');
    for (int n = 0; n < lines.size(); ++n) {
        const QString line = QString::fromUtf8(lines[n]);
        const QString where = QStringLiteral("line %1: ").arg(n + 1);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1Char('#'))) {
            const QStringList parts = line.split(QLatin1Char(' '));
            if (parts.size() >= 3 && parts[1] == QLatin1String("TYPE")) {
                if (parts.size() != 4 || !nameRe.match(parts[2]).hasMatch() || !kTypes.contains(parts[3]))
                    e.errors << where + QStringLiteral("bad TYPE line");
                else if (e.types.contains(parts[2]))
                    e.errors << where + QStringLiteral("second TYPE for ") + parts[2];
                else
                    e.types.insert(parts[2], parts[3]);
            } else if (parts.size() >= 3 && parts[1] == QLatin1String("HELP")) {
                if (!nameRe.match(parts[2]).hasMatch() || helped.contains(parts[2]))
                    e.errors << where + QStringLiteral("bad or repeated HELP line");
                helped.insert(parts[2]);
            }
            continue;
        }
        Sample s;
        int i = 0;
        while (i < line.size() && line[i] != QLatin1Char('{') && line[i] != QLatin1Char(' '))
            ++i;
        s.name = line.left(i);
        if (!nameRe.match(s.name).hasMatch()) {
            e.errors << where + QStringLiteral("bad metric name");
            continue;
        }
        if (i < line.size() && line[i] == QLatin1Char('{')) {
            ++i;
            bool ok = true;
            while (ok && i < line.size() && line[i] != QLatin1Char('}')) {
                const int eq = line.indexOf(QLatin1Char('='), i);
                if (eq < 0 || eq + 1 >= line.size() || line[eq + 1] != QLatin1Char('"')) {
                    ok = false;
                    break;
                }
                const QString labelName = line.mid(i, eq - i);
                QString value;
                int j = eq + 2;
                for (; j < line.size() && line[j] != QLatin1Char('"'); ++j) {
                    if (line[j] == QLatin1Char('\\')) {
                        ++j;
                        if (j >= line.size() || !QStringLiteral("\\\"n").contains(line[j])) {
                            ok = false;
                            break;
                        }
                        value += line[j] == QLatin1Char('n') ? QLatin1Char('\n') : line[j];
                    } else {
                        value += line[j];
                    }
                }
                if (!ok || j >= line.size() || !labelNameRe.match(labelName).hasMatch() || s.labels.contains(labelName)) {
                    ok = false;
                    break;
                }
                s.labels.insert(labelName, value);
                i = j + 1;
                if (i < line.size() && line[i] == QLatin1Char(','))
                    ++i;
            }
            if (!ok || i >= line.size()) {
                e.errors << where + QStringLiteral("bad labels");
                continue;
            }
            ++i;   // '}'
        }
        if (i >= line.size() || line[i] != QLatin1Char(' ')) {
            e.errors << where + QStringLiteral("no value");
            continue;
        }
        const QStringList rest = line.mid(i + 1).split(QLatin1Char(' '));
        bool ok = false;
        s.value = rest[0].toDouble(&ok);
        if (!ok && (rest[0] == QLatin1String("NaN") || rest[0] == QLatin1String("+Inf") || rest[0] == QLatin1String("-Inf")))
            ok = true;
        if (!ok || rest.size() > 2) {
            e.errors << where + QStringLiteral("bad value");
            continue;
        }
        if (!e.types.contains(s.name))
            e.errors << where + QStringLiteral("sample before its TYPE line");
        QStringList keys = s.labels.keys();
        keys.sort();
        QString series = s.name;
        for (const QString &k : keys)
            series += QLatin1Char('|') + k + QLatin1Char('=') + s.labels.value(k);
        if (seenSeries.contains(series))
            e.errors << where + QStringLiteral("repeated series");
        seenSeries.insert(series);
        e.samples << s;
    }
    return e;
}

QHash<QString, QString> topic(const QString &id) { return {{QStringLiteral("topic"), id}}; }

HttpResult issue(const TestServer &s, const char *service)
{
    return http("POST", s.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                QJsonObject{{QStringLiteral("service"), QLatin1String(service)}});
}

} // namespace

TEST(MetricsParser, RejectsMalformedText)
{
    // The parser must be able to fail, or the format test below proves nothing.
    EXPECT_TRUE(parse("# TYPE a gauge\na 1\n").errors.isEmpty());
    EXPECT_TRUE(parse("# TYPE a gauge\na{x=\"q\\\"\\n\"} 1.5\n").errors.isEmpty());
    EXPECT_FALSE(parse("a 1\n").errors.isEmpty());                          // no TYPE
    EXPECT_FALSE(parse("# TYPE a gauge\na{x=\"1} 1\n").errors.isEmpty());   // unterminated label
    EXPECT_FALSE(parse("# TYPE a gauge\na{x=1} 1\n").errors.isEmpty());     // unquoted
    EXPECT_FALSE(parse("# TYPE a gauge\na one\n").errors.isEmpty());        // not a number
    EXPECT_FALSE(parse("# TYPE a gauge\na 1\na 2\n").errors.isEmpty());     // repeated series
    EXPECT_FALSE(parse("# TYPE 1a gauge\n").errors.isEmpty());              // bad name
    EXPECT_FALSE(parse("# TYPE a gauge\na 1").errors.isEmpty());            // no final line feed
}

TEST(Metrics, PrometheusTextMatchesTheLiveApi)
{
    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().constData();

    for (const char *service : {"payments", "payments", "payments", "contracts", "contracts", "reception", "b2b_contracts"})
        ASSERT_EQ(issue(server, service).status, 201);
    // Window 1 calls and serves one ticket, window 2 calls one, window 3 is paused.
    const QByteArray op1 = login(server, 1), op2 = login(server, 2), op3 = login(server, 3);
    ASSERT_FALSE(op1.isEmpty());
    ASSERT_FALSE(op2.isEmpty());
    ASSERT_FALSE(op3.isEmpty());
    auto action = [&](int window, const QByteArray &token, const char *what, QJsonObject body = {}) {
        return http("POST", server.url(QStringLiteral("/api/v1/windows/%1/%2").arg(window).arg(QLatin1String(what))), token, body)
            .status;
    };
    ASSERT_EQ(action(1, op1, "call"), 200);
    ASSERT_EQ(action(1, op1, "start"), 200);
    ASSERT_EQ(action(1, op1, "finish", QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}), 200);
    ASSERT_EQ(action(2, op2, "call"), 200);
    const int paused = action(3, op3, "pause", QJsonObject{{QStringLiteral("reason"), QStringLiteral("break")}});
    ASSERT_EQ(paused, 200);

    ASSERT_EQ(issue(server, "ghost").status, 400);   // a client error, counted as POST 4xx
    const HttpResult before = http("GET", server.url(QStringLiteral("/api/v1/metrics/live")), "manager-token");
    ASSERT_EQ(before.status, 200) << before.body.constData();

    // /metrics needs no token.
    QNetworkAccessManager nam;
    QNetworkReply *reply = nam.get(QNetworkRequest(server.url(QStringLiteral("/metrics"))));
    ASSERT_TRUE(waitUntil([&] { return reply->isFinished(); }, 10000));
    ASSERT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    EXPECT_TRUE(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(QLatin1String("text/plain; version=0.0.4")));
    const QByteArray text = reply->readAll();
    reply->deleteLater();
    const HttpResult after = http("GET", server.url(QStringLiteral("/api/v1/metrics/live")), "manager-token");
    ASSERT_EQ(after.status, 200);

    const Exposition e = parse(text);
    ASSERT_TRUE(e.errors.isEmpty()) << e.errors.join(QLatin1Char('\n')).toStdString() << "\n" << text.constData();

    // Per topic: the same figures as the JSON, which was read just before and just after.
    const QJsonArray servicesBefore = before.json().value(QStringLiteral("services")).toArray();
    const QJsonArray servicesAfter = after.json().value(QStringLiteral("services")).toArray();
    ASSERT_EQ(servicesBefore.size(), 4);
    const struct {
        const char *key;
        const char *metric;
        double scale;
    } fields[] = {{"waiting", "queue_waiting_tickets", 1},
                  {"oldest_wait_s", "queue_oldest_wait_seconds", 1},
                  {"served", "queue_called_today", 1},
                  {"finished", "queue_finished_today", 1},
                  {"avg_wait_s", "queue_wait_seconds_avg_today", 1},
                  {"avg_service_s", "queue_service_seconds_avg_today", 1},
                  {"wait_norm_s", "queue_wait_norm_seconds", 1},
                  {"service_norm_s", "queue_service_norm_seconds", 1},
                  {"pct_wait_within_norm", "queue_wait_within_norm_ratio", 0.01},
                  {"pct_service_within_norm", "queue_service_within_norm_ratio", 0.01}};
    int compared = 0;
    for (int i = 0; i < servicesBefore.size(); ++i) {
        const QJsonObject b = servicesBefore[i].toObject(), a = servicesAfter[i].toObject();
        const QString id = b.value(QStringLiteral("id")).toString();
        for (const auto &f : fields) {
            const QJsonValue vb = b.value(QLatin1String(f.key)), va = a.value(QLatin1String(f.key));
            const auto m = e.value(QLatin1String(f.metric), topic(id));
            if (vb.isNull() && va.isNull()) {
                EXPECT_FALSE(m.has_value()) << f.metric << " " << id.toStdString() << " has no data but is exported";
                continue;
            }
            ASSERT_TRUE(m.has_value()) << f.metric << " " << id.toStdString();
            const double lo = std::min(vb.toDouble(), va.toDouble()) * f.scale;
            const double hi = std::max(vb.toDouble(), va.toDouble()) * f.scale;
            EXPECT_TRUE(*m >= lo - 1e-9 && *m <= hi + 1e-9)
                << f.metric << "{topic=" << id.toStdString() << "} = " << *m << ", JSON " << lo << ".." << hi;
            ++compared;
        }
    }
    EXPECT_GE(compared, 25);
    // The things this scenario made certain.
    EXPECT_EQ(e.value(QStringLiteral("queue_waiting_tickets"), topic(QStringLiteral("b2b_contracts"))).value_or(-1), 1.0);
    EXPECT_EQ(e.value(QStringLiteral("queue_visits_finished_today")).value_or(-1), 1.0);
    EXPECT_EQ(e.value(QStringLiteral("queue_visit_norm_seconds")).value_or(-1), 30 * 60.0);
    double waitingTotal = 0, finishedTotal = 0, calledTotal = 0;
    for (const Sample &s : e.samples) {
        if (s.name == QLatin1String("queue_waiting_tickets"))
            waitingTotal += s.value;
        if (s.name == QLatin1String("queue_finished_today"))
            finishedTotal += s.value;
        if (s.name == QLatin1String("queue_called_today"))
            calledTotal += s.value;
    }
    EXPECT_EQ(waitingTotal, 5);   // 7 issued, 2 called
    EXPECT_EQ(calledTotal, 2);
    EXPECT_EQ(finishedTotal, 1);

    // Windows by state, as GET /api/v1/windows tells them.
    const HttpResult windows = http("GET", server.url(QStringLiteral("/api/v1/windows")), "manager-token");
    ASSERT_EQ(windows.status, 200);
    QHash<QString, int> byState;
    for (const QJsonValue &w : windows.json().value(QStringLiteral("windows")).toArray())
        byState[w.toObject().value(QStringLiteral("state")).toString()] += 1;
    for (const QString &state : {QStringLiteral("closed"), QStringLiteral("open"), QStringLiteral("calling"),
                                 QStringLiteral("serving"), QStringLiteral("paused")}) {
        const auto m = e.value(QStringLiteral("queue_windows"), {{QStringLiteral("state"), state}});
        ASSERT_TRUE(m.has_value()) << state.toStdString();
        EXPECT_EQ(*m, byState.value(state)) << state.toStdString();
    }
    EXPECT_EQ(e.value(QStringLiteral("queue_windows"), {{QStringLiteral("state"), QStringLiteral("paused")}}).value_or(-1), 1.0);
    EXPECT_EQ(e.value(QStringLiteral("queue_windows"), {{QStringLiteral("state"), QStringLiteral("calling")}}).value_or(-1), 1.0);
    // Requests by method and status class: 7 tickets, 3 logins and 5 window actions were POSTs answered 2xx.
    EXPECT_EQ(e.types.value(QStringLiteral("queue_http_requests_total")), QStringLiteral("counter"));
    EXPECT_EQ(e.value(QStringLiteral("queue_http_requests_total"), {{QStringLiteral("method"), QStringLiteral("POST")},
                                                                    {QStringLiteral("code"), QStringLiteral("2xx")}})
                  .value_or(-1),
              15.0);
    EXPECT_EQ(e.value(QStringLiteral("queue_http_requests_total"), {{QStringLiteral("method"), QStringLiteral("POST")},
                                                                    {QStringLiteral("code"), QStringLiteral("4xx")}})
                  .value_or(-1),
              1.0);
    EXPECT_GE(e.value(QStringLiteral("queue_http_requests_total"), {{QStringLiteral("method"), QStringLiteral("GET")},
                                                                    {QStringLiteral("code"), QStringLiteral("2xx")}})
                  .value_or(-1),
              1.0);
    EXPECT_EQ(e.types.value(QStringLiteral("queue_metrics_scrapes_total")), QStringLiteral("counter"));
    EXPECT_EQ(e.value(QStringLiteral("queue_metrics_scrapes_total")).value_or(-1), 1.0);

    // A second scrape counts; other methods are refused.
    EXPECT_EQ(parse(http("GET", server.url(QStringLiteral("/metrics"))).body).value(QStringLiteral("queue_metrics_scrapes_total")).value_or(-1), 2.0);
    EXPECT_EQ(http("POST", server.url(QStringLiteral("/metrics")), {}, QByteArray("x")).status, 405);
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/metricsx"))).status, 404);
}
