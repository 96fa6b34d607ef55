#pragma once

#include "operator_desk/logic/norms.h"

#include <QString>

class QApplication;
class QWidget;

namespace queue::desk::ui {

// DejaVu Sans, large type and the desk's style sheet (high contrast, no thin grey text).
void applyDeskStyle(QApplication &app);

// Style sheet fragment for a label coloured against a norm (background + text colour).
QString normStyle(NormLevel level);
// A short text that says the same as the colour: "within the norm", "close to the norm", …
QString normWord(NormLevel level);

} // namespace queue::desk::ui
