#pragma once

#include <QMetaType>
#include <QString>

namespace queue::hardware {

enum class PrinterState {
    Unknown,    // the transport cannot tell (write-only device) or not asked yet
    Ready,
    PaperLow,   // prints, but the roll is near its end: staff should change it
    PaperOut,
    Offline,    // cannot be reached / opened, or does not answer
    Error,
};

struct PrinterStatus {
    PrinterState state = PrinterState::Unknown;
    QString detail;          // technical detail for the log, never shown to visitors

    // Whether a ticket can be expected to come out.
    bool canPrint() const
    {
        return state == PrinterState::Ready || state == PrinterState::PaperLow || state == PrinterState::Unknown;
    }
    bool operator==(const PrinterStatus &o) const { return state == o.state && detail == o.detail; }
    bool operator!=(const PrinterStatus &o) const { return !(*this == o); }
};

QString toString(PrinterState s);   // "ready", "paper_low", … (logs, config, tests)

struct PrintResult {
    bool ok = false;
    PrinterStatus status;    // the printer's state after the attempt
    QString error;           // technical, for the log
};

} // namespace queue::hardware

Q_DECLARE_METATYPE(queue::hardware::PrinterStatus)
