#pragma once

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <functional>

namespace queue::test {

// Runs the event loop until pred() holds or timeoutMs passes; returns pred().
// For waiting on real I/O (sockets, processes), never for the passing of time
// that a test could inject with ManualClock.
bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 5000);

} // namespace queue::test
