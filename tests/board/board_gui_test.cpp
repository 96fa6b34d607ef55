// The hall screen offscreen: real widgets found by objectName, with the model fed the
// sample office or the real server; and `queue-board --screenshot`.
#include "logic/boardmodel.h"
#include "logic/sampledata.h"
#include "ui/boardwindow.h"

#include "support/manualclock.h"
#include "support/signalwaiter.h"
#include "support/testserver.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::board;
using queue::test::ManualClock;

namespace {

QString text(QWidget *parent, const QString &row, const char *child)
{
    auto *w = parent->findChild<QWidget *>(row);
    if (!w)
        return QStringLiteral("<no %1>").arg(row);
    auto *l = w->findChild<QLabel *>(QLatin1String(child));
    return l ? l->text() : QStringLiteral("<no %1>").arg(QLatin1String(child));
}

bool visible(QWidget *parent, const QString &name)
{
    auto *w = parent->findChild<QWidget *>(name);
    return w && w->isVisible();
}

} // namespace

TEST(BoardGui, ShowsCallsWindowsAndQueues)
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    BoardModel model(nullptr, nullptr, clock);
    loadSampleData(&model, true);
    model.setConnected(true);
    BoardWindow w(&model);
    w.resize(1920, 1080);
    w.show();
    w.refresh();
    EXPECT_FALSE(w.isPortrait());
    // Newest on top, and both fresh calls highlighted with the instruction.
    EXPECT_EQ(text(&w, QStringLiteral("callRow0"), "ticket"), QStringLiteral("К015"));
    EXPECT_EQ(text(&w, QStringLiteral("callRow0"), "window"), QStringLiteral("7"));
    EXPECT_EQ(text(&w, QStringLiteral("callRow1"), "ticket"), QStringLiteral("П014"));
    EXPECT_TRUE(text(&w, QStringLiteral("callRow0"), "status").contains(QStringLiteral("7")));
    EXPECT_TRUE(text(&w, QStringLiteral("callRow1"), "status").contains(QStringLiteral("3")));
    // The call that is over is in the list without a status.
    EXPECT_EQ(text(&w, QStringLiteral("callRow2"), "ticket"), QStringLiteral("П013"));
    EXPECT_TRUE(text(&w, QStringLiteral("callRow2"), "status").isEmpty());
    EXPECT_FALSE(visible(&w, QStringLiteral("connectionMarker")));
    EXPECT_FALSE(visible(&w, QStringLiteral("callsEmpty")));
    // A paused and a closed window say so, and show no ticket.
    EXPECT_EQ(text(&w, QStringLiteral("windowTile3"), "number"), QStringLiteral("Window 4"));
    EXPECT_TRUE(text(&w, QStringLiteral("windowTile3"), "state").contains(QStringLiteral("break")));
    EXPECT_TRUE(text(&w, QStringLiteral("windowTile4"), "state").contains(QStringLiteral("closed")));
    EXPECT_EQ(text(&w, QStringLiteral("topicRow1"), "count"), QStringLiteral("5"));
    auto *office = w.findChild<QLabel *>(QStringLiteral("officeLabel"));
    ASSERT_TRUE(office);
    EXPECT_EQ(office->text(), QStringLiteral("ЦОК «Центральный»"));

    // After the highlight time the fresh calls are shown as invited, no longer highlighted.
    clock.advanceSec(11);
    w.refresh();
    EXPECT_EQ(text(&w, QStringLiteral("callRow0"), "status"), QStringLiteral("invited"));

    // Connection lost: a marker, and the calls stay.
    model.setConnected(false);
    EXPECT_TRUE(visible(&w, QStringLiteral("connectionMarker")));
    EXPECT_EQ(text(&w, QStringLiteral("callRow0"), "ticket"), QStringLiteral("К015"));

    // Portrait.
    w.resize(1080, 1920);
    QCoreApplication::processEvents();
    EXPECT_TRUE(w.isPortrait());
    EXPECT_EQ(w.width(), 1080);
    EXPECT_EQ(text(&w, QStringLiteral("callRow0"), "ticket"), QStringLiteral("К015"));
}

TEST(BoardGui, IdleBoardInvitesToWait)
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    BoardModel model(nullptr, nullptr, clock);
    loadSampleData(&model, false);
    BoardWindow w(&model);
    w.resize(1920, 1080);
    w.show();
    w.refresh();
    EXPECT_TRUE(visible(&w, QStringLiteral("callsEmpty")));
    EXPECT_FALSE(visible(&w, QStringLiteral("callRow0")));
}

TEST(BoardGui, ScreenshotsOfEveryStateInBothOrientations)
{
    QTemporaryDir dir;
    QProcess proc;
    proc.setProcessChannelMode(QProcess::MergedChannels);
    proc.start(QStringLiteral(QUEUE_BOARD_BIN), {QStringLiteral("--screenshot"), dir.path(), QStringLiteral("--server"),
                                                  QStringLiteral("http://127.0.0.1:9")});
    ASSERT_TRUE(proc.waitForFinished(60000));
    ASSERT_EQ(proc.exitCode(), 0) << proc.readAll().toStdString();
    for (const char *state : {"calls", "idle", "offline"})
        for (const auto &[orient, size] : {std::pair{"landscape", QSize(1920, 1080)}, std::pair{"portrait", QSize(1080, 1920)}}) {
            const QString file = dir.filePath(QStringLiteral("board-sample-%1-%2.png").arg(QLatin1String(orient), QLatin1String(state)));
            const QImage img(file);
            ASSERT_FALSE(img.isNull()) << file.toStdString();
            EXPECT_EQ(img.size(), size) << file.toStdString();
        }
}

TEST(BoardGui, LiveScreenshotsAgainstTheServer)
{
    queue::test::TestServer server;
    ASSERT_TRUE(server.start());
    const QByteArray op = queue::test::login(server, 2);
    ASSERT_EQ(queue::test::http("POST", server.url(QStringLiteral("/api/v1/tickets")), "kiosk-token",
                                QJsonObject{{QStringLiteral("service"), QStringLiteral("payments")}}).status, 201);
    ASSERT_EQ(queue::test::http("POST", server.url(QStringLiteral("/api/v1/windows/2/call")), op, QByteArray("{}")).status, 200);
    QTemporaryDir dir;
    QFile token(dir.filePath(QStringLiteral("token")));
    ASSERT_TRUE(token.open(QIODevice::WriteOnly));
    token.write("display-token\n");
    token.close();
    QProcess proc;
    proc.setProcessChannelMode(QProcess::MergedChannels);
    proc.start(QStringLiteral(QUEUE_BOARD_BIN), {QStringLiteral("--screenshot"), dir.path(), QStringLiteral("--server"),
                                                  server.url().toString(), QStringLiteral("--token-file"), token.fileName()});
    ASSERT_TRUE(proc.waitForFinished(60000));
    ASSERT_EQ(proc.exitCode(), 0) << proc.readAll().toStdString();
    EXPECT_EQ(QImage(dir.filePath(QStringLiteral("board-live-landscape.png"))).size(), QSize(1920, 1080));
    EXPECT_EQ(QImage(dir.filePath(QStringLiteral("board-live-portrait.png"))).size(), QSize(1080, 1920));
}

int main(int argc, char **argv)
{
    QLocale::setDefault(QLocale::c());
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
