#pragma once

#include "deskcontroller.h"

namespace queue::desk {

// Built-in sample data for --screenshot when no server is used: an office like the
// default one, window 2 (contracts + payments), a few waiting clients. Times relative
// to nowMs. state: "idle", "called", "serving", "over-norm", "paused".
DeskSnapshot sampleSnapshot(const QString &state, qint64 nowMs);

} // namespace queue::desk
