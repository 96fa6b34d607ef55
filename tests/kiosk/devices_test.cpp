// The server's device-status module (server/devices.cpp) against the real server process, and
// the kiosk reporting its printer's state through it: POST /api/v1/devices/status,
// GET /api/v1/devices, the device.status event on the stream.
#include "logic/kioskcontroller.h"
#include "printer/fakeprinter.h"

#include "common/client/apiclient.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QWebSocket>

#include <gtest/gtest.h>

using namespace queue;
using queue::test::http;
using queue::test::TestServer;
using queue::test::waitUntil;

namespace {

QJsonObject body(const QString &printer, const QString &detail = {})
{
    QJsonObject o{{QStringLiteral("printer"), printer}};
    if (!detail.isNull())
        o.insert(QStringLiteral("detail"), detail);
    return o;
}

// The manager's view of every device: name → its entry.
QMap<QString, QJsonObject> allDevices(const TestServer &server)
{
    QMap<QString, QJsonObject> out;
    const auto r = http("GET", server.url(QStringLiteral("/api/v1/devices")), "manager-token");
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    for (const QJsonValue &v : r.json().value(QStringLiteral("devices")).toArray())
        out.insert(v[QStringLiteral("name")].toString(), v.toObject());
    return out;
}

// The devices that reported a state.
QMap<QString, QJsonObject> devices(const TestServer &server)
{
    QMap<QString, QJsonObject> out;
    const QMap<QString, QJsonObject> all = allDevices(server);
    for (auto it = all.begin(); it != all.end(); ++it)
        if (!it->value(QStringLiteral("reported_at")).isNull())
            out.insert(it.key(), *it);
    return out;
}

// A WebSocket client of the event stream collecting device.status events.
struct EventClient {
    QWebSocket socket;
    QList<QJsonObject> deviceEvents;
    bool hello = false;

    explicit EventClient(const TestServer &server, const QString &since = {})
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            const QJsonObject e = QJsonDocument::fromJson(text.toUtf8()).object();
            if (e.value(QStringLiteral("type")).toString() == QLatin1String("hello"))
                hello = true;
            if (e.value(QStringLiteral("type")).toString() == QLatin1String("device.status"))
                deviceEvents << e;
        });
        QUrl url = server.url(QStringLiteral("/api/v1/events"));
        url.setScheme(QStringLiteral("ws"));
        url.setQuery(since.isEmpty() ? QStringLiteral("token=manager-token")
                                     : QStringLiteral("since=%1&token=manager-token").arg(since));
        socket.open(url);
    }
};

} // namespace

class DevicesTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_server.start()) << m_server.output().toStdString(); }
    TestServer m_server;
};

TEST_F(DevicesTest, KioskReportsPaperOutManagerSeesItLive)
{
    EventClient events(m_server);
    ASSERT_TRUE(waitUntil([&] { return events.hello; }, 10000));

    auto r = http("POST", m_server.url(QStringLiteral("/api/v1/devices/status")), "kiosk-token",
                  body(QStringLiteral("paper_out"), QStringLiteral("status byte 0x72")));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.json().value(QStringLiteral("changed")).toBool());

    auto list = devices(m_server);
    ASSERT_TRUE(list.contains(QStringLiteral("kiosk-1")));
    EXPECT_EQ(list[QStringLiteral("kiosk-1")][QStringLiteral("printer")].toString(), QStringLiteral("paper_out"));
    EXPECT_EQ(list[QStringLiteral("kiosk-1")][QStringLiteral("role")].toString(), QStringLiteral("kiosk"));
    EXPECT_EQ(list[QStringLiteral("kiosk-1")][QStringLiteral("detail")].toString(), QStringLiteral("status byte 0x72"));
    EXPECT_FALSE(list[QStringLiteral("kiosk-1")][QStringLiteral("reported_at")].toString().isEmpty());

    ASSERT_TRUE(waitUntil([&] { return !events.deviceEvents.isEmpty(); }, 10000));
    const QJsonObject e = events.deviceEvents.first();
    EXPECT_EQ(e[QStringLiteral("device")].toString(), QStringLiteral("kiosk-1"));
    EXPECT_EQ(e[QStringLiteral("role")].toString(), QStringLiteral("kiosk"));
    EXPECT_EQ(e[QStringLiteral("printer")].toString(), QStringLiteral("paper_out"));
    EXPECT_EQ(e[QStringLiteral("detail")].toString(), QStringLiteral("status byte 0x72"));
    EXPECT_GT(e[QStringLiteral("seq")].toInteger(), 0);
    EXPECT_FALSE(e[QStringLiteral("at")].toString().isEmpty());

    // The same state again: stored (newer time), but no second event.
    r = http("POST", m_server.url(QStringLiteral("/api/v1/devices/status")), "kiosk-token",
             body(QStringLiteral("paper_out"), QStringLiteral("still out")));
    ASSERT_EQ(r.status, 200);
    EXPECT_FALSE(r.json().value(QStringLiteral("changed")).toBool());
    // A display reports too; then the kiosk's paper is back: two more events, in order.
    ASSERT_EQ(http("POST", m_server.url(QStringLiteral("/api/v1/devices/status")), "display-token", body(QStringLiteral("ok"))).status, 200);
    ASSERT_EQ(http("POST", m_server.url(QStringLiteral("/api/v1/devices/status")), "kiosk-token", body(QStringLiteral("ok"))).status, 200);
    ASSERT_TRUE(waitUntil([&] { return events.deviceEvents.size() >= 3; }, 10000));
    EXPECT_EQ(events.deviceEvents.size(), 3);
    EXPECT_EQ(events.deviceEvents[1][QStringLiteral("device")].toString(), QStringLiteral("board-hall"));
    EXPECT_EQ(events.deviceEvents[2][QStringLiteral("printer")].toString(), QStringLiteral("ok"));
    list = devices(m_server);
    EXPECT_EQ(list.size(), 2);
    EXPECT_EQ(list[QStringLiteral("kiosk-1")][QStringLiteral("printer")].toString(), QStringLiteral("ok"));
    EXPECT_EQ(list[QStringLiteral("board-hall")][QStringLiteral("role")].toString(), QStringLiteral("display"));

    // The state survives a restart (it is in the database).
    ASSERT_TRUE(m_server.restart());
    EXPECT_EQ(devices(m_server)[QStringLiteral("kiosk-1")][QStringLiteral("printer")].toString(), QStringLiteral("ok"));
}

TEST_F(DevicesTest, BadInputAndWrongRolesChangeNothing)
{
    const QUrl post = m_server.url(QStringLiteral("/api/v1/devices/status"));
    struct Case {
        QByteArray body;
        const char *why;
    };
    const QList<Case> bad{
        {R"({"printer":"on_fire"})", "unknown state"},
        {R"({"detail":"no state"})", "printer missing"},
        {R"({"printer":3})", "not a string"},
        {R"({"printer":"ok","detail":7})", "detail not a string"},
        {R"({"printer":"ok","colour":"red"})", "unknown field"},
        {"[1,2]", "not an object"},
        {"{\"printer\":", "not JSON"},
    };
    for (const Case &c : bad) {
        const auto r = http("POST", post, "kiosk-token", c.body);
        EXPECT_EQ(r.status, 400) << c.why << ": " << r.body.toStdString();
        EXPECT_FALSE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty()) << c.why;
    }
    const QString longDetail(201, QLatin1Char('x'));
    EXPECT_EQ(http("POST", post, "kiosk-token", body(QStringLiteral("ok"), longDetail)).status, 400);

    // Who may do what.
    EXPECT_EQ(http("POST", post, "manager-token", body(QStringLiteral("paper_out"))).status, 403);
    EXPECT_EQ(http("POST", post, "", body(QStringLiteral("paper_out"))).status, 401);
    EXPECT_EQ(http("POST", post, "no-such-token", body(QStringLiteral("paper_out"))).status, 401);
    const QByteArray op = queue::test::login(m_server, 1);
    ASSERT_FALSE(op.isEmpty());
    EXPECT_EQ(http("POST", post, op, body(QStringLiteral("paper_out"))).status, 403);
    EXPECT_EQ(http("GET", m_server.url(QStringLiteral("/api/v1/devices")), "kiosk-token").status, 403);
    EXPECT_EQ(http("GET", m_server.url(QStringLiteral("/api/v1/devices")), op).status, 403);
    EXPECT_EQ(http("GET", post, "kiosk-token").status, 405);
    EXPECT_EQ(http("DELETE", m_server.url(QStringLiteral("/api/v1/devices")), "manager-token").status, 405);
    // /api/v1/devices/{name} is a path (DELETE revokes an enrolled device): other methods get 405.
    EXPECT_EQ(http("POST", m_server.url(QStringLiteral("/api/v1/devices/whatever")), "kiosk-token", body(QStringLiteral("ok"))).status, 405);
    EXPECT_EQ(http("POST", m_server.url(QStringLiteral("/api/v1/devices/whatever/else")), "kiosk-token", body(QStringLiteral("ok"))).status, 404);

    // Nothing stored, no event written: replaying the whole stream, the first device event
    // is a valid report made now as a marker.
    EXPECT_TRUE(devices(m_server).isEmpty());
    ASSERT_EQ(http("POST", post, "display-token", body(QStringLiteral("offline"))).status, 200);
    EventClient all(m_server, QStringLiteral("0"));
    ASSERT_TRUE(waitUntil([&] { return !all.deviceEvents.isEmpty(); }, 10000));
    EXPECT_EQ(all.deviceEvents.first()[QStringLiteral("device")].toString(), QStringLiteral("board-hall"));
    EXPECT_EQ(all.deviceEvents.first()[QStringLiteral("printer")].toString(), QStringLiteral("offline"));
    EXPECT_EQ(devices(m_server).size(), 1);
}

// The kiosk tells the server its printer's state at start and on every change.
TEST_F(DevicesTest, KioskReportsPrinterStateAtStartAndOnChange)
{
    client::ApiClient api;
    api.setBaseUrl(m_server.url());
    api.setToken(QStringLiteral("kiosk-token"));
    hardware::FakePrinter printer;
    kiosk::KioskSettings settings;
    settings.refreshIntervalMs = 200;
    const SystemClock clock;
    kiosk::KioskController controller(&api, &printer, clock, settings);
    controller.start();
    ASSERT_TRUE(waitUntil([&] { return devices(m_server).value(QStringLiteral("kiosk-1")).value(QStringLiteral("printer")).toString() == QLatin1String("ok"); }, 10000));

    EventClient events(m_server);
    ASSERT_TRUE(waitUntil([&] { return events.hello; }, 10000));
    printer.setDeviceState(hardware::PrinterState::PaperOut);
    ASSERT_TRUE(waitUntil([&] { return !events.deviceEvents.isEmpty(); }, 10000));
    EXPECT_EQ(events.deviceEvents.first()[QStringLiteral("printer")].toString(), QStringLiteral("paper_out"));
    EXPECT_EQ(devices(m_server)[QStringLiteral("kiosk-1")][QStringLiteral("printer")].toString(), QStringLiteral("paper_out"));
}

// The manager's list has every device of the configuration, when each was last heard
// from and whether it keeps an event stream open, before any reports a state.
TEST_F(DevicesTest, EveryConfiguredDeviceListedWithLastSeenAndStreams)
{
    QMap<QString, QJsonObject> all = allDevices(m_server);
    ASSERT_TRUE(all.contains(QStringLiteral("kiosk-1")));
    ASSERT_TRUE(all.contains(QStringLiteral("board-hall")));
    const QJsonObject kiosk = all.value(QStringLiteral("kiosk-1"));
    EXPECT_EQ(kiosk[QStringLiteral("role")].toString(), QStringLiteral("kiosk"));
    EXPECT_EQ(kiosk[QStringLiteral("source")].toString(), QStringLiteral("config"));
    EXPECT_TRUE(kiosk[QStringLiteral("last_seen")].isNull()) << "not heard from since the server started";
    EXPECT_TRUE(kiosk[QStringLiteral("printer")].isNull());
    EXPECT_EQ(kiosk[QStringLiteral("streams")].toInt(), 0);
    // The manager asking is a device too: heard from just now.
    EXPECT_FALSE(all.value(QStringLiteral("manager"))[QStringLiteral("last_seen")].toString().isEmpty())
        << QJsonDocument(all.value(QStringLiteral("manager"))).toJson().toStdString();

    ASSERT_EQ(http("GET", m_server.url(QStringLiteral("/api/v1/services")), "kiosk-token").status, 200);
    // A wrong token is nobody: it makes no device seen.
    ASSERT_EQ(http("GET", m_server.url(QStringLiteral("/api/v1/services")), "board-token-wrong").status, 401);
    all = allDevices(m_server);
    const QDateTime seen = QDateTime::fromString(all.value(QStringLiteral("kiosk-1"))[QStringLiteral("last_seen")].toString(), Qt::ISODateWithMs);
    ASSERT_TRUE(seen.isValid());
    EXPECT_LE(qAbs(seen.msecsTo(QDateTime::currentDateTimeUtc())), 60000);
    EXPECT_TRUE(all.value(QStringLiteral("board-hall"))[QStringLiteral("last_seen")].isNull());

    {
        EventClient events(m_server);   // the manager's stream
        ASSERT_TRUE(waitUntil([&] { return events.hello; }, 10000));
        EXPECT_EQ(allDevices(m_server).value(QStringLiteral("manager"))[QStringLiteral("streams")].toInt(), 1);
    }
    ASSERT_TRUE(waitUntil([&] { return allDevices(m_server).value(QStringLiteral("manager"))[QStringLiteral("streams")].toInt() == 0; }, 10000));
}
