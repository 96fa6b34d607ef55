// The CUPS back end against a real, private cupsd that the test starts itself: its own
// ServerRoot, spool and logs in a temporary directory, listening on a free loopback port,
// with one queue whose device is a file (FileDevice Yes) and a real driver (the generic
// PostScript PPD from CUPS' sample.drv, so the ticket PDF goes through the real filters).
// cupsd must run as root (it drops to user lp for the filters).
// A second queue is raw, in front of a "thermal printer" at socket://127.0.0.1:PORT that the
// test plays with a QTcpServer: the ESC/POS bytes CUPS delivers are decoded and compared.
#include "escposdecoder.h"

#include "printer/cupsprinter.h"
#include "printer/escposencoder.h"
#include "printer/printerfactory.h"

#include "support/signalwaiter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrlQuery>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <functional>

using namespace queue::hardware;
using queue::test::waitUntil;

namespace {

TicketData ticket()
{
    TicketData t;
    t.officeName = QStringLiteral("Тестовый офис");
    t.number = QStringLiteral("Д003");
    t.topic = QStringLiteral("Приём документов");
    t.issuedText = QStringLiteral("26.11.2026  11:00");
    t.aheadText = QStringLiteral("Перед Вами в очереди: 0");
    t.waitText = QStringLiteral("Ожидание: без ожидания");
    t.complaintText = QStringLiteral("Если Вы недовольны качеством обслуживания, позвоните 8-800-000-00-00");
    t.qrUrl = QStringLiteral("http://127.0.0.1/t/3");
    return t;
}

bool writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) > 0;
}

QString tool(const char *name)
{
    QString p = QStandardPaths::findExecutable(QString::fromLatin1(name));
    if (p.isEmpty())
        p = QStandardPaths::findExecutable(QString::fromLatin1(name), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return p;
}

} // namespace

class CupsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(::geteuid(), 0u) << "cupsd needs root to run (it switches to user lp for filters); run this test as root";
        ASSERT_FALSE(tool("cupsd").isEmpty()) << "cupsd not found (Debian package cups-daemon)";
        ASSERT_FALSE(tool("lpadmin").isEmpty()) << "lpadmin not found (Debian package cups-client)";
        ASSERT_TRUE(m_dir.isValid());
        // cupsd insists on sane permissions and the filters (user lp) must reach the spool.
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                                | QFileDevice::ReadGroup | QFileDevice::ExeGroup
                                                | QFileDevice::ReadOther | QFileDevice::ExeOther);
        for (const char *d : {"root", "spool", "cache", "state", "tmp", "log", "out"})
            ASSERT_TRUE(QDir(m_dir.path()).mkpath(QString::fromLatin1(d)));
        // The filters run as user lp and write their temporary files here (like /tmp).
        ASSERT_EQ(::chmod(m_dir.filePath(QStringLiteral("tmp")).toLocal8Bit().constData(), 01777), 0);
        {
            QTcpServer probe;
            ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
            m_port = probe.serverPort();
        }
        const QString root = m_dir.filePath(QStringLiteral("root"));
        ASSERT_TRUE(writeFile(root + QStringLiteral("/cupsd.conf"), QStringLiteral(R"(Listen 127.0.0.1:%1
LogLevel info
DefaultAuthType None
WebInterface No
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
)").arg(m_port)));
        ASSERT_TRUE(writeFile(root + QStringLiteral("/cups-files.conf"), QStringLiteral(R"(FileDevice Yes
ServerRoot %1/root
StateDir %1/state
CacheDir %1/cache
RequestRoot %1/spool
TempDir %1/tmp
AccessLog %1/log/access_log
ErrorLog %1/log/error_log
PageLog %1/log/page_log
Printcap %1/state/printcap
User lp
Group lp
SystemGroup root
)").arg(m_dir.path())));
        m_cupsd.setProcessChannelMode(QProcess::MergedChannels);
        m_cupsd.start(tool("cupsd"), {QStringLiteral("-f"), QStringLiteral("-c"), root + QStringLiteral("/cupsd.conf"),
                                      QStringLiteral("-s"), root + QStringLiteral("/cups-files.conf")});
        ASSERT_TRUE(m_cupsd.waitForStarted(5000));
        const bool up = waitUntil([&] {
            if (m_cupsd.state() != QProcess::Running)
                return true;
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            return s.waitForConnected(200);
        }, 15000);
        ASSERT_TRUE(up && m_cupsd.state() == QProcess::Running)
            << "cupsd did not start: " << m_cupsd.readAll().toStdString() << errorLog();
        m_output = m_dir.filePath(QStringLiteral("out/ticket.ps"));
        // The device file exists before the job and belongs to lp, the user cupsd's job pipeline runs as:
        // on machines where root lacks CAP_DAC_OVERRIDE (containers, CI) cupsd cannot create it itself
        // ("the scheduler could not open the output file").
        {
            ASSERT_EQ(::chmod(m_dir.filePath(QStringLiteral("out")).toLocal8Bit().constData(), 0777), 0);
            QFile out(m_output);
            ASSERT_TRUE(out.open(QIODevice::WriteOnly));
            out.close();
            ASSERT_EQ(::chmod(m_output.toLocal8Bit().constData(), 0666), 0);
            if (const passwd *lp = ::getpwnam("lp")) {
                ASSERT_EQ(::chown(m_output.toLocal8Bit().constData(), lp->pw_uid, lp->pw_gid), 0);
            }
        }
        ASSERT_EQ(run("lpadmin", {QStringLiteral("-p"), QStringLiteral("KioskTest"), QStringLiteral("-E"),
                                  QStringLiteral("-v"), QStringLiteral("file://") + m_output, QStringLiteral("-m"),
                                  QStringLiteral("drv:///sample.drv/generic.ppd")}),
                  0)
            << errorLog();
    }

    void TearDown() override
    {
        if (m_cupsd.state() == QProcess::Running) {
            m_cupsd.terminate();
            if (!m_cupsd.waitForFinished(10000))
                m_cupsd.kill();
        }
        m_cupsd.waitForFinished(5000);
    }

    int run(const char *name, QStringList args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        args.prepend(QStringLiteral("127.0.0.1:%1").arg(m_port));
        args.prepend(QStringLiteral("-h"));
        p.start(tool(name), args);
        if (!p.waitForFinished(30000))
            return -1;
        m_lastOutput = p.readAll();
        return p.exitCode();
    }

    // A printer on a socket of this machine, `onData` called as its bytes arrive, and a raw
    // CUPS queue `name` whose device it is (no -m: no driver, no filters).
    void addRawSocketQueue(QTcpServer &printerPort, const QString &name, const std::function<void(QTcpSocket *)> &onData)
    {
        ASSERT_TRUE(printerPort.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&printerPort, &QTcpServer::newConnection, &printerPort, [&printerPort, onData] {
            while (QTcpSocket *s = printerPort.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::readyRead, s, [onData, s] { onData(s); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        ASSERT_EQ(run("lpadmin", {QStringLiteral("-p"), name, QStringLiteral("-E"), QStringLiteral("-v"),
                                  QStringLiteral("socket://127.0.0.1:%1").arg(printerPort.serverPort())}),
                  0)
            << m_lastOutput.toStdString() << errorLog();
    }

    std::string errorLog() const
    {
        QFile f(m_dir.filePath(QStringLiteral("log/error_log")));
        return f.open(QIODevice::ReadOnly) ? f.readAll().right(3000).toStdString() : std::string();
    }

    std::unique_ptr<Printer> printer(const QString &queue = QStringLiteral("KioskTest"))
    {
        QString err;
        auto p = createPrinter(QStringLiteral("cups://127.0.0.1:%1/%2?width=58").arg(m_port).arg(queue), &err);
        EXPECT_TRUE(p) << err.toStdString();
        return p;
    }

    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QProcess m_cupsd;
    QString m_output;
    QByteArray m_lastOutput;
};

TEST_F(CupsTest, PrintsTicketThroughTheQueue)
{
    auto p = printer();
    std::optional<PrinterStatus> st;
    p->checkStatus([&](const PrinterStatus &s) { st = s; });
    ASSERT_TRUE(waitUntil([&] { return st.has_value(); }, 20000));
    EXPECT_EQ(st->state, PrinterState::Ready) << st->detail.toStdString();

    std::optional<PrintResult> r;
    p->print(ticket(), [&](const PrintResult &x) { r = x; });
    ASSERT_TRUE(waitUntil([&] { return r.has_value(); }, 60000));
    ASSERT_TRUE(r->ok) << r->error.toStdString() << errorLog();
    const int job = static_cast<CupsPrinter *>(p.get())->lastJobId();
    EXPECT_GT(job, 0);

    // The job is completed (CUPS says so) and the device file holds the filtered output.
    ASSERT_EQ(run("lpstat", {QStringLiteral("-W"), QStringLiteral("completed"), QStringLiteral("-o"),
                             QStringLiteral("KioskTest")}),
              0);
    EXPECT_TRUE(m_lastOutput.contains(QStringLiteral("KioskTest-%1").arg(job).toUtf8())) << m_lastOutput.toStdString();
    QFile out(m_output);
    ASSERT_TRUE(waitUntil([&] { return QFileInfo(m_output).size() > 0; }, 10000)) << errorLog();
    ASSERT_TRUE(out.open(QIODevice::ReadOnly));
    const QByteArray ps = out.readAll();
    EXPECT_TRUE(ps.startsWith("%!PS-Adobe")) << ps.left(200).toStdString();
    EXPECT_TRUE(ps.contains("%%Pages: 1")) << ps.left(400).toStdString();   // one ticket, one page
}

TEST_F(CupsTest, StoppedOrMissingQueueIsOffline)
{
    ASSERT_EQ(run("cupsdisable", {QStringLiteral("KioskTest")}), 0) << m_lastOutput.toStdString();
    auto p = printer();
    std::optional<PrinterStatus> st;
    p->checkStatus([&](const PrinterStatus &s) { st = s; });
    ASSERT_TRUE(waitUntil([&] { return st.has_value(); }, 20000));
    EXPECT_EQ(st->state, PrinterState::Offline) << st->detail.toStdString();

    std::optional<PrintResult> r;
    p->print(ticket(), [&](const PrintResult &x) { r = x; });
    ASSERT_TRUE(waitUntil([&] { return r.has_value(); }, 30000));
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::Offline);
    EXPECT_FALSE(QFileInfo::exists(m_output) && QFileInfo(m_output).size() > 0);

    auto missing = printer(QStringLiteral("NoSuchQueue"));
    st.reset();
    missing->checkStatus([&](const PrinterStatus &s) { st = s; });
    ASSERT_TRUE(waitUntil([&] { return st.has_value(); }, 20000));
    EXPECT_EQ(st->state, PrinterState::Offline);
}

// A raw queue whose device is a network printer on port PORT (CUPS' socket back end, as for
// a real printer's JetDirect port): the kiosk's ESC/POS job goes through cupsd untouched.
TEST_F(CupsTest, RawQueueDeliversEscPosToSocketPrinter)
{
    QTcpServer printerPort;   // the thermal printer
    QByteArray received;
    bool cut = false;
    ASSERT_NO_FATAL_FAILURE(addRawSocketQueue(printerPort, QStringLiteral("RawTicket"), [&](QTcpSocket *s) {
        received += s->readAll();
        // The job ends with GS V 66 n (feed and cut): the printer is done, hang up.
        if (received.size() >= 4 && received.at(received.size() - 4) == 0x1D && received.at(received.size() - 3) == 'V') {
            cut = true;
            s->disconnectFromHost();
        }
    }));

    const QString query = QStringLiteral("format=escpos&profile=xprinter&mode=text&width=58");
    QString err;
    auto p = createPrinter(QStringLiteral("cups://127.0.0.1:%1/RawTicket?%2").arg(m_port).arg(query), &err);
    ASSERT_TRUE(p) << err.toStdString();
    EXPECT_TRUE(p->description().contains(QLatin1String("raw ESC/POS"))) << p->description().toStdString();
    std::optional<PrintResult> r;
    p->print(ticket(), [&](const PrintResult &x) { r = x; });
    ASSERT_TRUE(waitUntil([&] { return r.has_value() && cut; }, 60000)) << errorLog();
    ASSERT_TRUE(r->ok) << r->error.toStdString() << errorLog();

    // Byte for byte what the encoder made: CUPS did not touch it.
    const auto options = EscPosOptions::fromQuery(QUrlQuery(query), &err);
    ASSERT_TRUE(options) << err.toStdString();
    EXPECT_EQ(received, EscPosEncoder::encodeTicket(ticket(), *options));

    // And what the printer makes of it: Xprinter's tables, PC866 is 17.
    const queue::test::EscPosDecoded d = queue::test::decodeEscPos(received, {{17, QStringLiteral("cp866")}});
    ASSERT_TRUE(d.error.isEmpty()) << d.error.toStdString();
    ASSERT_GE(d.commands.size(), 3);
    EXPECT_EQ(d.commands.mid(0, 3), (QStringList{QStringLiteral("init"), QStringLiteral("kanji off"), QStringLiteral("codepage 17")}));
    const QStringList texts = d.texts();
    EXPECT_TRUE(texts.contains(QStringLiteral("Тестовый офис"))) << texts.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(texts.contains(QStringLiteral("Д003")));
    EXPECT_TRUE(texts.contains(QStringLiteral("Приём документов")));
    EXPECT_TRUE(d.contains(QStringLiteral("qr: http://127.0.0.1/t/3")));
    EXPECT_TRUE(d.contains(QStringLiteral("size 8x8")));   // the number, 384 / (12 × 4) = 8×
    EXPECT_EQ(d.commands.last(), QStringLiteral("cut feed 96"));
}

// A raw queue given without format=escpos: the kiosk finds out that the queue has no driver and
// sends ESC/POS made with the URI's options, never the PDF a thermal printer would print as
// garbage; with format=pdf it refuses, at the status check and when printing.
TEST_F(CupsTest, RawQueueWithoutFormatGetsEscPosAndPdfIsRefused)
{
    QTcpServer printerPort;
    QByteArray received;
    ASSERT_NO_FATAL_FAILURE(addRawSocketQueue(printerPort, QStringLiteral("PlainRaw"), [&](QTcpSocket *s) { received += s->readAll(); }));

    const QString query = QStringLiteral("profile=xprinter&mode=text&width=58");
    QString err;
    auto p = createPrinter(QStringLiteral("cups://127.0.0.1:%1/PlainRaw?%2").arg(m_port).arg(query), &err);
    ASSERT_TRUE(p) << err.toStdString();
    std::optional<PrinterStatus> st;
    p->checkStatus([&](const PrinterStatus &s) { st = s; });
    ASSERT_TRUE(waitUntil([&] { return st.has_value(); }, 20000));
    EXPECT_EQ(st->state, PrinterState::Ready) << st->detail.toStdString();
    EXPECT_TRUE(p->description().contains(QLatin1String("raw queue: ESC/POS"))) << p->description().toStdString();

    std::optional<PrintResult> r;
    p->print(ticket(), [&](const PrintResult &x) { r = x; });
    const auto options = EscPosOptions::fromQuery(QUrlQuery(query), &err);
    ASSERT_TRUE(options) << err.toStdString();
    const QByteArray expected = EscPosEncoder::encodeTicket(ticket(), *options);
    ASSERT_TRUE(waitUntil([&] { return r.has_value() && received.size() >= expected.size(); }, 60000)) << errorLog();
    ASSERT_TRUE(r->ok) << r->error.toStdString() << errorLog();
    EXPECT_EQ(received, expected);
    EXPECT_FALSE(received.startsWith("%PDF"));

    // format=pdf: the status check and the print both refuse, saying why; nothing reaches the printer.
    received.clear();
    auto pdf = createPrinter(QStringLiteral("cups://127.0.0.1:%1/PlainRaw?format=pdf&width=58").arg(m_port), &err);
    ASSERT_TRUE(pdf) << err.toStdString();
    st.reset();
    pdf->checkStatus([&](const PrinterStatus &s) { st = s; });
    ASSERT_TRUE(waitUntil([&] { return st.has_value(); }, 20000));
    EXPECT_EQ(st->state, PrinterState::Error);
    EXPECT_TRUE(st->detail.contains(QLatin1String("raw queue"))) << st->detail.toStdString();
    r.reset();
    pdf->print(ticket(), [&](const PrintResult &x) { r = x; });
    ASSERT_TRUE(waitUntil([&] { return r.has_value(); }, 60000));
    EXPECT_FALSE(r->ok);
    EXPECT_TRUE(r->error.contains(QLatin1String("format=escpos"))) << r->error.toStdString();
    EXPECT_TRUE(received.isEmpty());
}
