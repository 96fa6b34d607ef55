// Many clients at once: unique tickets, no ticket called twice, Idempotency-Key.

#include "server_testutil.h"

#include <QSet>

#include <map>
#include <memory>
#include <vector>

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

using ServerConcurrency = ServerTest;
using ServerIdempotency = ServerTest;

const QStringList kAllServices{kReception, kContracts, kPayments, kB2b};

std::vector<std::unique_ptr<AsyncClient>> makeClients(int n)
{
    std::vector<std::unique_ptr<AsyncClient>> clients;
    for (int i = 0; i < n; ++i)
        clients.push_back(std::make_unique<AsyncClient>());
    return clients;
}

std::string statusHistogram(const QList<HttpResult> &results)
{
    std::map<int, int> counts;
    for (const HttpResult &r : results)
        ++counts[r.status];
    std::string out;
    for (const auto &[status, n] : counts)
        out += std::to_string(status) + ": " + std::to_string(n) + "  ";
    return out;
}

QList<HttpResult> resultsOf(const QList<QNetworkReply *> &replies)
{
    QList<HttpResult> results;
    for (QNetworkReply *r : replies) {
        results << resultOf(r);
        r->deleteLater();
    }
    return results;
}

Headers idempotencyKey(const QByteArray &key) { return {{QByteArrayLiteral("Idempotency-Key"), key}}; }

} // namespace

TEST_F(ServerConcurrency, ManyClientsIssuingAtOnceGetUniqueTickets)
{
    constexpr int kClients = 20;
    constexpr int kPerClient = 25;
    auto clients = makeClients(kClients);
    QList<QNetworkReply *> replies;
    for (int c = 0; c < kClients; ++c)
        for (int i = 0; i < kPerClient; ++i)
            replies << clients[c]->post(server.url(u"/api/v1/tickets"_s), kKioskToken,
                                        {{u"service"_s, kAllServices[(c + i) % kAllServices.size()]}});
    ASSERT_TRUE(waitAllFinished(replies, 90'000)) << "not every issue was answered";
    const QList<HttpResult> results = resultsOf(replies);

    QSet<qint64> ids;
    QSet<QString> numbers;
    int created = 0;
    for (const HttpResult &r : results) {
        if (r.status != 201)
            continue;
        ++created;
        ids.insert(r.json().value(u"id"_s).toInteger());
        numbers.insert(r.json().value(u"number"_s).toString());
    }
    EXPECT_EQ(created, kClients * kPerClient) << "statuses: " << statusHistogram(results);
    EXPECT_EQ(ids.size(), created) << "duplicate ticket ids";
    EXPECT_EQ(numbers.size(), created) << "duplicate ticket numbers";

    QSet<qint64> queued;
    int waiting = 0;
    for (const QJsonValue &s : api.queue().value(u"services"_s).toArray()) {
        waiting += s.toObject().value(u"waiting"_s).toInt();
        for (const qint64 id : idsOf(s.toObject().value(u"tickets"_s).toArray()))
            queued.insert(id);
    }
    EXPECT_EQ(waiting, created);
    EXPECT_EQ(queued, ids) << "the queue holds exactly the issued tickets";
}

TEST_F(ServerConcurrency, WindowsCallingAtTheSameInstantNeverShareTicket)
{
    constexpr int kTickets = 45;
    QSet<qint64> issued;
    for (int i = 0; i < kTickets; ++i)
        issued.insert(api.issueId(kPayments));
    const QList<int> windows{1, 2, 3};   // all three serve payments
    QList<QByteArray> tokens;
    for (int w : windows)
        tokens << api.login(w);
    auto clients = makeClients(windows.size());

    QSet<qint64> called;
    QList<qint64> calledTwice;
    for (int round = 0; round <= kTickets; ++round) {
        QList<QNetworkReply *> replies;
        for (int i = 0; i < windows.size(); ++i)
            replies << clients[i]->post(server.url(u"/api/v1/windows/%1/call"_s.arg(windows[i])), tokens[i], {});
        ASSERT_TRUE(waitAllFinished(replies, 10'000));
        const QList<HttpResult> results = resultsOf(replies);
        int empty = 0;
        for (int i = 0; i < windows.size(); ++i) {
            const HttpResult &r = results[i];
            if (r.status == 204) {
                ++empty;
                continue;
            }
            ASSERT_EQ(r.status, 200) << "window " << windows[i] << ": " << str(r);
            const qint64 id = r.json().value(u"id"_s).toInteger();
            if (called.contains(id))
                calledTwice << id;
            called.insert(id);
            EXPECT_EQ(api.act(windows[i], tokens[i], u"start"_s).status, 200);
            EXPECT_EQ(api.act(windows[i], tokens[i], u"finish"_s, {{u"outcome"_s, u"resolved"_s}}).status, 200);
        }
        if (empty == windows.size())
            break;
    }
    EXPECT_TRUE(calledTwice.isEmpty()) << "tickets called twice: " << calledTwice.size();
    EXPECT_EQ(called, issued) << "every ticket is called exactly once";
}

TEST_F(ServerConcurrency, OnlyOneWindowWinsTheSameSpecificTicket)
{
    const QList<int> windows{1, 2, 3};
    QList<QByteArray> tokens;
    for (int w : windows)
        tokens << api.login(w);
    auto clients = makeClients(windows.size());

    for (int round = 0; round < 10; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const qint64 id = api.issueId(kPayments);
        QList<QNetworkReply *> replies;
        for (int i = 0; i < windows.size(); ++i)
            replies << clients[i]->post(server.url(u"/api/v1/windows/%1/call"_s.arg(windows[i])), tokens[i],
                                        {{u"ticket"_s, id}});
        ASSERT_TRUE(waitAllFinished(replies, 10'000));
        const QList<HttpResult> results = resultsOf(replies);
        int winner = -1;
        for (int i = 0; i < windows.size(); ++i) {
            if (results[i].status == 200) {
                EXPECT_EQ(winner, -1) << "two windows called ticket " << id;
                EXPECT_EQ(results[i].json().value(u"id"_s).toInteger(), id);
                winner = i;
            } else {
                EXPECT_TRUE(isError(results[i], 409, u"wrong_state"_s)) << "window " << windows[i];
            }
        }
        ASSERT_NE(winner, -1) << "nobody got the ticket: " << statusHistogram(results);
        EXPECT_EQ(api.ticket(id).value(u"window"_s), QJsonValue(windows[winner]));
        ASSERT_EQ(api.act(windows[winner], tokens[winner], u"start"_s).status, 200);
        ASSERT_EQ(api.act(windows[winner], tokens[winner], u"finish"_s, {{u"outcome"_s, u"resolved"_s}}).status, 200);
    }
}

TEST_F(ServerIdempotency, RepeatedCallWithSameKeyCallsOnlyOnce)
{
    const QByteArray op = api.login(1);
    const qint64 first = api.issueId(kPayments);
    const qint64 second = api.issueId(kPayments);

    const HttpResult original = api.act(1, op, u"call"_s, {}, idempotencyKey("desk-1-call-1"));
    ASSERT_EQ(original.status, 200) << str(original);
    EXPECT_EQ(original.json().value(u"id"_s).toInteger(), first);

    const HttpResult repeat = api.act(1, op, u"call"_s, {}, idempotencyKey("desk-1-call-1"));
    EXPECT_EQ(repeat.status, 200) << "the first answer again, not ticket_active: " << str(repeat);
    EXPECT_EQ(repeat.json(), original.json());
    EXPECT_EQ(api.ticket(second).value(u"state"_s).toString(), u"waiting"_s);
    EXPECT_EQ(api.serviceQueueIds(kPayments), QList<qint64>{second});

    // Still the first answer after the ticket moved on.
    ASSERT_EQ(api.act(1, op, u"start"_s).status, 200);
    const HttpResult late = api.act(1, op, u"call"_s, {}, idempotencyKey("desk-1-call-1"));
    EXPECT_EQ(late.status, 200) << str(late);
    EXPECT_EQ(late.json().value(u"id"_s).toInteger(), first);
    EXPECT_EQ(api.ticket(first).value(u"state"_s).toString(), u"serving"_s);
    EXPECT_EQ(api.ticket(second).value(u"state"_s).toString(), u"waiting"_s);

    // A new key is a new request.
    ASSERT_EQ(api.act(1, op, u"finish"_s, {{u"outcome"_s, u"resolved"_s}}).status, 200);
    const HttpResult next = api.act(1, op, u"call"_s, {}, idempotencyKey("desk-1-call-2"));
    EXPECT_EQ(next.json().value(u"id"_s).toInteger(), second) << str(next);
}

TEST_F(ServerIdempotency, RepeatedIssueWithSameKeyIssuesOnce)
{
    const QJsonObject body{{u"service"_s, kContracts}};
    const HttpResult original = api.post(u"/api/v1/tickets"_s, kKioskToken, body, idempotencyKey("kiosk-1-42"));
    ASSERT_EQ(original.status, 201) << str(original);
    const HttpResult repeat = api.post(u"/api/v1/tickets"_s, kKioskToken, body, idempotencyKey("kiosk-1-42"));
    EXPECT_EQ(repeat.status, 201) << str(repeat);
    EXPECT_EQ(repeat.json(), original.json());
    EXPECT_EQ(api.serviceQueueIds(kContracts), QList<qint64>{original.json().value(u"id"_s).toInteger()});

    const HttpResult other = api.post(u"/api/v1/tickets"_s, kKioskToken, body, idempotencyKey("kiosk-1-43"));
    EXPECT_EQ(other.status, 201);
    EXPECT_NE(other.json().value(u"id"_s), original.json().value(u"id"_s));

    // Keys belong to their caller: the manager's "kiosk-1-42" is another request.
    const HttpResult otherCaller = api.post(u"/api/v1/tickets"_s, kManagerToken, body, idempotencyKey("kiosk-1-42"));
    EXPECT_EQ(otherCaller.status, 201);
    EXPECT_NE(otherCaller.json().value(u"id"_s), original.json().value(u"id"_s));
    EXPECT_EQ(api.serviceQueueIds(kContracts).size(), 3);
}

TEST_F(ServerIdempotency, SimultaneousRepeatsWithSameKeyCallOnlyOnce)
{
    const QByteArray op = api.login(2);
    const qint64 first = api.issueId(kPayments);
    const qint64 second = api.issueId(kPayments);
    auto clients = makeClients(4);
    QList<QNetworkReply *> replies;
    for (auto &client : clients)
        replies << client->post(server.url(u"/api/v1/windows/2/call"_s), op, {}, idempotencyKey("desk-2-resend"));
    ASSERT_TRUE(waitAllFinished(replies, 10'000));
    for (const HttpResult &r : resultsOf(replies)) {
        EXPECT_EQ(r.status, 200) << str(r);
        EXPECT_EQ(r.json().value(u"id"_s).toInteger(), first) << str(r);
    }
    EXPECT_EQ(api.ticket(second).value(u"state"_s).toString(), u"waiting"_s);
}
