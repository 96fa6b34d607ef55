#include "screenshotdriver.h"

#include <QTimer>

namespace queue::kiosk {

using Screen = KioskController::Screen;

void ScreenshotDriver::setCatalog(const client::ServiceCatalog &catalog, const QStringList &priorities)
{
    m_c.m_catalog = catalog;
    m_c.m_hasCatalog = true;
    m_c.m_priorities = priorities.isEmpty() ? priorityCategories() : priorities;
    Q_EMIT m_c.catalogChanged();
}

void ScreenshotDriver::showTicket(const client::IssuedTicket &t, const QString &topicName, const QString &priority,
                                  bool printed, qint64 lateForSlot)
{
    KioskController::IssuedView &last = m_c.m_last;
    last = KioskController::IssuedView{};
    last.lateForSlot = lateForSlot;
    last.issued = t;
    last.topicName = topicName;
    last.priority = priority;
    last.printed = printed;
    last.paper = m_c.ticketData(t, priority);
    m_c.m_screen = Screen::Issuing;   // so that the change to Ticket is always signalled
    m_c.setScreen(Screen::Ticket);
}

void ScreenshotDriver::setOffline(OfflineReserve *reserve)
{
    m_c.m_offline = reserve;
    m_c.m_linkDown = reserve != nullptr;
    Q_EMIT m_c.offlineChanged();
}

void ScreenshotDriver::showOfflineTicket(const client::IssuedTicket &t, const QString &topicName)
{
    client::IssuedTicket offline = t;
    offline.ticket.id = 0;
    offline.ticket.page.clear();
    offline.ahead = -1;
    offline.estimatedWaitS = -1;
    showTicket(offline, topicName, QString(), true);
    m_c.m_last.offline = true;
    m_c.m_screen = Screen::Issuing;
    m_c.setScreen(Screen::Ticket);
}

void ScreenshotDriver::showScreen(Screen s)
{
    m_c.m_refreshTimer->stop();
    if (s == Screen::Start || s == Screen::Closed || s == Screen::Unavailable)
        m_c.m_priority.clear();
    m_c.m_screen = s == Screen::Loading ? Screen::Start : Screen::Loading;
    m_c.setScreen(s);
    m_c.m_idleDeadline = 0;
    m_c.m_tickTimer->stop();
}

void ScreenshotDriver::setSegment(Segment s)
{
    m_c.m_segment = s;
}

void ScreenshotDriver::setPriority(const QString &category)
{
    m_c.m_priority = category;
}

void ScreenshotDriver::setBooking(const QString &code, bool rejected)
{
    m_c.m_bookingCode = code;
    m_c.m_bookingError = rejected ? QStringLiteral("unknown_booking") : QString();
    Q_EMIT m_c.bookingChanged();
}

void ScreenshotDriver::showTopicWithdrawn()
{
    showScreen(Screen::Topics);
    m_c.m_noticeOn = Screen::Topics;
    Q_EMIT m_c.catalogChanged();
}

void ScreenshotDriver::setRating(const QString &prefix, const QString &digits)
{
    m_c.m_ratingPrefix = prefix;
    m_c.m_ratingDigits = digits;
    Q_EMIT m_c.ratingChanged();
}

} // namespace queue::kiosk
