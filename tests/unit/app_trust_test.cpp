// app::serverTrust (common/app/startup.h): where kiosk, desk and board take their trust from.
#include "common/app/startup.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "support/testcerts.h"

#include <gtest/gtest.h>

using queue::client::ServerTrust;

namespace {

const QString kHex = QStringLiteral("11e8b824c681a4c784fa1f694238f9bf31f5bd0868b23609c23fcea5d40dda15");

struct TrustRun {
    QTemporaryDir dir;
    QCommandLineParser parser;
    QCommandLineOption ca = queue::app::caFileOption();
    QCommandLineOption fingerprint = queue::app::serverFingerprintOption();
    QString error;

    explicit TrustRun(QStringList args)
    {
        parser.addOptions({ca, fingerprint});
        args.prepend(QStringLiteral("queue-kiosk"));
        EXPECT_TRUE(parser.parse(args)) << parser.errorText().toStdString();
    }
    QString write(const QString &name, const QByteArray &data)
    {
        QFile f(dir.filePath(name));
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(data);
        return f.fileName();
    }
    std::optional<ServerTrust> trust(const QString &config = {}, const QString &stateDir = {})
    {
        return queue::app::serverTrust(parser, ca, fingerprint, config, stateDir, &error);
    }
};

} // namespace

TEST(AppTrustTest, NothingGivenMeansTheSystemsCas)
{
    TrustRun run({});
    const auto t = run.trust(QString(), run.dir.path());
    ASSERT_TRUE(t);
    EXPECT_FALSE(t->requiresTls());
}

TEST(AppTrustTest, FingerprintOptionPinsAndWinsOverTheConfig)
{
    TrustRun run({QStringLiteral("--server-fingerprint"), kHex.toUpper()});
    const QString config = run.write(QStringLiteral("kiosk.json"), R"({"server_ca": "missing.pem"})");
    const auto t = run.trust(config);
    ASSERT_TRUE(t) << run.error.toStdString();
    EXPECT_TRUE(t->isPinned());
    EXPECT_EQ(t->pin().toHex(), kHex.toLatin1());
}

TEST(AppTrustTest, BadOrConflictingOptionsAreErrors)
{
    TrustRun both({QStringLiteral("--server-fingerprint"), kHex, QStringLiteral("--ca-file"), QStringLiteral("/x.pem")});
    EXPECT_FALSE(both.trust());
    EXPECT_TRUE(both.error.contains(QStringLiteral("not both"))) << both.error.toStdString();
    TrustRun bad({QStringLiteral("--server-fingerprint"), QStringLiteral("abc")});
    EXPECT_FALSE(bad.trust());
    EXPECT_TRUE(bad.error.contains(QStringLiteral("abc"))) << bad.error.toStdString();
    TrustRun missing({QStringLiteral("--ca-file"), QStringLiteral("/nonexistent/ca.pem")});
    EXPECT_FALSE(missing.trust());
}

TEST(AppTrustTest, ConfigCaFileIsTakenFromTheConfigsDirectory)
{
    TrustRun run({});
    run.write(QStringLiteral("office-ca.pem"), QByteArray(queue::test::kCertA));
    const QString config = run.write(QStringLiteral("board.json"), R"({"server_ca": "office-ca.pem"})");
    const auto t = run.trust(config);
    ASSERT_TRUE(t) << run.error.toStdString();
    EXPECT_TRUE(t->hasCaFile());
    EXPECT_EQ(t->caFile(), run.dir.filePath(QStringLiteral("office-ca.pem")));
}

TEST(AppTrustTest, EnrolmentFingerprintIsThePinWhenNothingElseIsGiven)
{
    TrustRun run({});
    run.write(QStringLiteral("enrolment.json"),
              R"({"server": "https://queue.lan:8470", "name": "kiosk-1", "role": "kiosk", "token": "t", "fingerprint": ")"
                  + kHex.toLatin1() + R"("})");
    const auto t = run.trust(QString(), run.dir.path());
    ASSERT_TRUE(t) << run.error.toStdString();
    EXPECT_TRUE(t->isPinned());
    EXPECT_EQ(t->pin().toHex(), kHex.toLatin1());
    // A pin in the config file comes first.
    const QString other = QStringLiteral("00").repeated(32);
    const QString config = run.write(QStringLiteral("kiosk.json"), R"({"server_fingerprint": ")" + other.toLatin1() + R"("})");
    const auto fromConfig = run.trust(config, run.dir.path());
    ASSERT_TRUE(fromConfig);
    EXPECT_EQ(fromConfig->pin().toHex(), other.toLatin1());
}
