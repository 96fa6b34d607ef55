#include "screenshotdriver.h"

namespace queue::desk {

void ScreenshotDriver::showSnapshot(const DeskSnapshot &snapshot, bool online)
{
    m_c.m_preview = true;
    m_c.m_state = snapshot;
    m_c.m_online = online;
    m_c.m_notice = online ? QString() : DeskController::offlineNotice();
    m_c.m_phase = DeskController::Phase::Working;
    Q_EMIT m_c.phaseChanged(m_c.m_phase);
    Q_EMIT m_c.onlineChanged(m_c.m_online);
    Q_EMIT m_c.changed();
    Q_EMIT m_c.timersChanged();
}

} // namespace queue::desk
