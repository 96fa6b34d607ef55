#include "loginpage.h"

#include "operator_desk/logic/deskcontroller.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace queue::desk::ui {

LoginPage::LoginPage(DeskController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_login(new QLineEdit(this)), m_pin(new QLineEdit(this)),
      m_window(new QSpinBox(this)), m_button(new QPushButton(tr("Log in"), this)), m_error(new QLabel(this))
{
    auto *panel = new QFrame(this);
    panel->setObjectName(QStringLiteral("panel"));
    panel->setMaximumWidth(520);
    auto *title = new QLabel(tr("Operator desk"), panel);
    title->setStyleSheet(QStringLiteral("font-size: 20pt; font-weight: bold;"));
    auto *hint = new QLabel(tr("Log in to your window to start calling clients."), panel);
    hint->setWordWrap(true);

    m_login->setObjectName(QStringLiteral("loginEdit"));
    m_pin->setObjectName(QStringLiteral("pinEdit"));
    m_pin->setEchoMode(QLineEdit::Password);
    m_window->setObjectName(QStringLiteral("windowSpin"));
    m_window->setRange(1, 999);
    m_button->setObjectName(QStringLiteral("loginButton"));
    m_button->setProperty("primary", true);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #a31515; font-weight: bold;"));

    auto *form = new QGridLayout;
    form->setVerticalSpacing(12);
    form->setHorizontalSpacing(14);
    const QList<QPair<QString, QWidget *>> rows{{tr("Login"), m_login}, {tr("PIN"), m_pin}, {tr("Window"), m_window}};
    for (int i = 0; i < rows.size(); ++i) {
        form->addWidget(new QLabel(rows[i].first, panel), i, 0, Qt::AlignLeft | Qt::AlignVCenter);
        form->addWidget(rows[i].second, i, 1);
    }
    form->setColumnStretch(1, 1);

    auto *box = new QVBoxLayout(panel);
    box->setContentsMargins(24, 24, 24, 24);
    box->setSpacing(14);
    box->addWidget(title);
    box->addWidget(hint);
    box->addLayout(form);
    box->addWidget(m_button);
    box->addWidget(m_error);

    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(panel, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(m_button, &QPushButton::clicked, this, &LoginPage::submit);
    connect(m_pin, &QLineEdit::returnPressed, this, &LoginPage::submit);
    connect(m_login, &QLineEdit::returnPressed, this, [this] { m_pin->setFocus(); });
    update();
}

void LoginPage::setWindowNumber(int window) { m_window->setValue(window); }

void LoginPage::update()
{
    const bool busy = m_controller->phase() == DeskController::Phase::LoggingIn;
    m_button->setEnabled(!busy);
    m_button->setText(busy ? tr("Logging in…") : tr("Log in"));
    m_error->setText(m_controller->lastError());
    m_error->setVisible(!m_controller->lastError().isEmpty());
}

void LoginPage::submit()
{
    if (m_login->text().trimmed().isEmpty() || m_pin->text().isEmpty()) {
        m_error->setText(tr("Enter your login and PIN."));
        m_error->setVisible(true);
        return;
    }
    m_controller->login(m_login->text().trimmed(), m_pin->text(), m_window->value());
    m_pin->clear();
}

} // namespace queue::desk::ui
