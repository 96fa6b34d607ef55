#pragma once

#include "operator_desk/logic/desksettings.h"

#include <QString>
#include <QStringList>

namespace queue::desk::ui {

// Renders the desk's main states into DIR/queue-desk-<state>.png (sample data, no
// server: those names end in "-sample") and returns the files written; empty and
// *error set on failure.
QStringList writeScreenshots(const QString &dir, const DeskSettings &settings, QString *error);

} // namespace queue::desk::ui
