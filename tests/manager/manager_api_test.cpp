// The manager's API against the real queue-server process on loopback.
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QWebSocket>

#include <gtest/gtest.h>

using namespace queue::test;

namespace {

const QByteArray kManager = "manager-token";
const QByteArray kKiosk = "kiosk-token";

class ManagerApiTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(server.start()); }

    QJsonObject issue(const QString &service)
    {
        const HttpResult r = http("POST", server.url(QStringLiteral("/api/v1/tickets")), kKiosk,
                                  QJsonObject{{QStringLiteral("service"), service}});
        EXPECT_EQ(r.status, 201) << r.body.constData();
        return r.json();
    }

    // Calls, starts and finishes the next ticket at `window`.
    void serve(const QByteArray &op, int window)
    {
        const QString base = QStringLiteral("/api/v1/windows/%1/").arg(window);
        ASSERT_EQ(http("POST", server.url(base + QStringLiteral("call")), op).status, 200);
        ASSERT_EQ(http("POST", server.url(base + QStringLiteral("start")), op).status, 200);
        ASSERT_EQ(http("POST", server.url(base + QStringLiteral("finish")), op,
                       QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}})
                      .status,
                  200);
    }

    HttpResult rate(const QJsonObject &body, const QByteArray &token = kKiosk)
    {
        return http("POST", server.url(QStringLiteral("/api/v1/ratings")), token, body);
    }

    TestServer server;
};

TEST_F(ManagerApiTest, ThePagesAreServedByTheServerItself)
{
    HttpResult r = http("GET", server.url(QStringLiteral("/manager")));
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.body.contains("/manager/app.js"));
    EXPECT_TRUE(r.body.contains("/manager/admin.js"));
    EXPECT_FALSE(r.body.contains("http://")) << "no external resources";
    EXPECT_FALSE(r.body.contains("https://")) << "no external resources";
    for (const char *file : {"/manager/app.js", "/manager/report.js", "/manager/style.css", "/manager/report", "/manager/print.js",
                             "/manager/admin.js"})
        EXPECT_EQ(http("GET", server.url(QString::fromLatin1(file))).status, 200) << file;
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/manager/nothing.js"))).status, 404);
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/manager/..%2Fsql%2F001_initial.sql"))).status, 404);
    EXPECT_EQ(http("POST", server.url(QStringLiteral("/manager"))).status, 405);
}

TEST_F(ManagerApiTest, DashboardIsForTheManagerOnly)
{
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/api/v1/dashboard"))).status, 401);
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/api/v1/dashboard")), kKiosk).status, 403);
    issue(QStringLiteral("contracts"));
    const HttpResult r = http("GET", server.url(QStringLiteral("/api/v1/dashboard")), kManager);
    ASSERT_EQ(r.status, 200);
    const QJsonObject d = r.json();
    bool found = false;
    for (const QJsonValue &v : d.value(QStringLiteral("services")).toArray()) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("id")).toString() == QLatin1String("contracts")) {
            found = true;
            EXPECT_EQ(s.value(QStringLiteral("waiting")).toInt(), 1);
            EXPECT_EQ(s.value(QStringLiteral("level")).toString(), QStringLiteral("ok"));
            EXPECT_FALSE(s.value(QStringLiteral("name")).toString().isEmpty());
        }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(d.value(QStringLiteral("windows")).toArray().size(), 4);
    EXPECT_TRUE(d.value(QStringLiteral("alarms")).isArray());
    EXPECT_EQ(d.value(QStringLiteral("reviews")).toObject().value(QStringLiteral("open")).toInt(), 0);
}

TEST_F(ManagerApiTest, ARatingBelongsToTheTicketWindowAndOperatorOncePerTicket)
{
    const QByteArray op = login(server, 2);
    const QJsonObject first = issue(QStringLiteral("contracts"));
    const QJsonObject waiting = issue(QStringLiteral("contracts"));
    serve(op, 2);
    const QString number = first.value(QStringLiteral("number")).toString();

    // Not yet served, bad scores, unknown numbers: refused, nothing stored.
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("ticket"), waiting.value(QStringLiteral("id"))}, {QStringLiteral("score"), 5}})
                  .errorCode(),
              QStringLiteral("not_served"));
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("number"), number}, {QStringLiteral("score"), 6}}).status, 400);
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("number"), number}, {QStringLiteral("score"), QStringLiteral("5")}}).status, 400);
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("number"), QStringLiteral("Ж999")}, {QStringLiteral("score"), 5}}).status, 404);
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("score"), 5}}).status, 400);
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("number"), number}, {QStringLiteral("score"), 5}}, "display-token").status, 403);

    // The visitor types the number printed on the ticket at the kiosk.
    HttpResult r = rate(QJsonObject{{QStringLiteral("number"), number.toLower()}, {QStringLiteral("score"), 4},
                                    {QStringLiteral("reason"), QStringLiteral("долго искал окно")}});
    ASSERT_EQ(r.status, 201) << r.body.constData();
    EXPECT_EQ(r.json().value(QStringLiteral("channel")).toString(), QStringLiteral("kiosk"));
    EXPECT_EQ(rate(QJsonObject{{QStringLiteral("number"), number}, {QStringLiteral("score"), 5}}).errorCode(),
              QStringLiteral("already_rated"));

    // The report attributes it to the window and the operator.
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    for (const char *group : {"window", "operator"}) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("from"), QDate::currentDate().addDays(-1).toString(Qt::ISODate));
        q.addQueryItem(QStringLiteral("to"), QDate::currentDate().addDays(1).toString(Qt::ISODate));
        q.addQueryItem(QStringLiteral("group"), QLatin1String(group));
        QUrl url = server.url(QStringLiteral("/api/v1/reports"));
        url.setQuery(q);
        r = http("GET", url, kManager);
        ASSERT_EQ(r.status, 200) << r.body.constData();
        int ratings = 0;
        for (const QJsonValue &v : r.json().value(QStringLiteral("rows")).toArray()) {
            const QJsonObject row = v.toObject();
            if (row.value(QStringLiteral("ratings")).toInt()) {
                ratings += row.value(QStringLiteral("ratings")).toInt();
                EXPECT_EQ(row.value(QStringLiteral("rating_mean")).toDouble(), 4.0);
                if (QLatin1String(group) == QLatin1String("window"))
                    EXPECT_EQ(row.value(QStringLiteral("key")).toInt(), 2);
                else
                    EXPECT_EQ(row.value(QStringLiteral("key")).toString(), QStringLiteral("op2"));
            }
        }
        EXPECT_EQ(ratings, 1) << group;
    }
    (void)today;
}

TEST_F(ManagerApiTest, ThePhoneRatesThroughTheTicketPageForm)
{
    const QByteArray op = login(server, 1);
    const QJsonObject t = issue(QStringLiteral("payments"));
    const QString page = t.value(QStringLiteral("page")).toString();
    ASSERT_TRUE(page.startsWith(QLatin1String("/t/"))) << qPrintable(page);
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/t/%1").arg(t.value(QStringLiteral("id")).toInteger()))).status, 404);
    EXPECT_FALSE(http("GET", server.url(page)).body.contains("ratings/web")) << "no form before the visit";
    serve(op, 1);
    HttpResult r = http("GET", server.url(page));
    ASSERT_TRUE(r.body.contains("action=\"/api/v1/ratings/web\"")) << r.body.constData();

    const QList<QPair<QByteArray, QByteArray>> form = {{"Content-Type", "application/x-www-form-urlencoded"}};
    ASSERT_TRUE(r.body.contains(QByteArray("name=\"page\" value=\"" + page.mid(3).toUtf8() + "\""))) << r.body.constData();
    const QByteArray body = "page=" + page.mid(3).toUtf8()
                            + "&reason=" + QUrl::toPercentEncoding(QStringLiteral("всё хорошо")) + "&score=5";
    r = http("POST", server.url(QStringLiteral("/api/v1/ratings/web")), {}, body, form);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(QString::fromUtf8(r.body).contains(QStringLiteral("Спасибо за оценку")));
    r = http("POST", server.url(QStringLiteral("/api/v1/ratings/web")), {}, body, form);
    EXPECT_EQ(r.status, 409);
    EXPECT_TRUE(QString::fromUtf8(r.body).contains(QStringLiteral("уже оценён")));
    EXPECT_TRUE(QString::fromUtf8(http("GET", server.url(page)).body).contains(QStringLiteral("Ваша оценка: 5 из 5")));
    r = http("POST", server.url(QStringLiteral("/api/v1/ratings/web")), {}, QByteArray("page=" + page.mid(3).toUtf8() + "&score=3"), form);
    EXPECT_EQ(r.status, 409);   // already rated: the first rating stays
    r = http("POST", server.url(QStringLiteral("/api/v1/ratings/web")), {}, "ticket=abc&score=9", form);
    EXPECT_EQ(r.status, 404);
}

TEST_F(ManagerApiTest, ReportsValidateTheirQueryAndExportCsv)
{
    const QByteArray op = login(server, 2);
    issue(QStringLiteral("contracts"));
    serve(op, 2);
    auto get = [this](const QString &query, const QByteArray &token = kManager) {
        return http("GET", server.url(QStringLiteral("/api/v1/reports?") + query), token);
    };
    EXPECT_EQ(get(QStringLiteral("period=day"), kKiosk).status, 403);
    EXPECT_EQ(get(QStringLiteral("from=2026-13-01&to=2026-12-01")).status, 400);
    EXPECT_EQ(get(QStringLiteral("from=2026-12-02&to=2026-12-01")).status, 400);
    EXPECT_EQ(get(QStringLiteral("from=2020-01-01&to=2026-12-01")).status, 400);
    EXPECT_EQ(get(QStringLiteral("group=colour")).status, 400);
    EXPECT_EQ(get(QStringLiteral("period=decade")).status, 400);
    EXPECT_EQ(get(QStringLiteral("format=xlsx")).status, 400);

    const QString around = QStringLiteral("from=%1&to=%2")
                               .arg(QDate::currentDate().addDays(-1).toString(Qt::ISODate),
                                    QDate::currentDate().addDays(1).toString(Qt::ISODate));
    HttpResult r = get(around);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json().value(QStringLiteral("total")).toObject().value(QStringLiteral("served")).toInt(), 1);

    r = get(around + QStringLiteral("&format=csv"));
    ASSERT_EQ(r.status, 200);
    ASSERT_TRUE(r.body.startsWith("\xEF\xBB\xBF"));
    const QStringList lines = QString::fromUtf8(r.body.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3);   // header, contracts, total
    EXPECT_TRUE(lines[1].startsWith(QStringLiteral("Договоры и консультации;1;1;"))) << lines[1].toStdString();
}

TEST_F(ManagerApiTest, APrinterOutOfPaperIsAnAlarmOnTheStreamAndIsAcknowledged)
{
    QWebSocket ws;
    QList<QJsonObject> events;
    QObject::connect(&ws, &QWebSocket::textMessageReceived, &ws, [&events](const QString &text) {
        events.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    QUrl url = server.url(QStringLiteral("/api/v1/events"));
    url.setScheme(QStringLiteral("ws"));
    url.setQuery(QStringLiteral("token=manager-token"));
    ws.open(url);
    ASSERT_TRUE(waitUntil([&] { return !events.isEmpty(); }, 10000));

    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/devices/status")), kKiosk,
                   QJsonObject{{QStringLiteral("printer"), QStringLiteral("paper_out")}})
                  .status,
              200);
    auto find = [&events](const char *type) {
        for (const QJsonObject &e : events)
            if (e.value(QStringLiteral("type")).toString() == QLatin1String(type))
                return e;
        return QJsonObject();
    };
    ASSERT_TRUE(waitUntil([&] { return !find("alarm.raised").isEmpty(); }, 10000));
    const QJsonObject alarm = find("alarm.raised").value(QStringLiteral("alarm")).toObject();
    EXPECT_EQ(alarm.value(QStringLiteral("level")).toString(), QStringLiteral("critical"));
    EXPECT_TRUE(alarm.value(QStringLiteral("key")).toString().startsWith(QStringLiteral("printer:")));
    EXPECT_FALSE(alarm.value(QStringLiteral("raised_at")).toString().isEmpty());

    const HttpResult ack = http("POST", server.url(QStringLiteral("/api/v1/alarms/%1/ack")
                                                        .arg(alarm.value(QStringLiteral("id")).toInteger())),
                                kManager);
    ASSERT_EQ(ack.status, 200);
    ASSERT_TRUE(waitUntil([&] { return !find("alarm.acked").isEmpty(); }, 10000));

    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/devices/status")), kKiosk,
                   QJsonObject{{QStringLiteral("printer"), QStringLiteral("ok")}})
                  .status,
              200);
    ASSERT_TRUE(waitUntil([&] { return !find("alarm.cleared").isEmpty(); }, 10000));
    EXPECT_TRUE(http("GET", server.url(QStringLiteral("/api/v1/alarms")), kManager).json()
                    .value(QStringLiteral("alarms")).toArray().isEmpty());
}

} // namespace
