#pragma once

#include "deskcontroller.h"

namespace queue::desk {

// Shows the desk's states with given data and no server: what `queue-desk --screenshot` and
// the GUI tests need, kept out of DeskController's own API. The controller then stays in
// preview: it sends nothing and asks the server for nothing.
class ScreenshotDriver {
public:
    explicit ScreenshotDriver(DeskController &c) : m_c(c) {}

    void showSnapshot(const DeskSnapshot &snapshot, bool online);

private:
    DeskController &m_c;
};

} // namespace queue::desk
