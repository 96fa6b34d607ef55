#include "kioskwindow.h"

#include "screens.h"
#include "theme.h"

#include <QApplication>
#include <QEvent>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace queue::kiosk::ui {

using S = KioskController::Screen;

KioskWindow::KioskWindow(KioskController *c, QWidget *parent)
    : QWidget(parent), m_c(c), m_stack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("kioskWindow"));
    setAttribute(Qt::WA_StyledBackground);
    setWindowTitle(tr("Electronic queue"));
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSizeConstraint(QLayout::SetNoConstraint);   // the screen size rules, not the content
    l->addWidget(m_stack);
    m_stack->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);

    auto *start = m_start = new StartScreen(c, this);
    m_help = new HelpScreen(c, this);
    const QList<QPair<S, Screen *>> pages = {
        {S::Loading, new MessageScreen(c, S::Loading, QStringLiteral("loadingScreen"), this)},
        {S::Start, start},
        {S::Topics, new TopicsScreen(c, this)},
        {S::Priority, new PriorityScreen(c, this)},
        {S::Booking, new BookingScreen(c, this)},
        {S::Help, m_help},
        {S::Issuing, new MessageScreen(c, S::Issuing, QStringLiteral("issuingScreen"), this)},
        {S::PrinterProblem, new MessageScreen(c, S::PrinterProblem, QStringLiteral("printerProblemScreen"), this)},
        {S::Ticket, new TicketScreen(c, this)},
        {S::Closed, new MessageScreen(c, S::Closed, QStringLiteral("closedScreen"), this)},
        {S::Unavailable, new MessageScreen(c, S::Unavailable, QStringLiteral("unavailableScreen"), this)},
        {S::OutOfOrder, new MessageScreen(c, S::OutOfOrder, QStringLiteral("outOfOrderScreen"), this)},
        {S::RatingNumber, new RatingNumberScreen(c, this)},
        {S::RatingScore, new RatingScoreScreen(c, this)},
        {S::RatingThanks, new MessageScreen(c, S::RatingThanks, QStringLiteral("ratingThanksScreen"), this)},
    };
    for (const auto &p : pages) {
        m_pages.insert(static_cast<int>(p.first), p.second);
        m_stack->addWidget(p.second);
    }
    connect(start, &StartScreen::languageToggled, this, [this] {
        m_c->setLanguage(m_c->language() == QLatin1String("ru") ? QStringLiteral("en") : QStringLiteral("ru"));
    });
    connect(start, &StartScreen::contrastToggled, this, [this] { setHighContrast(!m_highContrast); });
    connect(c, &KioskController::screenChanged, this, [this](S s) { showPage(s); });
    connect(c, &KioskController::catalogChanged, this, [this] { refreshAll(); });
    connect(c, &KioskController::offlineChanged, this, [this] { refreshAll(); });
    connect(c, &KioskController::bookingChanged, this, [this] { m_pages.value(int(S::Booking))->refresh(); });
    connect(c, &KioskController::ratingChanged, this, [this] {
        m_pages.value(int(S::RatingNumber))->refresh();
        m_pages.value(int(S::RatingScore))->refresh();
    });
    connect(c, &KioskController::printerStatusChanged, this, [this] { m_pages.value(int(S::Start))->refresh(); });
    connect(c, &KioskController::languageChanged, this, [this] { applyLanguage(); });

    setStyleSheet(Theme::styleSheet(false));
    qApp->installEventFilter(this);
    applyLanguage();
    showPage(c->screen());
}

KioskWindow::~KioskWindow()
{
    qApp->removeEventFilter(this);
}

QWidget *KioskWindow::currentPage() const { return m_stack->currentWidget(); }

QWidget *KioskWindow::page(S s) const { return m_pages.value(static_cast<int>(s)); }

void KioskWindow::setHighContrast(bool hc)
{
    m_highContrast = hc;
    setStyleSheet(Theme::styleSheet(hc));
    m_help->setHighContrast(hc);
    m_start->setHighContrast(hc);
}

void KioskWindow::applyLanguage()
{
    m_translations.use(m_c->language());
    refreshAll();
}

void KioskWindow::refreshAll()
{
    for (Screen *s : std::as_const(m_pages))
        s->refresh();
}

void KioskWindow::showPage(S s)
{
    Screen *p = m_pages.value(static_cast<int>(s));
    p->refresh();
    m_stack->setCurrentWidget(p);
}

bool KioskWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
        m_c->userActivity();
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void KioskWindow::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    const bool portrait = height() > width();
    for (Screen *s : std::as_const(m_pages)) {
        if (s->isPortrait() != portrait) {
            s->setPortrait(portrait);
            s->refresh();
        }
    }
}

} // namespace queue::kiosk::ui
