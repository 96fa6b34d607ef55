#include "queueengine.h"

#include "pagetoken.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>
#include <limits>
#include <tuple>
#include <vector>

Q_LOGGING_CATEGORY(lcEngine, "queue.engine")

namespace queue::server {

namespace {

constexpr int kMaxCommentLength = 1000;

} // namespace

QueueEngine::QueueEngine(const OfficeConfig &config, Storage &storage, const Clock &clock, const CallPolicy &policy,
                         QObject *parent)
    : QObject(parent),
      m_config(config),
      m_policy(&policy),
      m_storage(storage),
      m_tickets(storage),
      m_windows(storage),
      m_counters(storage),
      m_leases(storage),
      m_clock(clock),
      m_schedule(m_config)
{
    rebuildServes();
    connect(&m_storage, &Storage::rolledBack, this, [this] {
        m_queueValid = false;
        m_windowStatesValid = false;
        m_statsValid = false;
        m_heldValid = false;
    });
}

void QueueEngine::rebuildServes()
{
    m_serves.clear();
    for (const WindowConfig &w : m_config.windows) {
        QList<bool> serves(m_config.services.size(), false);
        for (qsizetype i = 0; i < m_config.services.size(); ++i)
            serves[i] = w.services.contains(m_config.services[i].id);
        m_serves.insert(w.number, serves);
    }
}

void QueueEngine::setAlwaysOpen(bool alwaysOpen)
{
    m_alwaysOpen = alwaysOpen;
    if (alwaysOpen)
        m_config.hasSchedule = false;
}

bool QueueEngine::reconfigure(const OfficeConfig &config)
{
    const QString policyBefore = m_config.callPolicy;
    m_config = config;   // in place: config() and Schedule keep pointing at it
    if (m_alwaysOpen)
        m_config.hasSchedule = false;
    if (m_config.callPolicy != policyBefore && m_config.callPolicy != m_policy->name()) {
        m_ownPolicy = makeCallPolicy(m_config.callPolicy);
        m_policy = m_ownPolicy.get();
    }
    rebuildServes();
    // Everything kept per topic index (the queue index, the forecast's statistics, the
    // windows' current topic) is rebuilt from the database on its next use.
    m_queueValid = false;
    m_windowStatesValid = false;
    m_statsValid = false;
    m_heldValid = false;
    bool ok = true;
    for (const WindowConfig &w : m_config.windows)
        ok = m_windows.ensure(w.number, m_clock.nowMs()) && ok;
    return ok;
}

bool QueueEngine::initialize(QString *error)
{
    Scope scope(m_storage);
    for (const WindowConfig &w : m_config.windows) {
        if (!m_windows.ensure(w.number, m_clock.nowMs())) {
            *error = QStringLiteral("cannot initialise the windows table");
            return false;
        }
    }
    if (!scope.commit()) {
        *error = QStringLiteral("cannot commit the windows table");
        return false;
    }
    m_queueValid = false;
    m_statsValid = false;
    m_windowStatesValid = false;
    m_heldValid = false;
    ensureIndex();
    ensureHeld();
    ensureStats();
    ensureWindowStates();
    return true;
}

// ---------------------------------------------------------------- rows

std::optional<Ticket> QueueEngine::loadTicket(qint64 id) const
{
    auto t = m_tickets.load(id);
    if (t)
        if (const ServiceInfo *s = m_config.service(t->service))
            t->segment = s->segment;
    return t;
}

bool QueueEngine::saveTicket(const Ticket &t) { return m_tickets.save(t); }

std::optional<QueueEngine::WindowRow> QueueEngine::loadWindow(int number) const
{
    if (!m_config.window(number))
        return std::nullopt;
    return m_windows.load(number);
}

bool QueueEngine::saveWindow(const WindowRow &row)
{
    if (!m_windows.save(row))
        return false;
    WindowLive &live = m_windowStates[row.number];
    live.state = row.state;
    if (!row.ticketId) {
        live.serviceIndex = -1;
        live.serving = false;
    }
    return true;
}

WindowInfo QueueEngine::windowInfo(const WindowRow &row) const
{
    WindowInfo w;
    w.number = row.number;
    w.state = row.state;
    w.pauseReason = row.reason;
    w.since = row.since;
    if (const WindowConfig *wc = m_config.window(row.number)) {
        w.services = wc->services;
        w.segment = m_config.windowSegment(*wc);
    }
    if (!row.op.isEmpty()) {
        w.op.login = row.op;
        const OperatorConfig *op = m_config.findOperator(row.op);
        w.op.name = op ? op->name : row.op;
    }
    if (row.ticketId)
        w.ticket = loadTicket(row.ticketId);
    return w;
}

bool QueueEngine::emitTicketEvent(const char *type, const Ticket &t, int window)
{
    const qint64 now = m_clock.nowMs();
    QJsonObject e{{QStringLiteral("type"), QLatin1String(type)},
                  {QStringLiteral("at"), isoUtc(now)},
                  {QStringLiteral("window"), window ? QJsonValue(window) : QJsonValue()},
                  {QStringLiteral("ticket"), t.toJson(now)}};
    return m_storage.appendEvent(now, QLatin1String(type), t.id, window, e) != 0;
}

bool QueueEngine::emitWindowEvent(const WindowRow &row)
{
    const qint64 now = m_clock.nowMs();
    QJsonObject e{{QStringLiteral("type"), QLatin1String(api::kWindowChanged)},
                  {QStringLiteral("at"), isoUtc(now)},
                  {QStringLiteral("window"), row.number},
                  {QStringLiteral("state"), windowInfo(row).toJson(now)}};
    return m_storage.appendEvent(now, QLatin1String(api::kWindowChanged), row.ticketId, row.number, e) != 0;
}

// ---------------------------------------------------------------- queue index

void QueueEngine::ensureIndex() const
{
    if (m_queueValid)
        return;
    m_queue.clear();
    for (qint64 id : m_tickets.queuedIds())
        if (auto t = loadTicket(id))
            m_queue.insert(candidateOf(*t));
    m_queueValid = true;
}

void QueueEngine::indexTicket(const Ticket &t)
{
    ensureIndex();
    m_queue.insert(candidateOf(t));
}

void QueueEngine::unindexTicket(qint64 id)
{
    ensureIndex();
    m_queue.remove(id);
}

Candidate QueueEngine::candidateOf(const Ticket &t) const
{
    Candidate c;
    c.id = t.id;
    c.service = t.service;
    c.serviceIndex = serviceIndexOf(t.service);
    if (c.serviceIndex >= 0)
        c.waitNormMin = m_config.services[c.serviceIndex].waitNormMin;
    c.outOfTurn = !t.priority.isEmpty();
    c.issuedAt = t.issuedAt;
    c.availableAt = t.state == TicketState::Postponed ? t.postponedUntil : 0;
    c.targetWindow = t.targetWindow;
    if (t.id > 0) {
        // The slot of a pre-booked visitor (tickets.booked_at, server/booking.cpp); not part of Ticket
        // so that it never reaches boards or kiosks.
        c.bookedAt = m_tickets.bookedAt(t.id);
    }
    return c;
}

QList<Candidate> QueueEngine::candidatesFor(int window, bool availableOnly) const
{
    ensureIndex();
    const qint64 now = m_clock.nowMs();
    const QList<bool> serves = m_serves.value(window);
    QList<Candidate> out;
    for (const Candidate &c : m_queue.all()) {
        if (availableOnly && c.availableAt > now)
            continue;
        const bool mine = c.targetWindow ? c.targetWindow == window
                                         : c.serviceIndex >= 0 && c.serviceIndex < serves.size() && serves[c.serviceIndex];
        if (mine)
            out.append(c);
    }
    return out;
}

qint64 QueueEngine::nextFor(int window) const
{
    ensureIndex();
    const qint64 now = m_clock.nowMs();
    const QList<bool> serves = m_serves.value(window);
    const WindowConfig *wc = m_config.window(window);
    const CallContext context = contextFor(window, wc ? wc->services : QStringList());
    const Candidate *best = nullptr;
    const auto consider = [&](const Candidate &c) {
        if (!best || m_policy->before(c, *best, context))
            best = &c;
    };
    // The best plain ticket of a topic is its list's front (QueueIndex).
    for (qsizetype i = 0; i < serves.size(); ++i)
        if (serves[i])
            if (const Candidate *front = m_queue.plainFront(static_cast<int>(i)))
                consider(*front);
    for (const Candidate &c : m_queue.special()) {
        if (c.availableAt > now)
            continue;
        const bool mine = c.targetWindow ? c.targetWindow == window
                                         : c.serviceIndex >= 0 && c.serviceIndex < serves.size() && serves[c.serviceIndex];
        if (mine)
            consider(c);
    }
    return best ? best->id : 0;
}

QList<Candidate> QueueEngine::orderedForService(const QString &service) const
{
    ensureIndex();
    QList<Candidate> out;
    for (const Candidate &c : m_queue.all())
        if (c.service == service)
            out.append(c);
    m_policy->order(out, contextFor(0, {service}));
    // Postponed tickets whose time has not come wait at the end.
    const qint64 now = m_clock.nowMs();
    std::stable_partition(out.begin(), out.end(), [now](const Candidate &c) { return c.availableAt <= now; });
    return out;
}

int QueueEngine::ahead(const Ticket &t) const
{
    if (!isQueued(t.state))
        return 0;
    ensureIndex();
    const Candidate *self = m_queue.find(t.id);
    if (!self)
        return 0;
    // The same order as orderedForService(): available tickets by the policy,
    // then the postponed ones whose time has not come. Plain tickets are always
    // available: counted by one binary search (QueueIndex), the rest one by one.
    const qint64 now = m_clock.nowMs();
    const CallContext context = contextFor(0, {t.service});
    const bool selfAvailable = self->availableAt <= now;
    int n = selfAvailable ? m_queue.plainBefore(self->serviceIndex, *self, *m_policy, context)
                          : m_queue.plainCount(self->serviceIndex);
    for (const Candidate &c : m_queue.special()) {
        if (c.id == t.id || c.service != t.service)
            continue;
        const bool available = c.availableAt <= now;
        if (available != selfAvailable ? available : m_policy->before(c, *self, context))
            ++n;
    }
    return n;
}

int QueueEngine::serviceIndexOf(const QString &service) const
{
    for (qsizetype i = 0; i < m_config.services.size(); ++i)
        if (m_config.services[i].id == service)
            return static_cast<int>(i);
    return -1;
}

int QueueEngine::noNormLimitMin() const
{
    // Topics without a waiting norm are treated like the most patient topic
    // that has one (docs/policies.md); with no norms at all, the visit norm.
    int limit = 0;
    for (const ServiceInfo &s : m_config.services)
        limit = qMax(limit, s.waitNormMin);
    return limit ? limit : m_config.visitNormMin;
}

CallContext QueueEngine::contextFor(int window, const QStringList &services) const
{
    CallContext context{window, services, m_clock.nowMs()};
    context.noNormLimitMin = noNormLimitMin();
    return context;
}

void QueueEngine::ensureWindowStates() const
{
    if (m_windowStatesValid)
        return;
    m_windowStates.clear();
    for (const TicketStore::AtWindow &a : m_tickets.atWindows()) {
        WindowLive live;
        live.state = windowStateFromString(a.windowState).value_or(WindowState::Closed);
        if (a.hasTicket) {
            live.serviceIndex = serviceIndexOf(a.service);
            live.serving = a.state == QLatin1String("serving");
            live.since = live.serving ? a.startedAt : a.calledAt;
        }
        m_windowStates.insert(a.window, live);
    }
    m_windowStatesValid = true;
}

void QueueEngine::ensureStats() const
{
    if (m_statsValid)
        return;
    m_stats = QList<forecast::TopicStatistics>(m_config.services.size());
    // Today's tickets, once at start (and after a rollback): arrivals by the
    // topic chosen at the kiosk, service durations by the topic served.
    struct Done {
        qint64 finishedAt;
        int index;
        double durationS;
    };
    std::vector<Done> done;
    for (const TicketStore::Times &t : m_tickets.ofDay(m_schedule.businessDay(m_clock.nowMs()).toString(Qt::ISODate))) {
        const int arrivalIndex = serviceIndexOf(t.originalService);
        if (arrivalIndex >= 0)
            m_stats[arrivalIndex].addArrival(t.issuedAt, !t.priority.isEmpty());
        const int servedIndex = serviceIndexOf(t.service);
        if (servedIndex >= 0 && t.state == QLatin1String("done") && t.startedAt && t.finishedAt >= t.startedAt)
            done.push_back({t.finishedAt, servedIndex, (t.finishedAt - t.startedAt) / 1000.0});
    }
    std::sort(done.begin(), done.end(), [](const Done &a, const Done &b) { return a.finishedAt < b.finishedAt; });
    for (const Done &d : done)
        m_stats[d.index].addService(d.durationS);
    m_statsValid = true;
}

qint64 QueueEngine::forecastWaitS(const Candidate &self, int ownAhead) const
{
    if (self.serviceIndex < 0)
        return 0;
    ensureIndex();
    ensureStats();
    ensureWindowStates();
    const qint64 now = m_clock.nowMs();
    const qsizetype topics = m_config.services.size();

    forecast::Input in;
    in.topic = self.serviceIndex;
    in.normPolicy = m_policy->name() == QLatin1String("norm");
    in.outOfTurn = self.outOfTurn;
    in.noNormLimitMin = noNormLimitMin();
    in.topics.reserve(topics);
    for (qsizetype i = 0; i < topics; ++i) {
        const ServiceInfo &s = m_config.services[i];
        const forecast::TopicStatistics &st = m_stats[i];
        in.topics.append(forecast::Topic{st.meanServiceS(s.serviceNormMin * 60.0), st.arrivalsPerS(now),
                                         st.outOfTurnPerS(now), s.waitNormMin});
    }

    // Tickets the policy calls before this one, per topic: one pass over the queue.
    in.ahead = QList<double>(topics, 0.0);
    const CallContext context = contextFor(0, {self.service});
    for (qsizetype i = 0; i < topics; ++i)
        if (ownAhead < 0 || i != self.serviceIndex)
            in.ahead[i] += m_queue.plainBefore(static_cast<int>(i), self, *m_policy, context);
    for (const Candidate &c : m_queue.special()) {
        if (c.id == self.id || c.serviceIndex < 0 || c.serviceIndex >= topics || c.availableAt > now)
            continue;
        if (ownAhead >= 0 && c.serviceIndex == self.serviceIndex)
            continue;
        if (m_policy->before(c, self, context))
            in.ahead[c.serviceIndex] += 1;
    }
    if (ownAhead >= 0)
        in.ahead[self.serviceIndex] = ownAhead;

    QList<forecast::Window> servingNone;   // fallback: nobody is at a window serving the topic
    for (const WindowConfig &w : m_config.windows) {
        const QList<bool> serves = m_serves.value(w.number);
        const WindowLive live = m_windowStates.value(w.number);
        if (live.state == WindowState::Closed || live.state == WindowState::Paused) {
            if (serves.value(self.serviceIndex))
                servingNone.append(forecast::Window{serves, 0});
            continue;
        }
        double busy = 0;
        if (live.serviceIndex >= 0) {
            const double mean = in.topics[live.serviceIndex].meanServiceS;
            busy = live.serving ? std::max(mean - (now - live.since) / 1000.0, 0.25 * mean) : mean;
        }
        in.windows.append(forecast::Window{serves, busy});
    }
    double wait = forecast::expectedWaitS(in);
    if (wait < 0) {
        in.windows = servingNone;
        in.fluid = true;
        wait = forecast::expectedWaitS(in);
    }
    return wait > 0 ? qRound64(wait) : 0;
}

qint64 QueueEngine::estimatedWaitS(const Ticket &t) const
{
    if (!isQueued(t.state))
        return 0;
    ensureIndex();
    const Candidate *self = m_queue.find(t.id);
    return self ? forecastWaitS(*self, -1) : 0;
}

qint64 QueueEngine::estimatedWaitS(const QString &service, int aheadCount) const
{
    Candidate self;
    self.service = service;
    self.serviceIndex = serviceIndexOf(service);
    if (self.serviceIndex < 0)
        return 0;
    self.waitNormMin = m_config.services[self.serviceIndex].waitNormMin;
    self.issuedAt = m_clock.nowMs();
    self.id = std::numeric_limits<qint64>::max();
    return forecastWaitS(self, qMax(0, aheadCount));
}

// ---------------------------------------------------------------- kiosk

namespace {
DomainError exhausted(const QString &prefix)
{
    return {api::ErrorCode::NumbersExhausted,
            QStringLiteral("all 999 numbers of prefix %1 are held by waiting tickets").arg(prefix)};
}
} // namespace

void QueueEngine::ensureHeld() const
{
    const QString day = m_schedule.businessDay(m_clock.nowMs()).toString(Qt::ISODate);
    if (m_heldValid && day == m_heldDay)
        return;
    m_held = m_tickets.heldNumbers();
    m_leased = m_leases.unusedNumbers(day).value_or(QHash<QString, QSet<int>>());
    m_heldDay = day;
    m_heldValid = true;
}

bool QueueEngine::taken(const QString &prefix, int n) const
{
    auto has = [&](const QHash<QString, QSet<int>> &sets) {
        const auto it = sets.constFind(prefix);
        return it != sets.cend() && it->contains(n);
    };
    return has(m_held) || has(m_leased);
}

int QueueEngine::takenCount(const QString &prefix) const
{
    // Held and leased numbers are disjoint but for a moment at the day's change (a ticket
    // of yesterday not cancelled yet): then this counts a number twice, never too few.
    return static_cast<int>(m_held.value(prefix).size() + m_leased.value(prefix).size());
}

void QueueEngine::noteHeld(const Ticket &t)
{
    if (!m_heldValid || t.number.size() < 4)
        return;
    // The number is the prefix and three digits (issue()).
    const QString prefix = t.number.left(t.number.size() - 3);
    const int seq = QStringView(t.number).right(3).toInt();
    const bool held = isQueued(t.state) || t.state == TicketState::Called || t.state == TicketState::Serving;
    if (held)
        m_held[prefix].insert(seq);
    else if (auto it = m_held.find(prefix); it != m_held.end())
        it->remove(seq);
}

Result<int> QueueEngine::nextNumber(const QString &prefix, const QString &day)
{
    CounterStore::Counter counter;
    if (!m_counters.load(prefix, &counter))
        return internalError();
    const int last = counter.businessDay == day ? counter.last : 0;

    // Numbers still held by a ticket that is not over are skipped after a wrap
    // (from memory: with every number held, 999 point queries cost ~27 ms an issue).
    ensureHeld();
    int n = last;
    for (int tries = 0; tries < 999; ++tries) {
        n = n >= 999 ? 1 : n + 1;
        if (!taken(prefix, n)) {
            if (!m_counters.put(prefix, CounterStore::Counter{day, n}))
                return internalError();
            return n;
        }
    }
    return exhausted(prefix);
}

Result<IssuedTicket> QueueEngine::issue(const QString &serviceId, const QString &priority, qint64 bookedAt)
{
    const ServiceInfo *service = m_config.service(serviceId);
    if (!service)
        return DomainError{api::ErrorCode::UnknownService, QStringLiteral("no topic '%1' in this office").arg(serviceId)};
    if (m_config.isRetired(serviceId))
        return DomainError{api::ErrorCode::UnknownService,
                           QStringLiteral("the topic '%1' is retired: tickets for it are no longer issued").arg(serviceId)};
    if (!priority.isEmpty() && !priorityCategories().contains(priority))
        return badRequest(QStringLiteral("priority must be one of: ") + priorityCategories().join(QStringLiteral(", ")));
    const qint64 now = m_clock.nowMs();
    if (!m_schedule.isOpen(now)) {
        const qint64 next = m_schedule.nextOpening(now);
        return DomainError{api::ErrorCode::OfficeClosed,
                        next ? QStringLiteral("the office is closed; it opens at %1").arg(isoUtc(next))
                             : QStringLiteral("the office is closed")};
    }
    ensureIndex();
    const QString day = m_schedule.businessDay(now).toString(Qt::ISODate);
    // Refused before the scope opens: a rolled-back scope would make every mirror reload.
    ensureHeld();
    if (takenCount(service->prefix) >= 999)
        return exhausted(service->prefix);

    Scope scope(m_storage);
    if (!scope.isOpen())
        return internalError();
    const Result<int> n = nextNumber(service->prefix, day);
    if (!n)
        return n.error();
    Ticket t;
    t.number = service->prefix + QStringLiteral("%1").arg(n.value(), 3, 10, QLatin1Char('0'));
    t.service = t.originalService = service->id;
    t.segment = service->segment;
    t.priority = priority;
    t.state = TicketState::Waiting;
    t.issuedAt = now;
    const QString pageToken = pagetoken::generate();
    t.id = m_tickets.insert(t, service->prefix, n.value(), day, bookedAt, pageToken);
    if (!t.id)
        return internalError();
    if (!emitTicketEvent(api::kTicketIssued, t, 0) || !scope.commit())
        return internalError();
    t.page = pagetoken::path(pageToken);   // after the event: only the issuer's answer carries it
    indexTicket(t);
    noteHeld(t);
    if (m_statsValid)
        m_stats[serviceIndexOf(t.service)].addArrival(now, !priority.isEmpty());
    IssuedTicket issued{t, ahead(t), 0};
    if (const Candidate *self = m_queue.find(t.id))
        issued.estimatedWaitS = forecastWaitS(*self, -1);
    return issued;
}

Result<QueueEngine::Reserve> QueueEngine::topUpReserve(const QString &device, int perTopic)
{
    const qint64 now = m_clock.nowMs();
    Reserve out;
    if (perTopic <= 0 || !m_schedule.isOpen(now))
        return out;   // nothing is leased for a closed office: the day's leases start at opening
    out.businessDay = m_schedule.businessDay(now).toString(Qt::ISODate);
    const auto held = m_leases.unused(device, out.businessDay);
    if (!held)
        return internalError();
    out.leases = *held;
    QHash<QString, int> have;
    for (const LeaseStore::Lease &l : std::as_const(out.leases))
        ++have[l.service];
    ensureHeld();
    // Asked first, so that a reserve already full opens no scope (a rolled-back scope makes
    // every mirror reload).
    bool wanted = false;
    for (const ServiceInfo &s : m_config.services)
        if (!m_config.isRetired(s.id) && have.value(s.id) < perTopic && takenCount(s.prefix) < 999 - kLeaseFloor)
            wanted = true;
    if (!wanted)
        return out;
    Scope scope(m_storage);
    if (!scope.isOpen())
        return internalError();
    QList<LeaseStore::Lease> added;
    for (const ServiceInfo &s : m_config.services) {
        if (m_config.isRetired(s.id))
            continue;
        for (int i = have.value(s.id); i < perTopic && takenCount(s.prefix) < 999 - kLeaseFloor; ++i) {
            const Result<int> n = nextNumber(s.prefix, out.businessDay);
            if (!n)
                return n.error();
            const LeaseStore::Lease lease{s.prefix, out.businessDay, n.value(), device, s.id, now, 0};
            if (!m_leases.add(lease))
                return internalError();
            m_leased[s.prefix].insert(n.value());   // a rollback reloads it
            added.append(lease);
        }
    }
    if (!scope.commit())
        return internalError();
    out.leases.append(added);
    std::sort(out.leases.begin(), out.leases.end(), [](const LeaseStore::Lease &a, const LeaseStore::Lease &b) {
        return std::tie(a.service, a.number) < std::tie(b.service, b.number);
    });
    return out;
}

Result<QueueEngine::OfflineAccepted> QueueEngine::acceptOffline(const QString &device, const OfflineTicket &in)
{
    const ServiceInfo *service = m_config.service(in.service);
    if (!service)
        return DomainError{api::ErrorCode::UnknownService, QStringLiteral("no topic '%1' in this office").arg(in.service)};
    const QString &prefix = service->prefix;
    bool digits = false;
    const int seq = in.number.startsWith(prefix) && in.number.size() == prefix.size() + 3
                        ? QStringView(in.number).mid(prefix.size()).toInt(&digits)
                        : 0;
    if (!digits || seq < 1 || seq > 999)
        return badRequest(QStringLiteral("number '%1' is not a number of topic '%2' (prefix %3 and three digits)")
                              .arg(in.number, in.service, prefix));
    if (!in.priority.isEmpty() && !priorityCategories().contains(in.priority))
        return badRequest(QStringLiteral("priority must be one of: ") + priorityCategories().join(QStringLiteral(", ")));
    bool ok = false;
    const auto lease = m_leases.find(prefix, in.businessDay, seq, &ok);
    if (!ok)
        return internalError();
    if (!lease || lease->device != device)
        return DomainError{api::ErrorCode::NotLeased,
                           QStringLiteral("number %1 of %2 was not leased to this kiosk").arg(in.number, in.businessDay)};
    if (lease->ticketId) {   // an upload repeated after its answer was lost
        const auto t = loadTicket(lease->ticketId);
        if (!t)
            return internalError();
        return OfflineAccepted{*t, true, false};
    }
    const qint64 now = m_clock.nowMs();
    // A kiosk cannot have printed a number before it was leased, nor in the future.
    const qint64 issuedAt = qBound(lease->leasedAt, in.issuedAt, now);
    const bool today = in.businessDay == m_schedule.businessDay(now).toString(Qt::ISODate);
    ensureIndex();
    ensureHeld();
    Scope scope(m_storage);
    if (!scope.isOpen())
        return internalError();
    Ticket t;
    t.number = in.number;
    t.service = t.originalService = service->id;
    t.segment = service->segment;
    t.priority = in.priority;
    t.issuedAt = issuedAt;
    t.state = in.printed && today ? TicketState::Waiting : TicketState::Cancelled;
    if (t.state == TicketState::Cancelled) {
        t.finishedAt = today ? issuedAt : now;
        t.comment = !in.printed ? QStringLiteral("issued offline, not printed") : QStringLiteral("day closed");
    }
    const QString pageToken = pagetoken::generate();
    t.id = m_tickets.insert(t, prefix, seq, in.businessDay, 0, pageToken);
    if (!t.id || (t.state != TicketState::Waiting && !saveTicket(t)) || !m_leases.use(prefix, in.businessDay, seq, t.id))
        return internalError();
    if (!emitTicketEvent(t.state == TicketState::Waiting ? api::kTicketIssued : api::kTicketCancelled, t, 0)
        || !scope.commit())
        return internalError();
    if (today)
        if (auto it = m_leased.find(prefix); it != m_leased.end())
            it->remove(seq);
    if (t.state == TicketState::Waiting) {
        t.page = pagetoken::path(pageToken);
        indexTicket(t);
        noteHeld(t);
        if (m_statsValid)
            m_stats[serviceIndexOf(t.service)].addArrival(issuedAt, !t.priority.isEmpty());
    }
    return OfflineAccepted{t, false, issuedAt != in.issuedAt};
}

Result<int> QueueEngine::releaseReserve(const QString &device)
{
    Scope scope(m_storage);
    if (!scope.isOpen())
        return internalError();
    const int n = m_leases.release(device);
    if (n < 0 || !scope.commit())
        return internalError();
    m_heldValid = false;   // reloaded with the next issue
    return n;
}

std::optional<QHash<QString, int>> QueueEngine::reserveHolders() const
{
    return m_leases.unusedPerDevice(m_schedule.businessDay(m_clock.nowMs()).toString(Qt::ISODate));
}

Result<Ticket> QueueEngine::ticket(qint64 id) const
{
    if (auto t = loadTicket(id))
        return *t;
    return notFound(QStringLiteral("no ticket %1").arg(id));
}

Result<Ticket> QueueEngine::cancel(qint64 id)
{
    auto t = loadTicket(id);
    if (!t)
        return notFound(QStringLiteral("no ticket %1").arg(id));
    if (!isQueued(t->state))
        return wrongState(QStringLiteral("ticket %1 is %2, only a waiting ticket can be cancelled")
                              .arg(t->number, toString(t->state)));
    Scope scope(m_storage);
    t->state = TicketState::Cancelled;
    t->finishedAt = m_clock.nowMs();
    if (!saveTicket(*t) || !emitTicketEvent(api::kTicketCancelled, *t, 0) || !scope.commit())
        return internalError();
    unindexTicket(t->id);
    noteHeld(*t);
    return *t;
}

// ---------------------------------------------------------------- operators at windows

Result<WindowInfo> QueueEngine::signIn(const QString &login, int windowNumber)
{
    const qint64 now = m_clock.nowMs();
    auto row = loadWindow(windowNumber);
    if (!row)
        return badRequest(QStringLiteral("no window %1 in this office").arg(windowNumber));

    // One operator, one window: leaving another window closes it, unless a client is there.
    const std::optional<QList<int>> otherWindows = m_windows.othersOf(login, windowNumber);
    if (!otherWindows)
        return internalError();
    QList<WindowRow> toClose;
    for (int n : *otherWindows) {
        auto other = loadWindow(n);
        if (!other)
            continue;
        if (other->ticketId)
            return DomainError{api::ErrorCode::TicketActive,
                            QStringLiteral("you are serving a ticket at window %1; finish it there first").arg(n)};
        toClose.append(*other);
    }

    Scope scope(m_storage);
    for (WindowRow &other : toClose) {
        other.state = WindowState::Closed;
        other.reason = PauseReason::None;
        other.op.clear();
        other.since = now;
        if (!saveWindow(other) || !emitWindowEvent(other))
            return internalError();
    }
    row->op = login;
    if (!row->ticketId && row->state != WindowState::Paused) {
        row->state = WindowState::Open;
        row->reason = PauseReason::None;
    }
    row->since = now;
    if (!saveWindow(*row) || !emitWindowEvent(*row) || !scope.commit())
        return internalError();
    return windowInfo(*row);
}

Result<bool> QueueEngine::canSignOut(int window) const
{
    auto row = loadWindow(window);
    if (row && row->ticketId)
        return DomainError{api::ErrorCode::TicketActive, QStringLiteral("finish the current ticket before logging out")};
    return true;
}

Result<bool> QueueEngine::signOut(const QString &login, int window)
{
    const auto can = canSignOut(window);
    if (!can)
        return can;
    auto row = loadWindow(window);
    if (!row || row->op != login)
        return true;
    Scope scope(m_storage);
    row->state = WindowState::Closed;
    row->reason = PauseReason::None;
    row->op.clear();
    row->since = m_clock.nowMs();
    if (!saveWindow(*row) || !emitWindowEvent(*row) || !scope.commit())
        return internalError();
    return true;
}

// ---------------------------------------------------------------- window actions

Result<Ticket> QueueEngine::activeTicket(int window, WindowRow *row) const
{
    auto r = loadWindow(window);
    if (!r)
        return notFound(QStringLiteral("no window %1").arg(window));
    *row = *r;
    if (!row->ticketId)
        return wrongState(QStringLiteral("window %1 has no called or served ticket").arg(window));
    auto t = loadTicket(row->ticketId);
    if (!t)
        return internalError();
    return *t;
}

Result<std::optional<Ticket>> QueueEngine::call(int window, qint64 ticketId)
{
    auto row = loadWindow(window);
    if (!row)
        return notFound(QStringLiteral("no window %1").arg(window));
    if (row->ticketId)
        return DomainError{api::ErrorCode::TicketActive,
                        QStringLiteral("window %1 already has a ticket; finish it first").arg(window)};
    if (row->state == WindowState::Paused)
        return wrongState(QStringLiteral("window %1 is paused; resume it first").arg(window));
    if (row->state == WindowState::Closed)
        return wrongState(QStringLiteral("window %1 is closed").arg(window));
    const WindowConfig *wc = m_config.window(window);
    qint64 chosen = 0;
    if (ticketId) {
        const auto t = loadTicket(ticketId);
        if (!t)
            return notFound(QStringLiteral("no ticket %1").arg(ticketId));
        if (!isQueued(t->state))
            return wrongState(QStringLiteral("ticket %1 is %2, not waiting").arg(t->number, toString(t->state)));
        const bool mine = t->targetWindow ? t->targetWindow == window : wc->services.contains(t->service);
        if (!mine)
            return DomainError{api::ErrorCode::Forbidden,
                            QStringLiteral("ticket %1 is not for window %2").arg(t->number).arg(window)};
        chosen = ticketId;
    } else {
        chosen = nextFor(window);
        if (!chosen)
            return std::optional<Ticket>();
    }
    auto t = loadTicket(chosen);
    if (!t)
        return internalError();
    const qint64 now = m_clock.nowMs();
    Scope scope(m_storage);
    t->state = TicketState::Called;
    if (!t->calledAt)
        t->calledAt = now;
    t->lastCalledAt = now;
    t->window = window;
    t->targetWindow = 0;
    t->postponedUntil = 0;
    t->operatorLogin = row->op;
    t->recalls = 0;
    row->state = WindowState::Calling;
    row->ticketId = t->id;
    row->since = now;
    if (!saveTicket(*t) || !saveWindow(*row) || !emitTicketEvent(api::kTicketCalled, *t, window)
        || !emitWindowEvent(*row) || !scope.commit())
        return internalError();
    unindexTicket(t->id);
    if (m_windowStatesValid) {
        WindowLive &live = m_windowStates[window];
        live.serviceIndex = serviceIndexOf(t->service);
        live.serving = false;
        live.since = now;
    }
    return std::optional<Ticket>(*t);
}

Result<Ticket> QueueEngine::recall(int window)
{
    WindowRow row;
    auto t = activeTicket(window, &row);
    if (!t)
        return t;
    if (t->state != TicketState::Called)
        return wrongState(QStringLiteral("ticket %1 is already being served").arg(t->number));
    Scope scope(m_storage);
    t.value().recalls += 1;
    t.value().lastCalledAt = m_clock.nowMs();
    if (!saveTicket(t.value()) || !emitTicketEvent(api::kTicketRecalled, t.value(), window) || !scope.commit())
        return internalError();
    return t;
}

Result<Ticket> QueueEngine::start(int window)
{
    WindowRow row;
    auto t = activeTicket(window, &row);
    if (!t)
        return t;
    if (t->state != TicketState::Called)
        return wrongState(QStringLiteral("ticket %1 is already being served").arg(t->number));
    const qint64 now = m_clock.nowMs();
    Scope scope(m_storage);
    t.value().state = TicketState::Serving;
    t.value().startedAt = now;
    row.state = WindowState::Serving;
    row.since = now;
    if (!saveTicket(t.value()) || !saveWindow(row) || !emitTicketEvent(api::kTicketStarted, t.value(), window)
        || !emitWindowEvent(row) || !scope.commit())
        return internalError();
    if (m_windowStatesValid) {
        WindowLive &live = m_windowStates[window];
        live.serviceIndex = serviceIndexOf(t->service);
        live.serving = true;
        live.since = now;
    }
    return t;
}

Result<Ticket> QueueEngine::releaseTicket(WindowRow &row, Ticket &t, const char *eventType)
{
    const int window = row.number;
    row.state = WindowState::Open;
    row.ticketId = 0;
    row.since = m_clock.nowMs();
    Scope scope(m_storage);
    if (!saveTicket(t) || !saveWindow(row) || !emitTicketEvent(eventType, t, window) || !emitWindowEvent(row)
        || !scope.commit())
        return internalError();
    if (isQueued(t.state))
        indexTicket(t);
    noteHeld(t);
    return t;
}

Result<Ticket> QueueEngine::noShow(int window)
{
    WindowRow row;
    auto t = activeTicket(window, &row);
    if (!t)
        return t;
    if (t->state != TicketState::Called)
        return wrongState(QStringLiteral("ticket %1 came and is being served").arg(t->number));
    if (t->recalls < m_config.maxRecalls)
        return DomainError{api::ErrorCode::TooFewRecalls,
                        QStringLiteral("recall the ticket %1 more time(s) before marking a no-show")
                            .arg(m_config.maxRecalls - t->recalls)};
    t.value().state = TicketState::NoShow;
    t.value().finishedAt = m_clock.nowMs();
    return releaseTicket(row, t.value(), api::kTicketNoShow);
}

Result<Ticket> QueueEngine::finish(int window, const QString &outcomeText, const QString &comment)
{
    const auto outcome = outcomeFromString(outcomeText);
    if (!outcome || *outcome == Outcome::None)
        return badRequest(QStringLiteral("outcome must be resolved, back_office or service_stopped"));
    if (*outcome == Outcome::ServiceStopped && comment.trimmed().isEmpty())
        return badRequest(QStringLiteral("a comment is required when service is stopped"));
    if (comment.size() > kMaxCommentLength)
        return badRequest(QStringLiteral("comment is longer than %1 characters").arg(kMaxCommentLength));
    WindowRow row;
    auto t = activeTicket(window, &row);
    if (!t)
        return t;
    if (t->state != TicketState::Serving)
        return wrongState(QStringLiteral("ticket %1 is called but service has not started").arg(t->number));
    t.value().state = TicketState::Done;
    t.value().outcome = *outcome;
    t.value().comment = comment.trimmed();
    t.value().finishedAt = m_clock.nowMs();
    auto released = releaseTicket(row, t.value(), api::kTicketFinished);
    if (released && m_statsValid && released->startedAt) {
        const int index = serviceIndexOf(released->service);
        if (index >= 0)
            m_stats[index].addService((released->finishedAt - released->startedAt) / 1000.0);
    }
    return released;
}

Result<Ticket> QueueEngine::redirect(int window, const QString &service, int targetWindow)
{
    if (service.isEmpty() && !targetWindow)
        return badRequest(QStringLiteral("give a service, a window or both"));
    if (!service.isEmpty() && !m_config.service(service))
        return DomainError{api::ErrorCode::UnknownService, QStringLiteral("no topic '%1' in this office").arg(service)};
    if (targetWindow && !m_config.window(targetWindow))
        return badRequest(QStringLiteral("no window %1 in this office").arg(targetWindow));
    WindowRow row;
    auto t = activeTicket(window, &row);
    if (!t)
        return t;
    Ticket &ticket = t.value();
    if (!service.isEmpty())
        ticket.service = service;
    if (const ServiceInfo *s = m_config.service(ticket.service))
        ticket.segment = s->segment;
    ticket.targetWindow = targetWindow;
    ticket.state = TicketState::Redirected;
    ticket.redirects += 1;
    ticket.window = 0;
    ticket.startedAt = 0;
    ticket.operatorLogin.clear();
    return releaseTicket(row, ticket, api::kTicketRedirected);
}

Result<Ticket> QueueEngine::postpone(int window, int minutes)
{
    if (minutes < 1 || minutes > 240)
        return badRequest(QStringLiteral("minutes must be from 1 to 240"));
    WindowRow row;
    auto t = activeTicket(window, &row);
    if (!t)
        return t;
    Ticket &ticket = t.value();
    ticket.state = TicketState::Postponed;
    ticket.postponedUntil = m_clock.nowMs() + minutes * 60000LL;
    ticket.window = 0;
    ticket.startedAt = 0;
    ticket.operatorLogin.clear();
    return releaseTicket(row, ticket, api::kTicketPostponed);
}

Result<WindowInfo> QueueEngine::pause(int window, const QString &reasonText)
{
    const auto reason = pauseReasonFromString(reasonText);
    if (!reason || *reason == PauseReason::None)
        return badRequest(QStringLiteral("reason must be break, lunch or technical"));
    auto row = loadWindow(window);
    if (!row)
        return notFound(QStringLiteral("no window %1").arg(window));
    if (row->ticketId)
        return DomainError{api::ErrorCode::TicketActive, QStringLiteral("finish the current ticket before a pause")};
    if (row->state == WindowState::Closed)
        return wrongState(QStringLiteral("window %1 is closed").arg(window));
    Scope scope(m_storage);
    row->state = WindowState::Paused;
    row->reason = *reason;
    row->since = m_clock.nowMs();
    if (!saveWindow(*row) || !emitWindowEvent(*row) || !scope.commit())
        return internalError();
    return windowInfo(*row);
}

Result<WindowInfo> QueueEngine::resume(int window)
{
    auto row = loadWindow(window);
    if (!row)
        return notFound(QStringLiteral("no window %1").arg(window));
    if (row->state != WindowState::Paused)
        return wrongState(QStringLiteral("window %1 is not paused").arg(window));
    Scope scope(m_storage);
    row->state = WindowState::Open;
    row->reason = PauseReason::None;
    row->since = m_clock.nowMs();
    if (!saveWindow(*row) || !emitWindowEvent(*row) || !scope.commit())
        return internalError();
    return windowInfo(*row);
}

// ---------------------------------------------------------------- reads

QList<ServiceInfo> QueueEngine::services() const
{
    ensureIndex();
    QHash<QString, int> waiting;
    for (const Candidate &c : m_queue.all())
        waiting[c.service] += 1;
    QList<ServiceInfo> out;
    for (const ServiceInfo &s : m_config.services)
        if (!m_config.isRetired(s.id))
            out.append(s);
    for (ServiceInfo &s : out) {
        s.waiting = waiting.value(s.id);
        s.estimatedWaitS = estimatedWaitS(s.id, s.waiting);
    }
    return out;
}

QList<WindowInfo> QueueEngine::windows() const
{
    QList<WindowInfo> out;
    for (const WindowConfig &w : m_config.windows)
        if (auto row = loadWindow(w.number))
            out.append(windowInfo(*row));
    return out;
}

Result<WindowInfo> QueueEngine::window(int number) const
{
    if (auto row = loadWindow(number))
        return windowInfo(*row);
    return notFound(QStringLiteral("no window %1").arg(number));
}

QList<Ticket> QueueEngine::queueForService(const QString &service) const
{
    QList<Ticket> out;
    for (const Candidate &c : orderedForService(service))
        if (auto t = loadTicket(c.id))
            out.append(*t);
    return out;
}

QList<Ticket> QueueEngine::queueForWindow(int window) const
{
    QList<Ticket> out;
    const WindowConfig *wc = m_config.window(window);
    if (!wc)
        return out;
    QList<Candidate> candidates = candidatesFor(window, true);
    m_policy->order(candidates, contextFor(window, wc->services));
    for (const Candidate &c : std::as_const(candidates))
        if (auto t = loadTicket(c.id))
            out.append(*t);
    return out;
}

QList<Candidate> QueueEngine::queued() const
{
    ensureIndex();
    return m_queue.all().values();
}

// ---------------------------------------------------------------- timers

void QueueEngine::tick()
{
    ensureIndex();
    const qint64 now = m_clock.nowMs();
    const QDate today = m_schedule.businessDay(now);
    QList<qint64> returning, stale;
    for (const Candidate &c : m_queue.all()) {
        if (m_schedule.businessDay(c.issuedAt) < today)
            stale.append(c.id);
        else if (c.availableAt && c.availableAt <= now)
            returning.append(c.id);
    }
    if (returning.isEmpty() && stale.isEmpty())
        return;
    Scope scope(m_storage);
    QList<Ticket> changed;
    for (qint64 id : std::as_const(stale)) {
        auto t = loadTicket(id);
        if (!t)
            continue;
        t->state = TicketState::Cancelled;
        t->finishedAt = now;
        t->comment = QStringLiteral("day closed");
        if (!saveTicket(*t) || !emitTicketEvent(api::kTicketCancelled, *t, 0))
            return;
        changed.append(*t);
    }
    for (qint64 id : std::as_const(returning)) {
        auto t = loadTicket(id);
        if (!t)
            continue;
        t->state = TicketState::Waiting;
        t->postponedUntil = 0;
        if (!saveTicket(*t) || !emitTicketEvent(api::kTicketReturned, *t, 0))
            return;
        changed.append(*t);
    }
    if (!scope.commit())
        return;
    for (const Ticket &t : std::as_const(changed)) {
        if (isQueued(t.state))
            indexTicket(t);
        else
            unindexTicket(t.id);
        noteHeld(t);
    }
    if (!stale.isEmpty())
        qCInfo(lcEngine) << "cancelled" << stale.size() << "tickets left from an earlier day";
}

} // namespace queue::server
