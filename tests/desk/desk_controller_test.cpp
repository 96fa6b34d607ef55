// The desk's view-model (DeskController) against an in-process fake queue server (its HTTP
// API and event stream on 127.0.0.1, FakeQueueServer) on a ManualClock: login and the login
// limits, the window actions, the server's error codes in the desk's own words, the stream
// dropping and the desk resyncing, an action whose answer was lost sent again with the same
// key, the office closed, and the live administration giving the window other topics
// (config.changed) — no server process, no sleeps. desk_logic_test runs the same controller
// against the real server.
#include "operator_desk/logic/deskcontroller.h"
#include "operator_desk/logic/desksettings.h"
#include "operator_desk/logic/norms.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "support/fakequeueserver.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/vladivostok.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTimeZone>
#include <QUrlQuery>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

using namespace queue;
using namespace queue::desk;
using Action = DeskController::Action;
using Phase = DeskController::Phase;
using test::FakeQueueServer;
using test::FakeRequest;
using test::FakeResponse;
using test::errorResponse;
using test::ManualClock;
using test::waitUntil;

namespace {

const auto json = test::compactJson;
const QDateTime &kNow = test::kVladivostokMorning;
const QDateTime &kOpening = test::kVladivostokOpening;
const QByteArray kToken = "desk-token-2";

// The office as the fake server keeps it: window 2 (contracts, payments), its queue (the
// waiting tickets of every topic by arrival; the window sees and calls those of its topics),
// one operator session, and the window actions with their events and Idempotency-Key replays.
class FakeOffice {
public:
    explicit FakeOffice(const ManualClock &clock) : m_clock(clock)
    {
        m_window.number = 2;
        m_window.services = {QStringLiteral("contracts"), QStringLiteral("payments")};
        m_window.segment = Segment::B2C;
        m_window.op = {QStringLiteral("op2"), QStringLiteral("Оператор 2")};
        services = {ServiceInfo{QStringLiteral("contracts"), QStringLiteral("Договоры"), {}, QStringLiteral("Д"),
                                Segment::B2C, 10, 15},
                    ServiceInfo{QStringLiteral("payments"), QStringLiteral("Платёжные документы"), {},
                                QStringLiteral("П"), Segment::B2C, 5, 5}};
    }

    // Issues a ticket into the queue (and publishes ticket.issued when a server is given).
    Ticket issue(const QString &service, FakeQueueServer *server = nullptr)
    {
        Ticket t;
        t.id = ++m_lastId;
        t.service = service;
        t.originalService = service;
        QString prefix = QStringLiteral("Д");
        for (const ServiceInfo &s : std::as_const(services))
            if (s.id == service)
                prefix = s.prefix;
        t.number = prefix + QString::number(t.id).rightJustified(3, QLatin1Char('0'));
        t.issuedAt = m_clock.nowMs();
        m_queue.append(t);
        if (server)
            server->publish(ticketEvent(api::kTicketIssued, t));
        return t;
    }

    FakeResponse handle(const FakeRequest &req, FakeQueueServer &server)
    {
        const QByteArray path = req.target.split('?').value(0);
        if (path == "/api/v1/health")
            return ok(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                  {QStringLiteral("time"), isoUtc(m_clock.nowMs())}});
        if (req.method == "POST" && path == "/api/v1/sessions")
            return login(req, server);
        if (req.headers.value("authorization") != "Bearer " + kToken)
            return errorResponse(401, "unauthorized");
        if (path == "/api/v1/sessions/current") {
            if (!m_sessionValid)
                return errorResponse(401, "unauthorized");
            ++sessionReads;
            return ok(session());
        }
        if (path == "/api/v1/services")
            return ok(catalogue());
        if (path == "/api/v1/windows")
            return ok(QJsonObject{{QStringLiteral("windows"), QJsonArray{m_window.toJson(m_clock.nowMs())}}});
        if (path == "/api/v1/queue") {
            ++queueReads;
            QJsonArray tickets;
            for (const Ticket &t : std::as_const(m_queue))
                if (m_window.services.contains(t.service))
                    tickets.append(t.toJson(m_clock.nowMs()));
            return ok(QJsonObject{{QStringLiteral("window"), 2}, {QStringLiteral("tickets"), tickets}});
        }
        if (path == "/api/v1/windows/2/stats")
            return ok(QJsonObject{{QStringLiteral("window"), 2}, {QStringLiteral("served"), served},
                                  {QStringLiteral("finished"), served}, {QStringLiteral("no_show"), 0}});
        if (req.method == "POST" && path.startsWith("/api/v1/windows/2/"))
            return action(path.mid(static_cast<int>(qstrlen("/api/v1/windows/2/"))), req, server);
        return errorResponse(404, "not_found");
    }

    // The answer to the next login, instead of checking the PIN.
    std::optional<FakeResponse> nextLogin;
    // The answer to the next window action, instead of doing it.
    std::optional<FakeResponse> nextActionRefusal;
    // The next window action is done, but the server goes down before it answers
    // (goingDown tells the fixture to stop the server).
    bool goDownAfterNextAction = false;
    bool goingDown = false;
    bool open = true;
    QList<ServiceInfo> services;   // the catalogue, in its order
    int served = 0;
    int sessionReads = 0;
    int queueReads = 0;
    QHash<QByteArray, int> performed;   // window actions done, by name

    WindowInfo &window() { return m_window; }
    QList<Ticket> &queue() { return m_queue; }
    void endSession() { m_sessionValid = false; }

    QJsonObject ticketEvent(const char *type, const Ticket &t) const
    {
        return QJsonObject{{QStringLiteral("type"), QLatin1String(type)},
                           {QStringLiteral("at"), isoUtc(m_clock.nowMs())},
                           {QStringLiteral("window"), t.window ? QJsonValue(t.window) : QJsonValue()},
                           {QStringLiteral("ticket"), t.toJson(m_clock.nowMs())}};
    }
    QJsonObject windowEvent() const
    {
        return QJsonObject{{QStringLiteral("type"), QLatin1String(api::kWindowChanged)},
                           {QStringLiteral("at"), isoUtc(m_clock.nowMs())},
                           {QStringLiteral("window"), m_window.number},
                           {QStringLiteral("state"), m_window.toJson(m_clock.nowMs())}};
    }

private:
    static FakeResponse ok(const QJsonObject &o, int status = 200) { return FakeResponse{status, json(o)}; }

    QJsonObject session() const
    {
        return QJsonObject{{QStringLiteral("operator"), QJsonObject{{QStringLiteral("login"), m_window.op.login},
                                                                    {QStringLiteral("name"), m_window.op.name}}},
                           {QStringLiteral("window"), m_window.toJson(m_clock.nowMs())}};
    }

    QJsonObject catalogue() const
    {
        QJsonArray list;
        for (const ServiceInfo &s : services)
            list.append(s.toJson());
        return QJsonObject{
            {QStringLiteral("office"), QJsonObject{{QStringLiteral("name"), QStringLiteral("ЦОК")},
                                                   {QStringLiteral("timezone"), test::kVladivostok}}},
            {QStringLiteral("open"), open},
            {QStringLiteral("next_opening"), open ? QJsonValue() : QJsonValue(isoUtc(kOpening.toMSecsSinceEpoch()))},
            {QStringLiteral("max_recalls"), 3},
            {QStringLiteral("services"), list}};
    }

    FakeResponse login(const FakeRequest &req, FakeQueueServer &server)
    {
        if (nextLogin)
            return *std::exchange(nextLogin, std::nullopt);
        const QJsonObject body = req.json();
        if (body.value(QStringLiteral("login")) != QLatin1String("op2") || body.value(QStringLiteral("pin")) != QLatin1String("1234")
            || body.value(QStringLiteral("window")).toInt() != 2)
            return errorResponse(401, "unauthorized");
        m_sessionValid = true;
        m_window.state = m_window.ticket ? m_window.state : WindowState::Open;
        server.publish(windowEvent());
        QJsonObject s = session();
        s.insert(QStringLiteral("token"), QString::fromLatin1(kToken));
        return ok(s, 201);
    }

    FakeResponse action(const QByteArray &name, const FakeRequest &req, FakeQueueServer &server)
    {
        const QByteArray key = req.headers.value("idempotency-key");
        if (!key.isEmpty() && m_answered.contains(key))
            return m_answered.value(key);   // done once already: the first answer again
        if (nextActionRefusal)
            return *std::exchange(nextActionRefusal, std::nullopt);
        FakeResponse r = perform(name, req.json(), server);
        if (!key.isEmpty() && r.status < 300)
            m_answered.insert(key, r);
        if (r.status < 300)
            ++performed[name];
        if (std::exchange(goDownAfterNextAction, false))
            goingDown = true;
        return r;
    }

    FakeResponse perform(const QByteArray &name, const QJsonObject &body, FakeQueueServer &server)
    {
        const qint64 now = m_clock.nowMs();
        std::optional<Ticket> &t = m_window.ticket;
        if (name == "call") {
            if (t)
                return errorResponse(409, "ticket_active");
            const auto mine = std::find_if(m_queue.begin(), m_queue.end(),
                                           [&](const Ticket &q) { return m_window.services.contains(q.service); });
            if (mine == m_queue.end())
                return FakeResponse{204, {}};
            Ticket next = *mine;
            m_queue.erase(mine);
            next.state = TicketState::Called;
            next.calledAt = next.lastCalledAt = now;
            next.window = 2;
            next.operatorLogin = m_window.op.login;
            t = next;
            m_window.state = WindowState::Calling;
            server.publish(ticketEvent(api::kTicketCalled, next));
            server.publish(windowEvent());
            return ok(next.toJson(now));
        }
        if (name == "pause" || name == "resume") {
            if (t)
                return errorResponse(409, "ticket_active");
            m_window.state = name == "pause" ? WindowState::Paused : WindowState::Open;
            m_window.pauseReason = name == "pause"
                ? pauseReasonFromString(body.value(QStringLiteral("reason")).toString()).value_or(PauseReason::Break)
                : PauseReason::None;
            server.publish(windowEvent());
            return ok(m_window.toJson(now));
        }
        if (!t)
            return errorResponse(409, "wrong_state");
        Ticket done = *t;
        const char *type = nullptr;
        if (name == "recall") {
            ++done.recalls;
            done.lastCalledAt = now;
            type = api::kTicketRecalled;
        } else if (name == "start") {
            done.state = TicketState::Serving;
            done.startedAt = now;
            type = api::kTicketStarted;
        } else if (name == "finish") {
            done.state = TicketState::Done;
            done.finishedAt = now;
            done.outcome = outcomeFromString(body.value(QStringLiteral("outcome")).toString()).value_or(Outcome::None);
            ++served;
            type = api::kTicketFinished;
        } else if (name == "redirect") {
            done.state = TicketState::Redirected;
            done.targetWindow = body.value(QStringLiteral("window")).toInt();
            if (body.contains(QStringLiteral("service")))
                done.service = body.value(QStringLiteral("service")).toString();
            ++done.redirects;
            type = api::kTicketRedirected;
        } else {
            return errorResponse(404, "not_found");
        }
        if (isAtWindow(done.state)) {
            t = done;
            m_window.state = done.state == TicketState::Serving ? WindowState::Serving : WindowState::Calling;
        } else {
            t.reset();
            m_window.state = WindowState::Open;
        }
        server.publish(ticketEvent(type, done));
        server.publish(windowEvent());
        return ok(done.toJson(now));
    }

    const ManualClock &m_clock;
    WindowInfo m_window;
    QList<Ticket> m_queue;
    qint64 m_lastId = 0;
    bool m_sessionValid = false;
    QHash<QByteArray, FakeResponse> m_answered;
};

class DeskControllerFake : public ::testing::Test {
protected:
    void SetUp() override
    {
        server = std::make_unique<FakeQueueServer>([this](const FakeRequest &r) {
            FakeResponse resp = office.handle(r, *server);
            if (std::exchange(office.goingDown, false)) {
                server->stop();   // done, but the server dies before it answers
                resp.drop = true;
            }
            return resp;
        });
        api = std::make_unique<client::ApiClient>(server->url());
        api->setTimeout(5000);
        events = std::make_unique<client::EventStream>();
        events->setReconnectBackoff(10, 50);
        desk = std::make_unique<DeskController>(api.get(), events.get(), &clock);
        desk->setProbeInterval(20);
    }
    void TearDown() override
    {
        desk.reset();
        events.reset();
        api.reset();
        server.reset();
    }

    void loginDesk()
    {
        desk->login(QStringLiteral("op2"), QStringLiteral("1234"), 2);
        ASSERT_TRUE(waitUntil([&] {
            return desk->phase() == Phase::Working && desk->isOnline() && !desk->state().catalogue.isEmpty()
                   && api->pendingCount() == 0;
        })) << "the desk did not come online";
    }
    bool idle() { return waitUntil([&] { return !desk->isBusy() && api->pendingCount() == 0; }); }
    // Logs in, a client of `service` comes, the desk calls them.
    void loginAndCall(const QString &service)
    {
        loginDesk();
        office.issue(service, server.get());
        ASSERT_TRUE(waitQueue(1));
        desk->callNext();
        ASSERT_TRUE(idle());
        ASSERT_TRUE(desk->ticket());
    }
    bool waitQueue(int n) { return waitUntil([&] { return desk->state().queue.size() == n; }); }
    // The requests made for window action `name`, in order.
    QList<FakeRequest> actionRequests(const char *name) const
    {
        QList<FakeRequest> out;
        for (const FakeRequest &r : server->requests())
            if (r.method == "POST" && r.target == QByteArray("/api/v1/windows/2/") + name)
                out.append(r);
        return out;
    }

    ManualClock clock{kNow};
    FakeOffice office{clock};
    std::unique_ptr<FakeQueueServer> server;
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::EventStream> events;
    std::unique_ptr<DeskController> desk;
};

} // namespace

TEST(DeskNorms, LevelsAt80And100Percent)
{
    EXPECT_EQ(normLevel(0, 300), NormLevel::Green);
    EXPECT_EQ(normLevel(239, 300), NormLevel::Green);
    EXPECT_EQ(normLevel(240, 300), NormLevel::Amber);   // exactly 80 %
    EXPECT_EQ(normLevel(300, 300), NormLevel::Amber);   // exactly the norm
    EXPECT_EQ(normLevel(301, 300), NormLevel::Red);
    EXPECT_EQ(normLevel(100, 0), NormLevel::None);      // no norm
    EXPECT_EQ(normLevel(-1, 300), NormLevel::None);     // nothing measured
    EXPECT_EQ(formatDuration(65), QStringLiteral("1:05"));
    EXPECT_EQ(formatDuration(3725), QStringLiteral("1:02:05"));
}

// The operator reads the desk's words for the server's error code, never the server's message.
TEST(DeskErrors, CodesBecomeTheDesksOwnTexts)
{
    client::ApiError e;
    e.kind = client::ApiError::Kind::Http;
    e.status = 400;
    e.code = QStringLiteral("bad_request");
    e.message = QStringLiteral("window must be an integer");
    EXPECT_EQ(DeskController::errorText(e), QStringLiteral("The server did not accept the request. Nothing was changed."));
    e.status = 409;
    e.code = QStringLiteral("ticket_active");
    EXPECT_EQ(DeskController::errorText(e), QStringLiteral("Finish the current ticket first."));
    e.code = QStringLiteral("a_code_of_a_newer_server");
    EXPECT_EQ(DeskController::errorText(e), QStringLiteral("The request failed (HTTP 409)."));
    e = {};
    e.kind = client::ApiError::Kind::Timeout;
    e.code = QStringLiteral("timeout");
    e.isNetworkError = true;
    EXPECT_EQ(DeskController::errorText(e), QStringLiteral("No connection to the queue server."));
}

TEST(DeskSettingsTest, ParsesShortcutsAndRejectsUnknownActions)
{
    QString error;
    const auto s = DeskSettings::fromJson(R"({"shortcuts":{"call":["Num+0","F12"],"start":"Num+5"},"postpone_minutes":15})",
                                          &error);
    ASSERT_TRUE(s) << error.toStdString();
    EXPECT_EQ(s->shortcuts.value(QStringLiteral("call")), (QStringList{QStringLiteral("Num+0"), QStringLiteral("F12")}));
    EXPECT_EQ(s->shortcuts.value(QStringLiteral("start")), QStringList{QStringLiteral("Num+5")});
    EXPECT_EQ(s->shortcuts.value(QStringLiteral("recall")), DeskSettings::defaultShortcuts().value(QStringLiteral("recall")));
    EXPECT_EQ(s->postponeMinutes, 15);
    EXPECT_FALSE(DeskSettings::fromJson(R"({"shortcuts":{"explode":"F1"}})", &error));
    EXPECT_FALSE(DeskSettings::fromJson("[]", &error));
}

TEST_F(DeskControllerFake, RightPinShowsTheWindowAndOpensTheStreamWithTheSessionToken)
{
    QSignalSpy phases(desk.get(), &DeskController::phaseChanged);
    loginDesk();
    EXPECT_EQ(phases.count(), 2);   // logging in, working
    EXPECT_EQ(desk->windowNumber(), 2);
    EXPECT_EQ(desk->state().op.name, QStringLiteral("Оператор 2"));
    EXPECT_EQ(desk->state().window.services, (QStringList{QStringLiteral("contracts"), QStringLiteral("payments")}));
    EXPECT_EQ(desk->state().window.state, WindowState::Open);
    EXPECT_EQ(desk->serviceName(QStringLiteral("payments")), QStringLiteral("Платёжные документы"));
    EXPECT_TRUE(desk->lastError().isEmpty());
    EXPECT_TRUE(desk->officeClosedText().isEmpty());
    EXPECT_TRUE(desk->canDo(Action::Call));
    EXPECT_FALSE(desk->canDo(Action::Finish));
    ASSERT_FALSE(server->streamRequests().isEmpty());
    EXPECT_EQ(QUrlQuery(server->streamRequests().first()).queryItemValue(QStringLiteral("token")),
              QString::fromLatin1(kToken));
    EXPECT_EQ(server->openStreams(), 1);
}

TEST_F(DeskControllerFake, WrongPinStaysLoggedOutWithTheDesksText)
{
    desk->login(QStringLiteral("op2"), QStringLiteral("9999"), 2);
    ASSERT_TRUE(waitUntil([&] { return desk->phase() == Phase::LoggedOut && !desk->lastError().isEmpty(); }));
    EXPECT_EQ(desk->lastError(), QStringLiteral("Wrong login or PIN, or the session has ended."));
    EXPECT_FALSE(desk->isOnline());
    EXPECT_TRUE(server->streamRequests().isEmpty());
    EXPECT_EQ(server->count("GET", "/api/v1/queue"), 0);
}

TEST_F(DeskControllerFake, LockedLoginSaysHowLongFromRetryAfter)
{
    office.nextLogin = errorResponse(429, "login_locked", {{"Retry-After", "42"}});
    desk->login(QStringLiteral("op2"), QStringLiteral("1234"), 2);
    ASSERT_TRUE(waitUntil([&] { return desk->phase() == Phase::LoggedOut && !desk->lastError().isEmpty(); }));
    EXPECT_EQ(desk->lastError(), QStringLiteral("Too many wrong PINs for this login. Try again in 42 s."));
    // Once the lock is over, the same PIN gets in.
    loginDesk();
    EXPECT_TRUE(desk->lastError().isEmpty());
}

TEST_F(DeskControllerFake, TooManyFailedLoginsFromThisComputerShowsRetryAfter)
{
    office.nextLogin = errorResponse(429, "too_many_requests", {{"Retry-After", "17"}});
    desk->login(QStringLiteral("op2"), QStringLiteral("1234"), 2);
    ASSERT_TRUE(waitUntil([&] { return !desk->lastError().isEmpty(); }));
    EXPECT_EQ(desk->lastError(), QStringLiteral("Too many failed logins from this computer. Try again in 17 s."));
    EXPECT_EQ(desk->phase(), Phase::LoggedOut);
    // Without Retry-After (an older server) the desk still says what happened.
    office.nextLogin = errorResponse(429, "too_many_requests");
    desk->login(QStringLiteral("op2"), QStringLiteral("1234"), 2);
    ASSERT_TRUE(waitUntil([&] { return desk->lastError() == QStringLiteral("Too many wrong PINs. Try again in a minute."); }))
        << desk->lastError().toStdString();
}

TEST_F(DeskControllerFake, CallStartFinishFollowTheServersAnswers)
{
    loginDesk();
    const Ticket t = office.issue(QStringLiteral("payments"), server.get());
    ASSERT_TRUE(waitQueue(1));   // the event made the desk reload its queue
    EXPECT_EQ(desk->queueRows().value(1).waiting, 1);

    desk->callNext();
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->number, t.number);
    EXPECT_EQ(desk->ticket()->state, TicketState::Called);
    EXPECT_EQ(desk->state().window.state, WindowState::Calling);
    EXPECT_TRUE(desk->canDo(Action::Start));
    EXPECT_FALSE(desk->canDo(Action::Call));
    EXPECT_TRUE(waitQueue(0));

    desk->start();
    ASSERT_TRUE(idle());
    EXPECT_EQ(desk->ticket()->state, TicketState::Serving);
    EXPECT_EQ(desk->state().window.state, WindowState::Serving);
    // The service timer runs on the injected clock against the topic's norm (5 min).
    EXPECT_EQ(desk->serviceSeconds(), 0);
    clock.advanceSec(4 * 60);
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Amber);
    clock.advanceSec(61);
    EXPECT_EQ(desk->serviceLevel(), NormLevel::Red);

    desk->finish(Outcome::Resolved, QString());
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(desk->state().window.state, WindowState::Open);
    ASSERT_EQ(actionRequests("finish").size(), 1);
    EXPECT_EQ(actionRequests("finish").first().json().value(QStringLiteral("outcome")).toString(), QStringLiteral("resolved"));
    EXPECT_TRUE(waitUntil([&] { return desk->state().today.known && desk->state().today.served == 1; }));
    // Every press had its own Idempotency-Key.
    const QByteArray callKey = actionRequests("call").first().headers.value("idempotency-key");
    EXPECT_FALSE(callKey.isEmpty());
    EXPECT_NE(callKey, actionRequests("start").first().headers.value("idempotency-key"));
    EXPECT_NE(callKey, actionRequests("finish").first().headers.value("idempotency-key"));
}

TEST_F(DeskControllerFake, CallWithNobodyWaitingSaysSoWithoutAnError)
{
    loginDesk();
    desk->callNext();
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(desk->notice(), QStringLiteral("Nobody is waiting for this window."));
    EXPECT_TRUE(desk->lastError().isEmpty());
    EXPECT_TRUE(desk->canDo(Action::Call));
}

TEST_F(DeskControllerFake, RedirectSendsTheTargetAndFreesTheWindow)
{
    loginAndCall(QStringLiteral("payments"));
    ASSERT_TRUE(desk->canDo(Action::Redirect));
    desk->redirect(QStringLiteral("contracts"), 3);
    ASSERT_TRUE(idle());
    EXPECT_FALSE(desk->ticket());
    EXPECT_EQ(desk->state().window.state, WindowState::Open);
    ASSERT_EQ(actionRequests("redirect").size(), 1);
    const QJsonObject body = actionRequests("redirect").first().json();
    EXPECT_EQ(body.value(QStringLiteral("window")).toInt(), 3);
    EXPECT_EQ(body.value(QStringLiteral("service")).toString(), QStringLiteral("contracts"));
    // Nothing to redirect any more: the desk does not send it.
    EXPECT_FALSE(desk->canDo(Action::Redirect));
    desk->redirect(QStringLiteral("contracts"), 3);
    EXPECT_FALSE(desk->isBusy());
    EXPECT_EQ(actionRequests("redirect").size(), 1);
}

TEST_F(DeskControllerFake, PauseAndResume)
{
    loginDesk();
    desk->pause(PauseReason::Lunch);
    ASSERT_TRUE(idle());
    EXPECT_EQ(desk->state().window.state, WindowState::Paused);
    EXPECT_EQ(desk->state().window.pauseReason, PauseReason::Lunch);
    EXPECT_EQ(actionRequests("pause").first().json().value(QStringLiteral("reason")).toString(), QStringLiteral("lunch"));
    EXPECT_FALSE(desk->canDo(Action::Call));
    EXPECT_TRUE(desk->canDo(Action::Resume));
    desk->resume();
    ASSERT_TRUE(idle());
    EXPECT_EQ(desk->state().window.state, WindowState::Open);
    EXPECT_TRUE(desk->canDo(Action::Call));
}

// Each refusal is shown in the desk's words for its code, never the server's message; the
// desk then reloads its state (it was out of date) and nothing is re-sent.
TEST_F(DeskControllerFake, ErrorCodesBecomeTheDesksOwnTexts)
{
    loginDesk();
    const struct {
        int status;
        const char *code;
        const char *text;
    } cases[] = {
        {409, "wrong_state", "Not possible in the current state; the desk has been updated."},
        {409, "ticket_active", "Finish the current ticket first."},
        {403, "forbidden", "This operator may not work at this window."},
        {404, "not_found", "No such window or ticket."},
        {409, "office_closed", "The office is closed."},
        {500, "internal", "The server could not save the change. Nothing was changed; please try again."},
        {503, "unavailable", "The server could not save the change. Nothing was changed; please try again."},
        {400, "bad_request", "The server did not accept the request. Nothing was changed."},
        {409, "a_code_of_a_newer_server", "The request failed (HTTP 409)."},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.code);
        office.nextActionRefusal = errorResponse(c.status, c.code);
        const int reads = office.sessionReads;
        QSignalSpy failed(desk.get(), &DeskController::actionFailed);
        desk->callNext();
        ASSERT_TRUE(idle());
        ASSERT_EQ(failed.count(), 1);
        EXPECT_EQ(failed.first().value(0).value<Action>(), Action::Call);
        EXPECT_EQ(desk->lastError(), QString::fromUtf8(c.text));
        EXPECT_FALSE(desk->lastError().contains(QStringLiteral("server words")));
        EXPECT_FALSE(desk->hasUnconfirmedAction());
        EXPECT_TRUE(waitUntil([&] { return office.sessionReads > reads; })) << "no reload after the refusal";
        EXPECT_TRUE(desk->isOnline());
    }
    EXPECT_EQ(actionRequests("call").size(), static_cast<int>(std::size(cases)));
    EXPECT_EQ(office.performed.value("call"), 0);
}

// The stream drops and stays down while the window changes elsewhere: the desk goes offline
// at once (the ticket stays shown, actions that need the server are off), reconnects with
// since=the last seq it saw, and takes the window, the ticket and the queue from the server.
TEST_F(DeskControllerFake, StreamDropGoesOfflineThenReconnectsAndResyncs)
{
    loginAndCall(QStringLiteral("contracts"));
    ASSERT_TRUE(waitUntil([&] { return events->lastSeq() == server->lastSeq(); }));
    const qint64 seenSeq = server->lastSeq();

    server->setStreamsRefused(true);
    server->dropStreams();
    ASSERT_TRUE(waitUntil([&] { return !desk->isOnline(); }));
    EXPECT_EQ(desk->notice(), QStringLiteral("Connection lost. Reconnecting…"));
    ASSERT_TRUE(desk->ticket());
    EXPECT_FALSE(desk->canDo(Action::Start));
    EXPECT_FALSE(desk->canDo(Action::Call));
    // The stream keeps trying; the probes get answers, but the desk stays offline without it.
    ASSERT_TRUE(waitUntil([&] { return server->streamRequests().size() >= 3 && office.sessionReads >= 2; }));
    EXPECT_FALSE(desk->isOnline());

    // Meanwhile the same operator started the service from elsewhere, and two clients came.
    office.window().ticket->state = TicketState::Serving;
    office.window().ticket->startedAt = clock.nowMs();
    office.window().state = WindowState::Serving;
    server->publish(office.ticketEvent(api::kTicketStarted, *office.window().ticket));
    server->publish(office.windowEvent());
    office.issue(QStringLiteral("payments"), server.get());
    office.issue(QStringLiteral("contracts"), server.get());

    server->setStreamsRefused(false);
    ASSERT_TRUE(waitUntil([&] { return desk->isOnline(); }));
    EXPECT_EQ(QUrlQuery(server->streamRequests().last()).queryItemValue(QStringLiteral("since")),
              QString::number(seenSeq));
    ASSERT_TRUE(waitUntil([&] { return desk->state().queue.size() == 2 && desk->ticket()
                                       && desk->ticket()->state == TicketState::Serving; }));
    EXPECT_EQ(desk->state().window.state, WindowState::Serving);
    EXPECT_TRUE(desk->notice().isEmpty()) << desk->notice().toStdString();
    EXPECT_TRUE(desk->canDo(Action::Finish));
    EXPECT_EQ(events->lastSeq(), server->lastSeq());
}

// The finish reaches the server but its answer is lost with the server: the desk keeps the
// action, is offline until the server is back, then sends it again with the same key — and
// the server, which did it the first time, answers it without doing it twice.
TEST_F(DeskControllerFake, ActionWhoseAnswerWasLostIsResentWithTheSameKeyAndDoneOnce)
{
    loginAndCall(QStringLiteral("payments"));
    desk->start();
    ASSERT_TRUE(idle());

    office.goDownAfterNextAction = true;
    desk->finish(Outcome::BackOffice, QString());
    ASSERT_TRUE(waitUntil([&] { return desk->hasUnconfirmedAction(); }));
    EXPECT_FALSE(desk->isOnline());
    EXPECT_EQ(desk->notice(),
              QStringLiteral("No answer from the server. The action will be repeated when the connection is back."));
    EXPECT_FALSE(desk->canDo(Action::Call));
    EXPECT_EQ(office.performed.value("finish"), 1);

    ASSERT_TRUE(server->restart());
    ASSERT_TRUE(waitUntil([&] { return desk->isOnline() && !desk->isBusy(); }));
    const QList<FakeRequest> sent = actionRequests("finish");
    ASSERT_EQ(sent.size(), 2);
    EXPECT_EQ(sent[0].headers.value("idempotency-key"), sent[1].headers.value("idempotency-key"));
    EXPECT_EQ(office.performed.value("finish"), 1);
    EXPECT_EQ(office.served, 1);
    EXPECT_FALSE(desk->ticket());
    EXPECT_TRUE(desk->lastError().isEmpty());
    EXPECT_TRUE(desk->notice().isEmpty()) << desk->notice().toStdString();
}

TEST_F(DeskControllerFake, SessionEndedElsewhereReturnsToLogin)
{
    loginDesk();
    office.endSession();
    desk->refresh();
    ASSERT_TRUE(waitUntil([&] { return desk->phase() == Phase::LoggedOut; }));
    EXPECT_EQ(desk->lastError(), QStringLiteral("The session has ended. Please log in again."));
    EXPECT_FALSE(desk->isOnline());
    EXPECT_FALSE(desk->ticket());
}

// Outside hours the desk says the office is closed and when it opens — in the office's time
// zone (Vladivostok) although this process runs on UTC — and that the visitors already
// waiting can still be served: calling them works.
TEST_F(DeskControllerFake, ClosedOfficeSaysWhenItOpensInOfficeTimeAndCallsStillWork)
{
    office.open = false;
    office.issue(QStringLiteral("payments"));
    loginDesk();
    EXPECT_EQ(desk->officeClosedText(),
              QStringLiteral("The office is closed; it opens today at 08:00. The visitors already waiting can "
                             "still be called and served."));
    clock.set(kNow.addSecs(-10 * 3600));   // 21:00 of 12-03 in the office
    EXPECT_EQ(desk->officeClosedText(),
              QStringLiteral("The office is closed; it opens tomorrow at 08:00. The visitors already waiting can "
                             "still be called and served."));
    ASSERT_TRUE(waitQueue(1));
    desk->callNext();
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    EXPECT_TRUE(desk->lastError().isEmpty());

    // Open again: the text goes with the next reload.
    office.open = true;
    desk->refresh();
    ASSERT_TRUE(waitUntil([&] { return desk->officeClosedText().isEmpty(); }));
}

// Issue #15: the administrator gives window 2 the topic "meters" (served at another window
// until now) and renames "payments" while the operator serves a visitor. Within 2 s the desk
// lists its window's topics as they are now and the meters tickets that were waiting, in
// their order of arrival; the operator stays signed in, the visitor at the window stays, and
// the next call calls the first meters ticket.
TEST_F(DeskControllerFake, ConfigChangedGivesTheSignedInWindowItsNewTopics)
{
    office.services.append(ServiceInfo{QStringLiteral("meters"), QStringLiteral("Приборы учёта"), {},
                                       QStringLiteral("М"), Segment::B2C, 10, 10});
    loginDesk();
    const Ticket m1 = office.issue(QStringLiteral("meters"), server.get());
    const Ticket p2 = office.issue(QStringLiteral("payments"), server.get());
    const Ticket m3 = office.issue(QStringLiteral("meters"), server.get());
    ASSERT_TRUE(waitQueue(1));   // only payments is this window's
    desk->callNext();
    ASSERT_TRUE(idle());
    desk->start();
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    ASSERT_EQ(desk->ticket()->id, p2.id);
    ASSERT_TRUE(waitQueue(0));
    const int logins = server->count("POST", "/api/v1/sessions");

    office.window().services = {QStringLiteral("contracts"), QStringLiteral("payments"), QStringLiteral("meters")};
    office.services[1].name = QStringLiteral("Оплата и счета");
    server->publishConfigChanged(5, {QStringLiteral("windows"), QStringLiteral("topics")});
    ASSERT_TRUE(waitUntil([&] {
        return desk->state().window.services.contains(QStringLiteral("meters")) && desk->state().queue.size() == 2
               && desk->serviceName(QStringLiteral("payments")) == QStringLiteral("Оплата и счета");
    }, 2000));
    EXPECT_EQ(desk->state().queue.at(0).ticket.id, m1.id);   // by arrival, as the server keeps them
    EXPECT_EQ(desk->state().queue.at(1).ticket.id, m3.id);
    const QList<QueueRow> rows = desk->queueRows();
    ASSERT_EQ(rows.size(), 3);
    EXPECT_EQ(rows.at(2).service, QStringLiteral("meters"));
    EXPECT_EQ(rows.at(2).name, QStringLiteral("Приборы учёта"));
    EXPECT_EQ(rows.at(2).waiting, 2);
    EXPECT_EQ(desk->phase(), Phase::Working);
    EXPECT_TRUE(desk->isOnline());
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->id, p2.id);
    EXPECT_EQ(desk->ticket()->state, TicketState::Serving);
    EXPECT_EQ(server->count("POST", "/api/v1/sessions"), logins);   // no new sign-in

    desk->finish(Outcome::Resolved, QString());
    ASSERT_TRUE(idle());
    desk->callNext();
    ASSERT_TRUE(idle());
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->id, m1.id);
    EXPECT_EQ(desk->ticket()->number, m1.number);
}

// The change arrives while an action is on its way: the action's answer carries a ticket,
// not the window, and the session is not reloaded under it; the window's new topics still
// reach the desk before the action is answered, and stay after.
TEST_F(DeskControllerFake, ConfigChangedDuringAnActionStillBringsTheNewTopics)
{
    office.services.append(ServiceInfo{QStringLiteral("meters"), QStringLiteral("Приборы учёта"), {},
                                       QStringLiteral("М"), Segment::B2C, 10, 10});
    loginAndCall(QStringLiteral("payments"));
    bool changed = false;
    bool seenInFlight = false;
    server->setHandler([&](const FakeRequest &r) {
        if (r.method == "POST" && r.target == "/api/v1/windows/2/start" && !std::exchange(changed, true)) {
            office.window().services.append(QStringLiteral("meters"));
            server->publishConfigChanged(6, {QStringLiteral("windows")});
            // The answer to the start waits until the desk has taken the change in.
            seenInFlight = waitUntil([&] {
                return desk->isBusy() && desk->state().window.services.contains(QStringLiteral("meters"));
            }, 2000);
        }
        return office.handle(r, *server);
    });
    desk->start();
    ASSERT_TRUE(idle());
    EXPECT_TRUE(seenInFlight);
    ASSERT_TRUE(desk->ticket());
    EXPECT_EQ(desk->ticket()->state, TicketState::Serving);
    EXPECT_EQ(desk->state().window.services,
              (QStringList{QStringLiteral("contracts"), QStringLiteral("payments"), QStringLiteral("meters")}));
}

// An event type the desk does not know (a newer server's) is passed by: nothing is reloaded
// for it and the desk stays online.
TEST_F(DeskControllerFake, UnknownEventTypesAreIgnored)
{
    loginDesk();
    ASSERT_TRUE(idle());
    const int sessions = office.sessionReads;
    const int queues = office.queueReads;
    server->publish(QJsonObject{{QStringLiteral("type"), QStringLiteral("office.renovated")},
                                {QStringLiteral("at"), isoUtc(clock.nowMs())}});
    office.issue(QStringLiteral("payments"), server.get());
    ASSERT_TRUE(waitQueue(1));
    EXPECT_TRUE(desk->isOnline());
    EXPECT_EQ(office.sessionReads, sessions);
    EXPECT_EQ(office.queueReads, queues + 1);   // for the ticket, not for the unknown event
}
