#include "deskcontroller.h"

#include "common/app/officetime.h"
#include "common/app/startup.h"
#include "common/client/eventstream.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <utility>

namespace queue::desk {

Q_LOGGING_CATEGORY(lcDesk, "queue.desk")

using client::ApiError;
using client::Result;

namespace {
constexpr int kTickMs = 1000;
// Events of a busy office are merged into one reload of the queue per this period.
constexpr int kReloadDelayMs = 300;

WindowState stateForTicket(const std::optional<Ticket> &t, WindowState current)
{
    if (!t)
        return current == WindowState::Paused ? WindowState::Paused : WindowState::Open;
    return t->state == TicketState::Serving ? WindowState::Serving : WindowState::Calling;
}
} // namespace

DeskController::DeskController(client::ApiClient *api, client::EventStream *events, const Clock *clock,
                               QObject *parent)
    : QObject(parent), m_api(api), m_events(events), m_clock(clock)
{
    m_tickTimer.setInterval(kTickMs);
    connect(&m_tickTimer, &QTimer::timeout, this, &DeskController::tick);
    m_probeTimer.setInterval(1000);
    connect(&m_probeTimer, &QTimer::timeout, this, [this] { probe(false); });
    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(kReloadDelayMs);
    connect(&m_reloadTimer, &QTimer::timeout, this, [this] {
        loadQueue();
        if (std::exchange(m_statsStale, false))
            loadStats();
    });
    connect(m_api, &client::ApiClient::unauthorized, this, [this] {
        if (m_phase == Phase::Working)
            sessionEnded();
    });
    if (m_events) {
        connect(m_events, &client::EventStream::connectedChanged, this, &DeskController::onStreamConnected);
        connect(m_events, &client::EventStream::event, this, &DeskController::onEvent);
        connect(m_events, &client::EventStream::resetRequired, this, [this] {
            if (m_phase == Phase::Working && m_online)
                refresh();
        });
    }
}

DeskController::~DeskController() = default;

// ------------------------------------------------------------------ labels

QString DeskController::priorityText(const QString &category)
{
    if (category == QLatin1String("disability"))
        return tr("disability");
    if (category == QLatin1String("veteran"))
        return tr("veteran");
    if (category == QLatin1String("pregnant"))
        return tr("pregnancy");
    if (category == QLatin1String("with_infant"))
        return tr("with an infant");
    if (category == QLatin1String("other_legal"))
        return tr("other legal category");
    return category;
}

QString DeskController::outcomeText(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Resolved:
        return tr("Resolved");
    case Outcome::BackOffice:
        return tr("Handed to the back office");
    case Outcome::ServiceStopped:
        return tr("Stopped: abusive or intoxicated client");
    case Outcome::None:
        break;
    }
    return QString();
}

QString DeskController::pauseReasonText(PauseReason reason)
{
    switch (reason) {
    case PauseReason::Break:
        return tr("Break");
    case PauseReason::Lunch:
        return tr("Lunch");
    case PauseReason::Technical:
        return tr("Technical break");
    case PauseReason::None:
        break;
    }
    return QString();
}

QString DeskController::windowStateText(WindowState state)
{
    switch (state) {
    case WindowState::Closed:
        return tr("Closed");
    case WindowState::Open:
        return tr("Free");
    case WindowState::Calling:
        return tr("Calling");
    case WindowState::Serving:
        return tr("Serving");
    case WindowState::Paused:
        return tr("Paused");
    }
    return QString();
}

QString DeskController::errorText(const ApiError &err)
{
    switch (err.kind) {
    case ApiError::Kind::None:
        return QString();
    case ApiError::Kind::Network:
        if (err.code == QLatin1String("untrusted_server"))
            return app::untrustedServerText();
        return tr("No connection to the queue server.");
    case ApiError::Kind::Timeout:
        return tr("No connection to the queue server.");
    case ApiError::Kind::Protocol:
        return tr("The queue server sent an answer that could not be understood.");
    case ApiError::Kind::Http:
        break;
    }
    // The operator reads the desk's own words for the server's code, never the server's
    // message (English, for the log).
    using api::ErrorCode;
    if (const std::optional<ErrorCode> code = err.errorCode()) {
        switch (*code) {
        case ErrorCode::Unauthorized:
            return tr("Wrong login or PIN, or the session has ended.");
        case ErrorCode::Forbidden:
            return tr("This operator may not work at this window.");
        case ErrorCode::NotFound:
            return tr("No such window or ticket.");
        case ErrorCode::WrongState:
            return tr("Not possible in the current state; the desk has been updated.");
        case ErrorCode::TicketActive:
            return tr("Finish the current ticket first.");
        case ErrorCode::TooFewRecalls:
            return tr("Recall the client more times before marking a no-show.");
        // The server says how long the refusal lasts (Retry-After): the operator is told so.
        case ErrorCode::LoginLocked:
            if (err.retryAfterS > 0)
                return tr("Too many wrong PINs for this login. Try again in %1 s.").arg(err.retryAfterS);
            return tr("Too many wrong PINs. Try again in a minute.");
        case ErrorCode::TooManyRequests:
            if (err.retryAfterS > 0)
                return tr("Too many failed logins from this computer. Try again in %1 s.").arg(err.retryAfterS);
            return tr("Too many wrong PINs. Try again in a minute.");
        case ErrorCode::UnknownService:
            return tr("Unknown topic.");
        case ErrorCode::OfficeClosed:
            return tr("The office is closed.");
        case ErrorCode::Internal:
        case ErrorCode::Unavailable:
            return tr("The server could not save the change. Nothing was changed; please try again.");
        case ErrorCode::BadRequest:
        case ErrorCode::InvalidJson:
            qCWarning(lcDesk) << "the server refused a request:" << err.code << err.message;
            return tr("The server did not accept the request. Nothing was changed.");
        default:
            break;
        }
    }
    return tr("The request failed (HTTP %1).").arg(err.status);
}

// ------------------------------------------------------------------ state

QString DeskController::officeClosedText() const
{
    if (m_state.officeOpen)
        return QString();
    const QString opens =
        app::OfficeTime::openingText(m_state.nextOpening, serverNowMs(), m_state.office.timeZone(), QLocale());
    if (opens.isEmpty())
        return tr("The office is closed. The visitors already waiting can still be called and served.");
    return tr("The office is closed; it opens %1. The visitors already waiting can still be called and served.")
        .arg(opens);
}

const ServiceInfo *DeskController::service(const QString &id) const
{
    for (const ServiceInfo &s : m_state.catalogue)
        if (s.id == id)
            return &s;
    return nullptr;
}

QString DeskController::serviceName(const QString &id) const
{
    const ServiceInfo *s = service(id);
    return s && !s->name.isEmpty() ? s->name : id;
}

QList<QueueRow> DeskController::queueRows() const
{
    QList<QueueRow> rows;
    auto rowFor = [&](const QString &id) -> QueueRow & {
        for (QueueRow &r : rows)
            if (r.service == id)
                return r;
        QueueRow r;
        r.service = id;
        r.name = serviceName(id);
        if (const ServiceInfo *s = service(id))
            r.waitNormMin = s->waitNormMin;
        rows.append(r);
        return rows.last();
    };
    for (const QString &id : m_state.window.services)
        rowFor(id);
    const qint64 now = serverNowMs();
    for (const client::QueuedTicket &q : m_state.queue) {
        if (!q.available)
            continue;
        QueueRow &r = rowFor(q.ticket.service);
        ++r.waiting;
        if (!q.ticket.priority.isEmpty())
            ++r.outOfTurn;
        // A redirected or returned ticket keeps its place by arrival: its wait counts from issue.
        const qint64 waited = q.ticket.issuedAt ? qMax<qint64>(0, (now - q.ticket.issuedAt) / 1000) : -1;
        r.oldestWaitS = qMax(r.oldestWaitS, waited);
    }
    for (QueueRow &r : rows)
        r.level = normLevel(r.oldestWaitS, r.waitNormMin * 60LL);
    return rows;
}

bool DeskController::noShowOffered() const
{
    const auto &t = m_state.window.ticket;
    return t && t->state == TicketState::Called && t->recalls >= m_state.maxRecalls;
}

bool DeskController::canDo(Action action) const
{
    if (m_phase != Phase::Working || !m_online || m_inFlight)
        return false;
    const auto &t = m_state.window.ticket;
    const bool paused = m_state.window.state == WindowState::Paused;
    const bool called = t && t->state == TicketState::Called;
    const bool serving = t && t->state == TicketState::Serving;
    switch (action) {
    case Action::Call:
    case Action::CallTicket:
    case Action::Pause:
        return !t && !paused;
    case Action::Recall:
    case Action::Start:
        return called;
    case Action::NoShow:
        return noShowOffered();
    case Action::Finish:
        return serving;
    case Action::Redirect:
    case Action::Postpone:
        return called || serving;
    case Action::Resume:
        return paused;
    case Action::Logout:
        return !t;
    }
    return false;
}

qint64 DeskController::waitSeconds() const
{
    const auto &t = m_state.window.ticket;
    return t ? t->waitSeconds(serverNowMs()) : -1;
}

qint64 DeskController::waitNormSeconds() const
{
    const auto &t = m_state.window.ticket;
    const ServiceInfo *s = t ? service(t->service) : nullptr;
    return s ? s->waitNormMin * 60LL : 0;
}

qint64 DeskController::serviceSeconds() const
{
    const auto &t = m_state.window.ticket;
    if (!t || t->state != TicketState::Serving || !t->startedAt)
        return -1;
    return qMax<qint64>(0, (serverNowMs() - t->startedAt) / 1000);
}

qint64 DeskController::serviceNormSeconds() const
{
    const auto &t = m_state.window.ticket;
    const ServiceInfo *s = t ? service(t->service) : nullptr;
    return s ? s->serviceNormMin * 60LL : 0;
}

qint64 DeskController::callSeconds() const
{
    const auto &t = m_state.window.ticket;
    if (!t || t->state != TicketState::Called)
        return -1;
    const qint64 at = t->lastCalledAt ? t->lastCalledAt : t->calledAt;
    return at ? qMax<qint64>(0, (serverNowMs() - at) / 1000) : -1;
}

void DeskController::tick() { Q_EMIT timersChanged(); }

QString DeskController::offlineNotice() { return tr("Connection lost. Reconnecting…"); }

void DeskController::clearMessages()
{
    m_lastError.clear();
    m_notice.clear();
}

void DeskController::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Q_EMIT phaseChanged(phase);
}

void DeskController::setOnline(bool online)
{
    if (m_online == online)
        return;
    m_online = online;
    if (online) {
        m_probeTimer.stop();
        if (m_notice == offlineNotice())
            m_notice.clear();
    } else if (m_phase == Phase::Working) {
        if (!m_probeTimer.isActive())
            m_probeTimer.start();
        if (m_notice.isEmpty())
            m_notice = offlineNotice();
    }
    Q_EMIT onlineChanged(online);
    Q_EMIT changed();
}

// ------------------------------------------------------------------ session

void DeskController::login(const QString &login, const QString &pin, int window)
{
    if (m_phase != Phase::LoggedOut)
        return;
    m_preview = false;
    clearMessages();
    setPhase(Phase::LoggingIn);
    Q_EMIT changed();
    m_api->login(login, pin, window, client::guarded(this, [this](const Result<client::SessionInfo> &r) {
        if (!r) {
            m_lastError = errorText(r.error());
            setPhase(Phase::LoggedOut);
            Q_EMIT changed();
            return;
        }
        m_state = DeskSnapshot();
        m_state.op = r->op;
        m_state.window = r->window;
        m_httpUp = true;
        m_streamUp = m_events == nullptr;
        setPhase(Phase::Working);
        if (m_events) {
            m_events->close();
            m_events->setServerUrl(m_api->baseUrl());
            m_events->setToken(m_api->token());
            m_events->setLastSeq(-1);
            m_events->open();
        } else {
            setOnline(true);
        }
        m_tickTimer.start();
        syncClock();
        loadCatalogue();
        loadWindows();
        loadQueue();
        loadStats();
        Q_EMIT changed();
    }));
}

void DeskController::logout()
{
    if (!canDo(Action::Logout))
        return;
    m_api->logout(client::guarded(this, [this](const Result<client::Empty> &r) {
        if (!r && !r.error().is(api::ErrorCode::Unauthorized)) {
            m_lastError = errorText(r.error());
            if (r.error().isNetworkError)
                connectionLost();
            Q_EMIT changed();
            return;
        }
        if (m_events)
            m_events->close();
        m_tickTimer.stop();
        m_probeTimer.stop();
        m_state = DeskSnapshot();
        m_online = false;
        clearMessages();
        setPhase(Phase::LoggedOut);
        Q_EMIT onlineChanged(false);
        Q_EMIT changed();
    }));
}

void DeskController::sessionEnded()
{
    if (m_events)
        m_events->close();
    m_tickTimer.stop();
    m_probeTimer.stop();
    m_inFlight.reset();
    m_state = DeskSnapshot();
    m_online = false;
    m_notice.clear();
    m_lastError = tr("The session has ended. Please log in again.");
    setPhase(Phase::LoggedOut);
    Q_EMIT onlineChanged(false);
    Q_EMIT changed();
}

void DeskController::applySession(const client::SessionInfo &session)
{
    m_state.op = session.op;
    m_state.window = session.window;
}

// ------------------------------------------------------------------ connection

void DeskController::connectionLost()
{
    m_httpUp = false;
    setOnline(false);
    if (m_phase == Phase::Working && !m_probeTimer.isActive())
        m_probeTimer.start();
}

void DeskController::onStreamConnected(bool connected)
{
    if (m_phase != Phase::Working || m_preview)
        return;
    m_streamUp = connected;
    if (!connected) {
        connectionLost();
        return;
    }
    probe(true);
}

void DeskController::probe(bool streamBack)
{
    if (m_phase != Phase::Working || m_preview)
        return;
    // A probe sent while the link was down may wait its whole request timeout (10 s) for an
    // answer that never comes. When the event stream is back, or the probe has waited more
    // than twice the probe interval, ask again and let the old answer go unheeded: the desk
    // is then back within moments of the link (tests/integration/client_flaky_test).
    if (m_probing && !streamBack && m_probeSent.elapsed() < 2 * m_probeTimer.interval())
        return;
    m_probing = true;
    const quint64 generation = ++m_probeGeneration;
    m_probeSent.start();
    m_api->currentSession(client::guarded(this, [this, generation](const Result<client::SessionInfo> &r) {
        if (generation != m_probeGeneration)
            return;   // a newer probe is out
        m_probing = false;
        if (m_phase != Phase::Working)
            return;
        if (!r) {
            if (r.error().isNetworkError)
                connectionLost();
            return;   // 401 is handled by unauthorized()
        }
        m_httpUp = true;
        if (!m_inFlight)
            applySession(r.value());
        if (!(m_httpUp && m_streamUp))
            return;   // the stream is not back yet: keep probing
        const bool resend = m_inFlight && m_inFlightLost;
        setOnline(true);
        syncClock();
        if (resend) {
            m_notice = tr("Connection restored. Repeating the last action…");
            send();
        } else {
            refresh();
        }
        Q_EMIT changed();
    }));
}

void DeskController::syncClock()
{
    const qint64 sentAt = m_clock->nowMs();
    m_api->health(client::guarded(this, [this, sentAt](const Result<client::HealthInfo> &r) {
        if (!r || r->time <= 0)
            return;
        const qint64 receivedAt = m_clock->nowMs();
        m_clockOffsetMs = r->time - (sentAt + receivedAt) / 2;
        Q_EMIT timersChanged();
    }));
}

void DeskController::refresh()
{
    if (m_phase != Phase::Working || m_preview)
        return;
    if (!m_inFlight) {
        m_api->currentSession(client::guarded(this, [this](const Result<client::SessionInfo> &r) {
            if (!r) {
                if (r.error().isNetworkError)
                    connectionLost();
                return;
            }
            if (m_inFlight)
                return;   // an action's own answer is newer
            applySession(r.value());
            Q_EMIT changed();
        }));
    }
    loadCatalogue();
    loadWindows();
    loadQueue();
    loadStats();
}

void DeskController::loadCatalogue()
{
    m_api->services(client::guarded(this, [this](const Result<client::ServiceCatalog> &r) {
        if (!r) {
            if (r.error().isNetworkError)
                connectionLost();
            return;
        }
        m_state.catalogue = r->services;
        m_state.officeOpen = r->open;
        m_state.nextOpening = r->nextOpening;
        m_state.office = r->office;
        const QJsonValue maxRecalls = r.json().value(QLatin1String("max_recalls"));
        if (maxRecalls.isDouble())
            m_state.maxRecalls = maxRecalls.toInt();
        Q_EMIT changed();
        Q_EMIT timersChanged();
    }));
}

void DeskController::loadWindows()
{
    m_api->windows(client::guarded(this, [this](const Result<QList<WindowInfo>> &r) {
        if (!r)
            return;
        m_state.windows = r.value();
        // This window's topics as well: unlike the session, this answer is used while an
        // action is on its way too (the action's answer carries a ticket, not the window).
        for (const WindowInfo &w : std::as_const(m_state.windows))
            if (w.number == windowNumber()) {
                m_state.window.services = w.services;
                m_state.window.segment = w.segment;
            }
        Q_EMIT changed();
    }));
}

void DeskController::loadQueue()
{
    if (m_phase != Phase::Working)
        return;
    m_api->queue(QString(), windowNumber(), client::guarded(this, [this](const Result<client::QueueSnapshot> &r) {
        if (!r) {
            if (r.error().isNetworkError)
                connectionLost();
            return;
        }
        m_state.queue = r->tickets;
        Q_EMIT changed();
    }));
}

void DeskController::loadStats()
{
    if (m_phase != Phase::Working)
        return;
    QPointer<DeskController> self(this);
    m_statsFetcher.fetch(m_api->baseUrl(), m_api->token(), windowNumber(), [self](std::optional<TodayStats> s) {
        if (!self || !s)
            return;
        self->m_state.today = *s;
        Q_EMIT self->changed();
    });
}

void DeskController::scheduleReload()
{
    if (!m_reloadTimer.isActive())
        m_reloadTimer.start();
}

void DeskController::onEvent(const QJsonObject &event)
{
    if (m_phase != Phase::Working || m_preview)
        return;
    const QString type = event.value(QLatin1String("type")).toString();
    if (const auto change = client::ConfigChange::fromEvent(event)) {
        // The live administration changed topics, windows, operators or the office: this
        // window's topics may be others now. Everything the desk shows is asked for again
        // (the session's window with its topics, the catalogue, the windows, the queue); the
        // operator stays signed in and the ticket at the window stays.
        qCInfo(lcDesk).noquote() << "the office's configuration changed (version" << change->version << "-"
                                 << change->parts.join(QLatin1String(", ")) << "): reloading the window";
        refresh();
        return;
    }
    // Only tickets and windows change what a desk shows; the manager's events
    // (alarms, ratings, reviews, devices, bookings) do not need a reload.
    if (!type.startsWith(QLatin1String("ticket.")) && !type.startsWith(QLatin1String("window."))) {
        if (!client::isKnownEventType(type))
            qCDebug(lcDesk) << "ignoring an event of unknown type" << type;
        return;
    }
    const int window = event.value(QLatin1String("window")).toInt();
    if (type == QLatin1String(api::kWindowChanged) && window == windowNumber() && !m_inFlight) {
        if (const auto w = WindowInfo::fromJson(event.value(QLatin1String("state")).toObject())) {
            m_state.window = *w;
            Q_EMIT changed();
        }
    }
    // Today's results change only with this window's own tickets.
    if (window == windowNumber())
        m_statsStale = true;
    scheduleReload();
}

// ------------------------------------------------------------------ actions

void DeskController::callNext()
{
    if (!canDo(Action::Call))
        return;
    PendingAction a;
    a.action = Action::Call;
    perform(a);
}

void DeskController::callTicket(qint64 ticketId)
{
    if (!canDo(Action::CallTicket) || ticketId <= 0)
        return;
    PendingAction a;
    a.action = Action::CallTicket;
    a.ticketId = ticketId;
    perform(a);
}

void DeskController::recall()
{
    if (!canDo(Action::Recall))
        return;
    PendingAction a;
    a.action = Action::Recall;
    perform(a);
}

void DeskController::start()
{
    if (!canDo(Action::Start))
        return;
    PendingAction a;
    a.action = Action::Start;
    perform(a);
}

void DeskController::noShow()
{
    if (!canDo(Action::NoShow))
        return;
    PendingAction a;
    a.action = Action::NoShow;
    perform(a);
}

void DeskController::finish(Outcome outcome, const QString &comment)
{
    if (!canDo(Action::Finish) || outcome == Outcome::None)
        return;
    if (outcome == Outcome::ServiceStopped && comment.trimmed().isEmpty()) {
        m_lastError = tr("Stopping the service needs a comment.");
        Q_EMIT actionFailed(Action::Finish, m_lastError);
        Q_EMIT changed();
        return;
    }
    PendingAction a;
    a.action = Action::Finish;
    a.outcome = outcome;
    a.comment = comment.trimmed();
    perform(a);
}

void DeskController::redirect(const QString &service, int targetWindow)
{
    if (!canDo(Action::Redirect) || (service.isEmpty() && targetWindow <= 0))
        return;
    PendingAction a;
    a.action = Action::Redirect;
    a.service = service;
    a.window = targetWindow;
    perform(a);
}

void DeskController::postpone(int minutes)
{
    if (!canDo(Action::Postpone) || minutes < 1 || minutes > 240)
        return;
    PendingAction a;
    a.action = Action::Postpone;
    a.minutes = minutes;
    perform(a);
}

void DeskController::pause(PauseReason reason)
{
    if (!canDo(Action::Pause) || reason == PauseReason::None)
        return;
    PendingAction a;
    a.action = Action::Pause;
    a.reason = reason;
    perform(a);
}

void DeskController::resume()
{
    if (!canDo(Action::Resume))
        return;
    PendingAction a;
    a.action = Action::Resume;
    perform(a);
}

void DeskController::perform(PendingAction action)
{
    action.key = client::ApiClient::newIdempotencyKey();
    m_inFlight = action;
    m_inFlightLost = false;
    clearMessages();
    Q_EMIT changed();
    send();
}

template <typename T>
bool DeskController::handleActionError(const Result<T> &r)
{
    if (r.ok())
        return false;
    const Action action = m_inFlight->action;
    if (r.error().isNetworkError) {
        // It may or may not have reached the server: keep it and re-send it with the
        // same key once the server answers again.
        m_inFlightLost = true;
        m_notice = tr("No answer from the server. The action will be repeated when the connection is back.");
        connectionLost();
        Q_EMIT changed();
        return true;
    }
    m_inFlight.reset();
    m_inFlightLost = false;
    m_notice.clear();
    m_lastError = errorText(r.error());
    if (!r.error().is(api::ErrorCode::Unauthorized))
        refresh();   // the desk's view of the window was out of date
    Q_EMIT actionFailed(action, m_lastError);
    Q_EMIT changed();
    return true;
}

void DeskController::actionSucceeded()
{
    const Action action = m_inFlight->action;
    m_inFlight.reset();
    m_inFlightLost = false;
    if (m_notice == tr("Connection restored. Repeating the last action…")
        || m_notice == tr("No answer from the server. The action will be repeated when the connection is back."))
        m_notice.clear();
    m_state.window.state = stateForTicket(m_state.window.ticket, m_state.window.state);
    m_statsStale = true;
    scheduleReload();
    Q_EMIT actionDone(action);
    Q_EMIT changed();
    Q_EMIT timersChanged();
}

void DeskController::applyTicket(const Ticket &ticket)
{
    if (isAtWindow(ticket.state))
        m_state.window.ticket = ticket;
    else
        m_state.window.ticket.reset();
}

void DeskController::send()
{
    if (!m_inFlight)
        return;
    const PendingAction &a = *m_inFlight;
    const int w = windowNumber();
    auto onTicket = client::guarded(this, [this](const Result<Ticket> &r) {
        if (handleActionError(r))
            return;
        applyTicket(r.value());
        actionSucceeded();
    });
    auto onWindow = client::guarded(this, [this](const Result<WindowInfo> &r) {
        if (handleActionError(r))
            return;
        m_state.window = r.value();
        actionSucceeded();
    });
    auto onCall = client::guarded(this, [this](const Result<std::optional<Ticket>> &r) {
        if (handleActionError(r))
            return;
        if (r.value())
            applyTicket(*r.value());
        else
            m_notice = tr("Nobody is waiting for this window.");
        actionSucceeded();
    });
    switch (a.action) {
    case Action::Call:
        m_api->call(w, 0, onCall, a.key);
        break;
    case Action::CallTicket:
        m_api->call(w, a.ticketId, onCall, a.key);
        break;
    case Action::Recall:
        m_api->recall(w, onTicket, a.key);
        break;
    case Action::Start:
        m_api->start(w, onTicket, a.key);
        break;
    case Action::NoShow:
        m_api->noShow(w, onTicket, a.key);
        break;
    case Action::Finish:
        m_api->finish(w, a.outcome, a.comment, onTicket, a.key);
        break;
    case Action::Redirect:
        m_api->redirect(w, a.service, a.window, onTicket, a.key);
        break;
    case Action::Postpone:
        m_api->postpone(w, a.minutes, onTicket, a.key);
        break;
    case Action::Pause:
        m_api->pause(w, a.reason, onWindow, a.key);
        break;
    case Action::Resume:
        m_api->resume(w, onWindow, a.key);
        break;
    case Action::Logout:
        m_inFlight.reset();
        break;
    }
}

bool DeskController::serverUntrusted() const { return m_api && !m_api->trustProblem().isEmpty(); }

} // namespace queue::desk
