#pragma once

// A desk (ApiClient + EventStream + DeskController with an injected clock) against the
// real queue-server process.
#include "operator_desk/logic/deskcontroller.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QDateTime>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <memory>

namespace queue::desk::test {

using queue::test::http;
using queue::test::HttpResult;
using queue::test::ManualClock;
using queue::test::TestServer;
using queue::test::waitUntil;

class DeskFixture : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(server.start()) << server.output().toStdString();
        clock = std::make_unique<ManualClock>(QDateTime::currentMSecsSinceEpoch());
        api = std::make_unique<client::ApiClient>(server.url());
        events = std::make_unique<client::EventStream>();
        events->setReconnectBackoff(100, 500);
        events->setPingInterval(1000);
        events->setPongTimeout(2000);
        desk = std::make_unique<DeskController>(api.get(), events.get(), clock.get());
        desk->setProbeInterval(200);
    }
    void TearDown() override
    {
        desk.reset();
        events.reset();
        api.reset();
    }

    // Logs op<window> in through the controller and waits until it is online and has
    // loaded the catalogue.
    void loginDesk(int window = 2)
    {
        desk->login(QStringLiteral("op%1").arg(window), QStringLiteral("1234"), window);
        ASSERT_TRUE(waitUntil([&] {
            return desk->phase() == DeskController::Phase::Working && desk->isOnline()
                   && !desk->state().catalogue.isEmpty();
        }, 15000)) << "desk did not come online";
    }

    // Issues a ticket through the kiosk token; returns its JSON ("ticket" object).
    QJsonObject issue(const QString &service, const QString &priority = QString())
    {
        QJsonObject body{{QStringLiteral("service"), service}};
        if (!priority.isEmpty())
            body.insert(QStringLiteral("priority"), priority);
        const HttpResult r = http("POST", server.url(QStringLiteral("/api/v1/tickets")), "kiosk-token", body);
        EXPECT_EQ(r.status, 201) << r.body.toStdString();
        return r.json().value(QStringLiteral("ticket")).toObject();
    }
    QJsonObject ticketOnServer(qint64 id)
    {
        return http("GET", server.url(QStringLiteral("/api/v1/tickets/%1").arg(id)), "manager-token").json();
    }
    QJsonObject windowOnServer(int n)
    {
        return http("GET", server.url(QStringLiteral("/api/v1/windows/%1").arg(n)), "manager-token").json();
    }
    // Waits until the desk's queue for its window holds `count` tickets.
    bool waitQueue(int count)
    {
        return waitUntil([&] { return desk->state().queue.size() == count; }, 10000);
    }
    bool idle() { return waitUntil([&] { return !desk->isBusy(); }, 15000); }

    TestServer server;
    std::unique_ptr<ManualClock> clock;
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::EventStream> events;
    std::unique_ptr<DeskController> desk;
};

} // namespace queue::desk::test
