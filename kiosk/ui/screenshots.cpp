#include "screenshots.h"

#include "kioskwindow.h"
#include "logic/screenshotdriver.h"
#include "printer/ticketrenderer.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

namespace queue::kiosk::ui {

using S = KioskController::Screen;

int writeScreenshots(KioskWindow &w, KioskController &c, const QString &dir, bool sample, QStringList *madeUp)
{
    QDir().mkpath(dir);
    ScreenshotDriver d(c);
    int written = 0;
    // `made`: the state itself is made up (a sample ticket, booking code, rating number or
    // closed office), whatever the office data: such files are "-sample" too.
    auto save = [&](const QString &name, bool made = false) {
        QApplication::processEvents();
        w.repaint();
        const bool isSample = sample || made;
        const QString path = QDir(dir).filePath(
            QStringLiteral("kiosk-%1%2.png").arg(name, isSample ? QStringLiteral("-sample") : QString()));
        if (!w.grab().save(path))
            return false;
        if (made && !sample && madeUp) {
            const QString state = name.left(name.lastIndexOf(QLatin1Char('-')));   // without the orientation
            if (!madeUp->contains(state))
                madeUp->append(state);
        }
        ++written;
        return true;
    };

    client::IssuedTicket t;
    const QList<ServiceInfo> b2c = [&] {
        d.setSegment(Segment::B2C);
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
        d.showScreen(S::Start);
        bool ok = save(QStringLiteral("start-") + o);
        c.setLanguage(QStringLiteral("en"));
        ok = ok && save(QStringLiteral("start-en-") + o);
        c.setLanguage(QStringLiteral("ru"));
        w.setHighContrast(true);
        ok = ok && save(QStringLiteral("start-contrast-") + o);
        w.setHighContrast(false);

        d.setSegment(Segment::B2C);
        d.showScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-b2c-") + o);
        d.setSegment(Segment::B2B);
        d.showScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-b2b-") + o);
        d.setSegment(Segment::B2C);
        // The topic the visitor had chosen was retired meanwhile (issue #15): the menu says why.
        d.showTopicWithdrawn();
        ok = ok && save(QStringLiteral("topics-retired-") + o, true);
        c.setLanguage(QStringLiteral("en"));
        ok = ok && save(QStringLiteral("topics-retired-en-") + o, true);
        c.setLanguage(QStringLiteral("ru"));

        d.showScreen(S::Priority);
        ok = ok && save(QStringLiteral("priority-") + o);
        d.showScreen(S::Start);
        d.setPriority(QStringLiteral("disability"));
        w.refreshAll();
        ok = ok && save(QStringLiteral("start-outofturn-") + o);
        d.showScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-outofturn-") + o);
        d.setPriority(QString());

        d.showScreen(S::Booking);
        d.setBooking(QStringLiteral("4711"), true);
        ok = ok && save(QStringLiteral("booking-") + o, true);
        d.setBooking(QString(), false);

        d.showScreen(S::Help);
        ok = ok && save(QStringLiteral("help-") + o);

        d.showTicket(t, topicName, QString(), true);
        ok = ok && save(QStringLiteral("ticket-") + o, true);
        d.showTicket(t, topicName, QStringLiteral("disability"), true);
        ok = ok && save(QStringLiteral("ticket-outofturn-") + o, true);
        d.showTicket(t, topicName, QString(), false);
        ok = ok && save(QStringLiteral("ticket-notprinted-") + o, true);
        d.showTicket(t, topicName, QString(), true, t.ticket.issuedAt - 12 * 60 * 1000);
        ok = ok && save(QStringLiteral("ticket-booking-late-") + o, true);

        d.showScreen(S::RatingNumber);
        d.setRating(QStringLiteral("П"), QStringLiteral("12"));
        ok = ok && save(QStringLiteral("rating-number-") + o, true);
        d.setRating(QStringLiteral("П"), QStringLiteral("012"));
        d.showScreen(S::RatingScore);
        ok = ok && save(QStringLiteral("rating-score-") + o, true);
        d.showScreen(S::RatingThanks);
        ok = ok && save(QStringLiteral("rating-thanks-") + o, true);
        d.setRating(QString(), QString());

        d.showScreen(S::Issuing);
        ok = ok && save(QStringLiteral("issuing-") + o);
        d.showScreen(S::PrinterProblem);
        ok = ok && save(QStringLiteral("printer-problem-") + o);
        d.showScreen(S::OutOfOrder);
        ok = ok && save(QStringLiteral("out-of-order-") + o);

        // The office as the server has it when it is closed now; else a sample closing.
        client::ServiceCatalog closed = catalog;
        const bool madeClosed = catalog.open;
        if (madeClosed) {
            closed.open = false;
            closed.nextOpening = nextOpening;
        }
        d.setCatalog(closed, c.priorities());
        d.showScreen(S::Closed);
        ok = ok && save(QStringLiteral("closed-") + o, madeClosed);
        d.setCatalog(catalog, c.priorities());

        d.showScreen(S::Unavailable);
        ok = ok && save(QStringLiteral("unavailable-") + o);

        // Cut off from the server, issuing from a reserve of five numbers per topic.
        QTemporaryDir reserveDir;
        OfflineReserve reserve(reserveDir.path());
        QJsonArray topics;
        for (const ServiceInfo &s : catalog.services)
            topics.append(QJsonObject{{QStringLiteral("service"), s.id}, {QStringLiteral("prefix"), s.prefix},
                                      {QStringLiteral("numbers"), QJsonArray{1, 2, 3, 4, 5}}});
        reserve.setReserve(QJsonObject{{QStringLiteral("business_day"), c.officeDay()}, {QStringLiteral("reserve"), topics}}, 0);
        d.setOffline(&reserve);
        d.showScreen(S::Start);
        ok = ok && save(QStringLiteral("start-offline-") + o, true);
        d.setSegment(Segment::B2C);
        d.showScreen(S::Topics);
        ok = ok && save(QStringLiteral("topics-offline-") + o, true);
        d.showOfflineTicket(t, topicName);
        ok = ok && save(QStringLiteral("ticket-offline-") + o, true);
        d.setOffline(nullptr);
        if (!ok)
            return -1;
    }

    // The paper ticket issued from the offline reserve: no place, no wait, no page yet.
    {
        client::IssuedTicket offline = t;
        offline.ticket.id = 0;
        offline.ticket.page.clear();
        offline.ahead = -1;
        offline.estimatedWaitS = -1;
        const QString path = QDir(dir).filePath(QStringLiteral("ticket-80mm-offline-sample.png"));
        if (!hardware::TicketRenderer::render(c.ticketData(offline, QString()), hardware::PaperSpec::forWidth(80).dots).save(path))
            return -1;
        ++written;
    }
    // The paper ticket, as the file printer and the ESC/POS raster mode produce it.
    for (const bool outOfTurn : {false, true}) {
        const hardware::TicketData paper = c.ticketData(t, outOfTurn ? QStringLiteral("disability") : QString());
        for (const int mm : {58, 80}) {
            // A sample ticket of the office: always "-sample".
            const QString path = QDir(dir).filePath(
                QStringLiteral("ticket-%1mm%2-sample.png").arg(mm).arg(outOfTurn ? QStringLiteral("-outofturn") : QString()));
            if (!hardware::TicketRenderer::render(paper, hardware::PaperSpec::forWidth(mm).dots).save(path))
                return -1;
            ++written;
        }
    }
    return written;
}

} // namespace queue::kiosk::ui
