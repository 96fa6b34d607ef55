#pragma once

#include <QByteArray>

namespace queue::server {

// The systemd notification protocol (sd_notify(3)) without libsystemd: one
// datagram to $NOTIFY_SOCKET. Does nothing when not started by systemd.
namespace sdnotify {
bool send(const QByteArray &state);   // e.g. "READY=1", "WATCHDOG=1", "STOPPING=1"
// The watchdog interval systemd expects keep-alives within, in ms; 0 if none.
qint64 watchdogIntervalMs();
} // namespace sdnotify

} // namespace queue::server
