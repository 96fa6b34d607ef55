#include "boardwindow.h"

#include "common/app/startup.h"
#include "logic/boardmodel.h"
#include "tickerwidget.h"

#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace queue::board {

namespace {

// High contrast on a dark hall screen; state is told by colour and by text.
const char kBackground[] = "#0a1a33";
const char kPanel[] = "#12294d";
const char kText[] = "#ffffff";
const char kDimText[] = "#b4c3d6";       // past calls: still 8:1 on the background
const char kHighlight[] = "#ffd200";     // a fresh call
const char kHighlightText[] = "#000000";
const char kCalling[] = "#1f4f96";
const char kServing[] = "#17613a";
const char kOffline[] = "#ffb020";

QString css(const char *bg, const char *fg) { return QStringLiteral("background:%1; color:%2;").arg(QLatin1String(bg), QLatin1String(fg)); }

QLabel *label(const QString &name, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    // Text never widens the screen: a long topic name wraps or is cut, the layout holds.
    l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return l;
}

QFont boardFont(int px, bool bold)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(qMax(8, px));
    f.setBold(bold);
    return f;
}

// The screen is refreshed twice a second; restyling is only done when the look changes.
void setStyleIfChanged(QWidget *w, const QString &css)
{
    if (w->styleSheet() != css)
        w->setStyleSheet(css);
}

} // namespace

BoardWindow::BoardWindow(BoardModel *model, QWidget *parent) : QWidget(parent), m_model(model), m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("boardWindow"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(QLatin1String(kBackground)));
    pal.setColor(QPalette::WindowText, QColor(QLatin1String(kText)));
    setPalette(pal);

    m_header = new QWidget(this);
    m_header->setObjectName(QStringLiteral("header"));
    m_header->setAutoFillBackground(true);
    m_header->setStyleSheet(QStringLiteral("#header {%1}").arg(css(kPanel, kText)));
    auto *hl = new QHBoxLayout(m_header);
    m_office = label(QStringLiteral("officeLabel"), m_header);
    m_marker = label(QStringLiteral("connectionMarker"), m_header);
    m_marker->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kOffline)));
    m_clock = label(QStringLiteral("clockLabel"), m_header);
    m_office->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kText)));
    m_clock->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kText)));
    m_marker->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_clock->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    hl->addWidget(m_office, 1);
    hl->addWidget(m_marker);
    hl->addSpacing(20);
    hl->addWidget(m_clock);

    m_callsPanel = new QWidget(this);
    m_callsPanel->setObjectName(QStringLiteral("callsPanel"));
    auto *cl = new QVBoxLayout(m_callsPanel);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->setSpacing(6);
    auto *titles = new QWidget(m_callsPanel);
    auto *tl = new QHBoxLayout(titles);
    m_callsTitleTicket = label(QStringLiteral("callsTitleTicket"), titles);
    m_callsTitleWindow = label(QStringLiteral("callsTitleWindow"), titles);
    tl->addWidget(m_callsTitleTicket, 4);
    tl->addWidget(m_callsTitleWindow, 5);
    cl->addWidget(titles);
    m_callsEmpty = label(QStringLiteral("callsEmpty"), m_callsPanel);
    m_callsEmpty->setAlignment(Qt::AlignCenter);
    m_callsEmpty->setWordWrap(true);
    cl->addWidget(m_callsEmpty);
    cl->addStretch(1);

    m_windowsPanel = new QWidget(this);
    m_windowsPanel->setObjectName(QStringLiteral("windowsPanel"));
    auto *wl = new QVBoxLayout(m_windowsPanel);
    wl->setContentsMargins(0, 0, 0, 0);
    m_windowsTitle = label(QStringLiteral("windowsTitle"), m_windowsPanel);
    wl->addWidget(m_windowsTitle);
    m_windowsGrid = new QGridLayout;
    m_windowsGrid->setSpacing(8);
    wl->addLayout(m_windowsGrid);
    wl->addStretch(1);

    m_topicsPanel = new QWidget(this);
    m_topicsPanel->setObjectName(QStringLiteral("topicsPanel"));
    auto *pl = new QVBoxLayout(m_topicsPanel);
    pl->setContentsMargins(0, 0, 0, 0);
    m_topicsTitle = label(QStringLiteral("topicsTitle"), m_topicsPanel);
    pl->addWidget(m_topicsTitle);
    pl->addStretch(1);

    // Outside office hours, with no window at work: one message instead of the lists.
    m_closedPanel = new QWidget(this);
    m_closedPanel->setObjectName(QStringLiteral("closedPanel"));
    auto *xl = new QVBoxLayout(m_closedPanel);
    xl->addStretch(1);
    m_closedTitle = label(QStringLiteral("closedTitle"), m_closedPanel);
    m_closedOpens = label(QStringLiteral("closedOpens"), m_closedPanel);
    for (QLabel *l : {m_closedTitle, m_closedOpens}) {
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        l->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kText)));
        xl->addWidget(l);
    }
    xl->addStretch(1);
    m_closedPanel->hide();

    m_ticker = new TickerWidget(this);
    m_ticker->setObjectName(QStringLiteral("ticker"));
    m_ticker->setAutoFillBackground(true);
    QPalette tp = m_ticker->palette();
    tp.setColor(QPalette::Window, QColor(QLatin1String(kPanel)));
    tp.setColor(QPalette::WindowText, QColor(QLatin1String(kText)));
    m_ticker->setPalette(tp);

    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);

    connect(m_model, &BoardModel::changed, this, &BoardWindow::refresh);
    connect(m_tick, &QTimer::timeout, this, &BoardWindow::refresh);
    m_tick->start(500);

    retranslate();
    relayout();
    refresh();
}

void BoardWindow::retranslate()
{
    m_callsTitleTicket->setText(tr("Ticket"));
    m_callsTitleWindow->setText(tr("Window"));
    m_callsEmpty->setText(tr("Please wait for your ticket number to be called"));
    m_windowsTitle->setText(tr("Windows"));
    m_topicsTitle->setText(tr("Waiting"));
    m_marker->setText(QStringLiteral("● ") + tr("no connection"));
    m_closedTitle->setText(tr("The office is closed"));
}

void BoardWindow::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        retranslate();
        refresh();
    }
    QWidget::changeEvent(e);
}

void BoardWindow::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    const bool portrait = height() > width();
    const int unit = qMax(4, qMin(width(), height()) / 100);
    if (portrait != m_portrait || unit != m_unit) {
        m_portrait = portrait;
        m_unit = unit;
        relayout();
        refresh();
    }
}

void BoardWindow::relayout()
{
    for (QWidget *w : {m_header, m_callsPanel, m_windowsPanel, m_topicsPanel, m_closedPanel, static_cast<QWidget *>(m_ticker)})
        m_grid->removeWidget(w);
    const int u = m_unit;
    m_grid->setHorizontalSpacing(3 * u);
    m_grid->setVerticalSpacing(2 * u);
    m_grid->addWidget(m_header, 0, 0, 1, 2);
    if (!m_portrait) {
        // 1920×1080: calls on the left, windows and queues on the right.
        m_grid->addWidget(m_callsPanel, 1, 0, 2, 1);
        m_grid->addWidget(m_windowsPanel, 1, 1);
        m_grid->addWidget(m_topicsPanel, 2, 1);
        m_grid->setColumnStretch(0, 11);
        m_grid->setColumnStretch(1, 9);
        m_grid->setRowStretch(1, 1);
        m_grid->setRowStretch(2, 1);
        m_grid->addWidget(m_ticker, 3, 0, 1, 2);
    } else {
        // 1080×1920: calls across the top, windows and queues side by side below.
        m_grid->addWidget(m_callsPanel, 1, 0, 1, 2);
        m_grid->addWidget(m_windowsPanel, 2, 0);
        m_grid->addWidget(m_topicsPanel, 2, 1);
        m_grid->setColumnStretch(0, 1);
        m_grid->setColumnStretch(1, 1);
        m_grid->setRowStretch(1, 3);
        m_grid->setRowStretch(2, 2);
        m_grid->addWidget(m_ticker, 3, 0, 1, 2);
    }
    m_grid->addWidget(m_closedPanel, 1, 0, 2, 2);
    m_header->layout()->setContentsMargins(3 * u, u, 3 * u, u);
    m_callsPanel->setContentsMargins(3 * u, 0, m_portrait ? 3 * u : 0, 0);
    m_windowsPanel->setContentsMargins(m_portrait ? 3 * u : 0, 0, m_portrait ? 0 : 3 * u, 0);
    m_topicsPanel->setContentsMargins(0, 0, 3 * u, 0);
    m_ticker->setFixedHeight(7 * u);
    applyFonts();
}

void BoardWindow::applyFonts()
{
    const int u = m_unit;
    m_office->setFont(boardFont(4 * u, true));
    m_clock->setFont(boardFont(5 * u, true));
    m_marker->setFont(boardFont(int(2.4 * u), false));
    for (QLabel *t : {m_callsTitleTicket, m_callsTitleWindow, m_windowsTitle, m_topicsTitle}) {
        t->setFont(boardFont(int(3.2 * u), true));
        t->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kDimText)));
    }
    m_callsEmpty->setFont(boardFont(4 * u, false));
    m_closedTitle->setFont(boardFont(9 * u, true));
    m_closedOpens->setFont(boardFont(5 * u, false));
    m_ticker->setFont(boardFont(int(3.6 * u), false));
}

void BoardWindow::refresh()
{
    m_clock->setText(m_model->clockText());
    m_office->setText(m_model->office().name);
    m_marker->setVisible(!m_model->isConnected());
    m_marker->setText(QStringLiteral("● ")
                      + (m_model->serverUntrusted() ? app::untrustedServerText() : tr("no connection")));
    m_ticker->setText(m_model->tickerText());
    const bool closed = m_model->showsClosedOffice();
    m_closedPanel->setVisible(closed);
    for (QWidget *w : {m_callsPanel, m_windowsPanel, m_topicsPanel})
        w->setVisible(!closed);
    if (closed) {
        const QString when = m_model->openingText(QLocale());
        m_closedOpens->setText(when.isEmpty() ? QString() : tr("It opens %1").arg(when));
        return;
    }
    fillCalls();
    fillWindows();
    fillTopics();
}

void BoardWindow::fillCalls()
{
    const QList<CallRow> calls = m_model->calls();
    auto *layout = static_cast<QVBoxLayout *>(m_callsPanel->layout());
    while (m_callRows.size() < calls.size()) {
        auto *row = new QWidget(m_callsPanel);
        row->setObjectName(QStringLiteral("callRow%1").arg(m_callRows.size()));
        row->setAttribute(Qt::WA_StyledBackground);
        auto *rl = new QHBoxLayout(row);
        auto *ticket = label(QStringLiteral("ticket"), row);
        auto *arrow = label(QStringLiteral("arrow"), row);
        auto *window = label(QStringLiteral("window"), row);
        auto *status = label(QStringLiteral("status"), row);
        arrow->setText(QStringLiteral("→"));
        status->setWordWrap(true);
        rl->addWidget(ticket, 5);
        rl->addWidget(arrow, 1);
        rl->addWidget(window, 2);
        rl->addWidget(status, 4);
        layout->insertWidget(1 + int(m_callRows.size()), row);
        m_callRows.append(row);
    }
    const int u = m_unit;
    // The newest call is the largest; the rest share what is left.
    for (int i = 0; i < m_callRows.size(); ++i) {
        QWidget *row = m_callRows[i];
        if (i >= calls.size()) {
            row->hide();
            continue;
        }
        const CallRow &c = calls[i];
        const bool hot = m_model->isHighlighted(c);
        const bool here = m_model->isAtWindow(c);
        const int px = m_portrait ? (i == 0 ? 11 * u : 8 * u) : (i == 0 ? 9 * u : int(6.5 * u));
        QString status;
        const char *bg = kBackground;
        const char *fg = kDimText;
        if (hot) {
            bg = kHighlight;
            fg = kHighlightText;
            status = tr("please go to window %1").arg(c.window);
        } else if (here && c.state == TicketState::Called) {
            bg = kCalling;
            fg = kText;
            status = tr("invited");
        } else if (here) {
            bg = kServing;
            fg = kText;
            status = tr("being served");
        }
        setStyleIfChanged(row, QStringLiteral("#%1 {%2 border-radius:%3px;} QLabel {color:%4; background:transparent;}")
                                   .arg(row->objectName(), css(bg, fg)).arg(u).arg(QLatin1String(fg)));
        auto *ticket = row->findChild<QLabel *>(QStringLiteral("ticket"));
        auto *arrow = row->findChild<QLabel *>(QStringLiteral("arrow"));
        auto *window = row->findChild<QLabel *>(QStringLiteral("window"));
        auto *st = row->findChild<QLabel *>(QStringLiteral("status"));
        ticket->setText(c.number);
        window->setText(QString::number(c.window));
        st->setText(status);
        ticket->setFont(boardFont(px, true));
        arrow->setFont(boardFont(px, true));
        window->setFont(boardFont(px, true));
        st->setFont(boardFont(int(2.8 * u), hot));
        row->layout()->setContentsMargins(2 * u, i == 0 ? u : u / 3, 2 * u, i == 0 ? u : u / 3);
        row->show();
    }
    m_callsEmpty->setVisible(calls.isEmpty());
}

void BoardWindow::fillWindows()
{
    const QList<WindowInfo> windows = m_model->windows();
    while (m_windowTiles.size() < windows.size()) {
        auto *tile = new QWidget(m_windowsPanel);
        tile->setObjectName(QStringLiteral("windowTile%1").arg(m_windowTiles.size()));
        tile->setAttribute(Qt::WA_StyledBackground);
        auto *tl = new QHBoxLayout(tile);
        tl->addWidget(label(QStringLiteral("number"), tile), 1);
        tl->addWidget(label(QStringLiteral("state"), tile), 2);
        m_windowTiles.append(tile);
    }
    const int u = m_unit;
    const int columns = windows.size() > 8 ? 2 : 1;
    for (int i = 0; i < m_windowTiles.size(); ++i) {
        QWidget *tile = m_windowTiles[i];
        m_windowsGrid->removeWidget(tile);
        if (i >= windows.size()) {
            tile->hide();
            continue;
        }
        const WindowInfo &w = windows[i];
        m_windowsGrid->addWidget(tile, i / columns, i % columns);
        QString text;
        const char *bg = kPanel;
        const char *fg = kDimText;
        switch (w.state) {
        case WindowState::Calling:
            text = w.ticket ? tr("calls %1").arg(w.ticket->number) : tr("calling");
            bg = kCalling;
            fg = kText;
            break;
        case WindowState::Serving:
            text = w.ticket ? tr("serves %1").arg(w.ticket->number) : tr("serving");
            bg = kServing;
            fg = kText;
            break;
        case WindowState::Open:
            text = tr("free");
            fg = kText;
            break;
        case WindowState::Paused:
            text = QStringLiteral("‖ ") + tr("break");
            break;
        case WindowState::Closed:
            text = QStringLiteral("✕ ") + tr("closed");
            break;
        }
        setStyleIfChanged(tile, QStringLiteral("#%1 {%2 border-radius:%3px;} QLabel {color:%4; background:transparent;}")
                                    .arg(tile->objectName(), css(bg, fg)).arg(u).arg(QLatin1String(fg)));
        auto *num = tile->findChild<QLabel *>(QStringLiteral("number"));
        auto *st = tile->findChild<QLabel *>(QStringLiteral("state"));
        num->setText(tr("Window %1").arg(w.number));
        st->setText(text);
        const int px = int((m_portrait ? 2.6 : 3.0) * u);
        num->setFont(boardFont(px, true));
        st->setFont(boardFont(px, w.state == WindowState::Calling || w.state == WindowState::Serving));
        tile->layout()->setContentsMargins(u + u / 2, u / 2, u + u / 2, u / 2);
        tile->show();
    }
}

void BoardWindow::fillTopics()
{
    const QList<TopicCount> topics = m_model->topics();
    auto *layout = static_cast<QVBoxLayout *>(m_topicsPanel->layout());
    while (m_topicRows.size() < topics.size()) {
        auto *row = new QWidget(m_topicsPanel);
        row->setObjectName(QStringLiteral("topicRow%1").arg(m_topicRows.size()));
        auto *rl = new QHBoxLayout(row);
        rl->setContentsMargins(0, 0, 0, 0);
        auto *name = label(QStringLiteral("name"), row);
        name->setWordWrap(true);
        rl->addWidget(name, 1);
        rl->addWidget(label(QStringLiteral("count"), row));
        layout->insertWidget(1 + int(m_topicRows.size()), row);
        m_topicRows.append(row);
    }
    const int u = m_unit;
    for (int i = 0; i < m_topicRows.size(); ++i) {
        QWidget *row = m_topicRows[i];
        if (i >= topics.size()) {
            row->hide();
            continue;
        }
        const TopicCount &t = topics[i];
        auto *name = row->findChild<QLabel *>(QStringLiteral("name"));
        auto *count = row->findChild<QLabel *>(QStringLiteral("count"));
        name->setText(t.prefix.isEmpty() ? t.name : QStringLiteral("%1  %2").arg(t.prefix, t.name));
        count->setText(QString::number(t.waiting));
        name->setFont(boardFont(int(2.8 * u), false));
        count->setFont(boardFont(int(4 * u), true));
        count->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
        name->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kText)));
        count->setStyleSheet(QStringLiteral("color:%1;").arg(QLatin1String(kText)));
        count->setToolTip(tr("%n waiting", nullptr, t.waiting));
        row->show();
    }
}

} // namespace queue::board
