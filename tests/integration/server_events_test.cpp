// The WebSocket event stream /api/v1/events: hello, live events in seq order, replay.

#include "server_testutil.h"

#include <QHash>
#include <QNetworkRequest>

#include <memory>
#include <vector>

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

using ServerEvents = ServerTest;

qint64 seqOf(const QJsonObject &e) { return e.value(u"seq"_s).toInteger(); }
QString typeOf(const QJsonObject &e) { return e.value(u"type"_s).toString(); }
qint64 ticketIdOf(const QJsonObject &e) { return e.value(u"ticket"_s).toObject().value(u"id"_s).toInteger(); }

// Events numbered first, first + 1, … with no gap.
::testing::AssertionResult consecutiveFrom(const QList<QJsonObject> &events, qint64 first)
{
    for (int i = 0; i < events.size(); ++i)
        if (!isInteger(events[i].value(u"seq"_s)) || seqOf(events[i]) != first + i)
            return ::testing::AssertionFailure() << "event " << i << " should have seq " << first + i << ": "
                                                 << str(events[i]);
    return ::testing::AssertionSuccess();
}

QList<QJsonObject> ofType(const QList<QJsonObject> &events, const QString &type)
{
    QList<QJsonObject> out;
    for (const QJsonObject &e : events)
        if (typeOf(e) == type)
            out << e;
    return out;
}

QByteArray upgradeRequest(const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

} // namespace

TEST_F(ServerEvents, HelloThenIssuedAndCalledInSeqOrder)
{
    const QByteArray op = api.login(1);
    EventStream board(server);
    ASSERT_TRUE(board.waitHello()) << "no hello; messages: " << board.messages().size();
    const QJsonObject hello = board.messages().first();
    EXPECT_TRUE(isIsoTime(hello.value(u"server_time"_s))) << str(hello);
    const qint64 helloSeq = board.helloSeq();
    EXPECT_GE(helloSeq, 0) << str(hello);

    const QJsonObject issued = api.issue(kPayments);
    const qint64 id = issued.value(u"id"_s).toInteger();
    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);
    ASSERT_TRUE(board.waitFor(u"ticket.called"_s, id).has_value()) << "no ticket.called";

    const QList<QJsonObject> events = board.events();
    EXPECT_TRUE(consecutiveFrom(events, helloSeq + 1));
    for (const QJsonObject &e : events)
        EXPECT_TRUE(isIsoTime(e.value(u"at"_s))) << str(e);

    const QList<QJsonObject> issuedEvents = ofType(events, u"ticket.issued"_s);
    ASSERT_EQ(issuedEvents.size(), 1);
    EXPECT_EQ(ticketIdOf(issuedEvents[0]), id);
    EXPECT_EQ(issuedEvents[0].value(u"ticket"_s).toObject().value(u"number"_s), issued.value(u"number"_s));
    EXPECT_TRUE(hasTicketShape(issuedEvents[0].value(u"ticket"_s).toObject()));
    EXPECT_TRUE(issuedEvents[0].contains(u"window"_s) && issuedEvents[0].value(u"window"_s).isNull())
        << str(issuedEvents[0]);

    const QList<QJsonObject> calledEvents = ofType(events, u"ticket.called"_s);
    ASSERT_EQ(calledEvents.size(), 1);
    EXPECT_EQ(calledEvents[0].value(u"window"_s), QJsonValue(1)) << str(calledEvents[0]);
    EXPECT_EQ(calledEvents[0].value(u"ticket"_s).toObject().value(u"number"_s), issued.value(u"number"_s));
    EXPECT_EQ(calledEvents[0].value(u"ticket"_s).toObject().value(u"state"_s).toString(), u"called"_s);
    EXPECT_GT(seqOf(calledEvents[0]), seqOf(issuedEvents[0]));
}

TEST_F(ServerEvents, ReconnectWithSinceReplaysExactlyTheMissedEvents)
{
    EventStream first(server);
    ASSERT_TRUE(first.waitHello());
    const QByteArray op = api.login(2);
    api.issue(kPayments);
    api.issue(kContracts);
    ASSERT_EQ(api.act(2, op, u"call"_s).status, 200);
    ASSERT_TRUE(first.waitFor(u"ticket.called"_s).has_value());
    const QList<QJsonObject> live = first.events();
    ASSERT_GE(live.size(), 3);
    const qint64 since = seqOf(live[1]);

    EventStream second(server, kDisplayToken, since);
    ASSERT_TRUE(second.waitHello());
    EXPECT_EQ(second.helloSeq(), seqOf(live.last())) << "hello carries the newest committed seq";
    ASSERT_TRUE(second.waitEvents(live.size() - 2));
    EXPECT_EQ(second.events(), live.mid(2)) << "the replay is not exactly the events after seq " << since;

    // Then live events continue the same sequence.
    const qint64 id = api.issueId(kReception);
    const auto issued = second.waitFor(u"ticket.issued"_s, id);
    ASSERT_TRUE(issued.has_value());
    EXPECT_EQ(seqOf(*issued), seqOf(live.last()) + 1);
    EXPECT_TRUE(consecutiveFrom(second.events(), since + 1));
}

TEST_F(ServerEvents, SinceTheNewestSeqReplaysNothing)
{
    api.issue(kPayments);
    const qint64 last = currentSeq(server);
    ASSERT_GE(last, 1);
    EventStream board(server, kDisplayToken, last);
    ASSERT_TRUE(board.waitHello());
    const qint64 id = api.issueId(kPayments);
    ASSERT_TRUE(board.waitFor(u"ticket.issued"_s, id).has_value());
    ASSERT_EQ(board.events().size(), 1) << "replayed events that the client already had";
    EXPECT_EQ(seqOf(board.events().first()), last + 1);
}

TEST_F(ServerEvents, RefusesMissingOrWrongToken)
{
    for (const QByteArray &target : {QByteArrayLiteral("/api/v1/events"), QByteArrayLiteral("/api/v1/events?token=wrong")}) {
        SCOPED_TRACE(target.toStdString());
        RawConnection raw(server.port());
        ASSERT_TRUE(raw.waitConnected());
        raw.write(upgradeRequest(target));
        EXPECT_EQ(raw.waitResponse(), 401) << raw.received().toStdString();

        EventStream stream(QNetworkRequest(QUrl(u"ws://127.0.0.1:%1"_s.arg(server.port()) + QString::fromLatin1(target))));
        EXPECT_TRUE(stream.waitRefusedOrClosed()) << "the upgrade was not refused";
        EXPECT_TRUE(stream.messages().isEmpty()) << "sent events to an unauthenticated client";
    }
}

TEST_F(ServerEvents, AcceptsBearerHeaderInsteadOfQueryToken)
{
    QNetworkRequest request(eventsUrl(server, {}));
    request.setRawHeader("Authorization", "Bearer " + kDisplayToken);
    EventStream board(request);
    EXPECT_TRUE(board.waitHello());
}

TEST_F(ServerEvents, BoardSeesThreeCallsInCallOrder)
{
    QList<QByteArray> tokens;
    for (int w = 1; w <= 3; ++w)
        tokens << api.login(w);
    for (int i = 0; i < 3; ++i)
        api.issue(kPayments);
    EventStream board(server);
    ASSERT_TRUE(board.waitHello());

    QList<QPair<int, QJsonValue>> calls;   // window, number
    for (int w = 1; w <= 3; ++w) {
        const HttpResult r = api.act(w, tokens[w - 1], u"call"_s);
        ASSERT_EQ(r.status, 200) << str(r);
        calls << qMakePair(w, r.json().value(u"number"_s));
    }
    ASSERT_TRUE(waitUntil([&] { return ofType(board.events(), u"ticket.called"_s).size() >= 3; }));
    const QList<QJsonObject> called = ofType(board.events(), u"ticket.called"_s);
    ASSERT_EQ(called.size(), 3);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(called[i].value(u"window"_s), QJsonValue(calls[i].first)) << str(called[i]);
        EXPECT_EQ(called[i].value(u"ticket"_s).toObject().value(u"number"_s), calls[i].second) << str(called[i]);
    }
    EXPECT_TRUE(consecutiveFrom(board.events(), board.helloSeq() + 1));
}

TEST_F(ServerEvents, BoardSeesSimultaneousCallsInSeqOrder)
{
    QList<QByteArray> tokens;
    for (int w = 1; w <= 3; ++w)
        tokens << api.login(w);
    for (int i = 0; i < 3; ++i)
        api.issue(kPayments);
    EventStream board(server);
    ASSERT_TRUE(board.waitHello());

    std::vector<std::unique_ptr<AsyncClient>> clients;
    QList<QNetworkReply *> replies;
    for (int w = 1; w <= 3; ++w) {
        clients.push_back(std::make_unique<AsyncClient>());
        replies << clients.back()->post(server.url(u"/api/v1/windows/%1/call"_s.arg(w)), tokens[w - 1], {});
    }
    ASSERT_TRUE(waitAllFinished(replies, 10'000));
    QHash<int, qint64> ticketOfWindow;
    for (int w = 1; w <= 3; ++w) {
        const HttpResult r = resultOf(replies[w - 1]);
        ASSERT_EQ(r.status, 200) << str(r);
        ticketOfWindow.insert(w, r.json().value(u"id"_s).toInteger());
    }
    ASSERT_TRUE(waitUntil([&] { return ofType(board.events(), u"ticket.called"_s).size() >= 3; }));
    const QList<QJsonObject> called = ofType(board.events(), u"ticket.called"_s);
    ASSERT_EQ(called.size(), 3);
    for (const QJsonObject &e : called)
        EXPECT_EQ(ticketIdOf(e), ticketOfWindow.value(e.value(u"window"_s).toInt(), -1)) << str(e);
    EXPECT_TRUE(consecutiveFrom(board.events(), board.helloSeq() + 1));
}

TEST_F(ServerEvents, EveryActionEmitsItsEvent)
{
    const QByteArray op = api.login(1);
    const qint64 served = api.issueId(kPayments);
    const qint64 absent = api.issueId(kPayments);
    const qint64 redirected = api.issueId(kPayments);
    const qint64 postponed = api.issueId(kPayments);
    const qint64 cancelled = api.issueId(kContracts);
    EventStream board(server);
    ASSERT_TRUE(board.waitHello());

    auto expectEvent = [&](const QString &type, qint64 ticket, const QJsonValue &window) {
        SCOPED_TRACE(type.toStdString());
        const auto e = board.waitFor(type, ticket);
        ASSERT_TRUE(e.has_value()) << "no " << type.toStdString() << " for ticket " << ticket;
        EXPECT_EQ(e->value(u"window"_s), window) << str(*e);
        EXPECT_TRUE(hasTicketShape(e->value(u"ticket"_s).toObject()));
    };
    auto act = [&](const QString &action, const QJsonObject &body = {}) {
        const HttpResult r = api.act(1, op, action, body);
        EXPECT_EQ(r.status, 200) << action.toStdString() << ": " << str(r);
    };

    act(u"call"_s);
    act(u"recall"_s);
    act(u"start"_s);
    act(u"finish"_s, {{u"outcome"_s, u"resolved"_s}});
    expectEvent(u"ticket.called"_s, served, 1);
    expectEvent(u"ticket.recalled"_s, served, 1);
    expectEvent(u"ticket.started"_s, served, 1);
    expectEvent(u"ticket.finished"_s, served, 1);

    act(u"call"_s);
    for (int i = 0; i < 3; ++i)
        act(u"recall"_s);
    act(u"no-show"_s);
    expectEvent(u"ticket.no_show"_s, absent, 1);

    act(u"call"_s);
    act(u"redirect"_s, {{u"service"_s, kContracts}});
    expectEvent(u"ticket.redirected"_s, redirected, 1);

    act(u"call"_s);
    act(u"postpone"_s, {{u"minutes"_s, 5}});
    expectEvent(u"ticket.postponed"_s, postponed, 1);

    ASSERT_EQ(api.del(u"/api/v1/tickets/%1"_s.arg(cancelled), kKioskToken).status, 200);
    expectEvent(u"ticket.cancelled"_s, cancelled, QJsonValue());

    act(u"pause"_s, {{u"reason"_s, u"technical"_s}});
    ASSERT_TRUE(waitUntil([&] {
        for (const QJsonObject &e : ofType(board.events(), u"window.changed"_s))
            if (e.value(u"state"_s).toObject().value(u"state"_s).toString() == u"paused"_s)
                return true;
        return false;
    })) << "no window.changed to paused";
    for (const QJsonObject &e : ofType(board.events(), u"window.changed"_s)) {
        EXPECT_TRUE(isInteger(e.value(u"window"_s))) << str(e);
        EXPECT_TRUE(hasWindowShape(e.value(u"state"_s).toObject()));
    }
    EXPECT_TRUE(consecutiveFrom(board.events(), board.helloSeq() + 1));
}

TEST_F(ServerEvents, RejectedRequestsAddNoEvents)
{
    const QByteArray op = api.login(1);
    EventStream board(server);
    ASSERT_TRUE(board.waitHello());
    EXPECT_EQ(api.issueRaw(u"teleportation"_s).status, 400);
    EXPECT_EQ(api.issueRaw(kPayments, {}, kDisplayToken).status, 403);
    EXPECT_EQ(api.act(1, op, u"finish"_s, {{u"outcome"_s, u"resolved"_s}}).status, 409);
    EXPECT_EQ(api.act(1, op, u"call"_s).status, 204);
    const qint64 id = api.issueId(kPayments);
    const auto issued = board.waitFor(u"ticket.issued"_s, id);
    ASSERT_TRUE(issued.has_value());
    EXPECT_EQ(board.events().size(), 1) << "events for requests that changed nothing, first: "
                                         << str(board.events().value(0));
    EXPECT_EQ(seqOf(*issued), board.helloSeq() + 1);
}
