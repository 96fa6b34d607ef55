#pragma once

#include "kioskcontroller.h"

namespace queue::kiosk {

// Shows the kiosk's states with given data, without a server and without a visitor: what
// `queue-kiosk --screenshot` and the GUI tests need, kept out of KioskController's own API.
// Everything it sets is what a visitor's taps and the server's answers would have set.
class ScreenshotDriver {
public:
    explicit ScreenshotDriver(KioskController &c) : m_c(c) {}

    void setCatalog(const client::ServiceCatalog &catalog, const QStringList &priorities = {});
    // The ticket screen for `t`, as after issuing (and printing, if `printed`).
    void showTicket(const client::IssuedTicket &t, const QString &topicName, const QString &priority, bool printed,
                    qint64 lateForSlot = 0);
    // Any screen, with no inactivity timeout and no refresh running.
    void showScreen(KioskController::Screen s);
    void setSegment(Segment s);
    void setPriority(const QString &category);
    void setBooking(const QString &code, bool rejected);   // rejected: an unknown code
    void setRating(const QString &prefix, const QString &digits);
    // The topic menu as a visitor sees it after the topic they had chosen was retired.
    void showTopicWithdrawn();
    // The kiosk cut off from the server, issuing from `reserve` (nullptr: online again).
    void setOffline(OfflineReserve *reserve);
    // The ticket screen of a ticket issued from the reserve (number, topic, time from `t`).
    void showOfflineTicket(const client::IssuedTicket &t, const QString &topicName);

private:
    KioskController &m_c;
};

} // namespace queue::kiosk
