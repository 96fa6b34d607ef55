#include "bigbutton.h"

#include "theme.h"

#include <QLabel>
#include <QStyle>
#include <QVBoxLayout>

namespace queue::kiosk::ui {

namespace {
QLabel *part(const char *name, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setProperty("part", QString::fromLatin1(name));
    l->setObjectName(QString::fromLatin1(name));
    l->setWordWrap(true);
    l->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    l->setAttribute(Qt::WA_TransparentForMouseEvents);
    return l;
}
} // namespace

BigButton::BigButton(const QString &role, QWidget *parent)
    : QPushButton(parent), m_title(part("name", this)), m_description(part("description", this)),
      m_status(part("status", this))
{
    setProperty("role", role);
    setFocusPolicy(Qt::NoFocus);
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(24, 6, 24, 6);
    l->setSpacing(4);
    l->addWidget(m_title);
    l->addWidget(m_description);
    l->addWidget(m_status);
    m_description->hide();
    m_status->hide();
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void BigButton::setTitle(const QString &title)
{
    m_title->setText(title);
    setAccessibleName(title);
}

QString BigButton::title() const { return m_title->text(); }

void BigButton::setDescription(const QString &text)
{
    m_description->setText(text);
    m_description->setVisible(!text.isEmpty());
}

void BigButton::setStatus(const QString &text, const QString &norm)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_status->setProperty("norm", norm);
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
}

QSize BigButton::sizeHint() const { return layout()->sizeHint().expandedTo(QSize(200, Theme::kButtonHeight)); }

QSize BigButton::minimumSizeHint() const
{
    return QSize(200, qMax(Theme::kButtonHeight, layout()->minimumSize().height()));
}

} // namespace queue::kiosk::ui
