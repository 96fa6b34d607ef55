// The ratings module in process: the ticket's page through tr() (context
// "TicketPage", Russian from :/i18n/server_ru.qm), ratings stored once through
// RatingStore and shown on the page. Injected clock, no sockets, no sleeps.
#include "server/apiserver.h"
#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/ratings.h"
#include "server/storage.h"
#include "server/store/ratingstore.h"
#include "support/engineoffice.h"
#include "support/manualclock.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTranslator>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;

namespace {

class RatingsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        config = queue::test::engineOfficeConfig();
        const QString error = queue::test::openEngine(config, storage, dir, Storage::Sync::Off, clock, policy, engine);
        ASSERT_TRUE(error.isEmpty()) << qPrintable(error);
        api = std::make_unique<ApiServer>(*engine, storage);
        api->addModule(std::make_unique<RatingsModule>(api->services()));
    }

    http::Response request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                           const QByteArray &token = {})
    {
        http::Request r;
        r.method = method;
        r.path = path;
        r.body = body;
        if (!token.isEmpty())
            r.headers.append({QByteArrayLiteral("authorization"), QByteArray(QByteArrayLiteral("Bearer ") + token)});
        return api->router().handle(r);
    }

    // A ticket served at window 1 and finished now.
    qint64 servedTicket()
    {
        const auto issued = engine->issue(config.services.first().id, QString());
        EXPECT_TRUE(issued.ok());
        const WindowConfig &w = config.windows.first();
        if (!loggedIn)
            loggedIn = api->sessions().loginNow(config.operators.first().login, QStringLiteral("1234"), w.number).ok();
        EXPECT_TRUE(loggedIn);
        EXPECT_TRUE(engine->call(w.number, issued->ticket.id).ok());
        EXPECT_TRUE(engine->start(w.number).ok());
        EXPECT_TRUE(engine->finish(w.number, QStringLiteral("resolved"), QString()).ok());
        return issued->ticket.id;
    }

    QTemporaryDir dir;
    OfficeConfig config;
    ManualClock clock{QDateTime(QDate(2026, 12, 2), QTime(9, 0), QTimeZone::utc())};
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<ApiServer> api;
    bool loggedIn = false;
};

TEST_F(RatingsTest, TheTicketPageIsTranslated)
{
    http::Response page = request("GET", QStringLiteral("/t/999"));
    EXPECT_EQ(page.status, 404);
    EXPECT_TRUE(page.body.contains("Ticket not found")) << page.body.constData();
    EXPECT_TRUE(page.body.contains("lang=\"en\""));

    QTranslator russian;
    ASSERT_TRUE(russian.load(QStringLiteral(":/i18n/server_ru.qm")));
    QCoreApplication::installTranslator(&russian);
    page = request("GET", QStringLiteral("/t/999"));
    const qint64 id = servedTicket();
    const http::Response served = request("GET", QStringLiteral("/t/%1").arg(id));
    QCoreApplication::removeTranslator(&russian);

    EXPECT_TRUE(QString::fromUtf8(page.body).contains(QStringLiteral("Талон не найден"))) << page.body.constData();
    EXPECT_TRUE(page.body.contains("lang=\"ru\""));
    EXPECT_EQ(served.status, 200);
    EXPECT_TRUE(QString::fromUtf8(served.body).contains(QStringLiteral("Оцените обслуживание")));
    EXPECT_TRUE(served.body.contains("action=\"/api/v1/ratings/web\""));
}

TEST_F(RatingsTest, AVisitIsRatedOnceAndThePageShowsTheScore)
{
    const qint64 id = servedTicket();
    const QByteArray form = "ticket=" + QByteArray::number(id) + "&score=4&reason=%D0%BE%D0%BA";
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/ratings/web"), form).status, 200);
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/ratings/web"), form).status, 409);
    const http::Response kiosk = request("POST", QStringLiteral("/api/v1/ratings"),
                                         QJsonDocument(QJsonObject{{QStringLiteral("ticket"), id}, {QStringLiteral("score"), 5}}).toJson(),
                                         "demo-kiosk");
    EXPECT_EQ(kiosk.status, 409) << kiosk.body.constData();
    EXPECT_EQ(RatingStore(storage).score(id), 4);
    EXPECT_TRUE(request("GET", QStringLiteral("/t/%1").arg(id)).body.contains("4 out of 5"));

    // A day later the visit can no longer be rated.
    const qint64 other = servedTicket();
    clock.advanceSec(24 * 3600 + 1);
    const http::Response late = request("POST", QStringLiteral("/api/v1/ratings"),
                                        QJsonDocument(QJsonObject{{QStringLiteral("ticket"), other}, {QStringLiteral("score"), 5}}).toJson(),
                                        "demo-kiosk");
    EXPECT_EQ(late.status, 409);
    EXPECT_TRUE(late.body.contains("rating_closed"));
    EXPECT_FALSE(RatingStore(storage).score(other).has_value());
}

} // namespace
