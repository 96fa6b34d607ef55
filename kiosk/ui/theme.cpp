#include "theme.h"

namespace queue::kiosk::ui {

QString Theme::styleSheet(bool hc)
{
    // Colours: bg page, fg text, btn button face, btnFg button text, acc accent button,
    // accFg its text, warn banner.
    const QString bg = hc ? QStringLiteral("#000000") : QStringLiteral("#0b2545");
    const QString fg = hc ? QStringLiteral("#ffff00") : QStringLiteral("#ffffff");
    const QString btn = hc ? QStringLiteral("#000000") : QStringLiteral("#ffffff");
    const QString btnFg = hc ? QStringLiteral("#ffff00") : QStringLiteral("#0b2545");
    const QString btnBorder = hc ? QStringLiteral("#ffff00") : QStringLiteral("#ffffff");
    const QString acc = hc ? QStringLiteral("#000000") : QStringLiteral("#ffd200");
    const QString accFg = hc ? QStringLiteral("#ffffff") : QStringLiteral("#111111");
    const QString accBorder = hc ? QStringLiteral("#ffffff") : QStringLiteral("#ffd200");
    const QString pressed = hc ? QStringLiteral("#333300") : QStringLiteral("#c9d6ea");
    const QString ok = hc ? fg : QStringLiteral("#0a6b1f");
    const QString warnC = hc ? fg : QStringLiteral("#8a4b00");
    const QString over = hc ? fg : QStringLiteral("#b00020");

    QString s = QStringLiteral(R"(
* { font-family: "DejaVu Sans"; }
QWidget#kioskWindow, QStackedWidget, QWidget[screen="true"] { background: %1; }
QLabel { color: %2; font-size: 28pt; background: transparent; }
QLabel[role="office"] { font-size: 30pt; font-weight: bold; }
QLabel[role="title"] { font-size: 44pt; font-weight: bold; }
QLabel[role="subtitle"] { font-size: 30pt; }
QLabel[role="number"] { font-size: 160pt; font-weight: bold; }
QLabel[role="code"] { font-size: 60pt; font-weight: bold; border: 4px solid %2; border-radius: 12px; padding: 10px; }
QLabel[role="banner"] { background: %6; color: %7; border: 4px solid %8; border-radius: 12px; padding: 14px; font-size: 28pt; font-weight: bold; }
QPushButton { font-size: 30pt; font-weight: bold; border-radius: 18px; padding: 6px; min-height: %9px; }
QPushButton[role="primary"] { background: %3; color: %4; border: 4px solid %5; }
QPushButton[role="primary"]:pressed { background: %10; }
QPushButton[role="accent"] { background: %6; color: %7; border: 4px solid %8; }
QPushButton[role="nav"] { background: transparent; color: %2; border: 4px solid %2; }
QPushButton[role="key"] { background: %3; color: %4; border: 4px solid %5; font-size: 44pt; min-height: %11px; }
QPushButton[role="key"]:pressed { background: %10; }
QPushButton[role="primary"] QLabel { color: %4; }
QPushButton[role="accent"] QLabel { color: %7; }
QLabel[part="name"] { font-size: 32pt; font-weight: bold; }
QLabel[part="description"] { font-size: 28pt; }
QLabel[part="status"] { font-size: 28pt; font-weight: bold; }
QPushButton[role="primary"] QLabel[norm="ok"] { color: %12; }
QPushButton[role="primary"] QLabel[norm="warn"] { color: %13; }
QPushButton[role="primary"] QLabel[norm="over"] { color: %14; }
)");
    return s.arg(bg, fg, btn, btnFg, btnBorder, acc, accFg, accBorder, QString::number(kButtonHeight))
        .arg(pressed, QString::number(kKeyHeight), ok, warnC, over);
}

} // namespace queue::kiosk::ui
