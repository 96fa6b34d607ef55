#include "kioskcontroller.h"

#include "kiosktexts.h"

#include "common/app/officetime.h"
#include "common/client/eventstream.h"

#include <QDateTime>
#include <QPointer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

#include <utility>

namespace queue::kiosk {

Q_LOGGING_CATEGORY(lcKiosk, "queue.kiosk")

namespace {
constexpr int kIssueAttempts = 3;     // a lost answer to POST /tickets is retried with the same key
constexpr int kIssueRetryMs = 700;
constexpr int kCancelRetryMs = 1000;
constexpr int kMaxBookingDigits = 8;
constexpr int kTickMs = 250;          // how often the inactivity timeout is checked against the clock
} // namespace

KioskController::KioskController(client::ApiClient *api, hardware::Printer *printer, const Clock &clock,
                                 KioskSettings settings, QObject *parent)
    : QObject(parent), m_api(api), m_printer(printer), m_settings(std::move(settings)), m_clock(clock),
      m_refreshTimer(new QTimer(this)), m_tickTimer(new QTimer(this))
{
    m_refreshTimer->setSingleShot(true);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] { refresh(); });
    m_tickTimer->setInterval(kTickMs);
    connect(m_tickTimer, &QTimer::timeout, this, &KioskController::tick);
    if (m_printer)
        connect(m_printer, &hardware::Printer::statusChanged, this, [this](const hardware::PrinterStatus &st) {
            if (st.canPrint() && st.state != hardware::PrinterState::PaperLow)
                qCInfo(lcKiosk) << "printer:" << hardware::toString(st.state) << st.detail;
            else
                qCWarning(lcKiosk) << "printer:" << hardware::toString(st.state) << st.detail;
            m_printerKnown = true;
            reportPrinter();
            Q_EMIT printerStatusChanged();
        });
}

namespace {
QString serverPrinterState(hardware::PrinterState s)
{
    switch (s) {
    case hardware::PrinterState::Unknown:   // a write-only link: printable as far as anyone knows
    case hardware::PrinterState::Ready: return QStringLiteral("ok");
    case hardware::PrinterState::PaperLow: return QStringLiteral("paper_low");
    case hardware::PrinterState::PaperOut: return QStringLiteral("paper_out");
    case hardware::PrinterState::Offline: return QStringLiteral("offline");
    case hardware::PrinterState::Error: break;
    }
    return QStringLiteral("error");
}
} // namespace

void KioskController::reportPrinter()
{
    if (!m_api || !m_printer || !m_printerKnown || m_reporting)
        return;
    const hardware::PrinterStatus st = m_printer->status();
    const QString state = serverPrinterState(st.state);
    if (state == m_reportedPrinter)
        return;
    m_reporting = true;
    m_api->reportDeviceStatus(state, st.detail.left(200),
                              client::guarded(this, [this, state](const client::Result<client::Empty> &r) {
                                  m_reporting = false;
                                  if (!r) {
                                      qCWarning(lcKiosk) << "cannot report the printer state" << state << ":"
                                                         << r.error().code << r.error().message;
                                      return;   // sent again with the next refresh
                                  }
                                  m_reportedPrinter = state;
                                  reportPrinter();   // it may have changed meanwhile
                              }));
}

void KioskController::setEventStream(client::EventStream *stream)
{
    if (m_stream)
        m_stream->disconnect(this);
    m_stream = stream;
    if (!m_stream)
        return;
    connect(m_stream, &client::EventStream::event, this, &KioskController::onEvent);
    // Events were missed (first connection, a reset, a gap): a change may be among them.
    connect(m_stream, &client::EventStream::resetRequired, this, &KioskController::refreshNow);
}

void KioskController::start()
{
    if (m_printer)
        qCInfo(lcKiosk) << "printer:" << m_printer->description();
    refresh();
    if (m_stream)
        m_stream->open();
}

void KioskController::onEvent(const QJsonObject &event)
{
    if (const auto change = client::ConfigChange::fromEvent(event)) {
        qCInfo(lcKiosk).noquote() << "the office's configuration changed (version" << change->version << "-"
                                  << change->parts.join(QLatin1String(", ")) << "): reloading the topics";
        refreshNow();
        return;
    }
    // Tickets and windows: the waiting counts come with the periodic refresh.
    const QString type = event.value(QLatin1String("type")).toString();
    if (!client::isKnownEventType(type))
        qCDebug(lcKiosk) << "ignoring an event of unknown type" << type;
}

void KioskController::refreshNow()
{
    if (m_refreshing)
        m_refreshAgain = true;
    else
        refresh();
}

QString KioskController::topicNotice() const
{
    if (!m_noticeOn || *m_noticeOn != m_screen)
        return QString();
    return tr("The topic you chose is no longer served. Please choose another one.");
}

void KioskController::topicWithdrawn()
{
    qCInfo(lcKiosk) << "the topic" << m_pendingService << "the visitor had chosen was retired: back to the menu";
    m_pendingService.clear();
    const Screen menu = hasSegment(m_segment) ? Screen::Topics : Screen::Start;
    m_noticeOn = menu;
    setScreen(menu);
}

QList<ServiceInfo> KioskController::topics() const
{
    QList<ServiceInfo> out;
    for (const ServiceInfo &s : m_catalog.services)
        if (s.segment == m_segment)
            out << s;
    return out;
}

bool KioskController::hasSegment(Segment seg) const
{
    for (const ServiceInfo &s : m_catalog.services)
        if (s.segment == seg)
            return true;
    return false;
}

const ServiceInfo *KioskController::service(const QString &id) const
{
    for (const ServiceInfo &s : m_catalog.services)
        if (s.id == id)
            return &s;
    return nullptr;
}

hardware::PrinterStatus KioskController::printerStatus() const
{
    return m_printer ? m_printer->status() : hardware::PrinterStatus{};
}

QLocale KioskController::locale() const { return KioskTexts::locale(m_language); }

void KioskController::setScreen(Screen s)
{
    if (m_noticeOn && *m_noticeOn != s)
        m_noticeOn.reset();   // the notice belongs to the menu the visitor was sent back to
    if (m_screen != s) {
        m_screen = s;
        Q_EMIT screenChanged(s);
    }
    restartIdleTimer();
}

void KioskController::restartIdleTimer()
{
    int ms = 0;
    switch (m_screen) {
    case Screen::Topics:
    case Screen::Priority:
    case Screen::Booking:
    case Screen::Help:
    case Screen::RatingNumber:
    case Screen::RatingScore:
        ms = m_settings.inactivityTimeoutMs;
        break;
    case Screen::RatingThanks:
        ms = m_settings.noticeTimeoutMs;
        break;
    case Screen::Start:   // only a half-made choice (out-of-turn picked) needs undoing, or a notice
        ms = !m_priority.isEmpty() ? m_settings.inactivityTimeoutMs
             : m_noticeOn ? m_settings.noticeTimeoutMs
                          : 0;
        break;
    case Screen::Ticket:
        ms = m_last.printed ? m_settings.ticketTimeoutMs : m_settings.noticeTimeoutMs;
        break;
    case Screen::PrinterProblem:
    case Screen::OutOfOrder:
        ms = m_settings.noticeTimeoutMs;
        break;
    case Screen::Loading:
    case Screen::Issuing:
    case Screen::Closed:
    case Screen::Unavailable:
        break;
    }
    m_idleDeadline = ms > 0 ? m_clock.nowMs() + ms : 0;
    if (m_idleDeadline)
        m_tickTimer->start();
    else
        m_tickTimer->stop();
}

void KioskController::userActivity()
{
    if (m_idleDeadline)
        restartIdleTimer();
}

void KioskController::tick()
{
    if (!m_idleDeadline || m_clock.nowMs() < m_idleDeadline)
        return;
    qCInfo(lcKiosk) << "inactivity: back to the start screen from" << m_screen;
    m_idleDeadline = 0;
    goHome();
}

QString KioskController::bookingMessage() const
{
    if (m_bookingError.isEmpty())
        return QString();
    auto when = [this](qint64 ms) {
        const QTimeZone zone = officeZone();
        const bool today = QDateTime::fromMSecsSinceEpoch(ms, zone).date()
                           == QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), zone).date();
        return officeTimeText(ms, today ? QStringLiteral("HH:mm") : QStringLiteral("dd.MM.yyyy HH:mm"));
    };
    using api::ErrorCode;
    switch (api::errorCodeFromName(m_bookingError).value_or(ErrorCode::Internal)) {
    case ErrorCode::TooEarly:
        if (!m_bookingComeBack)
            break;
        return tr("Your booking is for %1. Check-in opens at %2: please come back then.")
            .arg(when(m_bookingSlot), when(m_bookingComeBack));
    case ErrorCode::UnknownBooking:
    case ErrorCode::BadRequest:
        return tr("There is no booking with code %1. Check the code, or take a ticket for the topic of your visit.")
            .arg(m_bookingCode);
    case ErrorCode::BookingCancelled:
        return tr("This booking was cancelled. Please take a ticket for the topic of your visit.");
    case ErrorCode::AlreadyCheckedIn:
        return tr("A ticket has already been issued for this booking.");
    case ErrorCode::BookingExpired:
        return tr("This booking was for an earlier day. Please take a ticket for the topic of your visit.");
    default:
        break;
    }
    return tr("The booking cannot be checked now. Please take a ticket for the topic of your visit, "
              "or ask the administrator.");
}

QString KioskController::ratingMessage() const
{
    if (m_ratingError.isEmpty())
        return QString();
    const QString number = ratingNumber();
    using api::ErrorCode;
    switch (api::errorCodeFromName(m_ratingError).value_or(ErrorCode::Internal)) {
    case ErrorCode::NotFound:
        return tr("There is no ticket %1 today. Check the number.").arg(number);
    case ErrorCode::NotServed:
        return tr("Ticket %1 has not been served yet: you can rate the service after your visit.").arg(number);
    case ErrorCode::AlreadyRated:
        return tr("Ticket %1 has already been rated. Thank you!").arg(number);
    case ErrorCode::RatingClosed:
        return tr("The visit with ticket %1 was more than a day ago and can no longer be rated.").arg(number);
    default:
        break;
    }
    return tr("The rating cannot be accepted now. Please try again later.");
}

QString KioskController::officeTimeText(qint64 ms, const QString &format) const
{
    return locale().toString(QDateTime::fromMSecsSinceEpoch(ms, officeZone()), format);
}

QString KioskController::openingText() const
{
    return app::OfficeTime::openingText(m_catalog.nextOpening, m_clock.nowMs(), officeZone(), locale());
}

void KioskController::scheduleRefresh()
{
    const bool failing = m_screen == Screen::Unavailable || m_screen == Screen::Loading || m_linkDown;
    m_refreshTimer->start(failing ? m_settings.retryIntervalMs : m_settings.refreshIntervalMs);
}

void KioskController::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    m_api->services(client::guarded(this, [this](const client::Result<client::ServiceCatalog> &r) {
        m_refreshing = false;
        if (r) {
            setLinkDown(false);
            applyCatalog(r.value(), r.json());
            if (m_offline)
                m_offline->saveCatalog(r.json());
            reportPrinter();
            syncOffline();
        } else {
            const client::ApiError &e = r.error();
            qCWarning(lcKiosk) << "cannot load the services:" << e.code << e.message;
            const bool midIssue = m_screen == Screen::Issuing || m_screen == Screen::Ticket
                                  || m_screen == Screen::PrinterProblem || m_screen == Screen::OutOfOrder;
            if (e.isNetworkError || (e.kind == client::ApiError::Kind::Http && e.status >= 500)) {
                setLinkDown(true);
                // Started while the server cannot be reached: the menu it last had, so that
                // the reserve can be used.
                if (!m_hasCatalog && m_offline && m_offline->remainingTotal(officeDay()) > 0)
                    if (const auto saved = m_offline->savedCatalog())
                        if (const auto c = client::ServiceCatalog::fromJson(*saved)) {
                            qCWarning(lcKiosk) << "showing the topics saved before the link went down";
                            applyCatalog(*c, *saved);
                        }
            }
            // With a reserve the kiosk keeps issuing; else it says it cannot. A visitor in the
            // middle of issuing or reading a ticket is not interrupted.
            if (issuingOffline()) {
                if (m_screen == Screen::Unavailable || m_screen == Screen::Loading)
                    goHome();
            } else if (!midIssue) {
                setScreen(Screen::Unavailable);
            }
        }
        if (std::exchange(m_refreshAgain, false))
            refresh();
        else
            scheduleRefresh();
    }));
    // The paper sensor is read while nobody is using the kiosk.
    if (m_printer && (m_screen == Screen::Start || m_screen == Screen::Closed || m_screen == Screen::Unavailable
                      || m_screen == Screen::Loading))
        m_printer->checkStatus(client::guarded(this, [this](const hardware::PrinterStatus &) {
            m_printerKnown = true;
            reportPrinter();
        }));
}

void KioskController::applyCatalog(const client::ServiceCatalog &c, const QJsonObject &json)
{
    m_catalog = c;
    m_hasCatalog = true;
    m_priorities.clear();
    for (const QJsonValue &v : json.value(QLatin1String("priorities")).toArray())
        m_priorities << v.toString();
    if (m_priorities.isEmpty())
        m_priorities = priorityCategories();
    // A topic retired in the live administration simply leaves the catalogue. A visitor
    // stays where they are (the menu shows the topics now served), unless what they stand
    // on is gone: the topic they chose (waiting for a decision about the printer), or every
    // topic of the menu they are reading.
    const bool topicGone = m_screen == Screen::PrinterProblem && !m_checkingIn && !m_pendingService.isEmpty()
                           && !service(m_pendingService);
    const bool menuGone = m_screen == Screen::Topics && !hasSegment(m_segment);
    if (topicGone || menuGone)
        topicWithdrawn();
    if (!hasSegment(m_segment))
        m_segment = hasSegment(Segment::B2C) ? Segment::B2C : Segment::B2B;
    Q_EMIT catalogChanged();
    switch (m_screen) {
    case Screen::Loading:
    case Screen::Unavailable:
    case Screen::Closed:
        if (c.open)
            goHome();
        else
            setScreen(Screen::Closed);
        break;
    case Screen::Start:
    case Screen::Topics:
    case Screen::Priority:
    case Screen::Booking:
    case Screen::RatingNumber:
    case Screen::RatingScore:
        if (!c.open) {
            m_priority.clear();
            setScreen(Screen::Closed);
        }
        break;
    default:
        break;
    }
}

void KioskController::goHome()
{
    m_noticeOn.reset();
    m_priority.clear();
    m_pendingService.clear();
    m_bookingCode.clear();
    m_bookingError.clear();
    m_checkingIn = false;
    Q_EMIT bookingChanged();
    m_ratingPrefix.clear();
    m_ratingDigits.clear();
    m_ratingError.clear();
    Q_EMIT ratingChanged();
    if (!m_hasCatalog)
        setScreen(Screen::Unavailable);
    else
        setScreen(m_catalog.open ? Screen::Start : Screen::Closed);
}

void KioskController::chooseSegment(Segment s)
{
    if (m_screen != Screen::Start || !hasSegment(s))
        return;
    m_segment = s;
    Q_EMIT catalogChanged();
    setScreen(Screen::Topics);
}

void KioskController::openPriority()
{
    if (m_screen == Screen::Start)
        setScreen(Screen::Priority);
}

void KioskController::choosePriority(const QString &category)
{
    if (m_screen != Screen::Priority || !m_priorities.contains(category))
        return;
    m_priority = category;
    setScreen(Screen::Start);
}

void KioskController::clearPriority()
{
    m_priority.clear();
    if (m_screen == Screen::Priority)
        setScreen(Screen::Start);
    else
        restartIdleTimer();
    Q_EMIT catalogChanged();
}

void KioskController::openBooking()
{
    if (m_screen != Screen::Start)
        return;
    m_bookingCode.clear();
    m_bookingError.clear();
    Q_EMIT bookingChanged();
    setScreen(Screen::Booking);
}

void KioskController::bookingKey(QChar key)
{
    if (m_screen != Screen::Booking)
        return;
    if (key == QLatin1Char('<'))
        m_bookingCode.chop(1);
    else if (key.isDigit() && m_bookingCode.size() < kMaxBookingDigits)
        m_bookingCode += key;
    m_bookingError.clear();
    Q_EMIT bookingChanged();
    restartIdleTimer();
}

void KioskController::submitBooking()
{
    if (m_screen != Screen::Booking || m_bookingCode.isEmpty())
        return;
    if (!m_catalog.open) {
        setScreen(Screen::Closed);
        return;
    }
    m_bookingError.clear();
    m_checkingIn = true;
    setScreen(Screen::Issuing);
    if (!m_printer || !m_settings.checkPrinterFirst) {
        checkIn(m_printer != nullptr, QString(), 1);
        return;
    }
    m_printer->checkStatus([this, guard = QPointer<KioskController>(this)](const hardware::PrinterStatus &st) {
        if (!guard || m_screen != Screen::Issuing)
            return;
        if (st.canPrint())
            checkIn(true, QString(), 1);
        else
            setScreen(Screen::PrinterProblem);
    });
}

void KioskController::checkIn(bool print, const QString &key, int attempt)
{
    m_api->checkInBooking(
        m_bookingCode,
        client::guarded(this, [this, print, attempt](const client::Result<client::IssuedTicket> &r) {
            if (r) {
                const bool late = r.json().value(QLatin1String("checkin")).toString() == QLatin1String("late");
                const qint64 slot = parseIsoUtc(r.json().value(QLatin1String("booking")).toObject()
                                                    .value(QLatin1String("start")).toString());
                qCInfo(lcKiosk) << "checked in a booking" << (late ? "late" : "on time");
                m_checkingIn = false;
                m_bookingCode.clear();
                Q_EMIT bookingChanged();
                onIssued(r.value(), print, late ? slot : 0);
                return;
            }
            const client::ApiError &e = r.error();
            qCWarning(lcKiosk) << "check-in failed:" << e.code << e.message;
            if (e.isNetworkError && attempt < kIssueAttempts) {
                QTimer::singleShot(kIssueRetryMs, this,
                                   [this, print, key = r.idempotencyKey(), attempt] { checkIn(print, key, attempt + 1); });
                return;
            }
            if (e.kind == client::ApiError::Kind::Http && e.status >= 400 && e.status < 500
                && !e.is(api::ErrorCode::OfficeClosed) && !e.is(api::ErrorCode::Unauthorized)) {
                // The visitor's booking cannot be used now: say why on the keypad screen.
                const QJsonObject err = r.json().value(QLatin1String("error")).toObject();
                m_checkingIn = false;
                m_bookingError = e.code.isEmpty() ? QStringLiteral("bad_request") : e.code;
                m_bookingSlot = parseIsoUtc(err.value(QLatin1String("slot_start")).toString());
                m_bookingComeBack = parseIsoUtc(err.value(QLatin1String("come_back_at")).toString());
                Q_EMIT bookingChanged();
                setScreen(Screen::Booking);
                return;
            }
            m_checkingIn = false;
            issueFailed(e);
        }),
        key);
}

QStringList KioskController::prefixes() const
{
    QStringList out;
    for (const ServiceInfo &s : m_catalog.services)
        if (!s.prefix.isEmpty() && !out.contains(s.prefix))
            out << s.prefix;
    return out;
}

void KioskController::openRating()
{
    if (m_screen != Screen::Start)
        return;
    m_ratingPrefix.clear();
    m_ratingDigits.clear();
    m_ratingError.clear();
    m_ratingScore = 0;
    Q_EMIT ratingChanged();
    setScreen(Screen::RatingNumber);
}

void KioskController::ratingKey(QChar key)
{
    if (m_screen != Screen::RatingNumber)
        return;
    if (key == QLatin1Char('<')) {
        if (!m_ratingDigits.isEmpty())
            m_ratingDigits.chop(1);
        else
            m_ratingPrefix.clear();
    } else if (key.isDigit()) {
        if (m_ratingDigits.size() < 3)
            m_ratingDigits += key;
    } else if (prefixes().contains(QString(key))) {
        m_ratingPrefix = QString(key);
    }
    m_ratingError.clear();
    Q_EMIT ratingChanged();
    restartIdleTimer();
}

void KioskController::submitRatingNumber()
{
    if (m_screen != Screen::RatingNumber || m_ratingPrefix.isEmpty() || m_ratingDigits.isEmpty())
        return;
    // Numbers are printed with three digits: "К12" is "К012".
    m_ratingDigits = m_ratingDigits.rightJustified(3, QLatin1Char('0'));
    m_ratingError.clear();
    Q_EMIT ratingChanged();
    setScreen(Screen::RatingScore);
}

void KioskController::rate(int score)
{
    if (m_screen != Screen::RatingScore || score < 1 || score > 5 || m_rating)
        return;
    m_rating = true;
    m_api->rateTicket(ratingNumber(), score, QString(),
                      client::guarded(this, [this, score](const client::Result<client::Empty> &r) {
                          m_rating = false;
                          if (m_screen != Screen::RatingScore)
                              return;   // the visitor left meanwhile
                          if (r) {
                              qCInfo(lcKiosk) << "rating" << score << "stored";
                              m_ratingScore = score;
                              Q_EMIT ratingChanged();
                              setScreen(Screen::RatingThanks);
                              return;
                          }
                          const client::ApiError &e = r.error();
                          qCWarning(lcKiosk) << "rating failed:" << e.code << e.message;
                          if (e.kind != client::ApiError::Kind::Http || e.status >= 500) {
                              setScreen(Screen::Unavailable);
                              refresh();
                              return;
                          }
                          // The number is unknown or cannot be rated: say why where it was typed.
                          m_ratingError = e.code.isEmpty() ? QStringLiteral("bad_request") : e.code;
                          Q_EMIT ratingChanged();
                          setScreen(Screen::RatingNumber);
                      }));
}

void KioskController::openHelp()
{
    if (m_screen == Screen::Start)
        setScreen(Screen::Help);
}

void KioskController::setLanguage(const QString &language)
{
    const QString l = language == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("ru");
    if (l == m_language)
        return;
    m_language = l;
    Q_EMIT languageChanged(l);
    restartIdleTimer();
}

void KioskController::chooseTopic(const QString &serviceId)
{
    if (m_screen != Screen::Topics || !service(serviceId))
        return;
    m_pendingService = serviceId;
    if (!m_catalog.open) {
        setScreen(Screen::Closed);
        return;
    }
    setScreen(Screen::Issuing);
    if (!m_printer) {
        issue(false, QString(), 1);
        return;
    }
    if (!m_settings.checkPrinterFirst) {
        issue(true, QString(), 1);
        return;
    }
    m_printer->checkStatus([this, guard = QPointer<KioskController>(this)](const hardware::PrinterStatus &st) {
        if (!guard || m_screen != Screen::Issuing)
            return;
        if (st.canPrint())
            issue(true, QString(), 1);
        else
            setScreen(Screen::PrinterProblem);
    });
}

void KioskController::issueWithoutPrinter()
{
    if (m_screen != Screen::PrinterProblem || !m_settings.issueWithoutPrinter)
        return;
    if (m_checkingIn && !m_bookingCode.isEmpty()) {
        setScreen(Screen::Issuing);
        checkIn(false, QString(), 1);
        return;
    }
    if (m_pendingService.isEmpty())
        return;
    setScreen(Screen::Issuing);
    issue(false, QString(), 1);
}

void KioskController::issue(bool print, const QString &key, int attempt)
{
    if (m_linkDown && attempt == 1 && offlineRemaining() > 0) {
        // No visitor waits for timeouts while the link is known to be down: the reserve, or
        // at once the out-of-order screen when this topic's numbers are used up.
        issueOffline(print);
        return;
    }
    m_api->issueTicket(
        m_pendingService, m_priority,
        client::guarded(this, [this, print, attempt](const client::Result<client::IssuedTicket> &r) {
            if (r) {
                onIssued(r.value(), print);
                return;
            }
            const client::ApiError &e = r.error();
            qCWarning(lcKiosk) << "issuing failed:" << e.code << e.message;
            if (e.isNetworkError && attempt < kIssueAttempts) {
                // Same Idempotency-Key: the server issues at most one ticket for this tap.
                QTimer::singleShot(kIssueRetryMs, this,
                                   [this, print, key = r.idempotencyKey(), attempt] { issue(print, key, attempt + 1); });
                return;
            }
            if (e.isNetworkError || (e.kind == client::ApiError::Kind::Http && e.status >= 500)) {
                if (canIssueOffline(m_pendingService)) {
                    qCWarning(lcKiosk) << "the server cannot issue now: issuing from the offline reserve";
                    setLinkDown(true);
                    issueOffline(print);
                    return;
                }
                if (offlineRemaining() > 0) {
                    // The reserve of this topic is used up (others are left): out of order
                    // for this visitor, the start screen for the next.
                    qCWarning(lcKiosk) << "the offline reserve of" << m_pendingService << "is used up";
                    setLinkDown(true);
                    m_pendingService.clear();
                    m_priority.clear();
                    setScreen(Screen::OutOfOrder);
                    return;
                }
            }
            if (e.is(api::ErrorCode::UnknownService) && m_screen == Screen::Issuing) {
                // Retired between the menu and the tap: the server has no such topic any more.
                const QString gone = m_pendingService;
                m_catalog.services.removeIf([&](const ServiceInfo &s) { return s.id == gone; });
                topicWithdrawn();
                Q_EMIT catalogChanged();
                refreshNow();
                return;
            }
            m_pendingService.clear();
            issueFailed(e);
        }),
        key);
}

void KioskController::issueFailed(const client::ApiError &e)
{
    if (e.is(api::ErrorCode::OfficeClosed)) {
        // The opening time comes with the catalogue asked for right below, not from the
        // server's message.
        m_catalog.open = false;
        m_catalog.nextOpening = 0;
        m_priority.clear();
        Q_EMIT catalogChanged();
        setScreen(Screen::Closed);
        refresh();
    } else if (e.isNetworkError || e.kind == client::ApiError::Kind::Http) {
        setScreen(Screen::Unavailable);
        refresh();
    } else {
        setScreen(Screen::Unavailable);
    }
}

void KioskController::onIssued(const client::IssuedTicket &t, bool print, qint64 lateForSlot)
{
    qCInfo(lcKiosk) << "issued" << t.ticket.number << "id" << t.ticket.id << "priority" << m_priority;
    m_last = IssuedView{};
    m_last.issued = t;
    m_last.lateForSlot = lateForSlot;
    m_last.priority = m_priority;
    const ServiceInfo *s = service(t.ticket.service);
    m_last.topicName = s ? s->name : t.ticket.service;
    m_last.paper = ticketData(t, m_priority);
    m_pendingService.clear();
    if (!print || !m_printer) {
        showTicket(false);
        return;
    }
    m_printer->print(m_last.paper, [this, guard = QPointer<KioskController>(this),
                                    id = t.ticket.id](const hardware::PrintResult &r) {
        if (!guard || m_last.issued.ticket.id != id)
            return;
        if (r.ok) {
            showTicket(true);
            return;
        }
        // A ticket exists only if it printed: cancel it, so that no desk calls a number
        // nobody holds, and send the visitor to staff.
        const QString number = m_last.issued.ticket.number;
        qCWarning(lcKiosk) << "printing ticket" << number << "failed:" << r.error << "- cancelling it";
        m_last = IssuedView{};
        m_priority.clear();
        setScreen(Screen::OutOfOrder);
        cancelUnprinted(id, number, 1);
    });
}

void KioskController::cancelUnprinted(qint64 id, const QString &number, int attempt)
{
    m_api->cancelTicket(id, client::guarded(this, [this, id, number, attempt](const client::Result<Ticket> &r) {
        if (r) {
            qCInfo(lcKiosk) << "cancelled unprinted ticket" << number << "id" << id;
            refresh();   // the waiting counts changed back
            return;
        }
        const client::ApiError &e = r.error();
        if (e.isNetworkError && attempt < kCancelAttempts) {
            qCWarning(lcKiosk) << "cancelling unprinted ticket" << number << "failed (attempt" << attempt
                               << "):" << e.code << e.message << "- retrying";
            QTimer::singleShot(kCancelRetryMs * attempt, this,
                               [this, id, number, attempt] { cancelUnprinted(id, number, attempt + 1); });
            return;
        }
        if (attempt > 1 && e.is(api::ErrorCode::WrongState)) {
            // An earlier attempt whose answer was lost may have cancelled it already.
            qCWarning(lcKiosk) << "cancelling unprinted ticket" << number << "id" << id << ":" << e.message
                               << "(an earlier attempt may have cancelled it)";
            return;
        }
        qCCritical(lcKiosk) << "could not cancel unprinted ticket" << number << "id" << id << ":" << e.code
                            << e.message << "- it may be called at a desk with nobody holding it";
    }));
}

void KioskController::showTicket(bool printed)
{
    m_last.printed = printed;
    m_priority.clear();
    m_screen = Screen::Issuing;   // so that the change to Ticket is always signalled
    setScreen(Screen::Ticket);
    refresh();                     // the waiting counts just changed
}

QString KioskController::ticketUrl(const queue::Ticket &t) const
{
    QString server = m_api->baseUrl().toString(QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (server.endsWith(QLatin1Char('/')))
        server.chop(1);
    return KioskSettings::ticketPageUrl(m_settings.ticketUrl, server, t.page, t.id);
}

hardware::TicketData KioskController::ticketData(const client::IssuedTicket &t, const QString &priority) const
{
    hardware::TicketData d;
    d.officeName = m_catalog.office.name;
    d.number = t.ticket.number;
    const ServiceInfo *s = service(t.ticket.service);
    d.topic = s ? s->name : t.ticket.service;
    if (!priority.isEmpty())
        d.priorityMark = tr("OUT OF TURN: %1").arg(KioskTexts::priorityName(priority));
    d.issuedText = officeTimeText(t.ticket.issuedAt ? t.ticket.issuedAt : m_clock.nowMs(),
                                  QStringLiteral("dd.MM.yyyy  HH:mm"));
    // An offline ticket (ahead < 0) has no known place or wait: "—".
    d.aheadText = t.ahead >= 0 ? tr("People ahead of you: %1").arg(t.ahead) : tr("People ahead of you: —");
    d.waitText = tr("Expected wait: %1").arg(t.estimatedWaitS >= 0 ? KioskTexts::waitText(t.estimatedWaitS)
                                                                   : QStringLiteral("—"));
    if (!m_catalog.office.phone.isEmpty())
        d.complaintText = tr("If you are not satisfied with the quality of service, call %1")
                              .arg(m_catalog.office.phone);
    if (t.ticket.id || !t.ticket.page.isEmpty()) {   // an offline ticket has no page yet
        d.qrUrl = ticketUrl(t.ticket);
        d.qrCaption = tr("Your place in the queue");
    }
    return d;
}

// ---------------------------------------------------------------- offline reserve

QString KioskController::officeDay() const
{
    const qint64 offset = m_offline ? m_offline->clockOffsetMs() : 0;
    return QDateTime::fromMSecsSinceEpoch(m_clock.nowMs() + offset, officeZone()).date().toString(Qt::ISODate);
}

bool KioskController::canIssueOffline(const QString &service) const
{
    return m_offline && m_hasCatalog && !service.isEmpty() && m_offline->remaining(service, officeDay()) > 0;
}

int KioskController::offlineRemaining() const { return m_offline ? m_offline->remainingTotal(officeDay()) : 0; }

bool KioskController::issuingOffline() const { return m_linkDown && m_hasCatalog && offlineRemaining() > 0; }

void KioskController::setLinkDown(bool down)
{
    if (m_linkDown == down)
        return;
    m_linkDown = down;
    if (down)
        qCWarning(lcKiosk) << "the server cannot be reached:" << offlineRemaining()
                           << "numbers in the offline reserve for today";
    else
        qCInfo(lcKiosk) << "the server can be reached again";
    Q_EMIT offlineChanged();
}

void KioskController::issueOffline(bool print)
{
    const qint64 now = m_clock.nowMs() + m_offline->clockOffsetMs();
    const auto entry = m_offline->take(m_pendingService, m_priority, now, officeDay());
    if (!entry) {
        qCWarning(lcKiosk) << "no offline number for" << m_pendingService << m_offline->error();
        m_pendingService.clear();
        m_priority.clear();
        setScreen(Screen::OutOfOrder);
        return;
    }
    qCWarning(lcKiosk) << "issued" << entry->number << "from the offline reserve at" << isoUtc(now)
                       << "priority" << m_priority;
    client::IssuedTicket t;
    t.ticket.number = entry->number;
    t.ticket.service = t.ticket.originalService = entry->service;
    t.ticket.priority = entry->priority;
    t.ticket.issuedAt = now;
    t.ahead = -1;
    t.estimatedWaitS = -1;
    m_last = IssuedView{};
    m_last.issued = t;
    m_last.priority = m_priority;
    m_last.offline = true;
    m_last.journalId = entry->id;
    const ServiceInfo *s = service(entry->service);
    m_last.topicName = s ? s->name : entry->service;
    m_last.paper = ticketData(t, m_priority);
    m_pendingService.clear();
    Q_EMIT offlineChanged();
    if (!print || !m_printer) {
        // Shown on the screen: the visitor has the number all the same.
        m_offline->markPrinted(entry->id, true);
        showTicket(false);
        return;
    }
    m_printingOffline = entry->id;
    m_printer->print(m_last.paper, [this, guard = QPointer<KioskController>(this), id = entry->id](const hardware::PrintResult &r) {
        if (!guard)
            return;
        m_printingOffline.clear();
        // Journaled whatever the screen shows now: the upload says whether a visitor holds it.
        m_offline->markPrinted(id, r.ok);
        if (m_last.journalId != id)
            return;
        if (r.ok) {
            showTicket(true);
            return;
        }
        qCWarning(lcKiosk) << "printing offline ticket" << m_last.issued.ticket.number << "failed:" << r.error
                           << "- it goes to the server as cancelled";
        m_last = IssuedView{};
        m_priority.clear();
        setScreen(Screen::OutOfOrder);
    });
}

void KioskController::syncOffline()
{
    if (!m_offline || !m_offline->enabled() || m_syncing)
        return;
    QList<OfflineReserve::Entry> batch;
    for (const OfflineReserve::Entry &e : m_offline->pending())
        if (e.id != m_printingOffline && batch.size() < 500)   // its printer has not answered yet
            batch.append(e);
    m_syncing = true;
    if (!batch.isEmpty()) {
        qCInfo(lcKiosk) << "uploading" << batch.size() << "ticket(s) issued offline";
        m_api->uploadOfflineTickets(
            m_offline->uploadBody(batch), client::guarded(this, [this](const client::Result<client::Empty> &r) {
                m_syncing = false;
                if (!r) {
                    qCWarning(lcKiosk) << "uploading the offline tickets failed:" << r.error().code << r.error().message
                                       << "- sent again with the next refresh";
                    return;
                }
                QStringList done;
                for (const QJsonValue &v : r.json().value(QLatin1String("results")).toArray()) {
                    const QString status = v[QLatin1String("status")].toString();
                    if (status == QLatin1String("refused"))
                        qCCritical(lcKiosk).noquote()
                            << "the server refused offline ticket" << v[QLatin1String("number")].toString() << ":"
                            << v[QLatin1String("error")][QLatin1String("message")].toString();
                    done << v[QLatin1String("id")].toString();
                }
                if (r.json().value(QLatin1String("clock_corrected")).toBool())
                    qCWarning(lcKiosk) << "this kiosk's clock is off by" << m_offline->clockOffsetMs() / 1000
                                       << "s: offline tickets were stamped with the server's time";
                qCInfo(lcKiosk) << "uploaded: accepted" << r.json().value(QLatin1String("accepted")).toInt() << "duplicates"
                                << r.json().value(QLatin1String("duplicates")).toInt() << "refused"
                                << r.json().value(QLatin1String("refused")).toInt();
                if (!m_offline->markUploaded(done))
                    qCWarning(lcKiosk).noquote() << m_offline->error();
                Q_EMIT offlineChanged();
                syncOffline();   // the rest, then the reserve
            }));
        return;
    }
    const qint64 sent = m_clock.nowMs();
    m_api->kioskReserve(client::guarded(this, [this, sent](const client::Result<client::Empty> &r) {
        m_syncing = false;
        if (!r) {
            qCDebug(lcKiosk) << "no offline reserve:" << r.error().code << r.error().message;
            return;
        }
        // A number issued offline while this was on its way is journaled: setReserve() leaves
        // it out even if the answer lists it.
        const qint64 received = m_clock.nowMs();
        const qint64 serverMs = r.json().value(QLatin1String("server_time_ms")).toInteger();
        const qint64 offset = serverMs ? serverMs - (sent + received) / 2 : 0;
        if (qAbs(offset) > 2 * 60 * 1000 && qAbs(offset - m_offline->clockOffsetMs()) > 1000)
            qCWarning(lcKiosk) << "this kiosk's clock is off by" << offset / 1000
                               << "s from the server's: offline tickets use the server's time";
        if (!m_offline->setReserve(r.json(), offset))
            qCWarning(lcKiosk).noquote() << "cannot keep the offline reserve:" << m_offline->error();
        Q_EMIT offlineChanged();
    }));
}

bool KioskController::serverUntrusted() const { return m_api && !m_api->trustProblem().isEmpty(); }

} // namespace queue::kiosk
