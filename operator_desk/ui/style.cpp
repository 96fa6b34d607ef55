#include "style.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFont>

namespace queue::desk::ui {

void applyDeskStyle(QApplication &app)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSize(12);
    app.setFont(font);
    app.setStyleSheet(QStringLiteral(
        "QWidget { color: #111111; background: #f4f4f4; }"
        "QPushButton { background: #ffffff; border: 2px solid #4a4a4a; border-radius: 6px;"
        "  padding: 6px 10px; font-size: 13pt; min-height: 34px; }"
        "QPushButton:hover { background: #e8eef8; }"
        "QPushButton:disabled { color: #6b6b6b; border-color: #9a9a9a; background: #e6e6e6; }"
        "QPushButton:checked { background: #cfe0f7; }"
        "QPushButton#callButton { background: #0b5cad; color: #ffffff; font-size: 20pt; font-weight: bold;"
        "  min-height: 64px; border-color: #073e75; }"
        "QPushButton#callButton:disabled { background: #d3d6db; color: #4a4a4a; border-color: #9a9a9a; }"
        "QPushButton[primary=\"true\"] { background: #0b5cad; color: #ffffff; font-weight: bold; border-color: #073e75; }"
        "QPushButton[primary=\"true\"]:disabled { background: #e6e6e6; color: #6b6b6b; border-color: #9a9a9a;"
        "  font-weight: normal; }"
        "QPushButton[danger=\"true\"] { background: #fbe3e3; border-color: #a31515; color: #7a0f0f; }"
        "QLineEdit, QSpinBox, QComboBox { background: #ffffff; border: 2px solid #4a4a4a; border-radius: 4px;"
        "  padding: 4px; font-size: 13pt; min-height: 30px; }"
        "QListWidget { background: #ffffff; border: 2px solid #4a4a4a; font-size: 13pt; }"
        "QListWidget::item { padding: 5px; }"
        "QListWidget::item:selected { background: #0b5cad; color: #ffffff; }"
        "QFrame#panel { background: #ffffff; border: 2px solid #b0b0b0; border-radius: 8px; }"
        "QFrame#panel QLabel, QFrame#queuePanel QLabel, QWidget#queueRow { background: transparent; }"
        "QLabel#panelTitle { font-size: 13pt; font-weight: bold; color: #1d1d1d; }"
        "QRadioButton, QCheckBox { font-size: 13pt; spacing: 10px; background: transparent; min-height: 30px; }"
        "QRadioButton::indicator { width: 18px; height: 18px; border: 2px solid #333333; border-radius: 11px;"
        "  background: #ffffff; }"
        "QRadioButton::indicator:checked { background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,"
        "  stop:0 #0b5cad, stop:0.55 #0b5cad, stop:0.65 #ffffff, stop:1 #ffffff); }"
        "QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right; width: 30px;"
        "  border-left: 2px solid #4a4a4a; }"
        "QComboBox::down-arrow { image: url(:/desk/arrow-down.png); width: 14px; height: 14px; }"
        "QSpinBox::up-button, QSpinBox::down-button { width: 30px; border-left: 2px solid #4a4a4a; }"
        "QSpinBox::up-arrow { image: url(:/desk/arrow-up.png); width: 12px; height: 12px; }"
        "QSpinBox::down-arrow { image: url(:/desk/arrow-down.png); width: 12px; height: 12px; }"
        "QFrame#finishForm QLabel { background: transparent; }"));
}

QString normStyle(NormLevel level)
{
    switch (level) {
    case NormLevel::Green:
        return QStringLiteral("background: #1b7f3b; color: #ffffff; border-radius: 6px; padding: 4px 8px;");
    case NormLevel::Amber:
        return QStringLiteral("background: #f2b705; color: #111111; border-radius: 6px; padding: 4px 8px;");
    case NormLevel::Red:
        return QStringLiteral("background: #c62828; color: #ffffff; border-radius: 6px; padding: 4px 8px;");
    case NormLevel::None:
        break;
    }
    return QStringLiteral("background: #e6e6e6; color: #111111; border-radius: 6px; padding: 4px 8px;");
}

QString normWord(NormLevel level)
{
    switch (level) {
    case NormLevel::Green:
        return QCoreApplication::translate("queue::desk::ui::Style", "within the norm");
    case NormLevel::Amber:
        return QCoreApplication::translate("queue::desk::ui::Style", "close to the norm");
    case NormLevel::Red:
        return QCoreApplication::translate("queue::desk::ui::Style", "over the norm");
    case NormLevel::None:
        break;
    }
    return QString();
}

} // namespace queue::desk::ui
