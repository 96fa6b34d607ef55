#include "screenshots.h"

#include "kioskwindow.h"
#include "printer/ticketrenderer.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>

namespace queue::kiosk::ui {

using S = KioskController::Screen;

int writeScreenshots(KioskWindow &w, KioskController &c, const QString &dir, bool sample)
{
    QDir().mkpath(dir);
    const QString suffix = sample ? QStringLiteral("-sample") : QString();
    int written = 0;
    auto save = [&](const QString &name) {
        QApplication::processEvents();
        w.repaint();
        const QString path = QDir(dir).filePath(QStringLiteral("kiosk-%1%2.png").arg(name, suffix));
        if (!w.grab().save(path))
            return false;
        ++written;
        return true;
    };

    client::IssuedTicket t;
    const QList<ServiceInfo> b2c = [&] {
        c.setSegmentForScreenshot(Segment::B2C);
        return c.topics();
    }();
    t.ticket.id = 1042;
    t.ticket.number = QStringLiteral("П015");
    t.ticket.service = b2c.isEmpty() ? QStringLiteral("payments") : b2c.last().id;
    t.ticket.issuedAt = c.nowMs();
    t.ahead = 4;
    t.estimatedWaitS = 300;
    const QString topicName = b2c.isEmpty() ? QStringLiteral("Платёжные документы") : b2c.last().name;

    // A sample opening: tomorrow at 08:00 in the office's zone.
    const QTimeZone zone = c.officeZone();
    const qint64 nextOpening =
        QDateTime(QDateTime::fromMSecsSinceEpoch(c.nowMs(), zone).date().addDays(1), QTime(8, 0), zone)
            .toMSecsSinceEpoch();
    const client::ServiceCatalog catalog = c.catalog();

    for (const bool portrait : {true, false}) {
        const QString o = portrait ? QStringLiteral("portrait") : QStringLiteral("landscape");
        w.resize(portrait ? QSize(1080, 1920) : QSize(1920, 1080));
        w.setHighContrast(false);
        c.setLanguage(QStringLiteral("ru"));
        c.presentScreen(S::Start);
        bool ok = save(QStringLiteral("start-") + o);
        c.setLanguage(QStringLiteral("en"));
        ok = ok && save(QStringLiteral("start-en-") + o);
        c.setLanguage(QStringLiteral("ru"));
        w.setHighContrast(true);
        ok = ok && save(QStringLiteral("start-contrast-") + o);
        w.setHighContrast(false);

        c.setSegmentForScreenshot(Segment::B2C);
        c.presentScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-b2c-") + o);
        c.setSegmentForScreenshot(Segment::B2B);
        c.presentScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-b2b-") + o);
        c.setSegmentForScreenshot(Segment::B2C);

        c.presentScreen(S::Priority);
        ok = ok && save(QStringLiteral("priority-") + o);
        c.presentScreen(S::Start);
        c.setPriorityForScreenshot(QStringLiteral("disability"));
        w.refreshAll();
        ok = ok && save(QStringLiteral("start-outofturn-") + o);
        c.presentScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-outofturn-") + o);
        c.setPriorityForScreenshot(QString());

        c.presentScreen(S::Booking);
        c.setBookingForScreenshot(QStringLiteral("4711"), true);
        ok = ok && save(QStringLiteral("booking-") + o);
        c.setBookingForScreenshot(QString(), false);

        c.presentScreen(S::Help);
        ok = ok && save(QStringLiteral("help-") + o);

        c.presentTicket(t, topicName, QString(), true);
        ok = ok && save(QStringLiteral("ticket-") + o);
        c.presentTicket(t, topicName, QStringLiteral("disability"), true);
        ok = ok && save(QStringLiteral("ticket-outofturn-") + o);
        c.presentTicket(t, topicName, QString(), false);
        ok = ok && save(QStringLiteral("ticket-notprinted-") + o);
        c.presentTicket(t, topicName, QString(), true, t.ticket.issuedAt - 12 * 60 * 1000);
        ok = ok && save(QStringLiteral("ticket-booking-late-") + o);

        c.presentScreen(S::RatingNumber);
        c.setRatingForScreenshot(QStringLiteral("П"), QStringLiteral("12"));
        ok = ok && save(QStringLiteral("rating-number-") + o);
        c.setRatingForScreenshot(QStringLiteral("П"), QStringLiteral("012"));
        c.presentScreen(S::RatingScore);
        ok = ok && save(QStringLiteral("rating-score-") + o);
        c.presentScreen(S::RatingThanks);
        ok = ok && save(QStringLiteral("rating-thanks-") + o);
        c.setRatingForScreenshot(QString(), QString());

        c.presentScreen(S::Issuing);
        ok = ok && save(QStringLiteral("issuing-") + o);
        c.presentScreen(S::PrinterProblem);
        ok = ok && save(QStringLiteral("printer-problem-") + o);
        c.presentScreen(S::OutOfOrder);
        ok = ok && save(QStringLiteral("out-of-order-") + o);

        client::ServiceCatalog closed = catalog;
        closed.open = false;
        closed.nextOpening = nextOpening;
        c.presentCatalog(closed, c.priorities());
        c.presentScreen(S::Closed);
        ok = ok && save(QStringLiteral("closed-") + o);
        c.presentCatalog(catalog, c.priorities());

        c.presentScreen(S::Unavailable);
        ok = ok && save(QStringLiteral("unavailable-") + o);
        if (!ok)
            return -1;
    }

    // The paper ticket, as the file printer and the ESC/POS raster mode produce it.
    for (const bool outOfTurn : {false, true}) {
        const hardware::TicketData paper = c.ticketData(t, outOfTurn ? QStringLiteral("disability") : QString());
        for (const int mm : {58, 80}) {
            const QString path = QDir(dir).filePath(
                QStringLiteral("ticket-%1mm%2%3.png").arg(mm).arg(outOfTurn ? QStringLiteral("-outofturn") : QString(), suffix));
            if (!hardware::TicketRenderer::render(paper, hardware::PaperSpec::forWidth(mm).dots).save(path))
                return -1;
            ++written;
        }
    }
    return written;
}

} // namespace queue::kiosk::ui
