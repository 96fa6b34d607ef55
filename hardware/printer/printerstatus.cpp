#include "printerstatus.h"

namespace queue::hardware {

QString toString(PrinterState s)
{
    switch (s) {
    case PrinterState::Unknown: return QStringLiteral("unknown");
    case PrinterState::Ready: return QStringLiteral("ready");
    case PrinterState::PaperLow: return QStringLiteral("paper_low");
    case PrinterState::PaperOut: return QStringLiteral("paper_out");
    case PrinterState::Offline: return QStringLiteral("offline");
    case PrinterState::Error: return QStringLiteral("error");
    }
    return QString();
}

} // namespace queue::hardware
