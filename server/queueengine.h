#pragma once

#include "callpolicy.h"
#include "queueindex.h"
#include "common/clock.h"
#include "common/protocol.h"
#include "forecast.h"
#include "officeconfig.h"
#include "result.h"
#include "schedule.h"
#include "storage.h"
#include "store/counterstore.h"
#include "store/leasestore.h"
#include "store/ticketstore.h"
#include "store/windowstore.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace queue::server {

struct IssuedTicket {
    Ticket ticket;
    int ahead = 0;
    qint64 estimatedWaitS = 0;
};

// The office's queue: tickets and windows. No sockets in
// here; the API layer and the simulator drive it. Every change is written
// through Storage inside a scope, and its events go out only after commit.
class QueueEngine : public QObject {
    Q_OBJECT
public:
    QueueEngine(const OfficeConfig &config, Storage &storage, const Clock &clock, const CallPolicy &policy,
                QObject *parent = nullptr);

    // Creates missing window rows and loads the live queue from the database.
    bool initialize(QString *error);

    // The live configuration (server/liveconfig.h); the reference stays valid across reconfigure().
    const OfficeConfig &config() const { return m_config; }
    // Applies a new configuration at once (the caller validated it: parseOfficeConfig,
    // server/liveconfig.cpp). Waiting tickets stay as they are, in their order; a window's
    // topics count from its next call; new windows get their row (in the caller's scope).
    // False if a new window's row could not be written.
    bool reconfigure(const OfficeConfig &config);
    // --demo: open at all times whatever the schedule (kept across reconfigure()).
    void setAlwaysOpen(bool alwaysOpen);
    const Schedule &schedule() const { return m_schedule; }
    bool isOpen() const { return m_schedule.isOpen(m_clock.nowMs()); }
    qint64 nowMs() const { return m_clock.nowMs(); }
    const Clock &clock() const { return m_clock; }

    // Kiosk side.
    // `bookedAt`: the slot start of a pre-booked visitor who checked in on time
    // (server/booking.cpp); the ticket is then called ahead of walk-ins from that moment.
    Result<IssuedTicket> issue(const QString &service, const QString &priority, qint64 bookedAt = 0);
    Result<Ticket> cancel(qint64 id);
    Result<Ticket> ticket(qint64 id) const;

    // Offline issuing (docs/reliability.md, "The kiosk issues offline").
    struct Reserve {
        QString businessDay;              // "" while the office is closed: nothing is leased
        QList<LeaseStore::Lease> leases;  // the kiosk's unused numbers of that day, by topic and number
    };
    // Tops the kiosk `device`'s reserve up to `perTopic` numbers of each topic issued now
    // (leaving a prefix at least kLeaseFloor free numbers for the online kiosks) and
    // returns every unused number it holds today.
    Result<Reserve> topUpReserve(const QString &device, int perTopic);
    static constexpr int kLeaseFloor = 100;
    // A ticket the kiosk printed from its reserve while the server could not be reached.
    struct OfflineTicket {
        QString service;
        QString number;          // prefix + three digits, a number leased to the device
        QString businessDay;     // the day of the lease
        QString priority;        // "" in turn
        qint64 issuedAt = 0;     // the kiosk's clock, corrected by the offset it last learned
        bool printed = true;     // false: printing failed, the visitor has no ticket (kept as cancelled)
    };
    struct OfflineAccepted {
        Ticket ticket;
        bool duplicate = false;     // uploaded before: the ticket made then
        bool timeAdjusted = false;  // issuedAt was outside [leased at, now] and was moved into it
    };
    // Places the ticket in the queue by its real arrival time (or records it cancelled when
    // it was not printed or its business day is over). Repeating an upload is harmless.
    Result<OfflineAccepted> acceptOffline(const QString &device, const OfflineTicket &t);
    // Drops the device's unused leases (a revoked kiosk): their numbers may be issued again.
    Result<int> releaseReserve(const QString &device);
    // The kiosks holding unused leases today, with how many.
    std::optional<QHash<QString, int>> reserveHolders() const;
    int ahead(const Ticket &t) const;
    // The wait forecast (forecast.h, docs/policies.md) for a queued ticket…
    qint64 estimatedWaitS(const Ticket &t) const;
    // …and for a ticket of `service` with `ahead` tickets of its own topic
    // before it; other topics' tickets count as for a ticket issued now.
    qint64 estimatedWaitS(const QString &service, int ahead) const;

    // Operators at windows (who they are was checked by Sessions, server/sessions.h).
    // `login` takes `window`: the other windows it held close (refused while a
    // ticket is at one of them), this one opens unless it is paused or busy.
    Result<WindowInfo> signIn(const QString &login, int window);
    // Whether the operator of `window` may leave it now (not while a ticket is there).
    Result<bool> canSignOut(int window) const;
    // `login` leaves `window`, which closes if it was theirs.
    Result<bool> signOut(const QString &login, int window);

    // Window actions; `window` is the operator's window.
    Result<std::optional<Ticket>> call(int window, qint64 ticketId = 0);
    Result<Ticket> recall(int window);
    Result<Ticket> start(int window);
    Result<Ticket> noShow(int window);
    Result<Ticket> finish(int window, const QString &outcome, const QString &comment);
    Result<Ticket> redirect(int window, const QString &service, int targetWindow);
    Result<Ticket> postpone(int window, int minutes);
    Result<WindowInfo> pause(int window, const QString &reason);
    Result<WindowInfo> resume(int window);

    // Reads.
    QList<ServiceInfo> services() const;
    QList<WindowInfo> windows() const;
    Result<WindowInfo> window(int number) const;
    QList<Ticket> queueForService(const QString &service) const;   // call order
    QList<Ticket> queueForWindow(int window) const;                 // call order
    // The waiting tickets (waiting, redirected, postponed) as the policy sees them,
    // in no order (live statistics, server/livestats.h).
    QList<Candidate> queued() const;
    int waitingCount() const { return static_cast<int>(m_queue.size()); }

    // Timed work: postponed tickets coming back, yesterday's leftovers
    // cancelled. Call it every few seconds (and from tests after moving the clock).
    void tick();

private:
    using WindowRow = WindowStore::Row;

    std::optional<Ticket> loadTicket(qint64 id) const;
    std::optional<WindowRow> loadWindow(int number) const;
    WindowInfo windowInfo(const WindowRow &row) const;
    bool saveTicket(const Ticket &t);
    bool saveWindow(const WindowRow &row);
    bool emitTicketEvent(const char *type, const Ticket &t, int window);
    bool emitWindowEvent(const WindowRow &row);
    Result<Ticket> activeTicket(int window, WindowRow *row) const;
    // Puts the ticket at the window back to idle after it left (done, no-show, redirect…).
    Result<Ticket> releaseTicket(WindowRow &row, Ticket &t, const char *eventType);

    void indexTicket(const Ticket &t);
    void unindexTicket(qint64 id);
    void ensureIndex() const;
    QList<Candidate> candidatesFor(int window, bool availableOnly) const;
    // The ticket `window` calls next, found in one pass without copying the queue; 0 if none.
    qint64 nextFor(int window) const;
    Candidate candidateOf(const Ticket &t) const;
    // serves[window][serviceIndex]: whether the window serves the topic.
    QHash<int, QList<bool>> m_serves;
    QList<Candidate> orderedForService(const QString &service) const;
    CallContext contextFor(int window, const QStringList &services) const;
    int noNormLimitMin() const;

    // The forecast: `ownAhead` >= 0 overrides the count of the own topic's tickets ahead.
    qint64 forecastWaitS(const Candidate &self, int ownAhead) const;
    void ensureStats() const;
    void ensureWindowStates() const;

    Result<int> nextNumber(const QString &prefix, const QString &day);
    // The numbers held by a ticket that is not over (waiting, called, serving, redirected,
    // postponed), per prefix: a number is skipped after a wrap while it is held.
    void ensureHeld() const;
    void noteHeld(const Ticket &t);

    void rebuildServes();

    OfficeConfig m_config;
    bool m_alwaysOpen = false;
    // The policy named by the live configuration when it differs from the one given at start.
    std::unique_ptr<CallPolicy> m_ownPolicy;
    const CallPolicy *m_policy = nullptr;
    Storage &m_storage;
    TicketStore m_tickets;
    WindowStore m_windows;
    CounterStore m_counters;
    LeaseStore m_leases;
    const Clock &m_clock;
    Schedule m_schedule;

    // The queued tickets (waiting, redirected, postponed), kept in memory so
    // that a call never scans the table; rebuilt from the database after a rollback.
    mutable QueueIndex m_queue;
    mutable bool m_queueValid = false;
    // Window states and what they are busy with, mirrored for the wait
    // forecast on every issue; rebuilt from the database after a rollback.
    struct WindowLive {
        WindowState state = WindowState::Closed;
        int serviceIndex = -1;    // topic of the called or served ticket; -1: none
        qint64 since = 0;         // called at, or service started at
        bool serving = false;
    };
    mutable QHash<int, WindowLive> m_windowStates;
    mutable bool m_windowStatesValid = false;
    // Per topic (config order): recent arrivals and service durations, kept
    // up to date on issue and finish; rebuilt from today's tickets at start
    // and after a rollback.
    mutable QHash<QString, QSet<int>> m_held;
    mutable bool m_heldValid = false;
    // The numbers leased to kiosks and not used yet, today, per prefix (nobody else issues them).
    mutable QHash<QString, QSet<int>> m_leased;
    mutable QString m_heldDay;   // the business day of m_leased
    // Whether number `n` of `prefix` is held by a ticket or leased (after ensureHeld()).
    bool taken(const QString &prefix, int n) const;
    int takenCount(const QString &prefix) const;
    mutable QList<forecast::TopicStatistics> m_stats;
    mutable bool m_statsValid = false;
    int serviceIndexOf(const QString &service) const;
    qint64 m_lastDayCheck = 0;
};

} // namespace queue::server
