// Boards above the windows: exact frame bytes, and real serial lines through a socat pty
// pair (QSystem framing, the line protocol, and Modbus RTU against a Qt SerialBus server
// and against frames parsed here with their CRC checked).
#include "hardware/ledboard/leddriver.h"
#include "hardware/ledboard/modbusleddriver.h"
#include "support/signalwaiter.h"

#include <QFileInfo>
#include <QModbusRtuSerialClient>
#include <QModbusRtuSerialServer>
#include <QProcess>
#include <QSerialPort>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue::led;
using queue::test::waitUntil;

namespace {

QByteArray bytes(std::initializer_list<int> list)
{
    QByteArray b;
    for (int v : list)
        b.append(char(v));
    return b;
}

// Two connected pseudo-terminals made by socat; a and b are their stable link names.
class PtyPair {
public:
    PtyPair()
    {
        a = dir.filePath(QStringLiteral("a"));
        b = dir.filePath(QStringLiteral("b"));
        proc.setProcessChannelMode(QProcess::MergedChannels);
        proc.start(QStringLiteral("socat"), {QStringLiteral("-d"), QStringLiteral("-d"),
                                             QStringLiteral("pty,raw,echo=0,link=%1").arg(a),
                                             QStringLiteral("pty,raw,echo=0,link=%1").arg(b)});
        ok = proc.waitForStarted(5000)
             && waitUntil([&] {
                    log += proc.readAll();
                    return log.contains("starting data transfer loop");
                }, 10000)
             && QFileInfo::exists(a) && QFileInfo::exists(b);
    }
    ~PtyPair()
    {
        proc.terminate();
        if (!proc.waitForFinished(3000))
            proc.kill();
        proc.waitForFinished(3000);
    }
    QTemporaryDir dir;
    QProcess proc;
    QString a, b;
    QByteArray log;
    bool ok = false;
};

bool openPort(QSerialPort &port, const QString &name)
{
    port.setPortName(name);
    port.setBaudRate(9600);
    return port.open(QIODevice::ReadWrite);
}

} // namespace

TEST(BoardLed, QSystemFrameBytes)
{
    EXPECT_EQ(qsystemFrame(3, QByteArray("3 K015")), bytes({0x01, 0x03, '3', ' ', 'K', '0', '1', '5', 0x07}));
    EXPECT_EQ(qsystemFrame(0xFE, QByteArray()), bytes({0x01, 0xFE, 0x07}));

    LedFormat f;
    StreamLedDriver d(nullptr, Protocol::QSystem, f);
    // Cyrillic ticket letters become their Latin look-alikes on an ASCII board.
    EXPECT_EQ(d.frame(3, {3, QStringLiteral("К015"), false}), bytes({0x01, 0x03, '3', ' ', 'K', '0', '1', '5', 0x07}));
    EXPECT_EQ(d.frame(12, {12, QString(), false}), bytes({0x01, 0x0C, '1', '2', 0x07}));   // idle: the number alone
    EXPECT_EQ(d.frame(4, {4, QStringLiteral("Д001"), true}), QByteArray("\x01\x04ZAKRYTO\x07"));

    LedFormat blank = f;
    blank.blankWhenClosed = true;
    StreamLedDriver b(nullptr, Protocol::QSystem, blank);
    EXPECT_EQ(b.frame(4, {4, QString(), true}), bytes({0x01, 0x04, 0x07}));
}

TEST(BoardLed, EncodingsAndLineProtocol)
{
    EXPECT_EQ(encodeText(QStringLiteral("ЗАКРЫТО"), Encoding::Cp1251), bytes({0xC7, 0xC0, 0xCA, 0xD0, 0xDB, 0xD2, 0xCE}));
    EXPECT_EQ(encodeText(QStringLiteral("ЗАКРЫТО"), Encoding::Cp866), bytes({0x87, 0x80, 0x8A, 0x90, 0x9B, 0x92, 0x8E}));
    EXPECT_EQ(encodeText(QStringLiteral("Юж"), Encoding::Ascii), QByteArray("YUzh"));
    EXPECT_EQ(encodeText(QStringLiteral("№"), Encoding::Ascii), QByteArray("?"));

    LedFormat f;
    f.textTemplate = QStringLiteral("W{window}:{ticket}");
    StreamLedDriver d(nullptr, Protocol::Line, f, QStringLiteral("#{address}|{text}\\r\\n"));
    EXPECT_EQ(d.frame(7, {2, QStringLiteral("П014"), false}), QByteArray("#7|W2:P014\r\n"));
    EXPECT_EQ(d.frame(7, {2, QString(), true}), QByteArray("#7|ZAKRYTO\r\n"));
}

TEST(BoardLed, ModbusRegistersAndCrc)
{
    EXPECT_EQ(modbusRegisters("3 K015", 4), (QVector<quint16>{0x3320, 0x4B30, 0x3135, 0x2020}));
    EXPECT_EQ(modbusRegisters("ABCDEFGHIJ", 2), (QVector<quint16>{0x4142, 0x4344}));
    // The reference frame of the Modbus spec: 01 03 00 00 00 0A → CRC C5 CD.
    EXPECT_EQ(modbusCrc(bytes({0x01, 0x03, 0x00, 0x00, 0x00, 0x0A})), 0xCDC5);
}

TEST(BoardLed, QSystemFramesOverSerialPtyPair)
{
    PtyPair pty;
    ASSERT_TRUE(pty.ok) << pty.log.toStdString();
    QSerialPort out, in;
    ASSERT_TRUE(openPort(out, pty.a)) << out.errorString().toStdString();
    ASSERT_TRUE(openPort(in, pty.b)) << in.errorString().toStdString();

    StreamLedDriver driver(&out, Protocol::QSystem, LedFormat{});
    driver.show(3, {3, QStringLiteral("К015"), false});
    driver.show(4, {4, QString(), true});
    const QByteArray expected = bytes({0x01, 0x03, '3', ' ', 'K', '0', '1', '5', 0x07}) + QByteArray("\x01\x04ZAKRYTO\x07");
    QByteArray got;
    ASSERT_TRUE(waitUntil([&] {
        got += in.readAll();
        return got.size() >= expected.size();
    }, 5000)) << got.toHex().toStdString();
    EXPECT_EQ(got, expected);
    EXPECT_TRUE(driver.errorString().isEmpty());
}

TEST(BoardLed, LineProtocolOverSerialPtyPair)
{
    PtyPair pty;
    ASSERT_TRUE(pty.ok) << pty.log.toStdString();
    QSerialPort out, in;
    ASSERT_TRUE(openPort(out, pty.a));
    ASSERT_TRUE(openPort(in, pty.b));
    LedFormat f;
    f.encoding = Encoding::Cp1251;
    StreamLedDriver driver(&out, Protocol::Line, f, QStringLiteral("{address};{text}\\n"));
    driver.show(21, {5, QStringLiteral("Ю003"), false});
    const QByteArray expected = QByteArray("21;5 ") + bytes({0xDE}) + QByteArray("003\n");
    QByteArray got;
    ASSERT_TRUE(waitUntil([&] {
        got += in.readAll();
        return got.size() >= expected.size();
    }, 5000));
    EXPECT_EQ(got, expected);
}

// The request a Modbus LED module receives, parsed here: function 0x10, the registers and
// a correct CRC.
TEST(BoardLed, ModbusRequestFrameOverSerialPtyPair)
{
    PtyPair pty;
    ASSERT_TRUE(pty.ok) << pty.log.toStdString();
    QSerialPort in;
    ASSERT_TRUE(openPort(in, pty.b));
    QModbusRtuSerialClient client;
    client.setConnectionParameter(QModbusDevice::SerialPortNameParameter, pty.a);
    client.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 9600);
    client.setTimeout(300);
    client.setNumberOfRetries(0);
    ASSERT_TRUE(client.connectDevice());
    ASSERT_TRUE(waitUntil([&] { return client.state() == QModbusDevice::ConnectedState; }, 5000));

    ModbusLedDriver driver(&client, LedFormat{}, 16, 4);
    driver.show(9, {2, QStringLiteral("К007"), false});
    const int frameSize = 1 + 1 + 2 + 2 + 1 + 8 + 2;
    QByteArray got;
    ASSERT_TRUE(waitUntil([&] {
        got += in.readAll();
        return got.size() >= frameSize;
    }, 5000)) << got.toHex().toStdString();
    got = got.left(frameSize);
    const QByteArray body = got.left(frameSize - 2);
    EXPECT_EQ(body, bytes({0x09, 0x10, 0x00, 0x10, 0x00, 0x04, 0x08, '2', ' ', 'K', '0', '0', '7', ' ', ' '}));
    const quint16 crc = modbusCrc(body);
    EXPECT_EQ(quint8(got[frameSize - 2]), crc & 0xFF);
    EXPECT_EQ(quint8(got[frameSize - 1]), crc >> 8);
    // Nobody answers: the driver reports it and is ready for the next text.
    ASSERT_TRUE(waitUntil([&] { return driver.pending() == 0; }, 5000));
    EXPECT_FALSE(driver.errorString().isEmpty());
    client.disconnectDevice();
}

// Two boards on one Modbus line, served by a Qt SerialBus RTU server at the other end.
TEST(BoardLed, ModbusBoardsAgainstRtuServer)
{
    PtyPair pty;
    ASSERT_TRUE(pty.ok) << pty.log.toStdString();

    QModbusRtuSerialServer server;
    server.setConnectionParameter(QModbusDevice::SerialPortNameParameter, pty.b);
    server.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 19200);
    server.setServerAddress(5);
    QModbusDataUnitMap map;
    map.insert(QModbusDataUnit::HoldingRegisters, QModbusDataUnit(QModbusDataUnit::HoldingRegisters, 0, 16));
    ASSERT_TRUE(server.setMap(map));
    ASSERT_TRUE(server.connectDevice()) << server.errorString().toStdString();

    QModbusRtuSerialClient client;
    client.setConnectionParameter(QModbusDevice::SerialPortNameParameter, pty.a);
    client.setConnectionParameter(QModbusDevice::SerialBaudRateParameter, 19200);
    client.setTimeout(1000);
    client.setNumberOfRetries(2);
    ASSERT_TRUE(client.connectDevice());
    ASSERT_TRUE(waitUntil([&] { return client.state() == QModbusDevice::ConnectedState; }, 5000));

    int writes = 0;
    QObject ctx;
    QObject::connect(&server, &QModbusServer::dataWritten, &ctx, [&](QModbusDataUnit::RegisterType, int, int) { ++writes; });

    ModbusLedDriver driver(&client, LedFormat{}, 0, 8);
    driver.show(5, {3, QStringLiteral("А015"), false});
    ASSERT_TRUE(waitUntil([&] { return writes >= 1 && driver.pending() == 0; }, 10000)) << driver.errorString().toStdString();
    EXPECT_TRUE(driver.errorString().isEmpty()) << driver.errorString().toStdString();
    QModbusDataUnit unit(QModbusDataUnit::HoldingRegisters, 0, 8);
    ASSERT_TRUE(server.data(&unit));
    EXPECT_EQ(unit.values(), modbusRegisters("3 A015", 8));

    // The window closes: the board shows "closed".
    driver.show(5, {3, QString(), true});
    ASSERT_TRUE(waitUntil([&] { return writes >= 2 && driver.pending() == 0; }, 10000));
    ASSERT_TRUE(server.data(&unit));
    EXPECT_EQ(unit.values(), modbusRegisters("ZAKRYTO", 8));
    client.disconnectDevice();
    server.disconnectDevice();
}
