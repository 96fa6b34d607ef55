#pragma once

// Staffing advice from the Erlang C (M/M/c) queue: visitors arrive at random
// (Poisson, `arrivalsPerHour`), service times are exponential with mean
// `meanServiceMin`, `windows` identical windows serve one topic in arrival
// order. Pure functions, no Qt state: the simulator and the manager dashboard
// call the same code. See docs/policies.md.
namespace queue::server::staffing {

// Offered load in Erlangs: arrivalsPerHour * meanServiceMin / 60.
double offeredLoad(double arrivalsPerHour, double meanServiceMin);

// Probability that a visitor has to wait at all (Erlang C formula).
// 1 when the windows cannot keep up (load >= windows); 0 without arrivals.
double probabilityOfWait(int windows, double arrivalsPerHour, double meanServiceMin);

// Probability that the wait exceeds `waitMin` minutes:
// C(c, A) * exp(-(c - A) * waitMin / meanServiceMin).
double probabilityWaitExceeds(int windows, double arrivalsPerHour, double meanServiceMin, double waitMin);

// Share of visitors called within the waiting norm: 1 - probabilityWaitExceeds.
double shareWithinNorm(int windows, double arrivalsPerHour, double meanServiceMin, double waitNormMin);

// Mean wait in minutes, C(c, A) * meanServiceMin / (c - A); infinity when overloaded.
double meanWaitMin(int windows, double arrivalsPerHour, double meanServiceMin);

// The fewest windows for which shareWithinNorm >= targetShare (e.g. 0.95).
// 0 without arrivals; -1 for invalid input (targetShare outside (0, 1),
// negative rates or durations) or if more than 1000 windows would be needed.
int windowsNeeded(double arrivalsPerHour, double meanServiceMin, double waitNormMin, double targetShare);

} // namespace queue::server::staffing
