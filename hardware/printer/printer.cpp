#include "printer.h"

namespace queue::hardware {

void Printer::setStatus(const PrinterStatus &status)
{
    if (status == m_status)
        return;
    m_status = status;
    Q_EMIT statusChanged(m_status);
}

} // namespace queue::hardware
