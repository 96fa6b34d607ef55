#include "fakeprinter.h"

#include <QTimer>

namespace queue::hardware {

FakePrinter::FakePrinter(QObject *parent) : Printer(parent) {}

void FakePrinter::setDeviceState(PrinterState state) { m_state = state; }

void FakePrinter::failNextPrint(PrinterState state) { m_failNext = state; }

void FakePrinter::checkStatus(StatusCallback cb)
{
    ++m_statusChecks;
    QTimer::singleShot(0, this, [this, cb = std::move(cb)] {
        const PrinterStatus st{m_state, QStringLiteral("fake")};
        setStatus(st);
        cb(st);
    });
}

void FakePrinter::print(const TicketData &ticket, PrintCallback cb)
{
    ++m_attempts;
    QTimer::singleShot(0, this, [this, ticket, cb = std::move(cb)] {
        PrinterStatus st{m_state, QStringLiteral("fake")};
        if (m_failNext) {
            st.state = *std::exchange(m_failNext, std::nullopt);
            m_state = st.state;
        }
        const bool ok = st.canPrint();
        if (ok)
            m_printed.append(ticket);
        setStatus(st);
        cb(PrintResult{ok, st, ok ? QString() : QStringLiteral("fake printer: %1").arg(toString(st.state))});
    });
}

} // namespace queue::hardware
