#pragma once

#include <QPushButton>

class QLabel;

namespace queue::kiosk::ui {

// A large touch button with a bold title and optional lines under it that wrap (QPushButton
// text does not); the whole face is one touch target.
class BigButton : public QPushButton {
    Q_OBJECT
public:
    explicit BigButton(const QString &role, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setDescription(const QString &text);   // hidden when empty
    // A status line; norm is "ok", "warn", "over" or "" (coloured in the normal theme; the
    // text itself always says it).
    void setStatus(const QString &text, const QString &norm = QString());

    QString title() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

private:
    QLabel *m_title;
    QLabel *m_description;
    QLabel *m_status;
};

} // namespace queue::kiosk::ui
