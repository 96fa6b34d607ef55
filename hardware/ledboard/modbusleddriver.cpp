#include "modbusleddriver.h"

#include <QModbusClient>
#include <QModbusDataUnit>

namespace queue::led {

ModbusLedDriver::ModbusLedDriver(QModbusClient *client, const LedFormat &format, int firstRegister, int registers,
                                 QObject *parent)
    : LedDriver(format, parent), m_client(client), m_firstRegister(firstRegister), m_registers(registers)
{
}

void ModbusLedDriver::show(int address, const LedContent &content)
{
    Write w{address, modbusRegisters(encodeText(ledText(content, m_format), m_format.encoding), m_registers)};
    for (Write &queued : m_queue)
        if (queued.address == address) {
            queued = w;
            return;
        }
    m_queue.append(w);
    if (!m_busy)
        next();
}

void ModbusLedDriver::next()
{
    if (m_queue.isEmpty())
        return;
    const Write w = m_queue.takeFirst();
    if (m_client->state() != QModbusDevice::ConnectedState) {
        fail(tr("Modbus line is not connected"));
        next();
        return;
    }
    QModbusDataUnit unit(QModbusDataUnit::HoldingRegisters, m_firstRegister, w.values);
    QModbusReply *reply = m_client->sendWriteRequest(unit, w.address);
    if (!reply) {
        fail(tr("Modbus write failed: %1").arg(m_client->errorString()));
        next();
        return;
    }
    m_busy = true;
    auto finish = [this, reply] {
        if (reply->error() != QModbusDevice::NoError)
            fail(tr("Modbus board %1: %2").arg(reply->serverAddress()).arg(reply->errorString()));
        reply->deleteLater();
        m_busy = false;
        next();
    };
    if (reply->isFinished())
        finish();
    else
        connect(reply, &QModbusReply::finished, this, finish);
}

} // namespace queue::led
