#include "leddriver.h"

#include <QIODevice>

namespace queue::led {

StreamLedDriver::StreamLedDriver(QIODevice *device, Protocol protocol, const LedFormat &format,
                                 const QString &lineTemplate, QObject *parent)
    : LedDriver(format, parent), m_device(device), m_protocol(protocol), m_lineTemplate(lineTemplate)
{
}

QByteArray StreamLedDriver::frame(int address, const LedContent &content) const
{
    const QString text = ledText(content, m_format);
    if (m_protocol == Protocol::Line)
        return lineFrame(m_lineTemplate, address, content, text, m_format.encoding);
    return qsystemFrame(quint8(address), encodeText(text, m_format.encoding));
}

void StreamLedDriver::show(int address, const LedContent &content)
{
    if (!m_device || !m_device->isOpen()) {
        fail(tr("LED line is not open"));
        return;
    }
    const QByteArray f = frame(address, content);
    if (m_device->write(f) != f.size())
        fail(tr("LED line write failed: %1").arg(m_device->errorString()));
}

} // namespace queue::led
