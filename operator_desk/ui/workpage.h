#pragma once

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QFrame;
class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QVBoxLayout;

namespace queue::desk {
class DeskController;
}

namespace queue::desk::ui {

// The working screen: the current ticket with its timers, the actions, the inline forms
// for finishing / redirecting / postponing / pausing / calling a given ticket, the queue
// of this window and today's results. Only shows the controller's state and forwards
// clicks; widgets are found by objectName in the GUI tests.
class WorkPage : public QWidget {
    Q_OBJECT
public:
    enum class Form { None, Finish, Redirect, Postpone, Pause, CallTicket };

    explicit WorkPage(DeskController *controller, QWidget *parent = nullptr);

    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    void setPostponeMinutes(int minutes);
    Form form() const { return m_form; }
    void showForm(Form form);

    // For the keyboard: the finish shortcut opens the finish form, and confirms it when open.
    void finishShortcut();

    void update();
    void updateTimers();

private:
    QFrame *buildTicketPanel();
    QWidget *buildActions();
    QWidget *buildForms(QWidget *actions);
    QFrame *buildQueuePanel();
    QFrame *buildTodayPanel();
    void layoutButtons();
    void updateQueue();
    void updateToday();
    void confirmFinish();
    void confirmRedirect();
    void confirmCallTicket();

    DeskController *m_controller;
    bool m_compact = false;
    Form m_form = Form::None;

    // ticket panel
    QLabel *m_stateLabel = nullptr;
    QLabel *m_number = nullptr;
    QLabel *m_topic = nullptr;
    QLabel *m_priority = nullptr;
    QLabel *m_wait = nullptr;
    QLabel *m_callTimer = nullptr;
    QLabel *m_serviceTimer = nullptr;
    QLabel *m_recalls = nullptr;

    // actions
    QPushButton *m_call = nullptr;
    QPushButton *m_recall = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_noShow = nullptr;
    QPushButton *m_finish = nullptr;
    QPushButton *m_redirect = nullptr;
    QPushButton *m_postpone = nullptr;
    QPushButton *m_callTicket = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QGridLayout *m_buttonGrid = nullptr;
    QString m_buttonsShown;   // which optional buttons are shown, to re-lay them out on change

    // forms
    QStackedWidget *m_forms = nullptr;
    QRadioButton *m_outcomeResolved = nullptr;
    QRadioButton *m_outcomeBackOffice = nullptr;
    QRadioButton *m_outcomeStopped = nullptr;
    QLineEdit *m_comment = nullptr;
    QLabel *m_commentHint = nullptr;
    QPushButton *m_finishConfirm = nullptr;
    QComboBox *m_redirectService = nullptr;
    QComboBox *m_redirectWindow = nullptr;
    QPushButton *m_redirectConfirm = nullptr;
    QSpinBox *m_postponeMinutes = nullptr;
    QPushButton *m_postponeConfirm = nullptr;
    QPushButton *m_pauseBreak = nullptr;
    QPushButton *m_pauseLunch = nullptr;
    QPushButton *m_pauseTechnical = nullptr;
    QListWidget *m_queueList = nullptr;
    QPushButton *m_callTicketConfirm = nullptr;

    // side panels
    QWidget *m_side = nullptr;
    QVBoxLayout *m_queueRows = nullptr;
    QList<QWidget *> m_queueRowWidgets;
    QLabel *m_queueTotal = nullptr;
    QLabel *m_todayServed = nullptr;
    QLabel *m_todayAvg = nullptr;
    QLabel *m_todayPctService = nullptr;
    QLabel *m_todayPctWait = nullptr;
};

} // namespace queue::desk::ui
