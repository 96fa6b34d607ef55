#pragma once

#include "printer.h"

#include <QList>

namespace queue::hardware {

// A printer for tests: records every ticket it was asked to print and can be told to be
// out of paper, offline, or to fail the next job after it was accepted.
class FakePrinter : public Printer {
    Q_OBJECT
public:
    explicit FakePrinter(QObject *parent = nullptr);

    QString description() const override { return QStringLiteral("fake printer"); }
    void checkStatus(StatusCallback cb) override;
    void print(const TicketData &ticket, PrintCallback cb) override;

    // The state the device reports from now on (Ready by default).
    void setDeviceState(PrinterState state);
    // The next print fails with state (e.g. the paper runs out mid-ticket) although the
    // status check before it said Ready.
    void failNextPrint(PrinterState state);

    const QList<TicketData> &printed() const { return m_printed; }
    int statusChecks() const { return m_statusChecks; }
    int attempts() const { return m_attempts; }

private:
    PrinterState m_state = PrinterState::Ready;
    std::optional<PrinterState> m_failNext;
    QList<TicketData> m_printed;
    int m_statusChecks = 0;
    int m_attempts = 0;
};

} // namespace queue::hardware
