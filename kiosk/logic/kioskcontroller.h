#pragma once

#include "kiosksettings.h"
#include "offlinereserve.h"

#include "common/client/apiclient.h"
#include "common/clock.h"
#include "printer/printer.h"

#include <QObject>
#include <QStringList>
#include <QTimeZone>

#include <optional>

class QTimer;

namespace queue::client {
class EventStream;
}

namespace queue::kiosk {

// The kiosk's view-model: which screen shows, with what data, and what a tap does. Talks to
// the server only through ApiClient and to the paper only through a Printer; knows nothing
// of widgets, so it is tested against the real server without a screen.
class KioskController : public QObject {
    Q_OBJECT
public:
    enum class Screen {
        Loading,          // first contact with the server
        Start,            // office name, segment choice, out-of-turn, booking, help
        Topics,           // the chosen segment's topics
        Priority,         // out-of-turn category choice
        Booking,          // keypad for a booking code
        Help,             // the diagram-style instruction
        Issuing,          // waiting for the server / the printer
        PrinterProblem,   // the printer is down: ask staff, or take the number on screen
        Ticket,           // "take your ticket" (or "remember your number" when issued without a printer)
        Closed,           // outside working hours
        Unavailable,      // the server cannot be reached; retrying
        OutOfOrder,       // printing failed after issuing: the ticket was cancelled, ask staff
        RatingNumber,     // "rate the service": the ticket number (prefix letter + digits)
        RatingScore,      // five large buttons 1..5
        RatingThanks,     // the rating was stored
    };
    Q_ENUM(Screen)

    struct IssuedView {
        client::IssuedTicket issued;
        QString topicName;
        QString priority;
        bool printed = false;
        hardware::TicketData paper;   // what was (or would have been) printed
        qint64 lateForSlot = 0;       // a booked visitor came after the check-in window: the slot start
        bool offline = false;         // issued from the offline reserve: not in the queue until uploaded
        QString journalId;            // offline: its line in the journal
    };

    // A ticket that was issued but could not be printed is cancelled on the server; a lost
    // answer to DELETE /tickets/{id} is retried this many times.
    static constexpr int kCancelAttempts = 4;

    // printer may be null (no printer configured: numbers are shown on screen only). The
    // inactivity timeouts and every time shown run on `clock` (tests pass a ManualClock).
    KioskController(client::ApiClient *api, hardware::Printer *printer, const Clock &clock, KioskSettings settings,
                    QObject *parent = nullptr);

    // The server's event stream (optional, not owned; before start()): a config.changed on it
    // reloads the catalogue at once, so that a topic added or retired in the office's live
    // administration shows on the menu within a moment, not at the next periodic refresh.
    void setEventStream(client::EventStream *stream);

    // The offline reserve (optional, not owned; before start()): while the server cannot be
    // reached, tickets are issued from it, and uploaded when the link is back
    // (docs/reliability.md, "The kiosk issues offline").
    void setOfflineReserve(OfflineReserve *reserve) { m_offline = reserve; }

    // Loads the catalogue and keeps it fresh (and opens the event stream, if any).
    void start();

    // The server could not be reached the last time it was asked.
    bool linkDown() const { return m_linkDown; }
    // Tickets are being issued from the reserve now (the link is down and numbers are left).
    bool issuingOffline() const;
    // Numbers left in the reserve for today (all topics); 0 without a reserve.
    int offlineRemaining() const;
    // The business day in the office's zone by the server's clock (the kiosk's, corrected).
    QString officeDay() const;

    Screen screen() const { return m_screen; }
    bool hasCatalog() const { return m_hasCatalog; }
    // The last call was refused because the server's certificate is not the trusted one.
    bool serverUntrusted() const;
    const client::ServiceCatalog &catalog() const { return m_catalog; }
    QStringList priorities() const { return m_priorities; }
    Segment segment() const { return m_segment; }
    QList<ServiceInfo> topics() const;              // of segment()
    bool hasSegment(Segment s) const;
    QString priority() const { return m_priority; } // chosen out-of-turn category; "" in turn
    QString bookingCode() const { return m_bookingCode; }
    bool bookingRejected() const { return !m_bookingError.isEmpty(); }
    // Why the last check-in was refused: the server's error code (too_early, unknown_booking,
    // booking_cancelled, already_checked_in, booking_expired…), "" if it was not.
    QString bookingError() const { return m_bookingError; }
    qint64 bookingSlot() const { return m_bookingSlot; }          // too_early: the slot start
    qint64 bookingComeBackAt() const { return m_bookingComeBack; }   // too_early: check-in opens
    // What the visitor reads about a refused check-in or rating ("" if none): the kiosk's
    // own words for each of the server's error codes, all in this one place.
    QString bookingMessage() const;
    QString ratingMessage() const;
    const IssuedView &lastTicket() const { return m_last; }
    // "Rate the service": the number typed so far, the server's refusal (not_found,
    // not_served, already_rated, rating_closed…; "" if none) and the stored score.
    QString ratingNumber() const { return m_ratingPrefix + m_ratingDigits; }
    QString ratingError() const { return m_ratingError; }
    int ratingScore() const { return m_ratingScore; }
    // The ticket prefixes of the office's topics, for the letter keys of the rating keypad.
    QStringList prefixes() const;
    hardware::PrinterStatus printerStatus() const;
    bool hasPrinter() const { return m_printer != nullptr; }
    QString language() const { return m_language; }
    QLocale locale() const;
    // Shown on the topic menu (or the start screen) when the topic the visitor had chosen
    // was retired meanwhile ("" when not): the menu it sent them back to says why.
    QString topicNotice() const;
    const KioskSettings &settings() const { return m_settings; }
    qint64 nowMs() const { return m_clock.nowMs(); }
    // Times are shown in the office's zone (from the server), not the kiosk PC's.
    QTimeZone officeZone() const { return m_catalog.office.timeZone(); }
    // `ms` in the office's zone, formatted in the current language.
    QString officeTimeText(qint64 ms, const QString &format) const;
    // When the closed office opens ("tomorrow at 08:00"); "" when not known.
    QString openingText() const;
    // When the inactivity timeout of the current screen runs out (clock ms); 0: none.
    qint64 idleDeadlineMs() const { return m_idleDeadline; }

    // The paper ticket for an issued ticket, worded in the current language.
    hardware::TicketData ticketData(const client::IssuedTicket &t, const QString &priority) const;
    QString ticketUrl(const queue::Ticket &t) const;

    // Visitor actions.
    void chooseSegment(Segment s);
    void chooseTopic(const QString &serviceId);
    void openPriority();
    void choosePriority(const QString &category);
    void clearPriority();
    void openBooking();
    void bookingKey(QChar key);    // '0'..'9', '<' deletes
    void submitBooking();          // checks in through the server
    void openHelp();
    void openRating();
    void ratingKey(QChar key);     // a prefix letter, '0'..'9', '<' deletes
    void submitRatingNumber();     // on to the score buttons
    void rate(int score);          // 1..5: POST /ratings
    void issueWithoutPrinter();    // on PrinterProblem
    void goHome();
    void setLanguage(const QString &language);   // "ru" / "en"
    // Any touch: restarts the inactivity timer.
    void userActivity();
    // Checks the inactivity timeout against the clock now (a timer does this 4 times a second).
    void tick();

Q_SIGNALS:
    void screenChanged(queue::kiosk::KioskController::Screen screen);
    void catalogChanged();
    void printerStatusChanged();
    void bookingChanged();
    void ratingChanged();
    void languageChanged(const QString &language);
    // The link went down or came back, or the reserve changed (issued, uploaded, refilled).
    void offlineChanged();

private:
    // Puts the controller into a given state without the server: --screenshot and tests only.
    friend class ScreenshotDriver;

    void setScreen(Screen s);
    void refresh();
    void scheduleRefresh();
    void applyCatalog(const client::ServiceCatalog &c, const QJsonObject &json);
    // Reloads the catalogue now; again after the current load if one is on its way (its
    // answer may be older than the change that asked).
    void refreshNow();
    void onEvent(const QJsonObject &event);
    // The topic the visitor had chosen is gone: back to the menu (the start screen when their
    // segment has no topics left) with topicNotice().
    void topicWithdrawn();
    void issue(bool print, const QString &key, int attempt);
    // Issues m_pendingService from the reserve: journal, then print.
    void issueOffline(bool print);
    bool canIssueOffline(const QString &service) const;
    void setLinkDown(bool down);
    // Uploads what was issued offline, then tops the reserve up (one request at a time, in
    // that order: a reserve answered before an upload landed could list its numbers again).
    void syncOffline();
    void checkIn(bool print, const QString &key, int attempt);
    // An issue or check-in failed with `e`: the closed / unavailable screens.
    void issueFailed(const client::ApiError &e);
    // lateForSlot: a late booked visitor's slot start (the ticket is an ordinary one).
    void onIssued(const client::IssuedTicket &t, bool print, qint64 lateForSlot = 0);
    void showTicket(bool printed);
    void cancelUnprinted(qint64 id, const QString &number, int attempt);
    void restartIdleTimer();
    // Tells the server the printer's state (POST /devices/status) at start and on every
    // change; a report the server did not take is sent again with the next refresh.
    void reportPrinter();
    const ServiceInfo *service(const QString &id) const;

    client::ApiClient *m_api;
    hardware::Printer *m_printer;
    KioskSettings m_settings;
    const Clock &m_clock;
    client::EventStream *m_stream = nullptr;
    QTimer *m_refreshTimer;
    QTimer *m_tickTimer;
    qint64 m_idleDeadline = 0;       // clock ms; 0: no inactivity timeout running
    Screen m_screen = Screen::Loading;
    bool m_hasCatalog = false;
    bool m_refreshing = false;
    bool m_refreshAgain = false;     // a change was announced while a load was on its way
    std::optional<Screen> m_noticeOn;   // the screen that shows topicNotice()
    client::ServiceCatalog m_catalog;
    QStringList m_priorities;
    Segment m_segment = Segment::B2C;
    QString m_priority;
    QString m_pendingService;
    QString m_bookingCode;
    QString m_bookingError;
    qint64 m_bookingSlot = 0;
    qint64 m_bookingComeBack = 0;
    bool m_checkingIn = false;       // the pending issue is a check-in of m_bookingCode
    QString m_ratingPrefix;
    QString m_ratingDigits;
    QString m_ratingError;
    int m_ratingScore = 0;
    bool m_rating = false;           // a rating is on its way
    IssuedView m_last;
    QString m_language = QStringLiteral("ru");
    bool m_printerKnown = false;     // the printer was asked at least once
    bool m_reporting = false;        // a report is on its way
    QString m_reportedPrinter;       // the state the server has (empty: none yet)
    OfflineReserve *m_offline = nullptr;
    bool m_linkDown = false;
    bool m_syncing = false;          // an upload or a reserve request is on its way
    QString m_printingOffline;       // the journal id of the offline ticket at the printer now
};

} // namespace queue::kiosk
