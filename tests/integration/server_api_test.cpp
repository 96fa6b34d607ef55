// The happy path of every call in docs/api.md, against a real queue-server process.

#include "server_testutil.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace queue::test;
using namespace Qt::StringLiterals;

namespace {

using ServerApi = ServerTest;

bool matchesRegex(const QString &s, const QString &pattern)
{
    return QRegularExpression(pattern).match(s).hasMatch();
}

QSet<QString> stringSet(const QJsonValue &array)
{
    QSet<QString> out;
    for (const QJsonValue &v : array.toArray())
        out.insert(v.toString());
    return out;
}

QJsonObject byId(const QJsonArray &items, const QString &id)
{
    for (const QJsonValue &v : items)
        if (v.toObject().value(u"id"_s).toString() == id)
            return v.toObject();
    ADD_FAILURE() << "no item with id " << id.toStdString() << " in " << str(items);
    return {};
}

qint64 idOf(const HttpResult &r) { return r.json().value(u"id"_s).toInteger(); }
QString stateOf(const HttpResult &r) { return r.json().value(u"state"_s).toString(); }

} // namespace

TEST_F(ServerApi, HealthNeedsNoTokenAndDescribesTheServer)
{
    const HttpResult r = api.get(u"/api/v1/health"_s, {});
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonObject h = r.json();
    EXPECT_EQ(h.value(u"status"_s).toString(), u"ok"_s);
    EXPECT_EQ(h.value(u"version"_s).toString(), QStringLiteral(QUEUE_VERSION));
    EXPECT_EQ(h.value(u"office"_s).toString(), u"Тестовый офис"_s);
    EXPECT_TRUE(isIsoTime(h.value(u"time"_s))) << str(h);
    EXPECT_TRUE(isInteger(h.value(u"uptime_s"_s)) && h.value(u"uptime_s"_s).toInteger() >= 0) << str(h);
    EXPECT_EQ(h.value(u"open"_s), QJsonValue(true));
}

TEST_F(ServerApi, ServicesListCatalogueNormsAndWaitingCounts)
{
    api.issue(kPayments);
    api.issue(kPayments);
    api.issue(kContracts);

    const HttpResult r = api.get(u"/api/v1/services"_s, kDisplayToken);
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonObject body = r.json();
    const QJsonObject office = body.value(u"office"_s).toObject();
    EXPECT_EQ(office.value(u"name"_s).toString(), u"Тестовый офис"_s);
    EXPECT_EQ(office.value(u"phone"_s).toString(), u"8-800-000-00-00"_s);
    EXPECT_EQ(office.value(u"website"_s).toString(), u"example.org"_s);
    // No "timezone" in the config: the server's own, as an IANA id the clients show times in.
    EXPECT_EQ(office.value(u"timezone"_s).toString(), QString::fromUtf8(QTimeZone::systemTimeZoneId()));
    EXPECT_EQ(body.value(u"open"_s), QJsonValue(true));
    EXPECT_TRUE(body.contains(u"next_opening"_s) && body.value(u"next_opening"_s).isNull()) << str(body);
    EXPECT_EQ(body.value(u"visit_norm_min"_s), QJsonValue(30));

    struct Expected { QString id; QString prefix; QString segment; QJsonValue waitNorm; int serviceNorm; int waiting; };
    const QList<Expected> expected{
        {kReception, u"Д"_s, u"b2c"_s, QJsonValue(), 5, 0},
        {kContracts, u"К"_s, u"b2c"_s, 10, 15, 1},
        {kPayments, u"П"_s, u"b2c"_s, 5, 5, 2},
        {kB2b, u"Ю"_s, u"b2b"_s, 10, 15, 0},
    };
    const QJsonArray services = body.value(u"services"_s).toArray();
    EXPECT_EQ(services.size(), expected.size()) << str(services);
    for (const Expected &e : expected) {
        SCOPED_TRACE(e.id.toStdString());
        const QJsonObject s = byId(services, e.id);
        EXPECT_TRUE(s.value(u"name"_s).isString() && !s.value(u"name"_s).toString().isEmpty()) << str(s);
        EXPECT_TRUE(s.contains(u"description"_s)) << str(s);
        EXPECT_EQ(s.value(u"prefix"_s).toString(), e.prefix);
        EXPECT_EQ(s.value(u"segment"_s).toString(), e.segment);
        EXPECT_EQ(s.value(u"wait_norm_min"_s), e.waitNorm) << str(s);
        EXPECT_EQ(s.value(u"service_norm_min"_s), QJsonValue(e.serviceNorm));
        EXPECT_EQ(s.value(u"waiting"_s), QJsonValue(e.waiting));
        EXPECT_TRUE(isInteger(s.value(u"estimated_wait_s"_s)) && s.value(u"estimated_wait_s"_s).toInteger() >= 0) << str(s);
    }
}

TEST_F(ServerApi, IssueReturnsTicketWithNumberAheadAndEstimate)
{
    const HttpResult first = api.issueRaw(kPayments);
    ASSERT_EQ(first.status, 201) << str(first);
    const QJsonObject b = first.json();
    const QJsonObject t = b.value(u"ticket"_s).toObject();
    EXPECT_TRUE(isInteger(b.value(u"id"_s))) << str(b);
    EXPECT_TRUE(matchesRegex(b.value(u"number"_s).toString(), u"^П\\d{3}$"_s)) << str(b);
    EXPECT_EQ(b.value(u"service"_s).toString(), kPayments);
    EXPECT_TRUE(isIsoTime(b.value(u"issued_at"_s))) << str(b);
    EXPECT_EQ(b.value(u"ahead"_s), QJsonValue(0));
    EXPECT_TRUE(isInteger(b.value(u"estimated_wait_s"_s)) && b.value(u"estimated_wait_s"_s).toInteger() >= 0) << str(b);

    EXPECT_TRUE(hasTicketShape(t));
    EXPECT_EQ(t.value(u"id"_s), b.value(u"id"_s));
    EXPECT_EQ(t.value(u"number"_s), b.value(u"number"_s));
    EXPECT_EQ(t.value(u"issued_at"_s), b.value(u"issued_at"_s));
    EXPECT_EQ(t.value(u"state"_s).toString(), u"waiting"_s);
    EXPECT_EQ(t.value(u"service"_s).toString(), kPayments);
    EXPECT_EQ(t.value(u"original_service"_s).toString(), kPayments);
    EXPECT_EQ(t.value(u"segment"_s).toString(), u"b2c"_s);
    EXPECT_TRUE(t.value(u"priority"_s).isNull());
    EXPECT_TRUE(t.value(u"window"_s).isNull());
    EXPECT_TRUE(t.value(u"called_at"_s).isNull());
    EXPECT_EQ(t.value(u"recalls"_s), QJsonValue(0));
    EXPECT_EQ(t.value(u"redirects"_s), QJsonValue(0));
    EXPECT_TRUE(isInteger(t.value(u"wait_s"_s))) << "wait_s counts while waiting: " << str(t);

    const QJsonObject second = api.issue(kPayments);
    EXPECT_EQ(second.value(u"ahead"_s), QJsonValue(1)) << str(second);
    EXPECT_NE(second.value(u"id"_s), b.value(u"id"_s));
    EXPECT_NE(second.value(u"number"_s), b.value(u"number"_s));
    EXPECT_GE(second.value(u"estimated_wait_s"_s).toInteger(), b.value(u"estimated_wait_s"_s).toInteger());

    const QJsonObject priority = api.issue(kPayments, u"disability"_s);
    EXPECT_EQ(priority.value(u"ahead"_s), QJsonValue(0)) << "an out-of-turn ticket goes first: " << str(priority);
    EXPECT_EQ(priority.value(u"ticket"_s).toObject().value(u"priority"_s).toString(), u"disability"_s);
}

TEST_F(ServerApi, EachServiceNumbersWithItsPrefix)
{
    const QList<QPair<QString, QString>> prefixes{
        {kReception, u"Д"_s}, {kContracts, u"К"_s}, {kPayments, u"П"_s}, {kB2b, u"Ю"_s}};
    QSet<qint64> ids;
    for (const auto &[service, prefix] : prefixes) {
        const QJsonObject b = api.issue(service);
        EXPECT_TRUE(matchesRegex(b.value(u"number"_s).toString(), u"^"_s + prefix + u"\\d{3}$"_s)) << str(b);
        ids.insert(b.value(u"id"_s).toInteger());
    }
    EXPECT_EQ(ids.size(), prefixes.size());
    EXPECT_EQ(api.issue(kB2b).value(u"ticket"_s).toObject().value(u"segment"_s).toString(), u"b2b"_s);
}

TEST_F(ServerApi, GetTicketReturnsTicketAndPlaceInQueue)
{
    const QJsonObject first = api.issue(kPayments);
    const QJsonObject second = api.issue(kPayments);

    const HttpResult r = api.get(u"/api/v1/tickets/%1"_s.arg(second.value(u"id"_s).toInteger()), kDisplayToken);
    ASSERT_EQ(r.status, 200) << str(r);
    EXPECT_TRUE(hasTicketShape(r.json()));
    EXPECT_EQ(r.json().value(u"number"_s), second.value(u"number"_s));
    EXPECT_EQ(r.json().value(u"state"_s).toString(), u"waiting"_s);
    EXPECT_EQ(r.json().value(u"ahead"_s), QJsonValue(1));
    EXPECT_EQ(api.ticket(first.value(u"id"_s).toInteger()).value(u"ahead"_s), QJsonValue(0));
}

TEST_F(ServerApi, CancelRemovesWaitingTicketFromQueue)
{
    const qint64 a = api.issueId(kPayments);
    const HttpResult byManager = api.issueRaw(kPayments, {}, kManagerToken);
    ASSERT_EQ(byManager.status, 201) << "a manager may issue tickets: " << str(byManager);
    const qint64 b = idOf(byManager);

    const HttpResult cancel = api.del(u"/api/v1/tickets/%1"_s.arg(a), kKioskToken);
    ASSERT_EQ(cancel.status, 200) << str(cancel);
    EXPECT_TRUE(hasTicketShape(cancel.json()));
    EXPECT_EQ(idOf(cancel), a);
    EXPECT_EQ(stateOf(cancel), u"cancelled"_s);
    EXPECT_EQ(api.ticket(a).value(u"state"_s).toString(), u"cancelled"_s);
    EXPECT_EQ(api.serviceQueueIds(kPayments), QList<qint64>{b});
    EXPECT_EQ(api.ticket(b).value(u"ahead"_s), QJsonValue(0));

    const HttpResult byManagerCancel = api.del(u"/api/v1/tickets/%1"_s.arg(b), kManagerToken);
    EXPECT_EQ(byManagerCancel.status, 200) << "a manager may cancel tickets: " << str(byManagerCancel);
    EXPECT_TRUE(api.serviceQueueIds(kPayments).isEmpty());
}

TEST_F(ServerApi, QueueListsOutOfTurnFirstThenByIssueTime)
{
    const qint64 p1 = api.issueId(kPayments);
    const qint64 k1 = api.issueId(kContracts);
    const qint64 d1 = api.issueId(kReception);
    const qint64 pVeteran = api.issueId(kPayments, u"veteran"_s);
    const qint64 p3 = api.issueId(kPayments);
    const qint64 kDisability = api.issueId(kContracts, u"disability"_s);

    // Per topic.
    EXPECT_EQ(api.serviceQueueIds(kPayments), (QList<qint64>{pVeteran, p1, p3}));
    EXPECT_EQ(api.serviceQueueIds(kContracts), (QList<qint64>{kDisability, k1}));
    EXPECT_EQ(api.serviceQueueIds(kReception), QList<qint64>{d1});

    // The whole queue: one list per topic with its waiting count.
    const QJsonArray all = api.queue().value(u"services"_s).toArray();
    const QJsonObject payments = byId(all, kPayments);
    EXPECT_EQ(payments.value(u"waiting"_s), QJsonValue(3)) << str(payments);
    EXPECT_EQ(idsOf(payments.value(u"tickets"_s).toArray()), (QList<qint64>{pVeteran, p1, p3}));
    for (const QJsonValue &t : payments.value(u"tickets"_s).toArray())
        EXPECT_TRUE(hasTicketShape(t.toObject()));
    EXPECT_EQ(byId(all, kB2b).value(u"waiting"_s), QJsonValue(0));

    // Per window: the order that window would call in.
    const QJsonObject w2 = api.queue(u"window=2"_s);
    EXPECT_EQ(w2.value(u"window"_s), QJsonValue(2)) << str(w2);
    const QList<qint64> window2Order{pVeteran, kDisability, p1, k1, p3};
    EXPECT_EQ(idsOf(w2.value(u"tickets"_s).toArray()), window2Order);
    EXPECT_EQ(api.windowQueueIds(1), (QList<qint64>{pVeteran, p1, d1, p3}));

    // And window 2 really calls in that order.
    const QByteArray op = api.login(2);
    QList<qint64> called;
    for (QJsonObject t = api.serveNext(2, op); !t.isEmpty(); t = api.serveNext(2, op)) {
        called << t.value(u"id"_s).toInteger();
        if (called.size() > window2Order.size())
            break;
    }
    EXPECT_EQ(called, window2Order);
}

TEST_F(ServerApi, LoginOpensWindowAndCurrentSessionDescribesIt)
{
    const HttpResult r = api.loginRaw(u"op1"_s, u"1234"_s, 1);
    ASSERT_EQ(r.status, 201) << str(r);
    const QByteArray token = r.json().value(u"token"_s).toString().toUtf8();
    EXPECT_FALSE(token.isEmpty()) << str(r);
    EXPECT_EQ(r.json().value(u"operator"_s).toObject(),
              (QJsonObject{{u"login"_s, u"op1"_s}, {u"name"_s, u"Оператор 1"_s}}));
    const QJsonObject w = r.json().value(u"window"_s).toObject();
    EXPECT_TRUE(hasWindowShape(w));
    EXPECT_EQ(w.value(u"number"_s), QJsonValue(1));
    EXPECT_EQ(w.value(u"state"_s).toString(), u"open"_s);
    EXPECT_EQ(stringSet(w.value(u"services"_s)), (QSet<QString>{kReception, kPayments}));
    EXPECT_EQ(w.value(u"segment"_s).toString(), u"b2c"_s);
    EXPECT_EQ(w.value(u"operator"_s).toObject().value(u"login"_s).toString(), u"op1"_s);
    EXPECT_TRUE(w.value(u"ticket"_s).isNull());

    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"open"_s);

    const HttpResult current = api.get(u"/api/v1/sessions/current"_s, token);
    ASSERT_EQ(current.status, 200) << str(current);
    EXPECT_EQ(current.json().value(u"operator"_s).toObject().value(u"login"_s).toString(), u"op1"_s);
    EXPECT_TRUE(hasWindowShape(current.json().value(u"window"_s).toObject()));
    EXPECT_EQ(current.json().value(u"window"_s).toObject().value(u"number"_s), QJsonValue(1));
}

TEST_F(ServerApi, NewLoginEndsEarlierSessionOfOperatorOrWindow)
{
    const QByteArray first = api.login(1, u"op1"_s);
    const QByteArray moved = api.login(3, u"op1"_s);   // same operator, another window
    EXPECT_TRUE(isError(api.get(u"/api/v1/sessions/current"_s, first), 401, u"unauthorized"_s));
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"closed"_s);
    EXPECT_EQ(api.get(u"/api/v1/sessions/current"_s, moved).status, 200);

    const QByteArray replaced = api.login(3, u"op2"_s);   // same window, another operator
    EXPECT_TRUE(isError(api.get(u"/api/v1/sessions/current"_s, moved), 401, u"unauthorized"_s));
    EXPECT_EQ(api.get(u"/api/v1/sessions/current"_s, replaced).status, 200);
    EXPECT_EQ(api.window(3).value(u"operator"_s).toObject().value(u"login"_s).toString(), u"op2"_s);
}

TEST_F(ServerApi, CallReturnsCalledTicketOrNoContentWhenNothingWaits)
{
    const QByteArray op = api.login(1);
    const HttpResult empty = api.act(1, op, u"call"_s);
    EXPECT_EQ(empty.status, 204) << str(empty);
    EXPECT_TRUE(empty.body.isEmpty());
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"open"_s);

    const qint64 id = api.issueId(kPayments);
    const HttpResult r = api.act(1, op, u"call"_s);
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonObject t = r.json();
    EXPECT_TRUE(hasTicketShape(t));
    EXPECT_EQ(idOf(r), id);
    EXPECT_EQ(stateOf(r), u"called"_s);
    EXPECT_EQ(t.value(u"window"_s), QJsonValue(1));
    EXPECT_EQ(t.value(u"operator"_s).toString(), u"op1"_s);
    EXPECT_TRUE(isIsoTime(t.value(u"called_at"_s))) << str(t);
    EXPECT_TRUE(isInteger(t.value(u"wait_s"_s))) << str(t);

    EXPECT_EQ(api.ticket(id).value(u"state"_s).toString(), u"called"_s);
    const QJsonObject w = api.window(1);
    EXPECT_EQ(w.value(u"state"_s).toString(), u"calling"_s);
    EXPECT_EQ(w.value(u"ticket"_s).toObject().value(u"id"_s).toInteger(), id);
    EXPECT_TRUE(api.serviceQueueIds(kPayments).isEmpty());
}

TEST_F(ServerApi, WaitAndServiceTimesAreMeasured)
{
    const QByteArray op = api.login(1);
    const qint64 id = api.issueId(kPayments);
    QTest::qWait(1100);   // the passing of real time is what is measured here
    const HttpResult called = api.act(1, op, u"call"_s);
    ASSERT_EQ(idOf(called), id) << str(called);
    const qint64 waited = called.json().value(u"wait_s"_s).toInteger();
    EXPECT_GE(waited, 1) << str(called);
    EXPECT_LE(waited, 10) << str(called);
    ASSERT_EQ(api.act(1, op, u"start"_s).status, 200);
    QTest::qWait(1100);
    const HttpResult finished = api.act(1, op, u"finish"_s, {{u"outcome"_s, u"resolved"_s}});
    ASSERT_EQ(finished.status, 200) << str(finished);
    EXPECT_GE(finished.json().value(u"service_s"_s).toInteger(), 1) << str(finished);
    EXPECT_EQ(finished.json().value(u"wait_s"_s).toInteger(), waited) << "wait_s ends at the first call";
}

TEST_F(ServerApi, RecallCountsRecalls)
{
    const QByteArray op = api.login(1);
    const qint64 id = api.issueId(kPayments);
    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);
    for (int n = 1; n <= 2; ++n) {
        const HttpResult r = api.act(1, op, u"recall"_s);
        ASSERT_EQ(r.status, 200) << str(r);
        EXPECT_EQ(idOf(r), id);
        EXPECT_EQ(r.json().value(u"recalls"_s), QJsonValue(n));
        EXPECT_EQ(stateOf(r), u"called"_s);
    }
    EXPECT_EQ(api.ticket(id).value(u"recalls"_s), QJsonValue(2));
}

TEST_F(ServerApi, NoShowOnlyAfterThreeRecalls)
{
    const QByteArray op = api.login(1);
    const qint64 absent = api.issueId(kPayments);
    const qint64 next = api.issueId(kPayments);
    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);

    for (int recalls = 0; recalls < 3; ++recalls) {
        SCOPED_TRACE("after " + std::to_string(recalls) + " recalls");
        expectRejected([&] { return api.act(1, op, u"no-show"_s); }, 409, u"too_few_recalls"_s);
        ASSERT_EQ(api.act(1, op, u"recall"_s).status, 200);
    }
    const HttpResult r = api.act(1, op, u"no-show"_s);
    ASSERT_EQ(r.status, 200) << str(r);
    EXPECT_EQ(idOf(r), absent);
    EXPECT_EQ(stateOf(r), u"no_show"_s);
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"open"_s);
    EXPECT_EQ(idOf(api.act(1, op, u"call"_s)), next);
}

TEST_F(ServerApi, StartThenFinishWithEachOutcome)
{
    const QByteArray op = api.login(1);
    for (int i = 0; i < 3; ++i)
        api.issue(kPayments);

    ASSERT_EQ(api.act(1, op, u"call"_s).status, 200);
    const HttpResult start = api.act(1, op, u"start"_s);
    ASSERT_EQ(start.status, 200) << str(start);
    EXPECT_EQ(stateOf(start), u"serving"_s);
    EXPECT_TRUE(isIsoTime(start.json().value(u"started_at"_s))) << str(start);
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"serving"_s);

    const HttpResult finish = api.act(1, op, u"finish"_s, {{u"outcome"_s, u"resolved"_s}});
    ASSERT_EQ(finish.status, 200) << str(finish);
    EXPECT_TRUE(hasTicketShape(finish.json()));
    EXPECT_EQ(stateOf(finish), u"done"_s);
    EXPECT_EQ(finish.json().value(u"outcome"_s).toString(), u"resolved"_s);
    EXPECT_TRUE(isIsoTime(finish.json().value(u"finished_at"_s))) << str(finish);
    EXPECT_TRUE(isInteger(finish.json().value(u"service_s"_s))) << str(finish);
    const QJsonObject w = api.window(1);
    EXPECT_EQ(w.value(u"state"_s).toString(), u"open"_s);
    EXPECT_TRUE(w.value(u"ticket"_s).isNull()) << str(w);

    api.callAndStart(1, op);
    const HttpResult backOffice = api.act(1, op, u"finish"_s, {{u"outcome"_s, u"back_office"_s}});
    EXPECT_EQ(backOffice.json().value(u"outcome"_s).toString(), u"back_office"_s) << str(backOffice);

    const qint64 stopped = api.callAndStart(1, op).value(u"id"_s).toInteger();
    expectRejected([&] { return api.act(1, op, u"finish"_s, {{u"outcome"_s, u"service_stopped"_s}}); },
                   400, u"bad_request"_s);
    EXPECT_EQ(api.ticket(stopped).value(u"state"_s).toString(), u"serving"_s);
    const HttpResult withComment = api.act(1, op, u"finish"_s,
                                           {{u"outcome"_s, u"service_stopped"_s}, {u"comment"_s, u"нецензурная брань"_s}});
    ASSERT_EQ(withComment.status, 200) << str(withComment);
    EXPECT_EQ(withComment.json().value(u"outcome"_s).toString(), u"service_stopped"_s);
    EXPECT_EQ(stateOf(withComment), u"done"_s);
}

TEST_F(ServerApi, RedirectToServiceKeepsNumberAndArrivalOrder)
{
    const QByteArray op1 = api.login(1);   // reception + payments
    const QByteArray op2 = api.login(2);   // contracts + payments
    const QJsonObject paymentsTicket = api.issue(kPayments);
    const qint64 p = paymentsTicket.value(u"id"_s).toInteger();
    const qint64 k1 = api.issueId(kContracts);
    const qint64 k2 = api.issueId(kContracts);

    ASSERT_EQ(idOf(api.act(1, op1, u"call"_s)), p);
    const HttpResult r = api.act(1, op1, u"redirect"_s, {{u"service"_s, kContracts}});
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonObject t = r.json();
    EXPECT_TRUE(hasTicketShape(t));
    EXPECT_EQ(t.value(u"state"_s).toString(), u"redirected"_s);
    EXPECT_EQ(t.value(u"number"_s), paymentsTicket.value(u"number"_s));
    EXPECT_EQ(t.value(u"service"_s).toString(), kContracts);
    EXPECT_EQ(t.value(u"original_service"_s).toString(), kPayments);
    EXPECT_EQ(t.value(u"redirects"_s), QJsonValue(1));
    EXPECT_TRUE(t.value(u"target_window"_s).isNull());
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"open"_s);

    // Issued before k1 and k2, it keeps its place ahead of them.
    EXPECT_EQ(api.serviceQueueIds(kContracts), (QList<qint64>{p, k1, k2}));
    EXPECT_TRUE(api.serviceQueueIds(kPayments).isEmpty());
    const HttpResult again = api.act(2, op2, u"call"_s);
    EXPECT_EQ(idOf(again), p) << str(again);
    EXPECT_EQ(again.json().value(u"number"_s), paymentsTicket.value(u"number"_s));
    EXPECT_EQ(stateOf(again), u"called"_s);
}

TEST_F(ServerApi, RedirectToWindowOnlyThatWindowCallsIt)
{
    const QByteArray op1 = api.login(1);
    const QByteArray op2 = api.login(2);
    const QByteArray op3 = api.login(3);
    const qint64 id = api.issueId(kPayments);

    ASSERT_EQ(idOf(api.act(1, op1, u"call"_s)), id);
    ASSERT_EQ(api.act(1, op1, u"start"_s).status, 200);
    const HttpResult r = api.act(1, op1, u"redirect"_s, {{u"window"_s, 3}});
    ASSERT_EQ(r.status, 200) << str(r);
    EXPECT_EQ(stateOf(r), u"redirected"_s);
    EXPECT_EQ(r.json().value(u"target_window"_s), QJsonValue(3));
    EXPECT_EQ(r.json().value(u"service"_s).toString(), kPayments);

    EXPECT_FALSE(api.windowQueueIds(2).contains(id));
    EXPECT_TRUE(api.windowQueueIds(3).contains(id));
    EXPECT_EQ(api.act(2, op2, u"call"_s).status, 204) << "window 2 serves payments but must not call it";
    EXPECT_EQ(api.act(1, op1, u"call"_s).status, 204) << "nor may the window that redirected it";
    const HttpResult called = api.act(3, op3, u"call"_s);
    EXPECT_EQ(idOf(called), id) << str(called);
    EXPECT_EQ(called.json().value(u"window"_s), QJsonValue(3));
}

TEST_F(ServerApi, PostponedTicketIsNotCalledRightAway)
{
    const QByteArray op = api.login(1);
    const qint64 id = api.issueId(kPayments);
    ASSERT_EQ(idOf(api.act(1, op, u"call"_s)), id);

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const HttpResult r = api.act(1, op, u"postpone"_s, {{u"minutes"_s, 1}});
    ASSERT_EQ(r.status, 200) << str(r);
    EXPECT_TRUE(hasTicketShape(r.json()));
    EXPECT_EQ(stateOf(r), u"postponed"_s);
    const qint64 until = QDateTime::fromString(r.json().value(u"postponed_until"_s).toString(), Qt::ISODateWithMs)
                             .toMSecsSinceEpoch();
    EXPECT_NEAR(until - before, 60'000, 10'000) << str(r);
    EXPECT_EQ(api.window(1).value(u"state"_s).toString(), u"open"_s);

    EXPECT_EQ(api.act(1, op, u"call"_s).status, 204) << "a postponed ticket is not callable before its time";

    const qint64 later = api.issueId(kPayments);
    const QJsonArray listed = api.serviceQueue(kPayments);
    EXPECT_EQ(idsOf(listed), (QList<qint64>{later, id})) << "postponed tickets are listed last";
    EXPECT_EQ(listed.last().toObject().value(u"available"_s), QJsonValue(false)) << str(listed);
    EXPECT_EQ(idOf(api.act(1, op, u"call"_s)), later);
}

TEST_F(ServerApi, PauseBlocksCallsUntilResume)
{
    const QByteArray op = api.login(1);
    const qint64 id = api.issueId(kPayments);

    const HttpResult pause = api.act(1, op, u"pause"_s, {{u"reason"_s, u"lunch"_s}});
    ASSERT_EQ(pause.status, 200) << str(pause);
    EXPECT_TRUE(hasWindowShape(pause.json()));
    EXPECT_EQ(pause.json().value(u"number"_s), QJsonValue(1));
    EXPECT_EQ(pause.json().value(u"state"_s).toString(), u"paused"_s);
    EXPECT_EQ(pause.json().value(u"pause_reason"_s).toString(), u"lunch"_s);

    expectRejected([&] { return api.act(1, op, u"call"_s); }, 409, u"wrong_state"_s);
    EXPECT_EQ(api.ticket(id).value(u"state"_s).toString(), u"waiting"_s);

    const HttpResult resume = api.act(1, op, u"resume"_s);
    ASSERT_EQ(resume.status, 200) << str(resume);
    EXPECT_TRUE(hasWindowShape(resume.json()));
    EXPECT_EQ(resume.json().value(u"state"_s).toString(), u"open"_s);
    EXPECT_TRUE(resume.json().value(u"pause_reason"_s).isNull()) << str(resume);
    EXPECT_EQ(idOf(api.act(1, op, u"call"_s)), id);
}

TEST_F(ServerApi, LogoutClosesWindowAndEndsToken)
{
    const QByteArray op = api.login(1);
    const HttpResult r = api.del(u"/api/v1/sessions/current"_s, op);
    EXPECT_EQ(r.status, 204) << str(r);
    const QJsonObject w = api.window(1);
    EXPECT_EQ(w.value(u"state"_s).toString(), u"closed"_s);
    EXPECT_TRUE(w.value(u"operator"_s).isNull()) << str(w);
    EXPECT_TRUE(isError(api.get(u"/api/v1/sessions/current"_s, op), 401, u"unauthorized"_s));
    api.issue(kPayments);
    EXPECT_TRUE(isError(api.act(1, op, u"call"_s), 401, u"unauthorized"_s));
}

TEST_F(ServerApi, WindowsListShowsEveryWindow)
{
    const HttpResult r = api.get(u"/api/v1/windows"_s, kDisplayToken);
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonArray windows = r.json().value(u"windows"_s).toArray();
    ASSERT_EQ(windows.size(), 4) << str(r);
    const QList<QSet<QString>> services{{kReception, kPayments}, {kContracts, kPayments},
                                        {kReception, kContracts, kPayments}, {kB2b}};
    for (int n = 1; n <= 4; ++n) {
        SCOPED_TRACE("window " + std::to_string(n));
        const QJsonObject w = api.window(n);
        EXPECT_TRUE(hasWindowShape(w));
        EXPECT_EQ(w.value(u"state"_s).toString(), u"closed"_s);
        EXPECT_EQ(stringSet(w.value(u"services"_s)), services[n - 1]);
        EXPECT_EQ(w.value(u"segment"_s).toString(), n == 4 ? u"b2b"_s : u"b2c"_s);
        EXPECT_TRUE(w.value(u"operator"_s).isNull());
        EXPECT_TRUE(w.value(u"ticket"_s).isNull());
    }

    const QByteArray op = api.login(2);
    const qint64 id = api.issueId(kContracts);
    ASSERT_EQ(api.act(2, op, u"call"_s).status, 200);
    const QJsonObject w2 = api.window(2);
    EXPECT_EQ(w2.value(u"state"_s).toString(), u"calling"_s);
    EXPECT_EQ(w2.value(u"operator"_s).toObject().value(u"login"_s).toString(), u"op2"_s);
    EXPECT_EQ(w2.value(u"ticket"_s).toObject().value(u"id"_s).toInteger(), id);
    EXPECT_TRUE(isIsoTime(w2.value(u"since"_s))) << str(w2);
}

TEST_F(ServerApi, LiveMetricsCountServedTickets)
{
    const QByteArray op = api.login(1);
    api.issue(kPayments);
    api.issue(kPayments);
    EXPECT_FALSE(api.serveNext(1, op).isEmpty());
    EXPECT_FALSE(api.serveNext(1, op).isEmpty());
    api.issue(kPayments);
    api.issue(kContracts);

    const HttpResult r = api.get(u"/api/v1/metrics/live"_s, kManagerToken);
    ASSERT_EQ(r.status, 200) << str(r);
    const QJsonObject m = r.json();
    EXPECT_TRUE(isIsoTime(m.value(u"generated_at"_s))) << str(m);
    EXPECT_TRUE(matchesRegex(m.value(u"business_day"_s).toString(), u"^\\d{4}-\\d{2}-\\d{2}$"_s)) << str(m);

    const QJsonArray services = m.value(u"services"_s).toArray();
    EXPECT_EQ(services.size(), 4) << str(services);
    auto intOrNull = [](const QJsonValue &v) { return v.isNull() || isInteger(v); };
    auto numberOrNull = [](const QJsonValue &v) { return v.isNull() || v.isDouble(); };
    for (const QJsonValue &v : services) {
        const QJsonObject s = v.toObject();
        SCOPED_TRACE(str(s));
        EXPECT_TRUE(isInteger(s.value(u"waiting"_s)));
        EXPECT_TRUE(isInteger(s.value(u"served"_s)));
        EXPECT_TRUE(isInteger(s.value(u"service_norm_s"_s)));
        for (const char *key : {"oldest_wait_s", "avg_wait_s", "avg_service_s", "wait_norm_s"})
            EXPECT_TRUE(intOrNull(s.value(QString::fromLatin1(key)))) << key;
        for (const char *key : {"pct_wait_within_norm", "pct_service_within_norm"})
            EXPECT_TRUE(numberOrNull(s.value(QString::fromLatin1(key)))) << key;
    }

    const QJsonObject payments = byId(services, kPayments);
    EXPECT_EQ(payments.value(u"waiting"_s), QJsonValue(1)) << str(payments);
    EXPECT_EQ(payments.value(u"served"_s), QJsonValue(2)) << str(payments);
    EXPECT_TRUE(isInteger(payments.value(u"oldest_wait_s"_s))) << str(payments);
    EXPECT_EQ(payments.value(u"wait_norm_s"_s), QJsonValue(300));
    EXPECT_EQ(payments.value(u"service_norm_s"_s), QJsonValue(300));
    EXPECT_LE(payments.value(u"avg_service_s"_s).toInteger(), 60) << str(payments);
    EXPECT_LE(payments.value(u"avg_wait_s"_s).toInteger(), 60) << str(payments);
    EXPECT_EQ(payments.value(u"pct_wait_within_norm"_s), QJsonValue(100.0)) << str(payments);
    EXPECT_EQ(payments.value(u"pct_service_within_norm"_s), QJsonValue(100.0)) << str(payments);

    const QJsonObject contracts = byId(services, kContracts);
    EXPECT_EQ(contracts.value(u"waiting"_s), QJsonValue(1));
    EXPECT_EQ(contracts.value(u"served"_s), QJsonValue(0));
    EXPECT_EQ(contracts.value(u"wait_norm_s"_s), QJsonValue(600));
    EXPECT_EQ(contracts.value(u"service_norm_s"_s), QJsonValue(900));
    EXPECT_TRUE(contracts.value(u"pct_service_within_norm"_s).isNull()) << "nothing measured: " << str(contracts);

    const QJsonObject reception = byId(services, kReception);
    EXPECT_TRUE(reception.value(u"wait_norm_s"_s).isNull()) << "reception has no waiting norm: " << str(reception);
    EXPECT_TRUE(reception.value(u"pct_wait_within_norm"_s).isNull()) << str(reception);

    const QJsonObject visits = m.value(u"visits"_s).toObject();
    EXPECT_EQ(visits.value(u"finished"_s), QJsonValue(2)) << str(visits);
    EXPECT_EQ(visits.value(u"pct_within_norm"_s), QJsonValue(100.0)) << str(visits);
    EXPECT_EQ(visits.value(u"norm_min"_s), QJsonValue(30)) << str(visits);
}
