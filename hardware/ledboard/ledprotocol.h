#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

// What a board above a window shows, and the bytes that make it show it.
namespace queue::led {

enum class Encoding { Ascii, Cp1251, Cp866 };
enum class Protocol { QSystem, ModbusRtu, Line };

// The state of one window as its board shows it.
struct LedContent {
    int window = 0;
    QString ticket;          // empty: no ticket (open, idle)
    bool closed = false;     // paused or closed

    bool operator==(const LedContent &o) const
    {
        return window == o.window && ticket == o.ticket && closed == o.closed;
    }
    bool operator!=(const LedContent &o) const { return !(*this == o); }
};

// How a line formats the content: text = textTemplate with {window} and {ticket}
// (trailing spaces dropped when idle); closed → closedText, or nothing when blankWhenClosed.
struct LedFormat {
    QString textTemplate = QStringLiteral("{window} {ticket}");
    QString closedText = QStringLiteral("ЗАКРЫТО");
    bool blankWhenClosed = false;
    Encoding encoding = Encoding::Ascii;
};

QString ledText(const LedContent &c, const LedFormat &f);

// Text to bytes: ASCII transliterates Cyrillic (А→A, Д→D, Ж→ZH, …); CP1251 / CP866 for
// boards whose firmware has a Cyrillic font. Characters that cannot be encoded become '?'.
QByteArray encodeText(const QString &text, Encoding e);

// QSystem-compatible RS-485 frame: 0x01, address byte, the text, 0x07.
QByteArray qsystemFrame(quint8 address, const QByteArray &text);

// The plain line protocol: lineTemplate with {address}, {window}, {ticket}, {text} and the
// escapes \r \n \t (e.g. "#{address}:{text}\r\n"), encoded as a whole.
QByteArray lineFrame(const QString &lineTemplate, int address, const LedContent &c, const QString &text, Encoding e);

// Modbus RTU: text bytes packed two per 16-bit register (high byte first), padded with
// spaces to `registers` registers (truncated beyond).
QVector<quint16> modbusRegisters(const QByteArray &text, int registers);
// CRC-16/MODBUS of data (the two bytes a frame ends with, low byte first).
quint16 modbusCrc(const QByteArray &data);

std::optional<Encoding> encodingFromString(const QString &s);
std::optional<Protocol> protocolFromString(const QString &s);

} // namespace queue::led
