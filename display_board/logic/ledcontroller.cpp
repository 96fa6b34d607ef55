#include "ledcontroller.h"

#include "boardmodel.h"
#include "hardware/ledboard/leddriver.h"

#include <QTimer>

namespace queue::board {

LedController::LedController(BoardModel *model, QObject *parent)
    : QObject(parent), m_model(model), m_refresh(new QTimer(this))
{
    connect(m_model, &BoardModel::windowsChanged, this, [this] { update(); });
    connect(m_model, &BoardModel::connectedChanged, this, [this](bool up) {
        if (up)
            update(true);
    });
    connect(m_refresh, &QTimer::timeout, this, [this] { update(true); });
}

void LedController::addLine(led::LedDriver *driver, const QMap<int, int> &addresses)
{
    m_lines.append({driver, addresses, {}});
}

void LedController::setRefreshMs(int ms)
{
    if (ms > 0)
        m_refresh->start(ms);
    else
        m_refresh->stop();
}

led::LedContent LedController::contentFor(int window) const
{
    led::LedContent c;
    c.window = window;
    const auto &windows = m_model->allWindows();
    auto it = windows.constFind(window);
    if (it == windows.constEnd() || it->state == WindowState::Closed || it->state == WindowState::Paused) {
        c.closed = true;
        return c;
    }
    if ((it->state == WindowState::Calling || it->state == WindowState::Serving) && it->ticket
        && queue::isAtWindow(it->ticket->state))
        c.ticket = it->ticket->number;
    return c;
}

void LedController::update(bool force)
{
    if (!m_model->isLoaded() && m_model->allWindows().isEmpty())
        return;   // nothing known yet: leave the boards as they are
    for (Line &line : m_lines)
        for (auto it = line.addresses.cbegin(); it != line.addresses.cend(); ++it) {
            const led::LedContent c = contentFor(it.key());
            auto sent = line.sent.constFind(it.key());
            if (!force && sent != line.sent.constEnd() && *sent == c)
                continue;
            line.sent.insert(it.key(), c);
            line.driver->show(it.value(), c);
        }
}

} // namespace queue::board
