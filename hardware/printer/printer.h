#pragma once

#include "printerstatus.h"
#include "ticketdata.h"

#include <QObject>

#include <functional>

namespace queue::hardware {

// A ticket printer. Every call is asynchronous: its callback runs exactly once, later, on
// the printer's thread (never inside the call), so a slow or dead device never blocks the
// kiosk's screen. Jobs are done one at a time in the order given.
class Printer : public QObject {
    Q_OBJECT
public:
    using StatusCallback = std::function<void(const PrinterStatus &)>;
    using PrintCallback = std::function<void(const PrintResult &)>;

    explicit Printer(QObject *parent = nullptr) : QObject(parent) {}

    // What it prints to, for the log ("ESC/POS on tcp 10.0.0.5:9100").
    virtual QString description() const = 0;
    // Asks the device for its state where the transport allows it (paper sensors over a
    // bidirectional link, CUPS printer-state-reasons); otherwise tells whether the device
    // can be opened at all.
    virtual void checkStatus(StatusCallback cb) = 0;
    virtual void print(const TicketData &ticket, PrintCallback cb) = 0;

    // The last known state.
    PrinterStatus status() const { return m_status; }

Q_SIGNALS:
    void statusChanged(const queue::hardware::PrinterStatus &status);

protected:
    void setStatus(const PrinterStatus &status);

private:
    PrinterStatus m_status;
};

} // namespace queue::hardware
