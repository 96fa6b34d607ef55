#pragma once

#include "arrivals.h"
#include "server/officeconfig.h"

#include <QDate>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace queue::sim {

struct Options {
    QString policy = QStringLiteral("fifo");   // fifo | norm
    quint64 seed = 1;
    // > 0: follow the staffing advice for this share within the waiting norm
    // (e.g. 0.95) hour by hour with dedicated windows per topic instead of
    // the config's windows.
    double staffingTarget = 0;
    // With staffingTarget: windows that serve every topic from one queue,
    // planned with the pooled Erlang C model (staffing::pooledWindowsNeeded),
    // instead of dedicated windows per topic.
    bool staffingPooled = false;
    QDate day = QDate(2026, 3, 2);             // a Monday; the office runs in UTC here
};

// Windows per topic for each hour of the profile (Erlang C, staffing.h):
// rates and mean durations of the hour from the profile itself, the topic's
// waiting norm (topics without one: the office's visit norm).
struct HourPlan {
    int hour = 0;
    QList<int> windows;              // by topic (config order)
    QList<double> arrivalsPerHour;
    QList<double> meanServiceMin;
    QList<double> predictedShare;    // shareWithinNorm with those windows
    // Pooled: windows serving every topic for the target share of all norm
    // visitors within their norms, and the predicted shares per topic.
    int pooledWindows = 0;
    QList<double> pooledPredictedShare;
};
QList<HourPlan> staffingPlan(const server::OfficeConfig &config, const QList<Arrival> &arrivals, double target);

// Replays the day through a real QueueEngine (temporary SQLite database,
// simulated clock); the desks call as soon as they are free and start the
// service at once. Returns the metrics (docs/policies.md) or nullopt with an error.
std::optional<QJsonObject> simulateDay(server::OfficeConfig config, const QList<Arrival> &arrivals,
                                       const Options &options, QString *error);

} // namespace queue::sim
