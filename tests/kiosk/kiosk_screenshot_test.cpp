// `queue-kiosk --screenshot DIR` as a process: with data from a real server and with the
// built-in sample data (no server), every state in both orientations at the exact screen
// size (content must never make the window grow), plus the paper tickets; and
// `queue-kiosk --print-test-ticket` with a file printer.
#include "support/testserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>

namespace {

QString kioskBin() { return QString::fromLocal8Bit(qgetenv("QUEUE_KIOSK_BIN")); }

const char *const kStates[] = {"start", "start-en", "start-contrast", "topics-b2c", "topics-b2b", "topics-retired",
                               "topics-retired-en", "priority",
                               "start-outofturn", "topics-outofturn", "booking", "help", "ticket",
                               "ticket-outofturn", "ticket-notprinted", "ticket-booking-late", "rating-number",
                               "rating-score", "rating-thanks", "issuing", "printer-problem", "out-of-order", "closed",
                               "unavailable", "start-offline", "topics-offline", "ticket-offline"};

// States that are made up even on the server's office data (the server's office is open).
const char *const kMadeUp[] = {"topics-retired", "topics-retired-en", "booking", "ticket", "ticket-outofturn", "ticket-notprinted", "ticket-booking-late",
                               "rating-number", "rating-score", "rating-thanks", "closed",
                               "start-offline", "topics-offline", "ticket-offline"};

bool madeUp(const char *state)
{
    return std::find_if(std::begin(kMadeUp), std::end(kMadeUp), [&](const char *m) { return qstrcmp(m, state) == 0; })
           != std::end(kMadeUp);
}

// sample: no server answered, every file is "-sample"; else only the made-up states are.
void checkShots(const QString &dir, bool sample)
{
    for (const char *state : kStates) {
        const QString suffix = sample || madeUp(state) ? QStringLiteral("-sample") : QString();
        for (const bool portrait : {true, false}) {
            const QString name = QStringLiteral("kiosk-%1-%2%3.png")
                                     .arg(QLatin1String(state), portrait ? QStringLiteral("portrait")
                                                                         : QStringLiteral("landscape"),
                                          suffix);
            const QImage img(QDir(dir).filePath(name));
            ASSERT_FALSE(img.isNull()) << name.toStdString();
            EXPECT_EQ(img.size(), portrait ? QSize(1080, 1920) : QSize(1920, 1080)) << name.toStdString();
        }
    }
    EXPECT_FALSE(QImage(QDir(dir).filePath(QStringLiteral("ticket-80mm-offline-sample.png"))).isNull());
    for (const int mm : {58, 80}) {
        const QImage t(QDir(dir).filePath(QStringLiteral("ticket-%1mm-sample.png").arg(mm)));
        ASSERT_FALSE(t.isNull());
        EXPECT_EQ(t.width(), mm == 58 ? 384 : 576);
    }
}

} // namespace

TEST(KioskScreenshots, WithServerData)
{
    ASSERT_FALSE(kioskBin().isEmpty());
    queue::test::TestServer server;
    ASSERT_TRUE(server.start());
    QTemporaryDir dir;
    const QString token = dir.filePath(QStringLiteral("token"));
    {
        QFile f(token);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("kiosk-token\n");
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(kioskBin(), {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("shots")), QStringLiteral("--server"),
                         server.url().toString(), QStringLiteral("--token-file"), token});
    ASSERT_TRUE(p.waitForFinished(120000));
    const QByteArray out = p.readAll();
    ASSERT_EQ(p.exitCode(), 0) << out.toStdString();
    EXPECT_TRUE(out.contains("(server data)")) << out.toStdString();
    // The closed screen is not the server's (its office is open): said so.
    EXPECT_TRUE(out.contains("marked -sample: topics-retired, topics-retired-en, booking, ticket, ticket-outofturn, ticket-notprinted, "
                             "ticket-booking-late, rating-number, rating-score, rating-thanks, closed"))
        << out.toStdString();
    checkShots(dir.filePath(QStringLiteral("shots")), false);
}

TEST(KioskScreenshots, WithSampleDataWhenNoServer)
{
    QTemporaryDir dir;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(kioskBin(), {QStringLiteral("--screenshot"), dir.path(), QStringLiteral("--server"),
                         QStringLiteral("http://127.0.0.1:1")});
    ASSERT_TRUE(p.waitForFinished(120000));
    const QByteArray out = p.readAll();
    ASSERT_EQ(p.exitCode(), 0) << out.toStdString();
    EXPECT_TRUE(out.contains("(sample data)")) << out.toStdString();
    checkShots(dir.path(), true);
}

TEST(KioskCommandLine, RejectsBadConfigAndPrinter)
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("kiosk.json"));
    {
        QFile f(config);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(R"({"printr": "fake://"})");
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(kioskBin(), {QStringLiteral("--config"), config});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitCode(), 2);
    EXPECT_TRUE(p.readAll().contains("unknown key 'printr'"));
    p.start(kioskBin(), {QStringLiteral("--printer"), QStringLiteral("escpos+usb:///dev/x")});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitCode(), 2);
    EXPECT_TRUE(p.readAll().contains("unknown ESC/POS transport"));
}

// `queue-kiosk --print-test-ticket`: the technician's check of a newly installed printer.
TEST(KioskPrintTestTicket, FilePrinterWritesTheSampleTicket)
{
    ASSERT_FALSE(kioskBin().isEmpty());
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("tickets"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(kioskBin(), {QStringLiteral("--print-test-ticket"), QStringLiteral("--printer"),
                         QStringLiteral("file://%1?format=png&width=80").arg(out)});
    ASSERT_TRUE(p.waitForFinished(60000));
    const QByteArray log = p.readAll();
    ASSERT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 0) << log.toStdString();
    EXPECT_TRUE(log.contains("status after printing: ready")) << log.toStdString();
    EXPECT_TRUE(log.contains("test ticket printed")) << log.toStdString();
    const QStringList files = QDir(out).entryList({QStringLiteral("*.png")}, QDir::Files);
    ASSERT_EQ(files.size(), 1) << log.toStdString();
    const QImage img(QDir(out).filePath(files.first()));
    ASSERT_FALSE(img.isNull());
    EXPECT_EQ(img.width(), 576);
    EXPECT_GT(img.height(), 576);   // number, text lines and the QR code
}

TEST(KioskPrintTestTicket, UnusablePrinterFailsWithAMessage)
{
    ASSERT_FALSE(kioskBin().isEmpty());
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("not-a-dir"));
    {
        QFile f(blocker);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(kioskBin(), {QStringLiteral("--print-test-ticket"), QStringLiteral("--printer"),
                         QStringLiteral("file://%1/tickets?format=png").arg(blocker)});
    ASSERT_TRUE(p.waitForFinished(60000));
    const QByteArray log = p.readAll();
    ASSERT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 1) << log.toStdString();
    EXPECT_TRUE(log.contains("offline")) << log.toStdString();
    EXPECT_TRUE(log.contains("cannot print")) << log.toStdString();
    EXPECT_FALSE(QFileInfo::exists(QDir(blocker).filePath(QStringLiteral("tickets"))));

    // A URI that names no printer is a usage error.
    QProcess bad;
    bad.setProcessChannelMode(QProcess::MergedChannels);
    bad.start(kioskBin(), {QStringLiteral("--print-test-ticket"), QStringLiteral("--printer"), QStringLiteral("nope://x")});
    ASSERT_TRUE(bad.waitForFinished(60000));
    EXPECT_EQ(bad.exitCode(), 2) << bad.readAll().toStdString();
}
