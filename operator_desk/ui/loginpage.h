#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace queue::desk {
class DeskController;
}

namespace queue::desk::ui {

// Login, PIN and window number.
class LoginPage : public QWidget {
    Q_OBJECT
public:
    explicit LoginPage(DeskController *controller, QWidget *parent = nullptr);
    void setWindowNumber(int window);
    void update();

private:
    void submit();

    DeskController *m_controller;
    QLineEdit *m_login;
    QLineEdit *m_pin;
    QSpinBox *m_window;
    QPushButton *m_button;
    QLabel *m_error;
};

} // namespace queue::desk::ui
