#pragma once

#include <QString>

namespace queue::kiosk {
class KioskController;
namespace ui {

class KioskWindow;

// --screenshot DIR: renders every main state in portrait (1080×1920) and landscape
// (1920×1080) to DIR/kiosk-<state>-<orientation>[-sample].png, plus the paper ticket at
// 58 and 80 mm. "-sample" marks built-in sample data (no server answered). Returns the
// number of files written, or -1 on a write error.
int writeScreenshots(KioskWindow &window, KioskController &c, const QString &dir, bool sampleData);

} // namespace ui
} // namespace queue::kiosk
