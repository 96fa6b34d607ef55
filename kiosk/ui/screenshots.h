#pragma once

#include <QString>
#include <QStringList>

namespace queue::kiosk {
class KioskController;
namespace ui {

class KioskWindow;

// --screenshot DIR: renders every main state in portrait (1080×1920) and landscape
// (1920×1080) to DIR/kiosk-<state>-<orientation>[-sample].png, plus the paper ticket at
// 58 and 80 mm (ticket-<mm>mm[-outofturn]-sample.png). "-sample" marks what is not the
// server's: every screen when no server answered (sampleData), and with server data the
// states that are made up (a sample ticket, booking code, rating number, and the closed
// office while the real one is open), whose names go to `madeUp`. Returns the number of
// files written, or -1 on a write error.
int writeScreenshots(KioskWindow &window, KioskController &c, const QString &dir, bool sampleData,
                     QStringList *madeUp = nullptr);

} // namespace ui
} // namespace queue::kiosk
