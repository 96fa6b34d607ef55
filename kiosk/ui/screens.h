#pragma once

#include "logic/kioskcontroller.h"

#include <QWidget>

class QBoxLayout;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace queue::kiosk::ui {

class BigButton;
class HelpDiagram;

// A full-screen page: a header (office, title, banners) and the controls under it. On a
// portrait screen the header takes the top third, so every control sits in the lower two
// thirds (reachable from a wheelchair). refresh() sets every text, so a language switch is
// a refresh.
class Screen : public QWidget {
    Q_OBJECT
public:
    Screen(KioskController *c, const QString &name, QWidget *parent = nullptr);
    virtual void refresh() = 0;
    virtual void setPortrait(bool portrait);
    bool isPortrait() const { return m_portrait; }
    // Whether the header keeps the top third of a portrait screen free of controls.
    void setHeaderThird(bool on) { m_headerThird = on; }

protected:
    void resizeEvent(QResizeEvent *e) override;
    QLabel *addLabel(QVBoxLayout *to, const char *role, const QString &objectName);
    QPushButton *navButton(const QString &objectName);

    KioskController *m_c;
    QWidget *m_header;
    QVBoxLayout *m_headerLayout;
    QVBoxLayout *m_body;
    bool m_portrait = true;
    bool m_headerThird = true;
};

class StartScreen : public Screen {
    Q_OBJECT
public:
    explicit StartScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;
    void setPortrait(bool portrait) override;
    void setHighContrast(bool hc);

Q_SIGNALS:
    void languageToggled();
    void contrastToggled();

private:
    QLabel *m_office, *m_title, *m_priorityBanner, *m_printerBanner, *m_notice;
    QPushButton *m_clearPriority;
    BigButton *m_b2c, *m_b2b, *m_priority, *m_booking, *m_help, *m_rate;
    QPushButton *m_language, *m_contrast;
    QGridLayout *m_grid;
    bool m_highContrast = false;
};

class TopicsScreen : public Screen {
    Q_OBJECT
public:
    explicit TopicsScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;

private:
    QLabel *m_title, *m_subtitle, *m_priorityBanner, *m_notice;
    QGridLayout *m_grid;
    QList<BigButton *> m_buttons;
    QPushButton *m_back;
};

class PriorityScreen : public Screen {
    Q_OBJECT
public:
    explicit PriorityScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;

private:
    QLabel *m_title, *m_subtitle;
    QGridLayout *m_grid;
    QList<BigButton *> m_buttons;
    QPushButton *m_back;
};

class BookingScreen : public Screen {
    Q_OBJECT
public:
    explicit BookingScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;
    void setPortrait(bool portrait) override;

private:
    QLabel *m_title, *m_subtitle, *m_code, *m_message;
    QBoxLayout *m_split;
    QList<QPushButton *> m_keys;
    QPushButton *m_back;
};

// "Rate the service", step 1: the number from the ticket — a letter key per topic prefix
// and a digit keypad.
class RatingNumberScreen : public Screen {
    Q_OBJECT
public:
    explicit RatingNumberScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;
    void setPortrait(bool portrait) override;

private:
    QLabel *m_title, *m_subtitle, *m_number, *m_message;
    QBoxLayout *m_split;
    QHBoxLayout *m_letters;
    QList<QPushButton *> m_letterKeys;
    QList<QPushButton *> m_keys;
    QPushButton *m_back;
};

// Step 2: five large buttons, 1 (very bad) to 5 (excellent).
class RatingScoreScreen : public Screen {
    Q_OBJECT
public:
    explicit RatingScoreScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;
    void setPortrait(bool portrait) override;

private:
    QLabel *m_title, *m_subtitle;
    QGridLayout *m_grid;
    QList<BigButton *> m_scores;
    QPushButton *m_back;
};

class HelpScreen : public Screen {
    Q_OBJECT
public:
    explicit HelpScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;
    void setHighContrast(bool hc);
    void setPortrait(bool portrait) override;

private:
    QLabel *m_title;
    HelpDiagram *m_diagram;
    QPushButton *m_back;
};

// Loading, Issuing, Closed, Unavailable, PrinterProblem, OutOfOrder: a title, an explanation and at
// most two buttons.
class MessageScreen : public Screen {
    Q_OBJECT
public:
    MessageScreen(KioskController *c, KioskController::Screen which, const QString &name, QWidget *parent = nullptr);
    void refresh() override;

private:
    KioskController::Screen m_which;
    QLabel *m_office, *m_title, *m_details;
    QPushButton *m_primary, *m_cancel;
};

class TicketScreen : public Screen {
    Q_OBJECT
public:
    explicit TicketScreen(KioskController *c, QWidget *parent = nullptr);
    void refresh() override;

private:
    QLabel *m_title, *m_number, *m_topic, *m_mark, *m_queue, *m_board, *m_note;
    QPushButton *m_done;
};

} // namespace queue::kiosk::ui
