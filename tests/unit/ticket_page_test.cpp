// The public ticket page and the per-window statistics, through the real server process.
#include "support/testserver.h"

#include <gtest/gtest.h>

using namespace queue::test;

namespace {
// Issues a ticket; its page address ("/t/<token>").
QString issuePage(const TestServer &s, const char *service)
{
    const HttpResult r = http("POST", s.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                              QJsonObject{{QStringLiteral("service"), QString::fromUtf8(service)}});
    EXPECT_EQ(r.status, 201) << r.body.constData();
    const QString page = r.json().value(QStringLiteral("page")).toString();
    EXPECT_EQ(r.json().value(QStringLiteral("ticket")).toObject().value(QStringLiteral("page")).toString(), page);
    return page;
}
qint64 issue(const TestServer &s, const char *service)
{
    const HttpResult r = http("POST", s.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                              QJsonObject{{QStringLiteral("service"), QString::fromUtf8(service)}});
    EXPECT_EQ(r.status, 201) << r.body.constData();
    return r.json().value(QStringLiteral("id")).toInteger();
}
} // namespace

TEST(TicketPage, ShowsPositionThenWindowWithoutAuth)
{
    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().constData();
    issue(server, "payments");
    const QString second = issuePage(server, "payments");
    ASSERT_TRUE(second.startsWith(QLatin1String("/t/"))) << qPrintable(second);
    HttpResult page = http("GET", server.url(second));
    ASSERT_EQ(page.status, 200);
    const QString html = QString::fromUtf8(page.body);
    EXPECT_TRUE(html.contains(QStringLiteral("П002")));
    EXPECT_TRUE(html.contains(QStringLiteral("Перед вами: 1")));
    EXPECT_TRUE(html.contains(QStringLiteral("8-800-000-00-00")));
    EXPECT_TRUE(html.contains(QStringLiteral("http-equiv=\"refresh\"")));

    const QByteArray op = login(server, 2);
    ASSERT_FALSE(op.isEmpty());
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/2/call")), op).status, 200);
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/2/start")), op).status, 200);
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/2/finish")), op,
                   QJsonObject{{QStringLiteral("outcome"), QStringLiteral("resolved")}}).status, 200);
    ASSERT_EQ(http("POST", server.url(QStringLiteral("/api/v1/windows/2/call")), op).status, 200);
    page = http("GET", server.url(second));
    EXPECT_TRUE(QString::fromUtf8(page.body).contains(QStringLiteral("Пройдите к окну 2")));

    EXPECT_EQ(http("GET", server.url(QStringLiteral("/t/999"))).status, 404);
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/t/abc"))).status, 404);
    EXPECT_EQ(http("POST", server.url(second)).status, 405);

    const HttpResult stats = http("GET", server.url(QStringLiteral("/api/v1/windows/2/stats")), "display-token");
    ASSERT_EQ(stats.status, 200);
    EXPECT_EQ(stats.json().value(QStringLiteral("finished")).toInt(), 1);
    EXPECT_EQ(stats.json().value(QStringLiteral("no_show")).toInt(), 0);
    EXPECT_DOUBLE_EQ(stats.json().value(QStringLiteral("pct_wait_within_norm")).toDouble(), 100.0);
    EXPECT_EQ(http("GET", server.url(QStringLiteral("/api/v1/windows/2/stats"))).status, 401);
}

// Issue #14: nobody on the network can walk /t/1, /t/2, … The page address is in the
// issuing answer only: not in the events, the queue listing or a ticket's status.
TEST(TicketPage, EnumeratingIdsGivesOnlyNotFound)
{
    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().constData();
    QSet<QString> pages;
    for (int i = 0; i < 10; ++i)
        pages.insert(issuePage(server, i % 2 ? "payments" : "contracts"));
    EXPECT_EQ(pages.size(), 10);
    for (int id = 1; id <= 50; ++id) {
        const HttpResult r = http("GET", server.url(QStringLiteral("/t/%1").arg(id)));
        EXPECT_EQ(r.status, 404) << id;
        EXPECT_FALSE(r.body.contains("П00")) << id;
    }
    for (const QString &page : pages)
        EXPECT_EQ(http("GET", server.url(page)).status, 200) << qPrintable(page);
    const QString token = pages.values().first().mid(3);
    for (const QByteArray &who : {QByteArrayLiteral("display-token"), QByteArrayLiteral("kiosk-token")}) {
        EXPECT_FALSE(http("GET", server.url(QStringLiteral("/api/v1/queue")), who).body.contains(token.toLatin1())) << who.constData();
        EXPECT_FALSE(http("GET", server.url(QStringLiteral("/api/v1/tickets/1")), who).body.contains("\"page\"")) << who.constData();
    }
}

TEST(IdempotentCalls, NothingWaitingIs204AndReplaysAs204)
{
    TestServer server;
    ASSERT_TRUE(server.start()) << server.output().constData();
    const QByteArray op = login(server, 1);
    ASSERT_FALSE(op.isEmpty());
    const QList<QPair<QByteArray, QByteArray>> key{{QByteArrayLiteral("Idempotency-Key"), QByteArrayLiteral("empty-1")}};
    const QUrl call = server.url(QStringLiteral("/api/v1/windows/1/call"));
    EXPECT_EQ(http("POST", call, op, QByteArray(), key).status, 204);
    issue(server, "payments");
    // The same key answers as the first time, and calls nobody.
    EXPECT_EQ(http("POST", call, op, QByteArray(), key).status, 204);
    const HttpResult window = http("GET", server.url(QStringLiteral("/api/v1/windows/1")), op);
    EXPECT_EQ(window.json().value(QStringLiteral("state")).toString(), QStringLiteral("open"));
    EXPECT_EQ(http("POST", call, op).status, 200);
}
