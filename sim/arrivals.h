#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace queue::sim {

// One visitor of a day profile: a line `time,service,service_min,priority`.
struct Arrival {
    int atS = 0;               // seconds since the office's midnight (HH:MM:SS)
    QString service;           // topic id
    double serviceMin = -1;    // the actual service duration; < 0: not given (drawn by the simulator)
    QString priority;          // empty, an out-of-turn category, or "booked" (checks in at the slot start)
    int line = 0;              // line in the file, for messages
};

// Parses a CSV (header line `time,service,service_min,priority` required).
// Arrivals come out sorted by time (stable). On a bad line returns nullopt
// and names the line and the problem.
std::optional<QList<Arrival>> parseArrivals(const QByteArray &csv, QString *error);
std::optional<QList<Arrival>> loadArrivals(const QString &path, QString *error);

} // namespace queue::sim
