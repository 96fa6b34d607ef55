#pragma once

#include "norms.h"
#include "todaystats.h"

#include "common/client/apiclient.h"
#include "common/clock.h"
#include "common/protocol.h"

#include <QObject>
#include <QElapsedTimer>
#include <QTimer>

#include <optional>

namespace queue::client {
class EventStream;
}

namespace queue::desk {

// One row of the queue panel: a topic of this window.
struct QueueRow {
    QString service;
    QString name;
    int waiting = 0;             // tickets this window could call now
    int outOfTurn = 0;           // of them, with a priority category
    qint64 oldestWaitS = -1;     // -1: nobody waits
    int waitNormMin = 0;         // 0: the topic has no waiting norm
    NormLevel level = NormLevel::None;
};

// Everything the desk shows, as the server last told it. Also what --screenshot fills
// with sample data.
struct DeskSnapshot {
    OperatorInfo op;
    WindowInfo window;                       // window.ticket: the ticket at the window
    QList<ServiceInfo> catalogue;            // all topics of the office, with norms
    QList<WindowInfo> windows;               // all windows (redirect targets)
    QList<client::QueuedTicket> queue;       // this window's queue, in calling order
    TodayStats today;
    int maxRecalls = 3;
    // From GET /services: whether the office is open, when it opens next (0: not known),
    // and its time zone, in which the opening is worded.
    bool officeOpen = true;
    qint64 nextOpening = 0;
    client::OfficeInfo office;
};

// The view-model of the operator desk: log in, act on the window, show the current
// ticket and its timers against the norms, the queue and today's results. Widget-free
// (Qt Core + Network); talks to the server only through ApiClient and EventStream.
//
// Connection: a lost event stream or a request without an answer makes the desk
// offline at once; it then probes GET /sessions/current until the server answers and the
// stream is back, restores the window and ticket from the answer, and re-sends an action
// that may or may not have reached the server with the same Idempotency-Key, so that it
// is done exactly once.
class DeskController : public QObject {
    Q_OBJECT
public:
    enum class Phase { LoggedOut, LoggingIn, Working };
    enum class Action {
        Call, CallTicket, Recall, Start, NoShow, Finish, Redirect, Postpone, Pause, Resume, Logout
    };
    Q_ENUM(Action)

    DeskController(client::ApiClient *api, client::EventStream *events, const Clock *clock,
                   QObject *parent = nullptr);
    ~DeskController() override;

    // How often to probe the server while offline (default 1000 ms).
    void setProbeInterval(int ms) { m_probeTimer.setInterval(ms); }

    Phase phase() const { return m_phase; }
    bool isOnline() const { return m_online; }
    // The last call was refused because the server's certificate is not the trusted one.
    bool serverUntrusted() const;
    bool isBusy() const { return m_inFlight.has_value(); }
    // An action whose answer was lost is waiting to be re-sent.
    bool hasUnconfirmedAction() const { return m_inFlight.has_value() && m_inFlightLost; }
    const DeskSnapshot &state() const { return m_state; }
    int windowNumber() const { return m_state.window.number; }
    const std::optional<Ticket> &ticket() const { return m_state.window.ticket; }
    QString serviceName(const QString &id) const;
    const ServiceInfo *service(const QString &id) const;
    QList<QueueRow> queueRows() const;

    // Messages for the status line: the last error (empty when none) and the last
    // notice ("nobody is waiting", "the action will be repeated", …).
    QString lastError() const { return m_lastError; }
    QString notice() const { return m_notice; }
    // Outside office hours (as the server last said): that the office is closed, when it
    // opens in the office's time zone, and that the visitors already waiting can still be
    // served (docs/desk.md); empty while the office is open.
    QString officeClosedText() const;

    bool canDo(Action action) const;
    // After max_recalls recalls the desk offers "no-show".
    bool noShowOffered() const;

    // Time, from the injected clock corrected by the server's clock offset.
    qint64 serverNowMs() const { return m_clock->nowMs() + m_clockOffsetMs; }
    qint64 clockOffsetMs() const { return m_clockOffsetMs; }
    // The current ticket's wait (issue → first call) and its waiting norm (0: none).
    qint64 waitSeconds() const;
    qint64 waitNormSeconds() const;
    NormLevel waitLevel() const { return normLevel(waitSeconds(), waitNormSeconds()); }
    // Service so far (started → now), -1 before start; the topic's service norm.
    qint64 serviceSeconds() const;
    qint64 serviceNormSeconds() const;
    NormLevel serviceLevel() const { return normLevel(serviceSeconds(), serviceNormSeconds()); }
    // Since the latest call while the client has not come yet; -1 otherwise.
    qint64 callSeconds() const;

    // Translated labels.
    static QString priorityText(const QString &category);
    static QString outcomeText(Outcome outcome);
    static QString pauseReasonText(PauseReason reason);
    static QString windowStateText(WindowState state);
    static QString errorText(const client::ApiError &error);

public Q_SLOTS:
    void login(const QString &login, const QString &pin, int window);
    void logout();
    void callNext();
    void callTicket(qint64 ticketId);
    void recall();
    void start();
    void noShow();
    void finish(Outcome outcome, const QString &comment);
    void redirect(const QString &service, int targetWindow);
    void postpone(int minutes);
    void pause(PauseReason reason);
    void resume();
    // Reloads the session, queue, catalogue and today's results.
    void refresh();
    // Re-evaluates the timers now (the 1 s tick does this too).
    void tick();

Q_SIGNALS:
    void changed();            // anything but the running timers
    void timersChanged();      // once a second, and on tick()
    void onlineChanged(bool online);
    void phaseChanged(queue::desk::DeskController::Phase phase);
    void actionDone(queue::desk::DeskController::Action action);
    void actionFailed(queue::desk::DeskController::Action action, const QString &message);

private:
    // Shows a given state without a server: --screenshot and tests only.
    friend class ScreenshotDriver;
    static QString offlineNotice();

    struct PendingAction {
        Action action = Action::Call;
        qint64 ticketId = 0;
        Outcome outcome = Outcome::None;
        QString comment;
        QString service;
        int window = 0;
        int minutes = 0;
        PauseReason reason = PauseReason::None;
        QString key;           // Idempotency-Key, the same for every re-send
    };

    void perform(PendingAction action);
    void send();
    template <typename T>
    bool handleActionError(const client::Result<T> &result);
    void actionSucceeded();
    void applyTicket(const Ticket &ticket);
    void applySession(const client::SessionInfo &session);
    void setPhase(Phase phase);
    void setOnline(bool online);
    void connectionLost();
    // streamBack: the event stream has just come back (a probe already out is not waited for).
    void probe(bool streamBack);
    void syncClock();
    void loadCatalogue();
    void loadWindows();
    void loadQueue();
    void loadStats();
    void scheduleReload();
    void onEvent(const QJsonObject &event);
    void onStreamConnected(bool connected);
    void sessionEnded();
    void clearMessages();

    client::ApiClient *m_api;
    client::EventStream *m_events;
    const Clock *m_clock;
    TodayStatsFetcher m_statsFetcher;
    QTimer m_tickTimer;
    QTimer m_probeTimer;
    QTimer m_reloadTimer;

    Phase m_phase = Phase::LoggedOut;
    bool m_online = false;
    bool m_httpUp = false;
    bool m_streamUp = false;
    bool m_probing = false;
    quint64 m_probeGeneration = 0;   // answers of older probes are ignored
    QElapsedTimer m_probeSent;
    bool m_preview = false;
    bool m_statsStale = false;        // reload today's results with the next queue reload
    DeskSnapshot m_state;
    std::optional<PendingAction> m_inFlight;
    bool m_inFlightLost = false;      // its request got no answer: re-send with the same key
    qint64 m_clockOffsetMs = 0;
    QString m_lastError;
    QString m_notice;
};

} // namespace queue::desk
