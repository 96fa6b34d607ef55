// Every program's command line follows the same conventions (QCommandLineParser): --help,
// --version, --config, --log, and for the clients --server; the kiosk and the board read
// their device token with --token-file. Unknown options are refused.
#include <gtest/gtest.h>

#include <QProcess>
#include <QTemporaryDir>

namespace {

struct ToolRun {
    int exitCode = -1;
    QByteArray out, err;
};

// `headless`: as on an office machine over ssh: no display, no QT_QPA_PLATFORM.
ToolRun run(const QString &program, const QStringList &args, bool headless = false)
{
    QProcess p;
    if (headless) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *v : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QLatin1String(v));
        p.setProcessEnvironment(env);
    }
    p.start(program, args);
    ToolRun r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

struct Program {
    const char *name;
    QString path;
    QByteArrayList options;   // must be in --help
};

QList<Program> programs()
{
    QList<Program> list{{"queue-server", QStringLiteral(QUEUE_SERVER_PATH),
                         {"--help", "--version", "--config", "--log", "--db", "--listen", "--backup", "--restore"}}};
#ifdef QUEUE_KIOSK_PATH
    list.append({"queue-kiosk", QStringLiteral(QUEUE_KIOSK_PATH),
                 {"--help", "--version", "--config", "--log", "--server", "--token-file", "--lang", "--screenshot"}});
    list.append({"queue-desk", QStringLiteral(QUEUE_DESK_PATH),
                 {"--help", "--version", "--config", "--log", "--server", "--lang", "--screenshot"}});
    list.append({"queue-board", QStringLiteral(QUEUE_BOARD_PATH),
                 {"--help", "--version", "--config", "--log", "--server", "--token-file", "--lang", "--screenshot"}});
#endif
    return list;
}

} // namespace

TEST(CommandLine, HelpListsTheCommonOptions)
{
    for (const Program &p : programs()) {
        const ToolRun r = run(p.path, {QStringLiteral("--help")});
        ASSERT_EQ(r.exitCode, 0) << p.name << r.err.constData();
        EXPECT_TRUE(r.out.startsWith("Usage: ")) << p.name;
        for (const QByteArray &o : p.options)
            EXPECT_TRUE(r.out.contains(o)) << p.name << " --help lacks " << o.constData();
    }
}

TEST(CommandLine, VersionPrintsTheProjectVersion)
{
    for (const Program &p : programs()) {
        const ToolRun r = run(p.path, {QStringLiteral("--version")});
        ASSERT_EQ(r.exitCode, 0) << p.name;
        EXPECT_EQ(r.out.trimmed(), QByteArray(p.name) + " " QUEUE_VERSION) << p.name;
    }
}

TEST(CommandLine, UnknownOptionIsAnError)
{
    for (const Program &p : programs()) {
        const ToolRun r = run(p.path, {QStringLiteral("--no-such-option")});
        EXPECT_NE(r.exitCode, 0) << p.name;
        EXPECT_TRUE(r.err.contains("no-such-option")) << p.name << ": " << r.err.constData();
    }
}

TEST(CommandLine, MissingConfigFileIsAnError)
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    for (const Program &p : programs()) {
        QStringList args{QStringLiteral("--config"), missing};
        if (QByteArray(p.name) == "queue-server")
            args << QStringLiteral("--check-config");
        else
            args << QStringLiteral("--screenshot") << dir.filePath(QStringLiteral("shots"));
        const ToolRun r = run(p.path, args);
        EXPECT_NE(r.exitCode, 0) << p.name;
        EXPECT_TRUE(r.err.contains("missing.json")) << p.name << ": " << r.err.constData();
    }
}

TEST(CommandLine, LogRulesSwitchCategoriesOn)
{
    // queue-server logs "queue.server: stopped" at info level when it ends; the rule
    // switches it off, so the difference shows the option works.
    QTemporaryDir dir;
    auto serve = [&](const QStringList &extra) {
        QProcess p;
        p.start(QStringLiteral(QUEUE_SERVER_PATH), QStringList{QStringLiteral("--db"), dir.filePath(QStringLiteral("q.db")),
                                                               QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}
                                                       + extra);
        EXPECT_TRUE(p.waitForStarted());
        QByteArray out;
        while (!out.contains("listening on") && p.waitForReadyRead(20000))
            out += p.readAllStandardOutput();
        p.terminate();
        p.waitForFinished(20000);
        return QByteArray(p.readAllStandardError());
    };
    EXPECT_TRUE(serve({QStringLiteral("--log"), QStringLiteral("queue.*.info=true")}).contains("queue.server: stopped"));
    EXPECT_FALSE(serve({QStringLiteral("--log"), QStringLiteral("queue.server.info=false")}).contains("queue.server: stopped"));
}

TEST(CommandLine, HelpAndVersionNeedNoDisplay)
{
    for (const Program &p : programs()) {
        for (const char *option : {"--version", "--help"}) {
            const ToolRun r = run(p.path, {QLatin1String(option)}, true);
            EXPECT_EQ(r.exitCode, 0) << p.name << " " << option << ": " << r.err.constData();
            EXPECT_FALSE(r.out.isEmpty()) << p.name << " " << option;
        }
    }
}
