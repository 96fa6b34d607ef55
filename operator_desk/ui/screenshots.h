#pragma once

#include "common/clock.h"
#include "operator_desk/logic/desksettings.h"

#include <QString>
#include <QStringList>

namespace queue::desk::ui {

// Renders the desk's main states into DIR/queue-desk-<state>.png (sample data, no
// server: those names end in "-sample") and returns the files written; empty and
// *error set on failure. The sample times are relative to `clock`.
QStringList writeScreenshots(const QString &dir, const DeskSettings &settings, const Clock &clock, QString *error);

} // namespace queue::desk::ui
