#pragma once

#include "logic/kioskcontroller.h"

#include "common/app/startup.h"

#include <QHash>
#include <QWidget>

class QStackedWidget;

namespace queue::kiosk::ui {

class Screen;
class HelpScreen;
class StartScreen;

// The kiosk's one window: a stack of full-screen pages following the controller's screen.
// It owns the translator (language switch) and the theme (high-contrast switch) and reports
// every touch to the controller as activity.
class KioskWindow : public QWidget {
    Q_OBJECT
public:
    explicit KioskWindow(KioskController *controller, QWidget *parent = nullptr);
    ~KioskWindow() override;

    QWidget *currentPage() const;
    QWidget *page(KioskController::Screen s) const;
    bool highContrast() const { return m_highContrast; }
    void setHighContrast(bool hc);
    // Loads the translation for the controller's language and re-words every page.
    void applyLanguage();
    void refreshAll();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    void showPage(KioskController::Screen s);

    KioskController *m_c;
    QStackedWidget *m_stack;
    QHash<int, Screen *> m_pages;
    HelpScreen *m_help = nullptr;
    StartScreen *m_start = nullptr;
    app::Translations m_translations{QStringLiteral("kiosk")};   // the kiosk's and common/app's
    bool m_highContrast = false;
};

} // namespace queue::kiosk::ui
