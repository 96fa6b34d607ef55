#include "boardmodel.h"

#include "common/app/officetime.h"
#include "common/client/apiclient.h"
#include "common/client/eventstream.h"

#include <QLoggingCategory>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace queue::board {

Q_LOGGING_CATEGORY(lcBoard, "queue.board")

namespace {
constexpr int kOfficeRefreshMs = 30000;   // the opening and closing show within half a minute
} // namespace

using client::ApiClient;
using client::EventStream;
using client::Result;
using client::ServiceCatalog;

BoardModel::BoardModel(ApiClient *api, EventStream *stream, const Clock &clock, QObject *parent)
    : QObject(parent), m_api(api), m_stream(stream), m_clock(clock), m_catalogTimer(new QTimer(this)),
      m_officeTimer(new QTimer(this))
{
    m_officeTimer->setInterval(kOfficeRefreshMs);
    connect(m_officeTimer, &QTimer::timeout, this, &BoardModel::refreshCatalogSoon);
    // Waiting counts change with almost every ticket event; ask once for a burst of them.
    m_catalogTimer->setSingleShot(true);
    m_catalogTimer->setInterval(300);
    connect(m_catalogTimer, &QTimer::timeout, this, [this] {
        if (m_api)
            m_api->services(client::guarded(this, [this](const Result<ServiceCatalog> &r) {
                if (r)
                    applyCatalog(r.value());
            }));
    });
    if (m_stream) {
        connect(m_stream, &EventStream::event, this, &BoardModel::applyEvent);
        connect(m_stream, &EventStream::resetRequired, this, &BoardModel::reload);
        connect(m_stream, &EventStream::connectedChanged, this, &BoardModel::setConnected);
    }
}

void BoardModel::start()
{
    if (m_stream)
        m_stream->open();
    if (m_api)
        m_officeTimer->start();
}

QString BoardModel::clockText() const
{
    return app::OfficeTime::timeText(m_clock.nowMs(), officeZone());
}

bool BoardModel::showsClosedOffice() const
{
    if (!m_catalogLoaded || m_open)
        return false;
    const QList<WindowInfo> shown = windows();
    return std::all_of(shown.cbegin(), shown.cend(), [](const WindowInfo &w) { return w.state == WindowState::Closed; });
}

QString BoardModel::openingText(const QLocale &locale) const
{
    return app::OfficeTime::openingText(m_nextOpening, m_clock.nowMs(), officeZone(), locale);
}

void BoardModel::reload()
{
    if (!m_api)
        return;
    m_api->windows(client::guarded(this, [this](const Result<QList<WindowInfo>> &r) {
        if (r)
            applyWindows(r.value());
        // else: the stream asks again after the next reconnect; the last state stays shown
    }));
    m_api->services(client::guarded(this, [this](const Result<ServiceCatalog> &r) {
        if (r)
            applyCatalog(r.value());
    }));
}

void BoardModel::refreshCatalogSoon()
{
    if (m_api && !m_catalogTimer->isActive())
        m_catalogTimer->start();
}

void BoardModel::setConnected(bool up)
{
    if (m_connected == up)
        return;
    m_connected = up;
    Q_EMIT connectedChanged(up);
    Q_EMIT changed();
}

std::optional<Segment> BoardModel::windowSegment(int window) const
{
    auto it = m_windows.constFind(window);
    if (it == m_windows.constEnd())
        return std::nullopt;
    return it->segment;
}

bool BoardModel::isHighlighted(const CallRow &row) const
{
    return row.shownAtMs > 0 && isAtWindow(row) && row.state == TicketState::Called
           && m_clock.nowMs() - row.shownAtMs < m_highlightMs;
}

bool BoardModel::isAtWindow(const CallRow &row) const
{
    if (row.state != TicketState::Called && row.state != TicketState::Serving)
        return false;
    auto it = m_windows.constFind(row.window);
    if (it == m_windows.constEnd())
        return false;
    if (it->state != WindowState::Calling && it->state != WindowState::Serving)
        return false;
    return it->ticket && it->ticket->id == row.ticketId;
}

QList<WindowInfo> BoardModel::windows() const
{
    QList<WindowInfo> out;
    for (const WindowInfo &w : m_windows)
        if (m_filter.acceptsWindow(w.number, w.segment))
            out.append(w);
    return out;
}

QList<TopicCount> BoardModel::topics() const
{
    QSet<QString> served;
    const bool byWindows = !m_filter.windows.isEmpty();
    if (byWindows)
        for (const WindowInfo &w : m_windows)
            if (m_filter.windows.contains(w.number))
                for (const QString &s : w.services)
                    served.insert(s);
    QList<TopicCount> out;
    for (const ServiceInfo &s : m_services) {
        if (m_filter.segment && s.segment != *m_filter.segment)
            continue;
        if (byWindows && !served.contains(s.id))
            continue;
        out.append({s.id, s.name, s.prefix, s.waiting});
    }
    return out;
}

QString BoardModel::tickerText() const
{
    if (!m_tickerOverride.isEmpty())
        return m_tickerOverride;
    QStringList parts;
    if (!m_office.name.isEmpty())
        parts.append(m_office.name);
    if (!m_office.phone.isEmpty())
        parts.append(tr("If you are not satisfied with the service, call %1").arg(m_office.phone));
    if (!m_office.website.isEmpty())
        parts.append(tr("Book a visit at %1").arg(m_office.website));
    parts.append(tr("Visitors with disabilities are served out of turn"));
    return parts.join(QStringLiteral("   •   "));
}

void BoardModel::applyWindows(const QList<WindowInfo> &windows)
{
    m_windows.clear();
    for (const WindowInfo &w : windows)
        m_windows.insert(w.number, w);
    m_windowsLoaded = true;
    // Rows the board had are checked against the windows; tickets at a window that the
    // board did not see called (first start, or after a stream reset) are added, unhighlighted.
    for (CallRow &row : m_calls) {
        auto it = m_windows.constFind(row.window);
        const bool there = it != m_windows.constEnd() && it->ticket && it->ticket->id == row.ticketId;
        if (there)
            row.state = it->ticket->state;
        else if (row.state == TicketState::Called || row.state == TicketState::Serving)
            row.state = TicketState::Done;
    }
    QList<CallRow> added;
    for (const WindowInfo &w : std::as_const(m_windows)) {
        if (!w.ticket || !queue::isAtWindow(w.ticket->state) || !m_filter.acceptsWindow(w.number, w.segment))
            continue;
        const bool known = std::any_of(m_calls.cbegin(), m_calls.cend(),
                                       [&](const CallRow &r) { return r.ticketId == w.ticket->id && r.window == w.number; });
        if (!known)
            added.append({w.ticket->id, w.ticket->number, w.number, w.ticket->state, 0, w.ticket->recalls});
    }
    std::sort(added.begin(), added.end(), [&](const CallRow &a, const CallRow &b) {
        const Ticket &ta = *m_windows[a.window].ticket;
        const Ticket &tb = *m_windows[b.window].ticket;
        return qMax(ta.lastCalledAt, ta.calledAt) > qMax(tb.lastCalledAt, tb.calledAt);
    });
    // Loaded rows go below the live ones (they were called earlier).
    m_calls += added;
    while (m_calls.size() > m_recent)
        m_calls.removeLast();
    Q_EMIT windowsChanged();
    Q_EMIT changed();
    if (isLoaded())
        Q_EMIT loaded();
}

void BoardModel::applyCatalog(const ServiceCatalog &catalog)
{
    m_services = catalog.services;
    m_office = catalog.office;
    m_open = catalog.open;
    m_nextOpening = catalog.nextOpening;
    const bool first = !m_catalogLoaded;
    m_catalogLoaded = true;
    Q_EMIT changed();
    if (first && isLoaded())
        Q_EMIT loaded();
}

void BoardModel::applyEvent(const QJsonObject &event)
{
    const QString type = event.value(QLatin1String("type")).toString();
    if (const auto change = client::ConfigChange::fromEvent(event)) {
        // Topics, windows or the office's texts changed in the live administration: the
        // board asks for both again. The calls it shows stay (applyWindows checks them
        // against the windows), and nothing is announced again.
        qCInfo(lcBoard).noquote() << "the office's configuration changed (version" << change->version << "-"
                                  << change->parts.join(QLatin1String(", ")) << "): reloading topics and windows";
        reload();
        return;
    }
    const qint64 atMs = parseIsoUtc(event.value(QLatin1String("at")).toString());
    if (type == QLatin1String(api::kWindowChanged)) {
        const auto w = WindowInfo::fromJson(event.value(QLatin1String("state")).toObject());
        if (!w)
            return;
        m_windows.insert(w->number, *w);
        // The window no longer has a row's ticket: that call is over.
        for (CallRow &row : m_calls)
            if (row.window == w->number && (row.state == TicketState::Called || row.state == TicketState::Serving)
                && !(w->ticket && w->ticket->id == row.ticketId))
                row.state = TicketState::Done;
        Q_EMIT windowsChanged();
        Q_EMIT changed();
        return;
    }
    if (!type.startsWith(QLatin1String("ticket."))) {
        if (!client::isKnownEventType(type))
            qCDebug(lcBoard) << "ignoring an event of unknown type" << type;
        return;
    }
    const auto t = Ticket::fromJson(event.value(QLatin1String("ticket")).toObject());
    if (!t)
        return;
    const int window = event.value(QLatin1String("window")).toInt(t->window);
    if (type == QLatin1String(api::kTicketCalled))
        onCall(*t, window, false, atMs);
    else if (type == QLatin1String(api::kTicketRecalled))
        onCall(*t, window, true, atMs);
    else
        onTicketChange(*t);
    if (type != QLatin1String(api::kTicketStarted) && type != QLatin1String(api::kTicketFinished))
        refreshCatalogSoon();
}

void BoardModel::onCall(const Ticket &t, int window, bool recall, qint64 atMs)
{
    if (window <= 0)
        return;
    const std::optional<Segment> seg = windowSegment(window);
    if (!m_filter.acceptsWindow(window, seg ? seg : std::optional<Segment>(t.segment)))
        return;
    // The ticket's earlier row (a recall, or a call after a redirect) gives way to this one.
    m_calls.erase(std::remove_if(m_calls.begin(), m_calls.end(), [&](const CallRow &r) { return r.ticketId == t.id; }),
                  m_calls.end());
    m_calls.prepend({t.id, t.number, window, TicketState::Called, m_clock.nowMs(), t.recalls});
    while (m_calls.size() > m_recent)
        m_calls.removeLast();
    // The window.changed of the same change follows; until then the window is taken as calling.
    auto it = m_windows.find(window);
    if (it != m_windows.end()) {
        it->state = WindowState::Calling;
        it->ticket = t;
    }
    Q_EMIT changed();
    const bool fresh = m_announceMaxAgeMs <= 0 || atMs <= 0 || m_clock.nowMs() - atMs <= m_announceMaxAgeMs;
    if (fresh)
        Q_EMIT announce(t.number, window, recall);
}

void BoardModel::onTicketChange(const Ticket &t)
{
    bool any = false;
    for (CallRow &row : m_calls)
        if (row.ticketId == t.id) {
            row.state = t.state;
            any = true;
        }
    if (any)
        Q_EMIT changed();
}

bool BoardModel::serverUntrusted() const
{
    return (m_api && !m_api->trustProblem().isEmpty()) || (m_stream && !m_stream->trustProblem().isEmpty());
}

} // namespace queue::board
