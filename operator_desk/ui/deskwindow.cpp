#include "deskwindow.h"

#include "loginpage.h"
#include "workpage.h"

#include "common/app/startup.h"
#include "operator_desk/logic/deskcontroller.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace queue::desk::ui {

namespace {
constexpr int kCompactWidth = 500;
}

DeskWindow::DeskWindow(DeskController *controller, const DeskSettings &settings, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_title(new QLabel(this)), m_topics(new QLabel(this)),
      m_connection(new QLabel(this)), m_compactButton(new QPushButton(tr("Narrow panel"), this)),
      m_logout(new QPushButton(tr("Log out"), this)), m_pages(new QStackedWidget(this)),
      m_login(new LoginPage(controller, m_pages)), m_work(new WorkPage(controller, m_pages)),
      m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("deskWindow"));
    setWindowTitle(tr("Operator desk"));
    m_title->setObjectName(QStringLiteral("headerTitle"));
    m_title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
    m_title->setWordWrap(true);
    m_topics->setObjectName(QStringLiteral("headerTopics"));
    m_topics->setWordWrap(true);
    m_topics->setStyleSheet(QStringLiteral("font-size: 12pt;"));
    m_connection->setObjectName(QStringLiteral("connectionLabel"));
    m_connection->setWordWrap(true);
    m_compactButton->setObjectName(QStringLiteral("compactButton"));
    m_compactButton->setCheckable(true);
    m_logout->setObjectName(QStringLiteral("logoutButton"));
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);

    m_pages->addWidget(m_login);
    m_pages->addWidget(m_work);
    m_work->setPostponeMinutes(settings.postponeMinutes);

    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_topics);
    m_header = new QGridLayout;
    m_header->addLayout(titles, 0, 0);
    m_header->setColumnStretch(0, 1);
    m_header->addWidget(m_compactButton, 0, 2);
    m_header->addWidget(m_logout, 0, 3);
    placeConnectionLabel(false);

    auto *box = new QVBoxLayout(this);
    box->setContentsMargins(10, 8, 10, 8);
    box->setSpacing(6);
    box->addLayout(m_header);
    box->addWidget(m_message);
    box->addWidget(m_pages, 1);

    connect(m_compactButton, &QPushButton::toggled, this, &DeskWindow::setCompact);
    connect(m_logout, &QPushButton::clicked, controller, &DeskController::logout);
    connect(controller, &DeskController::changed, this, &DeskWindow::update);
    connect(controller, &DeskController::phaseChanged, this, &DeskWindow::update);
    connect(controller, &DeskController::timersChanged, m_work, &WorkPage::updateTimers);
    installShortcuts(settings);
    if (settings.compact)
        setCompact(true);
    if (settings.alwaysOnTop)
        setWindowFlag(Qt::WindowStaysOnTopHint, true);
    update();
}

void DeskWindow::installShortcuts(const DeskSettings &settings)
{
    for (auto it = settings.shortcuts.begin(); it != settings.shortcuts.end(); ++it) {
        const QString name = it.key();
        for (const QString &keys : it.value()) {
            const QKeySequence seq = QKeySequence::fromString(keys, QKeySequence::PortableText);
            if (seq.isEmpty())
                continue;
            auto *s = new QShortcut(seq, this);
            s->setContext(Qt::ApplicationShortcut);
            s->setObjectName(QStringLiteral("shortcut_") + name);
            connect(s, &QShortcut::activated, this, [this, name] {
                if (m_controller->phase() != DeskController::Phase::Working)
                    return;
                if (name == QLatin1String("call"))
                    m_controller->callNext();
                else if (name == QLatin1String("recall"))
                    m_controller->recall();
                else if (name == QLatin1String("start"))
                    m_controller->start();
                else if (name == QLatin1String("finish"))
                    m_work->finishShortcut();
                else if (name == QLatin1String("no_show"))
                    m_controller->noShow();
                else if (name == QLatin1String("postpone") && m_controller->canDo(DeskController::Action::Postpone))
                    m_work->showForm(WorkPage::Form::Postpone);
                else if (name == QLatin1String("pause") && m_controller->canDo(DeskController::Action::Pause))
                    m_work->showForm(WorkPage::Form::Pause);
                else if (name == QLatin1String("resume"))
                    m_controller->resume();
            });
        }
    }
    // Esc closes an open form (finish, redirect, …) without doing anything.
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::ApplicationShortcut);
    connect(escape, &QShortcut::activated, this, [this] { m_work->showForm(WorkPage::Form::None); });

    // Tool tips name the keys on the buttons.
    auto hint = [&](const char *button, const char *action) {
        if (auto *b = findChild<QPushButton *>(QLatin1String(button)))
            b->setToolTip(settings.shortcuts.value(QLatin1String(action)).join(QStringLiteral(", ")));
    };
    hint("callButton", "call");
    hint("recallButton", "recall");
    hint("startButton", "start");
    hint("finishButton", "finish");
    hint("noShowButton", "no_show");
    hint("postponeButton", "postpone");
    hint("pauseButton", "pause");
    hint("resumeButton", "resume");
}

// Beside the title when wide; on a row of its own in the narrow panel.
void DeskWindow::placeConnectionLabel(bool compact)
{
    m_header->removeWidget(m_connection);
    m_connection->setWordWrap(compact);
    if (compact)
        m_header->addWidget(m_connection, 1, 0, 1, 4);
    else
        m_header->addWidget(m_connection, 0, 1);
}

bool DeskWindow::isCompact() const { return m_work->isCompact(); }

void DeskWindow::setCompact(bool compact)
{
    {
        const QSignalBlocker block(m_compactButton);
        m_compactButton->setChecked(compact);
    }
    m_work->setCompact(compact);
    placeConnectionLabel(compact);
    m_topics->setVisible(!compact);
    // Kept above the other work programs while narrow.
    const bool wasVisible = isVisible();
    setWindowFlag(Qt::WindowStaysOnTopHint, compact);
    // Recompute the minimum sizes now, not at the next layout request, so that resize() is not
    // clamped by the wide layout's minimum.
    m_work->layout()->activate();
    layout()->activate();
    if (compact) {
        setMinimumWidth(0);
        setMaximumWidth(kCompactWidth + 80);
        resize(kCompactWidth, height());
    } else {
        setMaximumWidth(QWIDGETSIZE_MAX);
    }
    if (wasVisible)
        show();
}

void DeskWindow::update()
{
    const DeskController *c = m_controller;
    const bool working = c->phase() == DeskController::Phase::Working;
    m_pages->setCurrentWidget(working ? static_cast<QWidget *>(m_work) : m_login);
    m_login->update();
    if (working)
        m_work->update();

    const DeskSnapshot &s = c->state();
    if (working) {
        m_title->setText(tr("Window %1 · %2").arg(s.window.number).arg(s.op.name.isEmpty() ? s.op.login : s.op.name));
        QStringList names;
        for (const QString &id : s.window.services)
            names << c->serviceName(id);
        m_topics->setText(tr("%1 · topics: %2")
                              .arg(s.window.segment == Segment::B2B ? tr("B2B (companies)") : tr("B2C (private clients)"),
                                   names.join(QStringLiteral(", "))));
    } else {
        m_title->clear();   // the login page has its own title
        m_topics->clear();
    }
    m_title->setVisible(working);
    m_topics->setVisible(working && !isCompact());
    m_logout->setVisible(working);
    m_logout->setEnabled(c->canDo(DeskController::Action::Logout));
    m_compactButton->setVisible(working);

    m_connection->setVisible(working);
    if (c->isOnline()) {
        m_connection->setText(tr("● Connected"));
        m_connection->setStyleSheet(QStringLiteral("background: #1b7f3b; color: #ffffff; font-weight: bold;"
                                                   " border-radius: 6px; padding: 6px 10px;"));
    } else {
        m_connection->setText(c->serverUntrusted() ? QStringLiteral("✖ ") + app::untrustedServerText()
                                                   : tr("✖ No connection: reconnecting…"));
        m_connection->setStyleSheet(QStringLiteral("background: #c62828; color: #ffffff; font-weight: bold;"
                                                   " border-radius: 6px; padding: 6px 10px;"));
    }

    QString message;
    QString style;
    if (working && !c->lastError().isEmpty()) {
        message = c->lastError();
        style = QStringLiteral("background: #fbe3e3; color: #7a0f0f; border: 2px solid #a31515;");
    } else if (working && !c->notice().isEmpty()) {
        message = c->notice();
        style = QStringLiteral("background: #fff4cc; color: #3d2e00; border: 2px solid #b38600;");
    } else if (working && !c->officeClosedText().isEmpty()) {
        message = c->officeClosedText();
        style = QStringLiteral("background: #e3ecf7; color: #0d2a4d; border: 2px solid #3b6ea5;");
    }
    m_message->setText(message);
    m_message->setStyleSheet(style + QStringLiteral(" font-size: 13pt; font-weight: bold; padding: 6px;"
                                                    " border-radius: 6px;"));
    m_message->setVisible(!message.isEmpty());
}

} // namespace queue::desk::ui
