// ESC/POS printers over real transports: a serial line (a pty pair made by socat, the test
// playing the printer at the other end), raw TCP to a QTcpServer on loopback, and device
// files (a regular file and a FIFO).
#include "printer/escposencoder.h"
#include "printer/escposprinter.h"
#include "printer/printerfactory.h"

#include "support/signalwaiter.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSerialPort>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

using namespace queue::hardware;
using queue::test::waitUntil;

namespace {

TicketData ticket()
{
    TicketData t;
    t.officeName = QStringLiteral("Тестовый офис");
    t.number = QStringLiteral("К007");
    t.topic = QStringLiteral("Договоры");
    t.issuedText = QStringLiteral("26.11.2026  10:00");
    t.aheadText = QStringLiteral("Перед Вами в очереди: 1");
    t.waitText = QStringLiteral("Ожидание: около 2 мин");
    t.complaintText = QStringLiteral("Если Вы недовольны качеством обслуживания, позвоните 8-800-000-00-00");
    t.qrUrl = QStringLiteral("http://127.0.0.1/t/7");
    t.qrCaption = QStringLiteral("Ваше место в очереди");
    return t;
}

const QByteArray kDleEot4 = QByteArray::fromHex("100404");
const QByteArray kGsR1 = QByteArray::fromHex("1d7201");

std::unique_ptr<Printer> make(const QString &uri)
{
    QString err;
    auto p = createPrinter(uri, &err);
    EXPECT_TRUE(p) << err.toStdString();
    return p;
}

std::optional<PrintResult> printAndWait(Printer &p, const TicketData &t, int ms = 10000)
{
    std::optional<PrintResult> r;
    p.print(t, [&](const PrintResult &x) { r = x; });
    waitUntil([&] { return r.has_value(); }, ms);
    return r;
}

std::optional<PrinterStatus> statusAndWait(Printer &p, int ms = 10000)
{
    std::optional<PrinterStatus> r;
    p.checkStatus([&](const PrinterStatus &x) { r = x; });
    waitUntil([&] { return r.has_value(); }, ms);
    return r;
}

// A network printer on loopback: answers DLE EOT 4 with `answer` (or not at all) and keeps
// every byte it receives.
class TcpPrinterSim : public QObject {
public:
    explicit TcpPrinterSim(std::optional<char> answer) : m_answer(answer)
    {
        EXPECT_TRUE(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, this, [this, s] {
                    const QByteArray data = s->readAll();
                    received += data;
                    if (m_answer && data.contains(kDleEot4))
                        s->write(QByteArray(1, *m_answer));
                });
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    ++closed;
                    s->deleteLater();
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

    QByteArray received;
    int connections = 0;
    int closed = 0;

private:
    QTcpServer m_server;
    std::optional<char> m_answer;
};

} // namespace

TEST(EscPosTcp, QueriesPaperThenPrints)
{
    TcpPrinterSim sim(char(0x12));
    auto p = make(QStringLiteral("escpos+tcp://127.0.0.1:%1?width=58&mode=hybrid").arg(sim.port()));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok) << r->error.toStdString();
    EXPECT_EQ(r->status.state, PrinterState::Ready);
    ASSERT_TRUE(waitUntil([&] { return sim.closed == 1; }));   // the job closes its connection
    EscPosOptions o;
    o.widthDots = 384;
    o.charsPerLine = 32;
    EXPECT_EQ(sim.received, QByteArray(kDleEot4 + EscPosEncoder::encodeTicket(ticket(), o)));
}

TEST(EscPosTcp, PaperOutStopsTheJob)
{
    TcpPrinterSim sim(char(0x72));
    auto p = make(QStringLiteral("escpos+tcp://127.0.0.1:%1").arg(sim.port()));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::PaperOut);
    EXPECT_EQ(p->status().state, PrinterState::PaperOut);
    ASSERT_TRUE(waitUntil([&] { return sim.closed == 1; }));
    EXPECT_EQ(sim.received, kDleEot4);   // nothing printed on an empty roll
}

TEST(EscPosTcp, PaperLowStillPrintsAndIsReported)
{
    TcpPrinterSim sim(char(0x1e));
    auto p = make(QStringLiteral("escpos+tcp://127.0.0.1:%1").arg(sim.port()));
    const auto st = statusAndWait(*p);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->state, PrinterState::PaperLow);
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::PaperLow);
    EXPECT_GT(sim.received.size(), 1000);
}

TEST(EscPosTcp, SilentPrinterIsOffline)
{
    TcpPrinterSim sim(std::nullopt);
    auto p = make(QStringLiteral("escpos+tcp://127.0.0.1:%1").arg(sim.port()));
    static_cast<EscPosPrinter *>(p.get())->setTimeouts(300, 5000);
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::Offline);
}

TEST(EscPosTcp, RefusedConnectionIsOfflineAndStatusOffIsAccepted)
{
    quint16 port = 0;
    {
        QTcpServer s;
        ASSERT_TRUE(s.listen(QHostAddress::LocalHost, 0));
        port = s.serverPort();
    }
    auto p = make(QStringLiteral("escpos+tcp://127.0.0.1:%1").arg(port));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::Offline);

    // status=none: for network adapters that do not pass answers back.
    TcpPrinterSim sim(std::nullopt);
    auto q = make(QStringLiteral("escpos+tcp://127.0.0.1:%1?status=none&mode=raster").arg(sim.port()));
    const auto r2 = printAndWait(*q, ticket());
    ASSERT_TRUE(r2);
    EXPECT_TRUE(r2->ok) << r2->error.toStdString();
    ASSERT_TRUE(waitUntil([&] { return sim.closed == 1; }));
    EXPECT_TRUE(sim.received.startsWith(QByteArray::fromHex("1b401b6101" "1d7630")));
}

class EscPosSerial : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_printerEnd = m_dir.filePath(QStringLiteral("printer"));
        m_kioskEnd = m_dir.filePath(QStringLiteral("kiosk"));
        m_socat.setProcessChannelMode(QProcess::MergedChannels);
        m_socat.start(QStringLiteral("socat"),
                      {QStringLiteral("-d"), QStringLiteral("-d"),
                       QStringLiteral("pty,raw,echo=0,link=%1").arg(m_printerEnd),
                       QStringLiteral("pty,raw,echo=0,link=%1").arg(m_kioskEnd)});
        ASSERT_TRUE(m_socat.waitForStarted(5000)) << "socat (Debian package socat) is needed for this test";
        ASSERT_TRUE(waitUntil([&] { return QFileInfo::exists(m_printerEnd) && QFileInfo::exists(m_kioskEnd); }, 5000))
            << m_socat.readAll().toStdString();
        m_port.setPortName(m_printerEnd);
        ASSERT_TRUE(m_port.open(QIODevice::ReadWrite)) << m_port.errorString().toStdString();
        m_port.setBaudRate(115200);
        QObject::connect(&m_port, &QSerialPort::readyRead, &m_port, [this] {
            const QByteArray data = m_port.readAll();
            m_received += data;
            if (m_answer && (data.contains(kDleEot4) || data.contains(kGsR1)))
                m_port.write(QByteArray(1, *m_answer));
        });
    }
    void TearDown() override
    {
        m_port.close();
        m_socat.terminate();
        m_socat.waitForFinished(5000);
    }

    QTemporaryDir m_dir;
    QString m_printerEnd, m_kioskEnd;
    QProcess m_socat;
    QSerialPort m_port;
    QByteArray m_received;
    std::optional<char> m_answer = char(0x12);
};

TEST_F(EscPosSerial, QueriesPaperThenPrints)
{
    auto p = make(QStringLiteral("escpos+serial://%1?baud=115200&mode=text").arg(m_kioskEnd));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok) << r->error.toStdString();
    EXPECT_EQ(r->status.state, PrinterState::Ready);
    EscPosOptions o;
    o.mode = EscPosOptions::Mode::Text;
    const QByteArray expected = kDleEot4 + EscPosEncoder::encodeTicket(ticket(), o);
    ASSERT_TRUE(waitUntil([&] { return m_received.size() >= expected.size(); }));
    EXPECT_EQ(m_received, expected);
    EXPECT_TRUE(m_received.contains(encodeText(QStringLiteral("Договоры"), CodePage::Cp866)));
}

TEST_F(EscPosSerial, PaperOutAndGsR)
{
    m_answer = char(0x0c);   // GS r 1: paper end
    auto p = make(QStringLiteral("escpos+serial://%1?baud=9600&status=gsr").arg(m_kioskEnd));
    const auto st = statusAndWait(*p);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->state, PrinterState::PaperOut);
    ASSERT_TRUE(waitUntil([&] { return m_received == kGsR1; }));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::PaperOut);
}

TEST_F(EscPosSerial, NoAnswerIsOfflineAndMissingPortToo)
{
    m_answer.reset();
    auto p = make(QStringLiteral("escpos+serial://%1").arg(m_kioskEnd));
    static_cast<EscPosPrinter *>(p.get())->setTimeouts(300, 5000);
    const auto st = statusAndWait(*p);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->state, PrinterState::Offline);

    auto missing = make(QStringLiteral("escpos+serial://%1").arg(m_dir.filePath(QStringLiteral("nope"))));
    const auto r = printAndWait(*missing, ticket());
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::Offline);
}

TEST(EscPosFile, RegularFileGetsExactlyTheTicket)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lp0"));
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));   // the device node exists, empty
    }
    auto p = make(QStringLiteral("escpos+file://%1?codepage=cp1251").arg(path));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok) << r->error.toStdString();
    EXPECT_EQ(r->status.state, PrinterState::Unknown);   // a write-only link cannot tell
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EscPosOptions o;
    o.codePage = CodePage::Cp1251;
    o.codePageNumber = 46;
    const QByteArray bytes = f.readAll();
    EXPECT_EQ(bytes, EscPosEncoder::encodeTicket(ticket(), o));
    EXPECT_FALSE(bytes.contains(kDleEot4));   // no query on a one-way device
}

TEST(EscPosFile, FifoAndMissingDevice)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("fifo"));
    ASSERT_EQ(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    const int fd = ::open(fifo.toLocal8Bit().constData(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(fd, 0);
    auto p = make(QStringLiteral("escpos+file://%1?mode=raster&width=58").arg(fifo));
    const auto r = printAndWait(*p, ticket());
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->ok) << r->error.toStdString();
    EscPosOptions o;
    o.mode = EscPosOptions::Mode::Raster;
    o.widthDots = 384;
    o.charsPerLine = 32;
    const QByteArray expected = EscPosEncoder::encodeTicket(ticket(), o);
    QByteArray got;
    waitUntil([&] {
        char buf[65536];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0)
            got.append(buf, n);
        return got.size() >= expected.size();
    });
    ::close(fd);
    EXPECT_EQ(got, expected);

    auto missing = make(QStringLiteral("escpos+file://%1").arg(dir.filePath(QStringLiteral("usb/lp9"))));
    const auto st = statusAndWait(*missing);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->state, PrinterState::Offline);
}
