#pragma once

#include "operator_desk/logic/desksettings.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace queue::desk {
class DeskController;
}

namespace queue::desk::ui {

class LoginPage;
class WorkPage;

// The desk's one window: a header (window, operator, topics, connection), the login or
// work page, and a message line. Keyboard shortcuts (and so a USB numeric keypad) come
// from DeskSettings.
class DeskWindow : public QWidget {
    Q_OBJECT
public:
    explicit DeskWindow(DeskController *controller, const DeskSettings &settings = DeskSettings(),
                        QWidget *parent = nullptr);

    // A narrow panel beside other programs, kept above them.
    void setCompact(bool compact);
    bool isCompact() const;
    LoginPage *loginPage() const { return m_login; }
    WorkPage *workPage() const { return m_work; }

private:
    void installShortcuts(const DeskSettings &settings);
    void update();
    void placeConnectionLabel(bool compact);

    DeskController *m_controller;
    QGridLayout *m_header = nullptr;
    QLabel *m_title;
    QLabel *m_topics;
    QLabel *m_connection;
    QPushButton *m_compactButton;
    QPushButton *m_logout;
    QStackedWidget *m_pages;
    LoginPage *m_login;
    WorkPage *m_work;
    QLabel *m_message;
};

} // namespace queue::desk::ui
