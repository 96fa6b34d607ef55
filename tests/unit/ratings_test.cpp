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

    // A ticket served at window 1 and finished now; `page`: its page address.
    qint64 servedTicket(QString *page = nullptr)
    {
        const auto issued = engine->issue(config.services.first().id, QString());
        EXPECT_TRUE(issued.ok());
        if (page)
            *page = issued->ticket.page;
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
    QString address;
    servedTicket(&address);
    const http::Response served = request("GET", address);
    QCoreApplication::removeTranslator(&russian);

    EXPECT_TRUE(QString::fromUtf8(page.body).contains(QStringLiteral("Талон не найден"))) << page.body.constData();
    EXPECT_TRUE(page.body.contains("lang=\"ru\""));
    EXPECT_EQ(served.status, 200);
    EXPECT_TRUE(QString::fromUtf8(served.body).contains(QStringLiteral("Оцените обслуживание")));
    EXPECT_TRUE(served.body.contains("action=\"/api/v1/ratings/web\""));
}

TEST_F(RatingsTest, AVisitIsRatedOnceAndThePageShowsTheScore)
{
    QString address;
    const qint64 id = servedTicket(&address);
    const QByteArray form = "page=" + address.mid(3).toLatin1() + "&score=4&reason=%D0%BE%D0%BA";
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/ratings/web"), form).status, 200);
    const http::Response again = request("POST", QStringLiteral("/api/v1/ratings/web"),
                                         "page=" + address.mid(3).toLatin1() + "&score=1");
    EXPECT_EQ(again.status, 409);
    EXPECT_TRUE(again.body.contains("already been rated")) << again.body.constData();
    const http::Response kiosk = request("POST", QStringLiteral("/api/v1/ratings"),
                                         QJsonDocument(QJsonObject{{QStringLiteral("ticket"), id}, {QStringLiteral("score"), 5}}).toJson(),
                                         "demo-kiosk");
    EXPECT_EQ(kiosk.status, 409) << kiosk.body.constData();
    EXPECT_EQ(RatingStore(storage).score(id), 4);
    EXPECT_TRUE(request("GET", address).body.contains("4 out of 5"));

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

TEST_F(RatingsTest, ThePageIsNamedByItsTokenNeverByTheId)
{
    QString address;
    const qint64 id = servedTicket(&address);
    ASSERT_TRUE(address.startsWith(QLatin1String("/t/"))) << qPrintable(address);
    const QString token = address.mid(3);
    EXPECT_EQ(token.size(), 22);   // 128 bits, URL-safe base64
    for (const QChar c : token)
        EXPECT_TRUE(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')) << qPrintable(token);
    EXPECT_NE(token, QString::number(id));
    const http::Response page = request("GET", address);
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.body.contains(QByteArray("name=\"page\" value=\"" + token.toLatin1() + "\""))) << page.body.constData();
    EXPECT_FALSE(page.body.contains("name=\"ticket\""));

    // Every ticket gets its own token.
    QString second;
    servedTicket(&second);
    EXPECT_NE(second, address);

    // The id, a token one character off, a prefix of it: the same 404 as an unknown page.
    const QByteArray unknown = request("GET", QStringLiteral("/t/999")).body;
    QString changed = token;
    changed[5] = changed[5] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    const QStringList paths{QStringLiteral("/t/%1").arg(id), QStringLiteral("/t/") + changed,
                            QStringLiteral("/t/") + token.left(21), QStringLiteral("/t/") + token.toLower(),
                            QStringLiteral("/t/") + token + QStringLiteral("A")};
    for (const QString &path : paths) {
        const http::Response r = request("GET", path);
        EXPECT_EQ(r.status, 404) << qPrintable(path);
        EXPECT_EQ(r.body, unknown) << qPrintable(path);
    }
}

TEST_F(RatingsTest, EnumeratingPagesFindsNothingWhileTicketsExist)
{
    for (int i = 0; i < 5; ++i)
        servedTicket();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(engine->issue(config.services.first().id, QString()).ok());
    for (int id = 1; id <= 50; ++id) {
        ASSERT_TRUE(engine->ticket(id).ok() || id > 8);
        EXPECT_EQ(request("GET", QStringLiteral("/t/%1").arg(id)).status, 404) << id;
        // Nor can they be rated by id, the old form's field.
        EXPECT_EQ(request("POST", QStringLiteral("/api/v1/ratings/web"), "ticket=" + QByteArray::number(id) + "&score=1").status,
                  404) << id;
    }
    for (qint64 id = 1; id <= 5; ++id)
        EXPECT_FALSE(RatingStore(storage).score(id).has_value()) << id;
}

TEST_F(RatingsTest, ARatingWithAWrongTokenIsRefusedAndStoresNothing)
{
    QString address;
    const qint64 id = servedTicket(&address);
    QString wrong = address.mid(3);
    wrong[0] = wrong[0] == QLatin1Char('x') ? QLatin1Char('y') : QLatin1Char('x');
    for (const QByteArray &form : {QByteArray("page=" + wrong.toLatin1() + "&score=5"), QByteArray("page=&score=5"),
                                   QByteArray("score=5"), QByteArray("page=" + QByteArray::number(id) + "&score=5")}) {
        const http::Response r = request("POST", QStringLiteral("/api/v1/ratings/web"), form);
        EXPECT_EQ(r.status, 404) << form.constData();
        EXPECT_FALSE(r.body.contains("/t/")) << "no link to a page for a wrong token";
    }
    // The right token with a bad score: 400, nothing stored either.
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/ratings/web"), "page=" + address.mid(3).toLatin1() + "&score=9").status, 400);
    EXPECT_FALSE(RatingStore(storage).score(id).has_value());
    // The right token: accepted.
    EXPECT_EQ(request("POST", QStringLiteral("/api/v1/ratings/web"), "page=" + address.mid(3).toLatin1() + "&score=5").status, 200);
    EXPECT_EQ(RatingStore(storage).score(id), 5);
}

} // namespace
