#pragma once

#include "leddriver.h"

#include <QList>

class QModbusClient;

namespace queue::led {

// LED-485 modules on Modbus RTU (Qt SerialBus): the board's text is written with function
// 0x10 (write multiple holding registers) to the module whose server address is the
// window's board address, starting at `firstRegister`, two characters per register.
// Writes go one at a time; a newer text for the same board replaces a queued one.
class ModbusLedDriver final : public LedDriver {
    Q_OBJECT
public:
    ModbusLedDriver(QModbusClient *client, const LedFormat &format, int firstRegister = 0, int registers = 8,
                    QObject *parent = nullptr);

    void show(int address, const LedContent &content) override;
    int pending() const { return int(m_queue.size()) + (m_busy ? 1 : 0); }

private:
    struct Write {
        int address;
        QVector<quint16> values;
    };
    void next();

    QModbusClient *m_client;
    int m_firstRegister;
    int m_registers;
    QList<Write> m_queue;
    bool m_busy = false;
};

} // namespace queue::led
