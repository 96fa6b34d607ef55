// kill -9 and restart: every acknowledged change survives (docs/api.md: a 2xx answer means
// the change is on disk).

#include "server_testutil.h"

#include <QHash>
#include <QSet>

#include <functional>
#include <memory>
#include <vector>

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

class ServerDurability : public ServerTest {
protected:
    // kill -9, then start again on the same data and the same port (clients keep their URL).
    void crashAndRestart()
    {
        const quint16 port = server.port();
        server.kill9();
        ASSERT_TRUE(server.start({u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)})) << server.output().toStdString();
        // start() may match the "listening on" line of the previous run, so wait for the new one.
        ASSERT_TRUE(waitUntil([&] { return http("GET", server.url(u"/api/v1/health"_s), {}, {}, {}, 1000).status == 200; },
                              20'000))
            << "no answer after restart:\n" << server.output().toStdString();
    }
};

// Clients that keep issuing tickets (several in flight each) until told to stop.
class IssueBurst {
public:
    IssueBurst(const TestServer &server, int clients, int inFlightPerClient) : m_server(server)
    {
        for (int c = 0; c < clients; ++c) {
            m_clients.push_back(std::make_unique<AsyncClient>());
            for (int i = 0; i < inFlightPerClient; ++i)
                sendNext(c);
        }
    }

    void stop() { m_stopped = true; }
    bool waitSettled(int timeoutMs) { return waitUntil([&] { return m_inFlight == 0; }, timeoutMs); }
    int acknowledgedCount() const { return int(m_acknowledged.size()); }
    // id → number of every ticket whose 201 arrived.
    const QHash<qint64, QString> &acknowledged() const { return m_acknowledged; }

private:
    void sendNext(int client)
    {
        static const QStringList services{kReception, kContracts, kPayments, kB2b};
        const QString service = services[m_sent++ % services.size()];
        QNetworkReply *reply = m_clients[client]->post(m_server.url(u"/api/v1/tickets"_s), kKioskToken,
                                                       {{u"service"_s, service}});
        ++m_inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, client] {
            const HttpResult r = resultOf(reply);
            if (r.status == 201)
                m_acknowledged.insert(r.json().value(u"id"_s).toInteger(), r.json().value(u"number"_s).toString());
            --m_inFlight;
            reply->deleteLater();
            if (!m_stopped)
                sendNext(client);
        });
    }

    const TestServer &m_server;
    std::vector<std::unique_ptr<AsyncClient>> m_clients;
    QHash<qint64, QString> m_acknowledged;
    int m_sent = 0;
    int m_inFlight = 0;
    bool m_stopped = false;
};

QSet<QString> waitingNumbers(const Api &api)
{
    QSet<QString> numbers;
    for (const QJsonValue &s : api.queue().value(u"services"_s).toArray())
        for (const QString &n : numbersOf(s.toObject().value(u"tickets"_s).toArray()))
            numbers.insert(n);
    return numbers;
}

} // namespace

TEST_F(ServerDurability, AcknowledgedTicketsSurviveKillInTheMiddleOfABurst)
{
    IssueBurst burst(server, 6, 3);
    ASSERT_TRUE(waitUntil([&] { return burst.acknowledgedCount() >= 80; }, 60'000))
        << "only " << burst.acknowledgedCount() << " tickets issued";
    burst.stop();
    ASSERT_NO_FATAL_FAILURE(crashAndRestart());   // requests are still in flight at the kill
    ASSERT_TRUE(burst.waitSettled(30'000));

    int lost = 0;
    for (auto it = burst.acknowledged().begin(); it != burst.acknowledged().end(); ++it) {
        const HttpResult r = api.get(u"/api/v1/tickets/%1"_s.arg(it.key()));
        if (r.status != 200 || r.json().value(u"number"_s).toString() != it.value()
            || r.json().value(u"state"_s).toString() != u"waiting"_s) {
            if (++lost <= 5)
                ADD_FAILURE() << "ticket " << it.key() << " " << it.value().toStdString()
                              << " was acknowledged before the kill; after restart: " << str(r);
        }
    }
    EXPECT_EQ(lost, 0) << "of " << burst.acknowledgedCount() << " acknowledged tickets";

    // Numbering continues: no new ticket takes the number or id of one still waiting.
    const QSet<QString> waiting = waitingNumbers(api);
    EXPECT_GE(waiting.size(), burst.acknowledgedCount());
    for (const QString &service : {kReception, kContracts, kPayments, kB2b}) {
        const QJsonObject issued = api.issue(service);
        EXPECT_FALSE(waiting.contains(issued.value(u"number"_s).toString()))
            << "reused the number of a waiting ticket: " << str(issued);
        EXPECT_FALSE(burst.acknowledged().contains(issued.value(u"id"_s).toInteger())) << "reused an id: " << str(issued);
    }
}

TEST_F(ServerDurability, ServedTicketsAndSessionsSurviveKill)
{
    const QByteArray op1 = api.login(1);
    const QByteArray op2 = api.login(2);
    api.issue(kPayments);
    const QJsonObject done = api.serveNext(1, op1);
    ASSERT_EQ(done.value(u"state"_s).toString(), u"done"_s);
    const qint64 servingId = api.issueId(kContracts);
    ASSERT_EQ(api.callAndStart(2, op2).value(u"id"_s).toInteger(), servingId);
    const qint64 waitingId = api.issueId(kPayments);

    ASSERT_NO_FATAL_FAILURE(crashAndRestart());

    const QJsonObject doneAfter = api.ticket(done.value(u"id"_s).toInteger());
    for (const char *key : {"number", "state", "outcome", "window", "operator", "issued_at", "called_at",
                            "started_at", "finished_at", "service_s"})
        EXPECT_EQ(doneAfter.value(QString::fromLatin1(key)), done.value(QString::fromLatin1(key))) << key;
    const QJsonObject servingAfter = api.ticket(servingId);
    EXPECT_EQ(servingAfter.value(u"state"_s).toString(), u"serving"_s) << str(servingAfter);
    EXPECT_EQ(servingAfter.value(u"window"_s), QJsonValue(2));

    // The operators' tokens still work, and the desks can carry on.
    const HttpResult session1 = api.get(u"/api/v1/sessions/current"_s, op1);
    ASSERT_EQ(session1.status, 200) << "operator token after restart: " << str(session1);
    EXPECT_EQ(session1.json().value(u"window"_s).toObject().value(u"state"_s).toString(), u"open"_s);
    const HttpResult session2 = api.get(u"/api/v1/sessions/current"_s, op2);
    ASSERT_EQ(session2.status, 200) << str(session2);
    const QJsonObject window2 = session2.json().value(u"window"_s).toObject();
    EXPECT_EQ(window2.value(u"state"_s).toString(), u"serving"_s) << str(window2);
    EXPECT_EQ(window2.value(u"ticket"_s).toObject().value(u"id"_s).toInteger(), servingId);

    EXPECT_EQ(api.act(2, op2, u"finish"_s, {{u"outcome"_s, u"resolved"_s}}).status, 200);
    const HttpResult next = api.act(1, op1, u"call"_s);
    EXPECT_EQ(next.json().value(u"id"_s).toInteger(), waitingId) << str(next);
}

TEST_F(ServerDurability, EventHistorySurvivesKill)
{
    EventStream live(server);
    ASSERT_TRUE(live.waitHello());
    const qint64 start = live.helloSeq();
    const QByteArray op = api.login(1);
    api.issue(kPayments);
    api.issue(kContracts);
    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);
    ASSERT_TRUE(live.waitFor(u"ticket.called"_s).has_value());
    const QList<QJsonObject> before = live.events();

    ASSERT_NO_FATAL_FAILURE(crashAndRestart());

    EventStream replay(server, kDisplayToken, start);
    ASSERT_TRUE(replay.waitHello());
    EXPECT_GE(replay.helloSeq(), start + before.size()) << "sequence numbers went back after restart";
    ASSERT_TRUE(replay.waitEvents(before.size()));
    EXPECT_EQ(replay.events().mid(0, before.size()), before) << "the replay after restart differs from what was sent live";
}
