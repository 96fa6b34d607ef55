#pragma once

#include "hardware/ledboard/ledprotocol.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>

class QTimer;

namespace queue::led {
class LedDriver;
}

namespace queue::board {

class BoardModel;

// Keeps the boards above the windows in step with the windows: the window number and its
// ticket while it calls or serves, the number alone while idle, "closed" (or blank) while
// paused or closed. A board gets a frame when its content changes, and every board again
// after a reconnect and every refreshMs (a board that was power-cycled shows nothing until then).
class LedController : public QObject {
    Q_OBJECT
public:
    LedController(BoardModel *model, QObject *parent = nullptr);

    // A line and its window → address map; the driver is not owned.
    void addLine(led::LedDriver *driver, const QMap<int, int> &addresses);
    void setRefreshMs(int ms);

    // What the board of `window` shows for the model's current state.
    led::LedContent contentFor(int window) const;
    // Sends every board whose content changed (or all with force).
    void update(bool force = false);

private:
    struct Line {
        led::LedDriver *driver;
        QMap<int, int> addresses;
        QHash<int, led::LedContent> sent;   // window → last content sent
    };
    BoardModel *m_model;
    QList<Line> m_lines;
    QTimer *m_refresh;
};

} // namespace queue::board
