#pragma once

#include "boardconfig.h"
#include "common/client/apitypes.h"
#include "common/clock.h"
#include "common/protocol.h"

#include <QList>
#include <QLocale>
#include <QMap>
#include <QObject>
#include <QTimeZone>

class QTimer;

namespace queue::client {
class ApiClient;
class EventStream;
} // namespace queue::client

namespace queue::board {

// One call on the board: a ticket invited to a window.
struct CallRow {
    qint64 ticketId = 0;
    QString number;
    int window = 0;
    TicketState state = TicketState::Called;
    qint64 shownAtMs = 0;     // board clock when the call (or recall) arrived; 0: loaded, not live
    int recalls = 0;
};

struct TopicCount {
    QString id;
    QString name;
    QString prefix;
    int waiting = 0;
};

// The hall board's state, kept from the server's GET calls and its event stream: the last
// calls (newest first), the windows, the waiting count per topic and the office data.
// Every ticket.called / ticket.recalled event that passes the filter becomes a row on top
// and an announce() — calls that arrive together each get their own, in seq order, and
// calls made while the board was disconnected come in through the stream's replay.
class BoardModel : public QObject {
    Q_OBJECT
public:
    BoardModel(client::ApiClient *api, client::EventStream *stream, const Clock &clock, QObject *parent = nullptr);

    void setFilter(const BoardFilter &filter) { m_filter = filter; }
    const BoardFilter &filter() const { return m_filter; }
    void setRecentCount(int n) { m_recent = qMax(1, n); }
    int recentCount() const { return m_recent; }
    void setHighlightMs(qint64 ms) { m_highlightMs = ms; }
    // Calls whose event is older than this (a replay after a long outage) are shown but not
    // announced; 0: announce all.
    void setAnnounceMaxAgeMs(qint64 ms) { m_announceMaxAgeMs = ms; }
    void setTicker(const QString &text) { m_tickerOverride = text; }

    // Opens the event stream; the state is (re)loaded whenever the stream asks for it.
    void start();

    QList<CallRow> calls() const { return m_calls; }
    bool isHighlighted(const CallRow &row) const;
    // The ticket is invited or served at its window right now: never for a window that is
    // paused, closed or idle, nor for a ticket the window no longer has.
    bool isAtWindow(const CallRow &row) const;
    QList<WindowInfo> windows() const;                 // the filtered windows, by number
    const QMap<int, WindowInfo> &allWindows() const { return m_windows; }
    QList<TopicCount> topics() const;                  // topics served by the filtered windows
    const client::OfficeInfo &office() const { return m_office; }
    QString tickerText() const;                        // running line
    bool isConnected() const { return m_connected; }
    // The server's certificate is not the trusted one (a call or the event stream was refused).
    bool serverUntrusted() const;
    bool isLoaded() const { return m_windowsLoaded && m_catalogLoaded; }
    qint64 nowMs() const { return m_clock.nowMs(); }
    // The office's time zone (from the server): the clock and the opening time are shown in
    // it, not in the board PC's.
    QTimeZone officeZone() const { return m_office.timeZone(); }
    QString clockText() const;                         // "HH:mm", office time
    bool isOfficeOpen() const { return m_open; }
    qint64 nextOpening() const { return m_nextOpening; }   // 0: not known
    // The office is closed and no window works: the board says so instead of listing every
    // window as closed. Operators finishing the last visitors after closing time keep the
    // ordinary board (their calls are shown and announced).
    bool showsClosedOffice() const;
    // "Opens tomorrow at 08:00" in `locale`'s wording of the date; "" when not known.
    QString openingText(const QLocale &locale) const;

    // Feeding the state directly: sample screens and tests.
    void applyWindows(const QList<WindowInfo> &windows);
    void applyCatalog(const client::ServiceCatalog &catalog);
    void applyEvent(const QJsonObject &event);
    void setConnected(bool up);

Q_SIGNALS:
    void changed();
    void windowsChanged();
    // A call (or recall) to announce, in the order the server made them.
    void announce(const QString &ticket, int window, bool recall);
    void connectedChanged(bool up);
    void loaded();

private:
    void reload();
    void refreshCatalogSoon();
    void onCall(const Ticket &t, int window, bool recall, qint64 atMs);
    void onTicketChange(const Ticket &t);
    std::optional<Segment> windowSegment(int window) const;

    client::ApiClient *m_api;
    client::EventStream *m_stream;
    const Clock &m_clock;
    BoardFilter m_filter;
    int m_recent = 8;
    qint64 m_highlightMs = 10000;
    qint64 m_announceMaxAgeMs = 300000;
    QString m_tickerOverride;

    QList<CallRow> m_calls;
    QMap<int, WindowInfo> m_windows;
    QList<ServiceInfo> m_services;
    client::OfficeInfo m_office;
    bool m_open = true;          // until the server says otherwise
    qint64 m_nextOpening = 0;
    bool m_connected = false;
    bool m_windowsLoaded = false;
    bool m_catalogLoaded = false;
    QTimer *m_catalogTimer;
    QTimer *m_officeTimer;       // nothing on the stream says the office opened or closed: ask
};

} // namespace queue::board
