// Every error of docs/api.md: status, {"error":{"code","message"}} body, and no change.

#include "server_testutil.h"

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

class ServerErrors : public ServerTest {
protected:
    // A window with an operator and a called ticket (and more tickets waiting behind it).
    QByteArray windowWithCalledTicket(int window)
    {
        const QByteArray op = api.login(window);
        api.issue(kPayments);
        api.issue(kPayments);
        EXPECT_EQ(api.act(window, op, u"call"_s).status, 200);
        return op;
    }

    HttpResult postTicketBody(const QByteArray &body, const QByteArray &token = kKioskToken)
    {
        return api.postRaw(u"/api/v1/tickets"_s, token, body);
    }
};

} // namespace

TEST_F(ServerErrors, UnauthorizedWithoutTokenWithWrongTokenOrWrongPin)
{
    api.issue(kPayments);
    for (const QByteArray &token : {QByteArray(), QByteArrayLiteral("no-such-token")}) {
        SCOPED_TRACE("token '" + token.toStdString() + "'");
        EXPECT_TRUE(isError(api.get(u"/api/v1/services"_s, token), 401, u"unauthorized"_s));
        EXPECT_TRUE(isError(api.get(u"/api/v1/queue"_s, token), 401, u"unauthorized"_s));
        expectRejected([&] { return api.issueRaw(kPayments, {}, token); }, 401, u"unauthorized"_s);
    }
    expectRejected([&] { return api.loginRaw(u"op1"_s, u"9999"_s, 1); }, 401, u"unauthorized"_s);
    expectRejected([&] { return api.loginRaw(u"nobody"_s, u"1234"_s, 1); }, 401, u"unauthorized"_s);
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"closed"_s);
}

TEST_F(ServerErrors, LoginLockedAfterFiveWrongPins)
{
    for (int i = 0; i < 5; ++i)
        EXPECT_TRUE(isError(api.loginRaw(u"op1"_s, u"0000"_s, 1), 401, u"unauthorized"_s)) << "attempt " << i + 1;
    expectRejected([&] { return api.loginRaw(u"op1"_s, u"1234"_s, 1); }, 429, u"login_locked"_s);
    EXPECT_FALSE(api.login(2, u"op2"_s).isEmpty()) << "the lock is per login";
}

// Guessing PINs from one address: ten failures a minute, then 429 with Retry-After
// for any login from there (each guess costs the server a PBKDF2 hash).
TEST_F(ServerErrors, TooManyFailedLoginsFromOneAddressGet429WithRetryAfter)
{
    for (int i = 0; i < 10; ++i)   // different logins, so that no login lock comes first
        EXPECT_TRUE(isError(api.loginRaw(u"guess%1"_s.arg(i), u"0000"_s, 1), 401, u"unauthorized"_s)) << "attempt " << i + 1;
    expectRejected([&] { return api.loginRaw(u"op1"_s, u"1234"_s, 1); }, 429, u"too_many_requests"_s);

    RawConnection raw(server.port());
    ASSERT_TRUE(raw.waitConnected());
    const QByteArray body = R"({"login":"op2","pin":"1234","window":2})";
    raw.write("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    ASSERT_EQ(raw.waitResponse(), 429);
    const QByteArray head = raw.received().left(raw.received().indexOf("\r\n\r\n")).toLower();
    const qsizetype at = head.indexOf("\r\nretry-after: ");
    ASSERT_GE(at, 0) << raw.received().toStdString();
    const qsizetype from = at + qsizetype(sizeof("\r\nretry-after: ") - 1);
    const qsizetype to = head.indexOf("\r\n", from);
    const int seconds = head.mid(from, to < 0 ? -1 : to - from).trimmed().toInt();
    EXPECT_GE(seconds, 1);
    EXPECT_LE(seconds, 60);
}

TEST_F(ServerErrors, ForbiddenForRolesAndForeignWindows)
{
    api.issue(kPayments);
    const QByteArray op1 = api.login(1);
    const QByteArray op2 = api.login(2);
    const qint64 waiting = api.issueId(kPayments);

    expectRejected([&] { return api.issueRaw(kPayments, {}, kDisplayToken); }, 403, u"forbidden"_s);
    expectRejected([&] { return api.issueRaw(kPayments, {}, op1); }, 403, u"forbidden"_s);
    expectRejected([&] { return api.del(u"/api/v1/tickets/%1"_s.arg(waiting), kDisplayToken); }, 403, u"forbidden"_s);
    expectRejected([&] { return api.act(2, op1, u"call"_s); }, 403, u"forbidden"_s);
    expectRejected([&] { return api.act(1, op2, u"pause"_s, {{u"reason"_s, u"break"_s}}); }, 403, u"forbidden"_s);
    expectRejected([&] { return api.act(1, kKioskToken, u"call"_s); }, 403, u"forbidden"_s);
    expectRejected([&] { return api.act(1, kManagerToken, u"call"_s); }, 403, u"forbidden"_s);
    EXPECT_EQ(api.ticket(waiting).value(u"state"_s).toString(), u"waiting"_s);
    EXPECT_EQ(api.get(u"/api/v1/queue"_s, op1).status, 200) << "operators may read";
    EXPECT_EQ(api.get(u"/api/v1/metrics/live"_s, kDisplayToken).status, 200) << "displays may read";
}

TEST_F(ServerErrors, InvalidJsonForMalformedOrNonObjectBodies)
{
    api.issue(kPayments);
    for (const QByteArray &body : {QByteArrayLiteral("{\"service\": pay"), QByteArrayLiteral("{\"service\":\"payments\""),
                                   QByteArrayLiteral("[\"payments\"]"), QByteArrayLiteral("\"payments\""),
                                   QByteArrayLiteral("42"), QByteArrayLiteral("null"), QByteArrayLiteral("\xff\xfe{}"),
                                   QByteArrayLiteral("{\"service\":\"payments\"} trailing")}) {
        SCOPED_TRACE("body " + body.toStdString());
        expectRejected([&] { return postTicketBody(body); }, 400, u"invalid_json"_s);
    }
    expectRejected([&] { return api.postRaw(u"/api/v1/sessions"_s, {}, "{login"); }, 400, u"invalid_json"_s);
}

TEST_F(ServerErrors, BadRequestOrUnknownServiceForBadFields)
{
    api.issue(kPayments);
    expectRejected([&] { return api.issueRaw(u"teleportation"_s); }, 400, u"unknown_service"_s);
    expectRejected([&] { return postTicketBody("{}"); }, 400, u"bad_request"_s);
    expectRejected([&] { return postTicketBody("{\"service\":42}"); }, 400, u"bad_request"_s);
    expectRejected([&] { return api.issueRaw(kPayments, u"vip"_s); }, 400, u"bad_request"_s);
    expectRejected([&] { return api.postRaw(u"/api/v1/sessions"_s, {}, "{\"login\":\"op1\",\"window\":1}"); },
                   400, u"bad_request"_s);
    expectRejected([&] { return api.get(u"/api/v1/queue?service=teleportation"_s); }, 400, u"unknown_service"_s);
    const Headers longKey{{QByteArrayLiteral("Idempotency-Key"), QByteArray(101, 'k')}};
    expectRejected([&] { return api.post(u"/api/v1/tickets"_s, kKioskToken, {{u"service"_s, kPayments}}, longKey); },
                   400, u"bad_request"_s);
}

TEST_F(ServerErrors, BadRequestForBadActionArguments)
{
    const QByteArray op = windowWithCalledTicket(1);
    for (const QJsonValue &minutes : {QJsonValue(0), QJsonValue(241), QJsonValue(-5), QJsonValue(u"10"_s),
                                      QJsonValue(1.5), QJsonValue()}) {
        SCOPED_TRACE("minutes " + str(minutes));
        expectRejected([&] { return api.act(1, op, u"postpone"_s, {{u"minutes"_s, minutes}}); }, 400, u"bad_request"_s);
    }
    expectRejected([&] { return api.act(1, op, u"redirect"_s, {{u"service"_s, u"teleportation"_s}}); },
                   400, u"unknown_service"_s);
    {
        const QJsonObject before = api.snapshot();
        const HttpResult r = api.act(1, op, u"redirect"_s, {{u"window"_s, 99}});
        EXPECT_EQ(r.status, 400) << "redirect to an unknown window: " << str(r);
        EXPECT_EQ(api.snapshot(), before);
    }
    expectRejected([&] { return api.act(1, op, u"redirect"_s, QJsonObject{}); }, 400, u"bad_request"_s);

    ASSERT_EQ(api.act(1, op, u"start"_s).status, 200);
    for (const QJsonObject &body : {QJsonObject{{u"outcome"_s, u"great"_s}}, QJsonObject{}, QJsonObject{{u"outcome"_s, 1}}}) {
        SCOPED_TRACE("finish " + str(body));
        expectRejected([&] { return api.act(1, op, u"finish"_s, body); }, 400, u"bad_request"_s);
    }
    ASSERT_EQ(api.act(1, op, u"finish"_s, {{u"outcome"_s, u"resolved"_s}}).status, 200);
    expectRejected([&] { return api.act(1, op, u"pause"_s, {{u"reason"_s, u"nap"_s}}); }, 400, u"bad_request"_s);
}

TEST_F(ServerErrors, NotFoundForUnknownTicketPathOrWindow)
{
    const QByteArray op = api.login(1);
    api.issue(kPayments);
    expectRejected([&] { return api.get(u"/api/v1/tickets/999999"_s); }, 404, u"not_found"_s);
    expectRejected([&] { return api.del(u"/api/v1/tickets/999999"_s, kKioskToken); }, 404, u"not_found"_s);
    expectRejected([&] { return api.get(u"/api/v1/no-such-thing"_s); }, 404, u"not_found"_s);
    expectRejected([&] { return api.get(u"/nothing/here"_s); }, 404, u"not_found"_s);
    expectRejected([&] { return api.post(u"/api/v1/windows/1/dance"_s, op); }, 404, u"not_found"_s);
    expectRejected([&] { return api.get(u"/api/v1/queue?window=99"_s); }, 404, u"not_found"_s);
    expectRejected([&] { return api.act(99, op, u"call"_s); }, 404, u"not_found"_s);
}

TEST_F(ServerErrors, MethodNotAllowedOnKnownPaths)
{
    api.issue(kPayments);
    const QByteArray op = api.login(1);
    expectRejected([&] { return api.get(u"/api/v1/tickets"_s); }, 405, u"method_not_allowed"_s);
    expectRejected([&] { return api.send("PUT", u"/api/v1/health"_s, {}); }, 405, u"method_not_allowed"_s);
    expectRejected([&] { return api.send("DELETE", u"/api/v1/windows"_s, kManagerToken); }, 405, u"method_not_allowed"_s);
    expectRejected([&] { return api.get(u"/api/v1/windows/1/call"_s, op); }, 405, u"method_not_allowed"_s);
    expectRejected([&] { return api.send("PATCH", u"/api/v1/tickets/1"_s, kKioskToken, "{}"); }, 405, u"method_not_allowed"_s);
}

TEST_F(ServerErrors, WrongStateWhenNothingIsCalledOrServed)
{
    const QByteArray op = api.login(1);
    api.issue(kPayments);
    for (const char *action : {"finish", "start", "recall", "postpone", "redirect"}) {
        SCOPED_TRACE(action);
        const QJsonObject body{{u"outcome"_s, u"resolved"_s}, {u"minutes"_s, 5}, {u"service"_s, kContracts}};
        expectRejected([&] { return api.act(1, op, QString::fromLatin1(action), body); }, 409, u"wrong_state"_s);
    }
    expectRejected([&] { return api.act(1, op, u"resume"_s); }, 409, u"wrong_state"_s);

    // called, not yet serving: finish is not allowed
    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);
    expectRejected([&] { return api.act(1, op, u"finish"_s, {{u"outcome"_s, u"resolved"_s}}); }, 409, u"wrong_state"_s);
}

TEST_F(ServerErrors, WrongStateWhenCancellingCalledOrCancelledTicket)
{
    const QByteArray op = api.login(1);
    const qint64 called = api.issueId(kPayments);
    const qint64 cancelled = api.issueId(kPayments);
    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);
    ASSERT_EQ(api.del(u"/api/v1/tickets/%1"_s.arg(cancelled), kKioskToken).status, 200);

    expectRejected([&] { return api.del(u"/api/v1/tickets/%1"_s.arg(called), kKioskToken); }, 409, u"wrong_state"_s);
    expectRejected([&] { return api.del(u"/api/v1/tickets/%1"_s.arg(cancelled), kKioskToken); }, 409, u"wrong_state"_s);
    EXPECT_EQ(api.ticket(called).value(u"state"_s).toString(), u"called"_s);
}

TEST_F(ServerErrors, TicketActiveWhileWindowHasCalledTicket)
{
    const QByteArray op = windowWithCalledTicket(1);
    expectRejected([&] { return api.act(1, op, u"call"_s); }, 409, u"ticket_active"_s);
    expectRejected([&] { return api.act(1, op, u"pause"_s, {{u"reason"_s, u"break"_s}}); }, 409, u"ticket_active"_s);
    expectRejected([&] { return api.del(u"/api/v1/sessions/current"_s, op); }, 409, u"ticket_active"_s);
    ASSERT_EQ(api.act(1, op, u"start"_s).status, 200);
    expectRejected([&] { return api.act(1, op, u"call"_s); }, 409, u"ticket_active"_s);
}

TEST_F(ServerErrors, LengthRequiredForChunkedBody)
{
    api.issue(kPayments);
    const QJsonObject before = api.snapshot();
    RawConnection raw(server.port());
    ASSERT_TRUE(raw.waitConnected());
    raw.write("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer kiosk-token\r\n"
              "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              "16\r\n{\"service\":\"payments\"}\r\n0\r\n\r\n");
    EXPECT_EQ(raw.waitResponse(), 411) << raw.received().toStdString();
    EXPECT_TRUE(raw.received().contains("\"length_required\"")) << raw.received().toStdString();
    EXPECT_EQ(api.snapshot(), before);
}

TEST_F(ServerErrors, PayloadTooLargeOverLimit)
{
    api.issue(kPayments);
    const QJsonObject before = api.snapshot();
    // A valid ticket request padded past 256 KiB.
    const QByteArray body = "{\"service\":\"payments\",\"pad\":\"" + QByteArray(300 * 1024, 'x') + "\"}";
    RawConnection raw(server.port());
    ASSERT_TRUE(raw.waitConnected());
    raw.write("POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer kiosk-token\r\n"
              "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n");
    // A server may answer from the headers alone; otherwise it gets the body too.
    int status = raw.waitResponse(1000);
    if (status == 0 && raw.isConnected()) {
        raw.write(body);
        status = raw.waitResponse(5000);
    }
    EXPECT_EQ(status, 413) << raw.received().left(500).toStdString();
    EXPECT_TRUE(raw.received().contains("\"payload_too_large\"")) << raw.received().left(500).toStdString();
    EXPECT_EQ(api.snapshot(), before);

    // Through a normal client as well.
    const HttpResult r = api.postRaw(u"/api/v1/tickets"_s, kKioskToken, body);
    if (r.status != 0) {   // the server may close before the client finished sending
        EXPECT_TRUE(isError(r, 413, u"payload_too_large"_s));
    }
    EXPECT_EQ(api.snapshot(), before);
}
