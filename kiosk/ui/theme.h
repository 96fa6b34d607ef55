#pragma once

#include <QString>

namespace queue::kiosk::ui {

// The kiosk's look: DejaVu Sans, large type (button text ≥ 28 pt), touch targets far above
// 15 mm, and two colour schemes: the normal one (white on dark blue, ~15:1) and a
// high-contrast one (yellow on black) a visitor can switch to.
struct Theme {
    static constexpr int kButtonHeight = 130;      // px: 15 mm even on a 220 dpi screen
    static constexpr int kKeyHeight = 130;         // keypad keys, likewise
    static constexpr int kMargin = 40;

    static QString styleSheet(bool highContrast);
};

} // namespace queue::kiosk::ui
