#include "screens.h"

#include "bigbutton.h"
#include "helpdiagram.h"
#include "common/app/startup.h"
#include "logic/kiosktexts.h"
#include "theme.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QVBoxLayout>

#include <functional>

namespace queue::kiosk::ui {

using S = KioskController::Screen;

namespace {
// The start and topic screens' banner while tickets come from the offline reserve.
QString offlineNotice()
{
    return QCoreApplication::translate("queue::kiosk::ui::Screen",
                                       "No connection to the server: tickets are issued from the kiosk's reserve. "
                                       "The expected wait is not known until the connection is back.");
}
} // namespace

namespace {

void clearGrid(QGridLayout *g)
{
    while (g->count() > 0)
        g->takeAt(0);   // the widgets stay, owned by their parent
}

QString normOf(const ServiceInfo &s)
{
    if (s.waitNormMin <= 0)
        return QString();
    const double ratio = double(s.estimatedWaitS) / (s.waitNormMin * 60.0);
    return ratio < 0.8 ? QStringLiteral("ok") : ratio <= 1.0 ? QStringLiteral("warn") : QStringLiteral("over");
}

QString segmentName(Segment s)
{
    return s == Segment::B2C ? Screen::tr("Private clients") : Screen::tr("Companies");
}

// The numeric keypad of the booking and rating screens: 1–9, ⌫, 0, OK; object
// names prefix + digit / "back" / "ok" (the GUI tests tap them by name).
QGridLayout *numericKeypad(QWidget *parent, const QString &prefix, const std::function<void(QChar)> &onKey,
                           const std::function<void()> &onOk, QList<QPushButton *> *keys)
{
    auto *keypad = new QGridLayout;
    keypad->setSpacing(18);
    const QString layout = QStringLiteral("123456789<0>");
    for (int i = 0; i < layout.size(); ++i) {
        auto *b = new QPushButton(parent);
        const QChar k = layout[i];
        b->setProperty("role", k == QLatin1Char('>') ? QStringLiteral("accent") : QStringLiteral("key"));
        b->setFocusPolicy(Qt::NoFocus);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        b->setMinimumHeight(Theme::kKeyHeight);
        if (k == QLatin1Char('<')) {
            b->setObjectName(prefix + QStringLiteral("back"));
            b->setText(QStringLiteral("⌫"));
            QObject::connect(b, &QPushButton::clicked, parent, [onKey] { onKey(QLatin1Char('<')); });
        } else if (k == QLatin1Char('>')) {
            b->setObjectName(prefix + QStringLiteral("ok"));
            QObject::connect(b, &QPushButton::clicked, parent, [onOk] { onOk(); });
        } else {
            b->setObjectName(prefix + k);
            b->setText(k);
            QObject::connect(b, &QPushButton::clicked, parent, [onKey, k] { onKey(k); });
        }
        keypad->addWidget(b, i / 3, i % 3);
        keys->append(b);
    }
    return keypad;
}

} // namespace

// --- Screen ---

Screen::Screen(KioskController *c, const QString &name, QWidget *parent)
    : QWidget(parent), m_c(c), m_header(new QWidget(this))
{
    setObjectName(name);
    setProperty("screen", true);
    setAttribute(Qt::WA_StyledBackground);
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(Theme::kMargin, Theme::kMargin, Theme::kMargin, Theme::kMargin);
    root->setSpacing(24);
    m_headerLayout = new QVBoxLayout(m_header);
    m_headerLayout->setContentsMargins(0, 0, 0, 0);
    m_headerLayout->setSpacing(16);
    root->addWidget(m_header);
    root->addStretch(1);
    m_body = new QVBoxLayout;
    m_body->setSpacing(24);
    root->addLayout(m_body);
}

void Screen::setPortrait(bool portrait) { m_portrait = portrait; }

void Screen::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    // The header fills the top third of a portrait screen; controls go below it.
    m_header->setMinimumHeight(m_portrait && m_headerThird ? qMax(0, height() / 3 - Theme::kMargin) : 0);
}

QLabel *Screen::addLabel(QVBoxLayout *to, const char *role, const QString &objectName)
{
    auto *l = new QLabel(this);
    l->setProperty("role", QString::fromLatin1(role));
    l->setObjectName(objectName);
    l->setWordWrap(true);
    l->setAlignment(Qt::AlignCenter);
    to->addWidget(l);
    return l;
}

QPushButton *Screen::navButton(const QString &objectName)
{
    auto *b = new QPushButton(this);
    b->setProperty("role", QStringLiteral("nav"));
    b->setObjectName(objectName);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

// --- StartScreen ---

StartScreen::StartScreen(KioskController *c, QWidget *parent) : Screen(c, QStringLiteral("startScreen"), parent)
{
    m_office = addLabel(m_headerLayout, "office", QStringLiteral("officeName"));
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("startTitle"));
    m_printerBanner = addLabel(m_headerLayout, "banner", QStringLiteral("printerBanner"));
    m_notice = addLabel(m_headerLayout, "banner", QStringLiteral("topicNotice"));

    auto *priorityRow = new QHBoxLayout;
    m_priorityBanner = new QLabel(this);
    m_priorityBanner->setProperty("role", QStringLiteral("banner"));
    m_priorityBanner->setObjectName(QStringLiteral("priorityBanner"));
    m_priorityBanner->setWordWrap(true);
    m_clearPriority = navButton(QStringLiteral("clearPriority"));
    priorityRow->addWidget(m_priorityBanner, 1);
    priorityRow->addWidget(m_clearPriority);
    m_body->addLayout(priorityRow);

    m_grid = new QGridLayout;
    m_grid->setSpacing(24);
    m_b2c = new BigButton(QStringLiteral("primary"), this);
    m_b2c->setObjectName(QStringLiteral("segmentB2c"));
    m_b2b = new BigButton(QStringLiteral("primary"), this);
    m_b2b->setObjectName(QStringLiteral("segmentB2b"));
    m_priority = new BigButton(QStringLiteral("accent"), this);
    m_priority->setObjectName(QStringLiteral("priorityButton"));
    m_booking = new BigButton(QStringLiteral("accent"), this);
    m_booking->setObjectName(QStringLiteral("bookingButton"));
    m_help = new BigButton(QStringLiteral("accent"), this);
    m_help->setObjectName(QStringLiteral("helpButton"));
    m_rate = new BigButton(QStringLiteral("accent"), this);
    m_rate->setObjectName(QStringLiteral("rateButton"));
    m_body->addLayout(m_grid);

    auto *bottom = new QHBoxLayout;
    m_language = navButton(QStringLiteral("languageButton"));
    m_contrast = navButton(QStringLiteral("contrastButton"));
    bottom->addWidget(m_language, 1);
    bottom->addWidget(m_contrast, 1);
    m_body->addLayout(bottom);

    connect(m_b2c, &QPushButton::clicked, this, [this] { m_c->chooseSegment(Segment::B2C); });
    connect(m_b2b, &QPushButton::clicked, this, [this] { m_c->chooseSegment(Segment::B2B); });
    connect(m_priority, &QPushButton::clicked, this, [this] { m_c->openPriority(); });
    connect(m_booking, &QPushButton::clicked, this, [this] { m_c->openBooking(); });
    connect(m_help, &QPushButton::clicked, this, [this] { m_c->openHelp(); });
    connect(m_rate, &QPushButton::clicked, this, [this] { m_c->openRating(); });
    connect(m_clearPriority, &QPushButton::clicked, this, [this] { m_c->clearPriority(); });
    connect(m_language, &QPushButton::clicked, this, &StartScreen::languageToggled);
    connect(m_contrast, &QPushButton::clicked, this, &StartScreen::contrastToggled);
    setPortrait(true);
}

void StartScreen::setPortrait(bool portrait)
{
    Screen::setPortrait(portrait);
    clearGrid(m_grid);
    if (portrait) {
        m_grid->addWidget(m_b2c, 0, 0);
        m_grid->addWidget(m_b2b, 1, 0);
        m_grid->addWidget(m_priority, 2, 0);
        m_grid->addWidget(m_booking, 3, 0);
        m_grid->addWidget(m_rate, 4, 0);
        m_grid->addWidget(m_help, 5, 0);
    } else {
        m_grid->addWidget(m_b2c, 0, 0);
        m_grid->addWidget(m_b2b, 0, 1);
        m_grid->addWidget(m_priority, 1, 0);
        m_grid->addWidget(m_booking, 1, 1);
        m_grid->addWidget(m_rate, 2, 0);
        m_grid->addWidget(m_help, 2, 1);
    }
}

void StartScreen::setHighContrast(bool hc)
{
    m_highContrast = hc;
    refresh();
}

void StartScreen::refresh()
{
    m_office->setText(m_c->catalog().office.name);
    m_title->setText(m_c->priority().isEmpty() ? tr("Take a ticket. Who are you?")
                                               : tr("Out of turn. Who are you?"));
    m_b2c->setTitle(segmentName(Segment::B2C));
    m_b2c->setDescription(tr("Individuals: contracts, bills, meters, payments"));
    m_b2c->setVisible(m_c->hasSegment(Segment::B2C));
    m_b2b->setTitle(segmentName(Segment::B2B));
    m_b2b->setDescription(tr("Organisations and sole traders"));
    m_b2b->setVisible(m_c->hasSegment(Segment::B2B));
    m_priority->setTitle(tr("Right to be served out of turn"));
    m_booking->setTitle(tr("I have a booking"));
    m_help->setTitle(tr("How to use"));
    m_rate->setTitle(tr("Rate the service"));
    const bool prio = !m_c->priority().isEmpty();
    m_priority->setVisible(!prio);
    m_booking->setVisible(!prio);
    m_rate->setVisible(!prio);
    m_priorityBanner->setVisible(prio);
    m_clearPriority->setVisible(prio);
    m_priorityBanner->setText(tr("Out of turn: %1").arg(KioskTexts::priorityName(m_c->priority())));
    m_clearPriority->setText(tr("Cancel"));
    m_language->setText(m_c->language() == QLatin1String("ru") ? QStringLiteral("English") : QStringLiteral("Русский"));
    m_contrast->setText(m_highContrast ? tr("Normal colours") : tr("High contrast"));
    m_notice->setText(m_c->issuingOffline() ? offlineNotice() : m_c->topicNotice());
    m_notice->setVisible(!m_notice->text().isEmpty());
    // Check-in and ratings need the server.
    m_booking->setVisible(!prio && !m_c->linkDown());
    m_rate->setVisible(!prio && !m_c->linkDown());

    const hardware::PrinterStatus st = m_c->printerStatus();
    if (m_c->hasPrinter() && !st.canPrint()) {
        m_printerBanner->setText(tr("The printer is not working. Your number will be shown on the screen; "
                                    "please tell the administrator."));
        m_printerBanner->show();
    } else if (m_c->hasPrinter() && st.state == hardware::PrinterState::PaperLow) {
        m_printerBanner->setText(tr("Paper is running low: please tell the administrator."));
        m_printerBanner->show();
    } else {
        m_printerBanner->hide();
    }
}

// --- TopicsScreen ---

TopicsScreen::TopicsScreen(KioskController *c, QWidget *parent) : Screen(c, QStringLiteral("topicsScreen"), parent)
{
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("topicsTitle"));
    m_subtitle = addLabel(m_headerLayout, "subtitle", QStringLiteral("topicsSubtitle"));
    m_priorityBanner = addLabel(m_headerLayout, "banner", QStringLiteral("priorityBanner"));
    m_notice = addLabel(m_headerLayout, "banner", QStringLiteral("topicNotice"));
    m_grid = new QGridLayout;
    m_grid->setSpacing(24);
    m_body->addLayout(m_grid);
    m_back = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void TopicsScreen::refresh()
{
    m_title->setText(segmentName(m_c->segment()));
    m_subtitle->setText(tr("Choose the topic of your visit"));
    m_priorityBanner->setText(tr("Out of turn: %1").arg(KioskTexts::priorityName(m_c->priority())));
    m_priorityBanner->setVisible(!m_c->priority().isEmpty());
    m_notice->setText(m_c->issuingOffline() ? offlineNotice() : m_c->topicNotice());
    m_notice->setVisible(!m_notice->text().isEmpty());
    m_back->setText(tr("Back"));

    const QList<ServiceInfo> topics = m_c->topics();
    while (m_buttons.size() > topics.size())
        delete m_buttons.takeLast();
    while (m_buttons.size() < topics.size()) {
        auto *b = new BigButton(QStringLiteral("primary"), this);
        connect(b, &QPushButton::clicked, this, [this, b] { m_c->chooseTopic(b->property("service").toString()); });
        m_buttons << b;
    }
    clearGrid(m_grid);
    const int columns = isPortrait() || topics.size() < 2 ? 1 : 2;
    for (int i = 0; i < topics.size(); ++i) {
        const ServiceInfo &s = topics[i];
        BigButton *b = m_buttons[i];
        b->setObjectName(QStringLiteral("topic_") + s.id);
        b->setProperty("service", s.id);
        b->setTitle(s.name);
        b->setDescription(s.description);
        if (m_c->linkDown())   // the counts are from before the link went down
            b->setStatus(tr("Expected wait: %1").arg(QStringLiteral("—")));
        else if (s.waiting == 0 && s.estimatedWaitS == 0)
            b->setStatus(tr("No queue"), normOf(s));
        else
            b->setStatus(tr("In queue: %1 · wait %2").arg(s.waiting).arg(KioskTexts::waitText(s.estimatedWaitS)),
                         normOf(s));
        m_grid->addWidget(b, i / columns, i % columns);
    }
}

// --- PriorityScreen ---

PriorityScreen::PriorityScreen(KioskController *c, QWidget *parent)
    : Screen(c, QStringLiteral("priorityScreen"), parent)
{
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("priorityTitle"));
    m_subtitle = addLabel(m_headerLayout, "subtitle", QStringLiteral("prioritySubtitle"));
    m_grid = new QGridLayout;
    m_grid->setSpacing(20);
    m_body->addLayout(m_grid);
    m_back = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void PriorityScreen::refresh()
{
    m_title->setText(tr("Right to be served out of turn"));
    m_subtitle->setText(tr("Choose your category. The specialist may ask for a document that confirms it."));
    m_back->setText(tr("Back"));
    const QStringList cats = m_c->priorities();
    while (m_buttons.size() > cats.size())
        delete m_buttons.takeLast();
    while (m_buttons.size() < cats.size()) {
        auto *b = new BigButton(QStringLiteral("primary"), this);
        connect(b, &QPushButton::clicked, this, [this, b] { m_c->choosePriority(b->property("category").toString()); });
        m_buttons << b;
    }
    clearGrid(m_grid);
    const int columns = isPortrait() ? 1 : 2;
    for (int i = 0; i < cats.size(); ++i) {
        m_buttons[i]->setObjectName(QStringLiteral("priority_") + cats[i]);
        m_buttons[i]->setProperty("category", cats[i]);
        m_buttons[i]->setTitle(KioskTexts::priorityName(cats[i]));
        m_grid->addWidget(m_buttons[i], i / columns, i % columns);
    }
}

// --- BookingScreen ---

BookingScreen::BookingScreen(KioskController *c, QWidget *parent) : Screen(c, QStringLiteral("bookingScreen"), parent)
{
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("bookingTitle"));
    m_subtitle = addLabel(m_headerLayout, "subtitle", QStringLiteral("bookingSubtitle"));

    m_split = new QBoxLayout(QBoxLayout::TopToBottom);
    m_split->setSpacing(30);
    auto *left = new QVBoxLayout;
    left->setSpacing(20);
    m_code = addLabel(left, "code", QStringLiteral("bookingCode"));
    m_code->setMinimumHeight(130);
    m_message = addLabel(left, "banner", QStringLiteral("bookingMessage"));
    left->addStretch(1);
    m_split->addLayout(left, 1);

    auto *keypad = numericKeypad(
        this, QStringLiteral("key_"), [this](QChar k) { m_c->bookingKey(k); }, [this] { m_c->submitBooking(); }, &m_keys);
    m_split->addLayout(keypad, 1);
    m_body->addLayout(m_split);
    m_back = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void BookingScreen::setPortrait(bool portrait)
{
    Screen::setPortrait(portrait);
    m_split->setDirection(portrait ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
}

void BookingScreen::refresh()
{
    m_title->setText(tr("I have a booking"));
    m_subtitle->setText(tr("Enter the booking code from the text message or e-mail"));
    const QString code = m_c->bookingCode();
    m_code->setText(code.isEmpty() ? QStringLiteral("_ _ _ _ _ _") : code);
    m_message->setVisible(m_c->bookingRejected());
    m_message->setText(m_c->bookingMessage());
    m_keys.last()->setText(tr("OK"));
    m_back->setText(tr("Back"));
}

// --- RatingNumberScreen ---

RatingNumberScreen::RatingNumberScreen(KioskController *c, QWidget *parent)
    : Screen(c, QStringLiteral("ratingNumberScreen"), parent)
{
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("ratingTitle"));
    m_subtitle = addLabel(m_headerLayout, "subtitle", QStringLiteral("ratingSubtitle"));

    m_split = new QBoxLayout(QBoxLayout::TopToBottom);
    m_split->setSpacing(30);
    auto *left = new QVBoxLayout;
    left->setSpacing(20);
    m_number = addLabel(left, "code", QStringLiteral("ratingNumber"));
    m_number->setMinimumHeight(130);
    // The letter keys sit under the number, the digits beside (landscape) or below it.
    m_letters = new QHBoxLayout;
    m_letters->setSpacing(18);
    left->addLayout(m_letters);
    m_message = addLabel(left, "banner", QStringLiteral("ratingMessage"));
    left->addStretch(1);
    m_split->addLayout(left, 1);

    auto *right = new QVBoxLayout;
    right->setSpacing(18);
    auto *keypad = numericKeypad(
        this, QStringLiteral("rkey_"), [this](QChar k) { m_c->ratingKey(k); }, [this] { m_c->submitRatingNumber(); }, &m_keys);
    right->addLayout(keypad);
    m_split->addLayout(right, 1);
    m_body->addLayout(m_split);
    m_back = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void RatingNumberScreen::setPortrait(bool portrait)
{
    Screen::setPortrait(portrait);
    m_split->setDirection(portrait ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
}

void RatingNumberScreen::refresh()
{
    // One letter key per topic prefix of the office (rebuilt when the catalogue changes).
    const QStringList prefixes = m_c->prefixes();
    QStringList shown;
    for (QPushButton *b : std::as_const(m_letterKeys))
        shown << b->text();
    if (shown != prefixes) {
        qDeleteAll(m_letterKeys);
        m_letterKeys.clear();
        for (const QString &p : prefixes) {
            auto *b = new QPushButton(p, this);
            b->setProperty("role", QStringLiteral("key"));
            b->setObjectName(QStringLiteral("rkey_letter_") + p);
            b->setFocusPolicy(Qt::NoFocus);
            b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
            b->setMinimumHeight(Theme::kKeyHeight);
            b->setMinimumWidth(Theme::kKeyHeight);
            connect(b, &QPushButton::clicked, this, [this, p] { m_c->ratingKey(p.at(0)); });
            m_letters->addWidget(b);
            m_letterKeys << b;
        }
    }
    m_title->setText(tr("Rate the service"));
    m_subtitle->setText(tr("Enter the number from your ticket: the letter, then the digits"));
    const QString number = m_c->ratingNumber();
    m_number->setText(number.isEmpty() ? QStringLiteral("_ _ _ _") : number);
    const QString text = m_c->ratingMessage();
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    m_keys.last()->setText(tr("OK"));
    m_back->setText(tr("Back"));
}

// --- RatingScoreScreen ---

RatingScoreScreen::RatingScoreScreen(KioskController *c, QWidget *parent)
    : Screen(c, QStringLiteral("ratingScoreScreen"), parent)
{
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("scoreTitle"));
    m_subtitle = addLabel(m_headerLayout, "subtitle", QStringLiteral("scoreSubtitle"));
    m_grid = new QGridLayout;
    m_grid->setSpacing(24);
    for (int score = 1; score <= 5; ++score) {
        // One style for every score: the screen must not lead the visitor towards an answer.
        auto *b = new BigButton(QStringLiteral("primary"), this);
        b->setObjectName(QStringLiteral("score_%1").arg(score));
        connect(b, &QPushButton::clicked, this, [this, score] { m_c->rate(score); });
        m_scores << b;
    }
    m_body->addLayout(m_grid);
    m_back = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, [this] { m_c->goHome(); });
    setPortrait(true);
}

void RatingScoreScreen::setPortrait(bool portrait)
{
    Screen::setPortrait(portrait);
    clearGrid(m_grid);
    for (int i = 0; i < m_scores.size(); ++i)
        m_grid->setColumnStretch(i, portrait && i > 0 ? 0 : 1);   // equal widths side by side
    for (int i = 0; i < m_scores.size(); ++i) {
        // Best first on a portrait screen (top to bottom), 1..5 left to right on a landscape one.
        if (portrait)
            m_grid->addWidget(m_scores[m_scores.size() - 1 - i], i, 0);
        else
            m_grid->addWidget(m_scores[i], 0, i);
    }
}

void RatingScoreScreen::refresh()
{
    m_title->setText(tr("How would you rate the service?"));
    m_subtitle->setText(tr("Ticket %1").arg(m_c->ratingNumber()));
    const QStringList words{tr("Very bad"), tr("Bad"), tr("Satisfactory"), tr("Good"), tr("Excellent")};
    for (int i = 0; i < m_scores.size(); ++i) {
        m_scores[i]->setTitle(QString::number(i + 1));
        m_scores[i]->setDescription(words[i]);
    }
    m_back->setText(tr("Back"));
}

// --- HelpScreen ---

HelpScreen::HelpScreen(KioskController *c, QWidget *parent) : Screen(c, QStringLiteral("helpScreen"), parent)
{
    m_title = addLabel(m_headerLayout, "title", QStringLiteral("helpTitle"));
    setHeaderThird(false);
    m_diagram = new HelpDiagram(this);
    // The diagram fills the page, so the header does not take a third here.
    static_cast<QVBoxLayout *>(layout())->insertWidget(1, m_diagram, 10);
    m_back = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_back);
    connect(m_back, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void HelpScreen::setHighContrast(bool hc) { m_diagram->setHighContrast(hc); }

void HelpScreen::setPortrait(bool portrait)
{
    Screen::setPortrait(portrait);
    m_diagram->setPortrait(portrait);
}

void HelpScreen::refresh()
{
    m_title->setText(tr("How to get a ticket"));
    m_back->setText(tr("Back"));
    m_diagram->update();
}

// --- MessageScreen ---

MessageScreen::MessageScreen(KioskController *c, S which, const QString &name, QWidget *parent)
    : Screen(c, name, parent), m_which(which)
{
    m_office = addLabel(m_headerLayout, "office", QStringLiteral("officeName"));
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_body, "title", QStringLiteral("messageTitle"));
    m_details = addLabel(m_body, "subtitle", QStringLiteral("messageDetails"));
    m_body->addSpacing(40);
    m_primary = new QPushButton(this);
    m_primary->setProperty("role", QStringLiteral("primary"));
    m_primary->setObjectName(QStringLiteral("issueAnyway"));
    m_primary->setFocusPolicy(Qt::NoFocus);
    m_body->addWidget(m_primary);
    m_cancel = navButton(QStringLiteral("backButton"));
    m_body->addWidget(m_cancel);
    static_cast<QVBoxLayout *>(layout())->addStretch(1);
    connect(m_primary, &QPushButton::clicked, this, [this] { m_c->issueWithoutPrinter(); });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void MessageScreen::refresh()
{
    m_office->setText(m_c->catalog().office.name);
    m_primary->hide();
    m_cancel->hide();
    switch (m_which) {
    case S::Loading:
        m_title->setText(tr("Please wait"));
        m_details->setText(m_c->serverUntrusted() ? app::untrustedServerText()
                                                  : tr("The terminal is connecting to the queue server."));
        break;
    case S::Issuing:
        m_title->setText(tr("Printing your ticket…"));
        m_details->setText(tr("Please wait a moment."));
        break;
    case S::Closed: {
        m_title->setText(tr("The office is closed"));
        const QString when = m_c->openingText();
        m_details->setText(when.isEmpty() ? tr("Tickets are issued during office hours.")
                                          : tr("Tickets are issued during office hours.\nThe office opens %1.").arg(when));
        break;
    }
    case S::Unavailable:
        m_title->setText(tr("The terminal is temporarily out of service"));
        m_details->setText(m_c->serverUntrusted()
                               ? app::untrustedServerText()
                               : tr("There is no connection to the queue server. We keep trying to restore it: "
                                    "please wait a little or ask the administrator."));
        break;
    case S::OutOfOrder:
        m_title->setText(tr("The terminal is temporarily out of order, please contact a staff member"));
        m_details->setText(tr("Your ticket could not be printed and has been cancelled."));
        break;
    case S::RatingThanks:
        m_title->setText(tr("Thank you for your rating!"));
        m_details->setText(tr("Your opinion helps us to serve you better."));
        m_cancel->setText(tr("Done"));
        m_cancel->show();
        break;
    case S::PrinterProblem:
        m_title->setText(tr("The printer is not working"));
        m_details->setText(m_c->settings().issueWithoutPrinter
                               ? tr("Please tell the administrator. You can also get your number without a paper "
                                    "ticket: it will be shown on the screen — remember it or take a photo.")
                               : tr("Please tell the administrator. Tickets cannot be issued until the printer "
                                    "works again."));
        m_primary->setText(tr("Show my number on the screen"));
        m_primary->setVisible(m_c->settings().issueWithoutPrinter);
        m_cancel->setText(tr("Cancel"));
        m_cancel->show();
        break;
    default:
        break;
    }
}

// --- TicketScreen ---

TicketScreen::TicketScreen(KioskController *c, QWidget *parent) : Screen(c, QStringLiteral("ticketScreen"), parent)
{
    m_headerLayout->addStretch(1);
    m_title = addLabel(m_body, "title", QStringLiteral("ticketTitle"));
    m_number = addLabel(m_body, "number", QStringLiteral("ticketNumber"));
    m_topic = addLabel(m_body, "subtitle", QStringLiteral("ticketTopic"));
    m_mark = addLabel(m_body, "banner", QStringLiteral("ticketMark"));
    m_queue = addLabel(m_body, "subtitle", QStringLiteral("ticketQueue"));
    m_board = addLabel(m_body, "subtitle", QStringLiteral("ticketBoard"));
    m_note = addLabel(m_body, "banner", QStringLiteral("ticketNote"));
    m_body->addSpacing(30);
    m_done = new QPushButton(this);
    m_done->setProperty("role", QStringLiteral("primary"));
    m_done->setObjectName(QStringLiteral("doneButton"));
    m_done->setFocusPolicy(Qt::NoFocus);
    m_body->addWidget(m_done);
    connect(m_done, &QPushButton::clicked, this, [this] { m_c->goHome(); });
}

void TicketScreen::refresh()
{
    const KioskController::IssuedView &t = m_c->lastTicket();
    m_title->setText(t.printed ? tr("Take your ticket") : tr("Remember your number"));
    m_number->setText(t.issued.ticket.number);
    m_topic->setText(t.topicName);
    m_mark->setText(tr("Out of turn: %1").arg(KioskTexts::priorityName(t.priority)));
    m_mark->setVisible(!t.priority.isEmpty());
    if (t.offline)
        m_queue->setText(tr("People ahead of you: %1\nExpected wait: %2").arg(QStringLiteral("—"), QStringLiteral("—")));
    else
        m_queue->setText(tr("People ahead of you: %1\nExpected wait: %2")
                             .arg(t.issued.ahead)
                             .arg(KioskTexts::waitText(t.issued.estimatedWaitS)));
    QString note;
    if (t.offline)
        note = tr("The kiosk has no connection to the server now. Your ticket is valid: it takes its place in "
                  "the queue by the time you came as soon as the connection is back.");
    if (t.lateForSlot)
        note = tr("You are late for your booking at %1, so this is an ordinary ticket in the general queue.")
                   .arg(m_c->officeTimeText(t.lateForSlot, QStringLiteral("HH:mm")));
    if (!t.printed)
        note += (note.isEmpty() ? QString() : QStringLiteral("\n"))
                + tr("The ticket could not be printed. Remember or photograph your number; "
                     "if you need help, ask the administrator.");
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
    m_board->setText(tr("Watch the board: your number and window will appear there and be announced."));
    m_done->setText(tr("Done"));
}

} // namespace queue::kiosk::ui
