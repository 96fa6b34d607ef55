#pragma once

#include <QJsonObject>

namespace queue::server {

class QueueEngine;
class Storage;

// The live statistics of today as the API shows them (docs/api.md,
// /api/v1/metrics/live and /api/v1/windows/{n}/stats), built from the engine's
// plain data (the waiting tickets, the config, the business day) and today's rows.
namespace livestats {
// Per topic: waiting, oldest wait, served, finished, averages and shares within the norms;
// the visits finished today against the visit norm.
QJsonObject liveMetrics(const QueueEngine &engine, Storage &storage);
// Today at one window: finished, no-shows, service and wait against the norms.
QJsonObject windowStats(const QueueEngine &engine, Storage &storage, int window);
} // namespace livestats

} // namespace queue::server
