#include "workpage.h"

#include "style.h"

#include "operator_desk/logic/deskcontroller.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace queue::desk::ui {

namespace {
using Action = DeskController::Action;

QFrame *panel(QWidget *parent, const QString &title, QVBoxLayout **box)
{
    auto *f = new QFrame(parent);
    f->setObjectName(QStringLiteral("panel"));
    *box = new QVBoxLayout(f);
    (*box)->setContentsMargins(14, 10, 14, 12);
    (*box)->setSpacing(6);
    if (!title.isEmpty()) {
        auto *t = new QLabel(title, f);
        t->setObjectName(QStringLiteral("panelTitle"));
        t->setWordWrap(true);
        (*box)->addWidget(t);
    }
    return f;
}

QPushButton *button(const QString &name, const QString &text, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}

QLabel *label(const QString &name, QWidget *parent, const QString &style = QString())
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    if (!style.isEmpty())
        l->setStyleSheet(style);
    return l;
}

QString minutes(qint64 seconds) { return QString::number((seconds + 59) / 60); }
} // namespace

WorkPage::WorkPage(DeskController *controller, QWidget *parent) : QWidget(parent), m_controller(controller)
{
    auto *left = new QVBoxLayout;
    left->setSpacing(10);
    left->addWidget(buildTicketPanel());
    left->addWidget(buildForms(buildActions()), 1);

    m_side = new QWidget(this);
    auto *side = new QVBoxLayout(m_side);
    side->setContentsMargins(0, 0, 0, 0);
    side->setSpacing(10);
    side->addWidget(buildQueuePanel(), 3);
    side->addWidget(buildTodayPanel(), 2);

    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(10, 6, 10, 6);
    outer->setSpacing(12);
    outer->addLayout(left, 3);
    outer->addWidget(m_side, 2);
    update();
}

QFrame *WorkPage::buildTicketPanel()
{
    QVBoxLayout *box = nullptr;
    QFrame *f = panel(this, QString(), &box);
    m_stateLabel = label(QStringLiteral("windowStateLabel"), f, QStringLiteral("font-size: 14pt; font-weight: bold;"));
    m_number = label(QStringLiteral("ticketNumberLabel"), f,
                     QStringLiteral("font-size: 40pt; font-weight: bold; color: #0b3d75;"));
    m_number->setWordWrap(false);
    m_topic = label(QStringLiteral("ticketTopicLabel"), f, QStringLiteral("font-size: 15pt;"));
    m_priority = label(QStringLiteral("priorityLabel"), f,
                       QStringLiteral("background: #5b2a86; color: #ffffff; font-size: 13pt; font-weight: bold;"
                                      " border-radius: 6px; padding: 4px 8px;"));
    m_wait = label(QStringLiteral("waitLabel"), f);
    m_callTimer = label(QStringLiteral("callTimerLabel"), f, QStringLiteral("font-size: 13pt;"));
    m_serviceTimer = label(QStringLiteral("serviceTimerLabel"), f);
    m_recalls = label(QStringLiteral("recallsLabel"), f, QStringLiteral("font-size: 13pt;"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_number);
    auto *right = new QVBoxLayout;
    right->addWidget(m_topic);
    right->addWidget(m_priority);
    top->addLayout(right, 1);
    box->addWidget(m_stateLabel);
    box->addLayout(top);
    box->addWidget(m_wait);
    box->addWidget(m_callTimer);
    box->addWidget(m_recalls);
    box->addWidget(m_serviceTimer);
    return f;
}

QWidget *WorkPage::buildActions()
{
    auto *w = new QWidget(this);
    auto *box = new QVBoxLayout(w);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(8);
    m_call = button(QStringLiteral("callButton"), tr("Call next"), w);
    m_recall = button(QStringLiteral("recallButton"), tr("Recall"), w);
    m_start = button(QStringLiteral("startButton"), tr("Client came"), w);
    m_start->setProperty("primary", true);
    m_noShow = button(QStringLiteral("noShowButton"), tr("No-show"), w);
    m_noShow->setProperty("danger", true);
    m_finish = button(QStringLiteral("finishButton"), tr("Finish…"), w);
    m_finish->setProperty("primary", true);
    m_redirect = button(QStringLiteral("redirectButton"), tr("Redirect…"), w);
    m_postpone = button(QStringLiteral("postponeButton"), tr("Postpone…"), w);
    m_callTicket = button(QStringLiteral("callTicketButton"), tr("Call a ticket…"), w);
    m_pause = button(QStringLiteral("pauseButton"), tr("Pause…"), w);
    m_resume = button(QStringLiteral("resumeButton"), tr("Resume work"), w);
    m_resume->setProperty("primary", true);

    box->addWidget(m_call);
    m_buttonGrid = new QGridLayout;
    m_buttonGrid->setSpacing(8);
    box->addLayout(m_buttonGrid);
    box->addStretch(1);
    layoutButtons();

    connect(m_call, &QPushButton::clicked, m_controller, &DeskController::callNext);
    connect(m_recall, &QPushButton::clicked, m_controller, &DeskController::recall);
    connect(m_start, &QPushButton::clicked, m_controller, &DeskController::start);
    connect(m_noShow, &QPushButton::clicked, m_controller, &DeskController::noShow);
    connect(m_resume, &QPushButton::clicked, m_controller, &DeskController::resume);
    connect(m_finish, &QPushButton::clicked, this, [this] { showForm(Form::Finish); });
    connect(m_redirect, &QPushButton::clicked, this, [this] { showForm(Form::Redirect); });
    connect(m_postpone, &QPushButton::clicked, this, [this] { showForm(Form::Postpone); });
    connect(m_pause, &QPushButton::clicked, this, [this] { showForm(Form::Pause); });
    connect(m_callTicket, &QPushButton::clicked, this, [this] { showForm(Form::CallTicket); });
    return w;
}

void WorkPage::layoutButtons()
{
    const QList<QPushButton *> buttons{m_recall, m_start, m_noShow, m_finish, m_redirect,
                                       m_postpone, m_callTicket, m_pause, m_resume};
    for (QPushButton *b : buttons)
        m_buttonGrid->removeWidget(b);
    // Only the buttons shown take a cell, so that no gap is left where one is hidden.
    const int columns = m_compact ? 2 : 3;
    int i = 0;
    for (QPushButton *b : buttons) {
        if (b->isHidden())
            continue;
        m_buttonGrid->addWidget(b, i / columns, i % columns);
        ++i;
    }
}

QWidget *WorkPage::buildForms(QWidget *actions)
{
    // A form takes the place of the action buttons while it is open: the desk fits 1366×768.
    m_forms = new QStackedWidget(this);
    m_forms->setObjectName(QStringLiteral("formStack"));
    m_forms->addWidget(actions);   // Form::None

    auto cancelButton = [this](QWidget *parent) {
        auto *b = button(QStringLiteral("cancelFormButton"), tr("Cancel"), parent);
        connect(b, &QPushButton::clicked, this, [this] { showForm(Form::None); });
        return b;
    };

    // Finish: the outcome, and a comment (required when service was stopped).
    {
        QVBoxLayout *box = nullptr;
        QFrame *f = panel(m_forms, tr("Finish the service"), &box);
        f->setObjectName(QStringLiteral("finishForm"));
        f->setStyleSheet(QStringLiteral("QFrame#finishForm { background: #ffffff; border: 2px solid #0b5cad;"
                                        " border-radius: 8px; }"));
        m_outcomeResolved = new QRadioButton(DeskController::outcomeText(Outcome::Resolved), f);
        m_outcomeResolved->setObjectName(QStringLiteral("outcomeResolved"));
        m_outcomeBackOffice = new QRadioButton(DeskController::outcomeText(Outcome::BackOffice), f);
        m_outcomeBackOffice->setObjectName(QStringLiteral("outcomeBackOffice"));
        m_outcomeStopped = new QRadioButton(DeskController::outcomeText(Outcome::ServiceStopped), f);
        m_outcomeStopped->setObjectName(QStringLiteral("outcomeStopped"));
        m_outcomeResolved->setChecked(true);
        m_comment = new QLineEdit(f);
        m_comment->setObjectName(QStringLiteral("commentEdit"));
        m_comment->setPlaceholderText(tr("Comment"));
        m_commentHint = label(QStringLiteral("commentHint"), f, QStringLiteral("color: #a31515; font-weight: bold;"));
        m_commentHint->setText(tr("A comment is required when the service is stopped."));
        m_finishConfirm = button(QStringLiteral("finishConfirmButton"), tr("Finish"), f);
        m_finishConfirm->setProperty("primary", true);
        auto *row = new QHBoxLayout;
        row->addWidget(m_finishConfirm);
        row->addWidget(cancelButton(f));
        box->addWidget(m_outcomeResolved);
        box->addWidget(m_outcomeBackOffice);
        box->addWidget(m_outcomeStopped);
        box->addWidget(m_comment);
        box->addWidget(m_commentHint);
        box->addLayout(row);
        box->addStretch(1);
        for (QRadioButton *r : {m_outcomeResolved, m_outcomeBackOffice, m_outcomeStopped})
            connect(r, &QRadioButton::toggled, this, &WorkPage::update);
        connect(m_comment, &QLineEdit::textChanged, this, &WorkPage::update);
        connect(m_finishConfirm, &QPushButton::clicked, this, &WorkPage::confirmFinish);
        m_forms->addWidget(f);
    }
    // Redirect: to another topic and/or window.
    {
        QVBoxLayout *box = nullptr;
        QFrame *f = panel(m_forms, tr("Redirect the client (they keep their place by arrival time)"), &box);
        m_redirectService = new QComboBox(f);
        m_redirectService->setObjectName(QStringLiteral("redirectServiceCombo"));
        m_redirectWindow = new QComboBox(f);
        m_redirectWindow->setObjectName(QStringLiteral("redirectWindowCombo"));
        for (QComboBox *combo : {m_redirectService, m_redirectWindow}) {
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(14);
        }
        m_redirectConfirm = button(QStringLiteral("redirectConfirmButton"), tr("Redirect"), f);
        m_redirectConfirm->setProperty("primary", true);
        auto *grid = new QGridLayout;
        grid->addWidget(new QLabel(tr("Topic"), f), 0, 0);
        grid->addWidget(m_redirectService, 0, 1);
        grid->addWidget(new QLabel(tr("Window"), f), 1, 0);
        grid->addWidget(m_redirectWindow, 1, 1);
        grid->setColumnStretch(1, 1);
        auto *row = new QHBoxLayout;
        row->addWidget(m_redirectConfirm);
        row->addWidget(cancelButton(f));
        box->addLayout(grid);
        box->addLayout(row);
        box->addStretch(1);
        connect(m_redirectService, &QComboBox::currentIndexChanged, this, &WorkPage::update);
        connect(m_redirectWindow, &QComboBox::currentIndexChanged, this, &WorkPage::update);
        connect(m_redirectConfirm, &QPushButton::clicked, this, &WorkPage::confirmRedirect);
        m_forms->addWidget(f);
    }
    // Postpone for N minutes.
    {
        QVBoxLayout *box = nullptr;
        QFrame *f = panel(m_forms, tr("Postpone the ticket"), &box);
        m_postponeMinutes = new QSpinBox(f);
        m_postponeMinutes->setObjectName(QStringLiteral("postponeSpin"));
        m_postponeMinutes->setRange(1, 240);
        m_postponeMinutes->setValue(10);
        m_postponeMinutes->setSuffix(tr(" min"));
        m_postponeConfirm = button(QStringLiteral("postponeConfirmButton"), tr("Postpone"), f);
        m_postponeConfirm->setProperty("primary", true);
        auto *row = new QHBoxLayout;
        row->addWidget(new QLabel(tr("Back in the queue in"), f));
        row->addWidget(m_postponeMinutes);
        row->addStretch(1);
        auto *buttons = new QHBoxLayout;
        buttons->addWidget(m_postponeConfirm);
        buttons->addWidget(cancelButton(f));
        box->addLayout(row);
        box->addLayout(buttons);
        box->addStretch(1);
        connect(m_postponeConfirm, &QPushButton::clicked, this,
                [this] { m_controller->postpone(m_postponeMinutes->value()); });
        m_forms->addWidget(f);
    }
    // Pause with a reason.
    {
        QVBoxLayout *box = nullptr;
        QFrame *f = panel(m_forms, tr("Pause: the window shows as closed on the boards"), &box);
        m_pauseBreak = button(QStringLiteral("pauseBreakButton"), DeskController::pauseReasonText(PauseReason::Break), f);
        m_pauseLunch = button(QStringLiteral("pauseLunchButton"), DeskController::pauseReasonText(PauseReason::Lunch), f);
        m_pauseTechnical = button(QStringLiteral("pauseTechnicalButton"),
                                  DeskController::pauseReasonText(PauseReason::Technical), f);
        auto *row = new QGridLayout;
        row->addWidget(m_pauseBreak, 0, 0);
        row->addWidget(m_pauseLunch, 0, 1);
        row->addWidget(m_pauseTechnical, 1, 0, 1, 2);
        box->addLayout(row);
        box->addWidget(cancelButton(f), 0, Qt::AlignLeft);
        box->addStretch(1);
        connect(m_pauseBreak, &QPushButton::clicked, this, [this] { m_controller->pause(PauseReason::Break); });
        connect(m_pauseLunch, &QPushButton::clicked, this, [this] { m_controller->pause(PauseReason::Lunch); });
        connect(m_pauseTechnical, &QPushButton::clicked, this,
                [this] { m_controller->pause(PauseReason::Technical); });
        m_forms->addWidget(f);
    }
    // Call a given ticket from this window's queue.
    {
        QVBoxLayout *box = nullptr;
        QFrame *f = panel(m_forms, tr("Call a ticket from the queue"), &box);
        m_queueList = new QListWidget(f);
        m_queueList->setObjectName(QStringLiteral("queueList"));
        m_callTicketConfirm = button(QStringLiteral("callTicketConfirmButton"), tr("Call this ticket"), f);
        m_callTicketConfirm->setProperty("primary", true);
        auto *row = new QHBoxLayout;
        row->addWidget(m_callTicketConfirm);
        row->addWidget(cancelButton(f));
        box->addWidget(m_queueList, 1);
        box->addLayout(row);
        connect(m_queueList, &QListWidget::currentRowChanged, this, &WorkPage::update);
        connect(m_queueList, &QListWidget::itemDoubleClicked, this, &WorkPage::confirmCallTicket);
        connect(m_callTicketConfirm, &QPushButton::clicked, this, &WorkPage::confirmCallTicket);
        m_forms->addWidget(f);
    }
    connect(m_controller, &DeskController::actionDone, this, [this](DeskController::Action) {
        showForm(Form::None);
    });
    return m_forms;
}

QFrame *WorkPage::buildQueuePanel()
{
    QVBoxLayout *box = nullptr;
    QFrame *f = panel(this, tr("Queue of this window"), &box);
    f->setObjectName(QStringLiteral("queuePanel"));
    f->setStyleSheet(QStringLiteral("QFrame#queuePanel { background: #ffffff; border: 2px solid #b0b0b0;"
                                    " border-radius: 8px; }"));
    m_queueTotal = label(QStringLiteral("queueTotalLabel"), f, QStringLiteral("font-size: 13pt; font-weight: bold;"));
    m_queueRows = new QVBoxLayout;
    m_queueRows->setSpacing(8);
    box->addWidget(m_queueTotal);
    box->addLayout(m_queueRows);
    box->addStretch(1);
    return f;
}

QFrame *WorkPage::buildTodayPanel()
{
    QVBoxLayout *box = nullptr;
    QFrame *f = panel(this, tr("Today at this window"), &box);
    m_todayServed = label(QStringLiteral("todayServedLabel"), f, QStringLiteral("font-size: 13pt;"));
    m_todayAvg = label(QStringLiteral("todayAvgLabel"), f);
    m_todayPctService = label(QStringLiteral("todayPctServiceLabel"), f, QStringLiteral("font-size: 13pt;"));
    m_todayPctWait = label(QStringLiteral("todayPctWaitLabel"), f, QStringLiteral("font-size: 13pt;"));
    box->addWidget(m_todayServed);
    box->addWidget(m_todayAvg);
    box->addWidget(m_todayPctService);
    box->addWidget(m_todayPctWait);
    box->addStretch(1);
    return f;
}

void WorkPage::setCompact(bool compact)
{
    m_compact = compact;
    m_side->setVisible(!compact);
    layoutButtons();
}

void WorkPage::setPostponeMinutes(int minutes) { m_postponeMinutes->setValue(minutes); }

void WorkPage::showForm(Form form)
{
    m_form = form;
    if (form == Form::Finish) {
        m_outcomeResolved->setChecked(true);
        m_comment->clear();
    } else if (form == Form::Redirect) {
        m_redirectService->setCurrentIndex(0);
        m_redirectWindow->setCurrentIndex(0);
    } else if (form == Form::CallTicket) {
        m_queueList->setCurrentRow(m_queueList->count() > 0 ? 0 : -1);
    }
    m_forms->setCurrentIndex(static_cast<int>(form));
    update();
    if (form == Form::Finish)
        m_finishConfirm->setFocus();
}

void WorkPage::finishShortcut()
{
    if (m_form == Form::Finish) {
        // A second press confirms; it never resets what was chosen in the form.
        if (m_finishConfirm->isEnabled())
            confirmFinish();
    } else if (m_controller->canDo(Action::Finish)) {
        showForm(Form::Finish);
    }
}

void WorkPage::confirmFinish()
{
    Outcome o = Outcome::Resolved;
    if (m_outcomeBackOffice->isChecked())
        o = Outcome::BackOffice;
    else if (m_outcomeStopped->isChecked())
        o = Outcome::ServiceStopped;
    m_controller->finish(o, m_comment->text());
}

void WorkPage::confirmRedirect()
{
    m_controller->redirect(m_redirectService->currentData().toString(), m_redirectWindow->currentData().toInt());
}

void WorkPage::confirmCallTicket()
{
    const QListWidgetItem *item = m_queueList->currentItem();
    if (item)
        m_controller->callTicket(item->data(Qt::UserRole).toLongLong());
}

void WorkPage::update()
{
    const DeskController *c = m_controller;
    const DeskSnapshot &s = c->state();
    const auto &t = s.window.ticket;

    // Ticket panel.
    QString stateText;
    if (s.window.state == WindowState::Paused)
        stateText = tr("Paused: %1. The window shows as closed on the boards.")
                        .arg(DeskController::pauseReasonText(s.window.pauseReason).toLower());
    else if (!t)
        stateText = tr("Free: call the next client");
    else if (t->state == TicketState::Called)
        stateText = tr("Called: waiting for the client");
    else
        stateText = tr("Serving the client");
    m_stateLabel->setText(stateText);
    m_stateLabel->setStyleSheet(
        s.window.state == WindowState::Paused
            ? QStringLiteral("font-size: 15pt; font-weight: bold; background: #4a4a4a; color: #ffffff;"
                             " border-radius: 6px; padding: 8px;")
            : QStringLiteral("font-size: 14pt; font-weight: bold;"));
    m_number->setText(t ? t->number : QString());
    m_number->setVisible(t.has_value());
    m_topic->setText(t ? c->serviceName(t->service) : QString());
    m_topic->setVisible(t.has_value());
    m_priority->setVisible(t && !t->priority.isEmpty());
    if (t && !t->priority.isEmpty())
        m_priority->setText(tr("OUT OF TURN: %1").arg(DeskController::priorityText(t->priority)));
    const bool called = t && t->state == TicketState::Called;
    m_recalls->setVisible(called);
    if (called) {
        m_recalls->setText(c->noShowOffered()
                               ? tr("Recalled %1 times: you may mark a no-show.").arg(t->recalls)
                               : tr("Recalls: %1 of %2").arg(t->recalls).arg(s.maxRecalls));
    }

    // Actions.
    m_call->setEnabled(c->canDo(Action::Call));
    m_recall->setEnabled(c->canDo(Action::Recall));
    m_recall->setText(t && t->recalls > 0 ? tr("Recall (%1)").arg(t->recalls) : tr("Recall"));
    m_start->setEnabled(c->canDo(Action::Start));
    m_noShow->setEnabled(c->canDo(Action::NoShow));
    m_noShow->setVisible(c->noShowOffered());
    m_finish->setEnabled(c->canDo(Action::Finish));
    m_redirect->setEnabled(c->canDo(Action::Redirect));
    m_postpone->setEnabled(c->canDo(Action::Postpone));
    m_callTicket->setEnabled(c->canDo(Action::CallTicket));
    m_pause->setEnabled(c->canDo(Action::Pause));
    m_pause->setVisible(s.window.state != WindowState::Paused);
    m_resume->setEnabled(c->canDo(Action::Resume));
    m_resume->setVisible(s.window.state == WindowState::Paused);
    const QString shown = QStringLiteral("%1%2%3").arg(m_noShow->isHidden()).arg(m_pause->isHidden()).arg(m_resume->isHidden());
    if (shown != m_buttonsShown) {
        m_buttonsShown = shown;
        layoutButtons();
    }

    // Forms: close one whose action is no longer possible (e.g. the ticket is gone).
    const bool formPossible = (m_form == Form::Finish && c->ticket() && c->ticket()->state == TicketState::Serving)
                              || (m_form == Form::Redirect && c->ticket())
                              || (m_form == Form::Postpone && c->ticket())
                              || (m_form == Form::Pause && !c->ticket() && s.window.state != WindowState::Paused)
                              || (m_form == Form::CallTicket && !c->ticket() && s.window.state != WindowState::Paused);
    if (m_form != Form::None && !formPossible) {
        m_form = Form::None;
        m_forms->setCurrentIndex(0);
    }
    const bool stopped = m_outcomeStopped->isChecked();
    m_commentHint->setVisible(stopped && m_comment->text().trimmed().isEmpty());
    m_finishConfirm->setEnabled(c->canDo(Action::Finish) && (!stopped || !m_comment->text().trimmed().isEmpty()));

    // Redirect targets.
    {
        const QString keepService = m_redirectService->currentData().toString();
        const int keepWindow = m_redirectWindow->currentData().toInt();
        const QSignalBlocker b1(m_redirectService), b2(m_redirectWindow);
        m_redirectService->clear();
        m_redirectService->addItem(tr("— same topic —"), QString());
        for (const ServiceInfo &svc : s.catalogue) {
            if (svc.segment == s.window.segment && (!t || svc.id != t->service))
                m_redirectService->addItem(svc.name, svc.id);
        }
        m_redirectWindow->clear();
        m_redirectWindow->addItem(tr("— any window of the topic —"), 0);
        for (const WindowInfo &w : s.windows) {
            if (w.number != s.window.number)
                m_redirectWindow->addItem(tr("Window %1").arg(w.number), w.number);
        }
        m_redirectService->setCurrentIndex(qMax(0, m_redirectService->findData(keepService)));
        m_redirectWindow->setCurrentIndex(qMax(0, m_redirectWindow->findData(keepWindow)));
    }
    m_redirectConfirm->setEnabled(c->canDo(Action::Redirect)
                                  && (!m_redirectService->currentData().toString().isEmpty()
                                      || m_redirectWindow->currentData().toInt() > 0));
    m_postponeConfirm->setEnabled(c->canDo(Action::Postpone));
    for (QPushButton *b : {m_pauseBreak, m_pauseLunch, m_pauseTechnical})
        b->setEnabled(c->canDo(Action::Pause));

    // The list of tickets that can be called.
    {
        const qint64 keep = m_queueList->currentItem() ? m_queueList->currentItem()->data(Qt::UserRole).toLongLong() : 0;
        const QSignalBlocker b(m_queueList);
        m_queueList->clear();
        const qint64 now = c->serverNowMs();
        for (const client::QueuedTicket &q : s.queue) {
            if (!q.available)
                continue;
            QString text = tr("%1 · %2 · waiting %3")
                               .arg(q.ticket.number, c->serviceName(q.ticket.service),
                                    formatDuration(q.ticket.issuedAt ? (now - q.ticket.issuedAt) / 1000 : -1));
            if (!q.ticket.priority.isEmpty())
                text += tr(" · out of turn (%1)").arg(DeskController::priorityText(q.ticket.priority));
            auto *item = new QListWidgetItem(text, m_queueList);
            item->setData(Qt::UserRole, q.ticket.id);
            if (q.ticket.id == keep)
                m_queueList->setCurrentItem(item);
        }
        if (!m_queueList->currentItem() && m_queueList->count() > 0)
            m_queueList->setCurrentRow(0);
    }
    m_callTicketConfirm->setEnabled(c->canDo(Action::CallTicket) && m_queueList->currentItem());

    updateQueue();
    updateToday();
    updateTimers();
}

void WorkPage::updateTimers()
{
    const DeskController *c = m_controller;
    const auto &t = c->ticket();
    m_wait->setVisible(t.has_value());
    if (t) {
        const qint64 wait = c->waitSeconds(), norm = c->waitNormSeconds();
        const NormLevel level = c->waitLevel();
        m_wait->setText(norm > 0 ? tr("Waited %1 · waiting norm %2 min · %3")
                                       .arg(formatDuration(wait), minutes(norm), normWord(level))
                                 : tr("Waited %1 · no waiting norm for this topic").arg(formatDuration(wait)));
        m_wait->setStyleSheet(normStyle(level) + QStringLiteral("font-size: 13pt;"));
        m_wait->setProperty("level", static_cast<int>(level));
    }
    const qint64 called = c->callSeconds();
    m_callTimer->setVisible(called >= 0);
    if (called >= 0)
        m_callTimer->setText(tr("Called %1 ago").arg(formatDuration(called)));

    const qint64 service = c->serviceSeconds();
    m_serviceTimer->setVisible(service >= 0);
    const NormLevel level = c->serviceLevel();
    m_serviceTimer->setProperty("level", static_cast<int>(level));
    if (service >= 0) {
        m_serviceTimer->setText(tr("Service %1 · norm %2 min · %3")
                                    .arg(formatDuration(service), minutes(c->serviceNormSeconds()), normWord(level)));
        m_serviceTimer->setStyleSheet(normStyle(level) + QStringLiteral("font-size: 17pt; font-weight: bold;"));
    }
    updateQueue();
}

void WorkPage::updateQueue()
{
    const QList<QueueRow> rows = m_controller->queueRows();
    // One block per topic: name, how many wait, and the longest wait against the norm.
    while (m_queueRowWidgets.size() > rows.size())
        delete m_queueRowWidgets.takeLast();
    while (m_queueRowWidgets.size() < rows.size()) {
        auto *row = new QWidget;
        auto *grid = new QGridLayout(row);
        grid->setContentsMargins(0, 4, 0, 4);
        grid->setHorizontalSpacing(10);
        grid->setVerticalSpacing(2);
        auto *name = label(QStringLiteral("queueName"), row, QStringLiteral("font-size: 13pt; font-weight: bold;"));
        auto *count = label(QStringLiteral("queueCount"), row, QStringLiteral("font-size: 13pt;"));
        count->setWordWrap(false);
        auto *oldest = label(QStringLiteral("queueOldest"), row);
        grid->addWidget(name, 0, 0);
        grid->addWidget(count, 0, 1, Qt::AlignRight);
        grid->addWidget(oldest, 1, 0, 1, 2);
        grid->setColumnStretch(0, 1);
        m_queueRows->addWidget(row);
        m_queueRowWidgets.append(row);
    }
    int total = 0;
    for (int i = 0; i < rows.size(); ++i) {
        const QueueRow &r = rows[i];
        total += r.waiting;
        QWidget *row = m_queueRowWidgets[i];
        row->setObjectName(QStringLiteral("queueRow"));
        row->setProperty("service", r.service);
        auto *name = row->findChild<QLabel *>(QStringLiteral("queueName"));
        auto *count = row->findChild<QLabel *>(QStringLiteral("queueCount"));
        auto *oldest = row->findChild<QLabel *>(QStringLiteral("queueOldest"));
        name->setText(r.name);
        QString waiting = tr("waiting: %1").arg(r.waiting);
        if (r.outOfTurn > 0)
            waiting += tr(", out of turn: %1").arg(r.outOfTurn);
        count->setText(waiting);
        QString text;
        if (r.oldestWaitS < 0)
            text = tr("Nobody waits");
        else if (r.waitNormMin > 0)
            text = tr("Longest wait %1 · norm %2 min · %3")
                       .arg(formatDuration(r.oldestWaitS)).arg(r.waitNormMin).arg(normWord(r.level));
        else
            text = tr("Longest wait %1 · no waiting norm").arg(formatDuration(r.oldestWaitS));
        oldest->setText(text);
        oldest->setProperty("level", static_cast<int>(r.level));
        oldest->setStyleSheet(normStyle(r.oldestWaitS < 0 ? NormLevel::None : r.level)
                              + QStringLiteral("font-size: 12pt;"));
    }
    m_queueTotal->setText(tr("Waiting for this window: %1").arg(total));
}

void WorkPage::updateToday()
{
    const DeskSnapshot &s = m_controller->state();
    const TodayStats &d = s.today;
    if (!d.known) {
        m_todayServed->setText(tr("No data yet"));
        m_todayAvg->clear();
        m_todayAvg->setStyleSheet(QString());
        m_todayPctService->clear();
        m_todayPctWait->clear();
        return;
    }
    m_todayServed->setText(tr("Served: %1 (no-shows: %2)").arg(d.finished).arg(d.noShow));
    // The window's topics have different norms; the average is held against the longest.
    int norm = 0;
    for (const QString &id : s.window.services)
        if (const ServiceInfo *svc = m_controller->service(id))
            norm = qMax(norm, svc->serviceNormMin);
    if (d.avgServiceS) {
        const NormLevel level = normLevel(*d.avgServiceS, norm * 60LL);
        m_todayAvg->setText(norm > 0 ? tr("Average service %1 · norm up to %2 min · %3")
                                           .arg(formatDuration(*d.avgServiceS)).arg(norm).arg(normWord(level))
                                     : tr("Average service %1").arg(formatDuration(*d.avgServiceS)));
        m_todayAvg->setStyleSheet(normStyle(level) + QStringLiteral("font-size: 13pt;"));
    } else {
        m_todayAvg->setText(tr("Average service: —"));
        m_todayAvg->setStyleSheet(QStringLiteral("font-size: 13pt;"));
    }
    auto pct = [](const std::optional<double> &p) {
        return p ? QStringLiteral("%1 %").arg(*p, 0, 'f', 1) : QStringLiteral("—");
    };
    m_todayPctService->setText(tr("Within the service norm: %1").arg(pct(d.pctServiceWithinNorm)));
    m_todayPctWait->setText(tr("Within the waiting norm: %1").arg(pct(d.pctWaitWithinNorm)));
}

} // namespace queue::desk::ui
