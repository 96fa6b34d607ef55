// The Debian packages: cpack builds them from this build tree into a temporary directory;
// dpkg-deb then checks each one's control file, Depends, maintainer scripts and files.
// Nothing is installed on this machine (deploy/README.md: the fresh-Debian check).
#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

struct ToolRun {
    int exitCode = -1;
    QByteArray out;
};

ToolRun run(const QString &program, const QStringList &args, const QString &dir = QString(), int timeoutMs = 600000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!dir.isEmpty())
        p.setWorkingDirectory(dir);
    p.start(program, args);
    ToolRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.out = p.readAll();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAll();
    return r;
}

struct Expect {
    QString package;
    QByteArrayList depends;    // must be in Depends (names)
    QByteArrayList files;      // must be in the data archive
    QByteArrayList scripts;    // control files
    QByteArrayList conffiles;
};

QList<Expect> expectations()
{
    QList<Expect> list{{QStringLiteral("queue-server"),
                        {"libqt6core6", "libqt6network6", "libqt6sql6", "libqt6websockets6", "libqt6sql6-sqlite", "libsqlite3-0",
                         "systemd", "openssl"},
                        {"./usr/bin/queue-server", "./usr/lib/systemd/system/queue-server.service",
                         "./usr/lib/systemd/system/queue-backup.service", "./usr/lib/systemd/system/queue-backup.timer",
                         "./usr/share/doc/queue-server/README.md", "./usr/share/doc/queue-server/configuration.md"},
                        {"control", "md5sums", "postinst", "prerm", "postrm"},
                        {}}};
#ifdef QUEUE_WITH_APPS
    list.append({QStringLiteral("queue-kiosk"),
                 {"libqt6core6", "libqt6gui6", "libqt6widgets6", "libqt6serialport6", "libcups2", "libqrencode4", "cage",
                  "qt6-wayland", "fonts-dejavu-core"},
                 {"./usr/bin/queue-kiosk", "./usr/lib/systemd/system/queue-kiosk.service", "./etc/pam.d/queue-kiosk",
                  "./etc/default/queue-kiosk", "./usr/share/queue/kiosk.sample.json"},
                 {"control", "md5sums", "postinst", "prerm", "postrm", "conffiles"},
                 {"/etc/pam.d/queue-kiosk", "/etc/default/queue-kiosk"}});
    list.append({QStringLiteral("queue-desk"),
                 {"libqt6core6", "libqt6gui6", "libqt6widgets6", "fonts-dejavu-core"},
                 {"./usr/bin/queue-desk", "./usr/share/applications/queue-desk.desktop", "./usr/share/queue/desk.sample.json"},
                 {"control", "md5sums"},
                 {}});
    list.append({QStringLiteral("queue-board"),
                 {"libqt6core6", "libqt6widgets6", "libqt6serialport6", "libqt6serialbus6", "libqt6texttospeech6", "cage",
                  "alsa-utils"},
                 {"./usr/bin/queue-board", "./usr/bin/queue-voice-fragments", "./usr/lib/systemd/system/queue-board.service",
                  "./etc/pam.d/queue-board", "./etc/default/queue-board", "./usr/share/queue/board.sample.json",
                  "./usr/share/queue/voice/ru/talon.wav"},
                 {"control", "md5sums", "postinst", "prerm", "postrm", "conffiles"},
                 {"/etc/pam.d/queue-board", "/etc/default/queue-board"}});
#endif
    return list;
}

QString field(const QByteArray &control, const char *name)
{
    const QRegularExpression re(QStringLiteral("^%1: (.*)$").arg(QLatin1String(name)), QRegularExpression::MultilineOption);
    return re.match(QString::fromUtf8(control)).captured(1).trimmed();
}

QStringList dependNames(const QString &depends)
{
    QStringList names;
    for (const QString &alt : depends.split(QLatin1Char(','), Qt::SkipEmptyParts))
        for (const QString &one : alt.split(QLatin1Char('|')))
            names << one.trimmed().section(QLatin1Char(' '), 0, 0).section(QLatin1Char(':'), 0, 0);
    return names;
}

} // namespace

TEST(Packages, CpackBuildsValidDebianPackages)
{
    QTemporaryDir out;
    ASSERT_TRUE(out.isValid());
    const ToolRun cpack = run(QStringLiteral(QUEUE_CPACK), {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
                                                         QStringLiteral(QUEUE_BUILD_DIR "/CPackConfig.cmake"), QStringLiteral("-B"),
                                                         out.path()});
    ASSERT_EQ(cpack.exitCode, 0) << cpack.out.constData();

    const QStringList debs = QDir(out.path()).entryList({QStringLiteral("*.deb")}, QDir::Files, QDir::Name);
    ASSERT_EQ(debs.size(), expectations().size()) << debs.join(QLatin1Char(' ')).toStdString();

    for (const Expect &e : expectations()) {
        SCOPED_TRACE(e.package.toStdString());
        const QStringList matching = debs.filter(QRegularExpression(QStringLiteral("^%1_%2_[a-z0-9]+\\.deb$")
                                                                        .arg(e.package, QStringLiteral(QUEUE_VERSION))));
        ASSERT_EQ(matching.size(), 1) << debs.join(QLatin1Char(' ')).toStdString();
        const QString deb = QDir(out.path()).filePath(matching.first());

        // The control file: dpkg-deb parses it, and the fields a package needs are there.
        const ToolRun control = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--field"), deb});
        ASSERT_EQ(control.exitCode, 0) << control.out.constData();
        EXPECT_EQ(field(control.out, "Package"), e.package);
        EXPECT_EQ(field(control.out, "Version"), QStringLiteral(QUEUE_VERSION));
        EXPECT_FALSE(field(control.out, "Architecture").isEmpty());
        EXPECT_TRUE(field(control.out, "Maintainer").contains(QLatin1Char('@')));
        EXPECT_FALSE(field(control.out, "Description").isEmpty());
        const QStringList depends = dependNames(field(control.out, "Depends"));
        for (const QByteArray &d : e.depends)
            EXPECT_TRUE(depends.contains(QString::fromUtf8(d))) << "Depends lacks " << d.constData() << ": " << field(control.out, "Depends").toStdString();
        // Every name in Depends is a valid Debian package name.
        static const QRegularExpression pkgName(QStringLiteral("^[a-z0-9][a-z0-9+.-]+$"));
        for (const QString &d : depends)
            EXPECT_TRUE(pkgName.match(d).hasMatch()) << d.toStdString();

        // Maintainer scripts and conffiles.
        QTemporaryDir ctrl;
        ASSERT_EQ(run(QStringLiteral("dpkg-deb"), {QStringLiteral("--control"), deb, ctrl.path()}).exitCode, 0);
        QStringList present = QDir(ctrl.path()).entryList(QDir::Files);
        present.sort();
        QStringList wanted;
        for (const QByteArray &c : e.scripts)
            wanted << QString::fromUtf8(c);
        wanted.sort();
        EXPECT_EQ(present, wanted);
        for (const QString &s : {QStringLiteral("postinst"), QStringLiteral("prerm"), QStringLiteral("postrm")}) {
            const QFileInfo fi(QDir(ctrl.path()).filePath(s));
            if (!fi.exists())
                continue;
            EXPECT_TRUE(fi.isExecutable()) << s.toStdString();
            EXPECT_EQ(run(QStringLiteral("sh"), {QStringLiteral("-n"), fi.filePath()}).exitCode, 0) << s.toStdString();
        }
        if (!e.conffiles.isEmpty()) {
            QFile f(QDir(ctrl.path()).filePath(QStringLiteral("conffiles")));
            ASSERT_TRUE(f.open(QIODevice::ReadOnly));
            QByteArrayList lines = f.readAll().split('\n');
            lines.removeAll(QByteArray());
            EXPECT_EQ(lines, e.conffiles);
        }

        // The files.
        const ToolRun contents = run(QStringLiteral("dpkg-deb"), {QStringLiteral("--contents"), deb});
        ASSERT_EQ(contents.exitCode, 0);
        for (const QByteArray &file : e.files)
            EXPECT_TRUE(contents.out.contains(QByteArray(" " + file + "\n"))) << "no " << file.constData();
        // Conffiles are in the package; no file outside /usr and /etc.
        for (const QByteArray &line : contents.out.split('\n')) {
            const int dot = line.indexOf(" ./");
            if (dot < 0)
                continue;
            const QByteArray path = line.mid(dot + 1);
            EXPECT_TRUE(path == "./" || path.startsWith("./usr/") || path.startsWith("./etc/")) << path.constData();
        }
    }

#ifdef QUEUE_SYSTEMD_ANALYZE
    // The systemd units in the packages parse (the programs themselves are not installed
    // here, so "is not executable" is the only complaint allowed).
    QTemporaryDir all;
    QStringList units;
    for (const QString &deb : debs) {
        ASSERT_EQ(run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), QDir(out.path()).filePath(deb), all.path()}).exitCode, 0);
    }
    const QDir unitDir(all.filePath(QStringLiteral("usr/lib/systemd/system")));
    for (const QString &u : unitDir.entryList(QDir::Files))
        units << unitDir.filePath(u);
    ASSERT_GE(units.size(), 3);
    const ToolRun verify = run(QStringLiteral(QUEUE_SYSTEMD_ANALYZE), QStringList{QStringLiteral("verify")} + units);
    for (const QByteArray &line : verify.out.split('\n')) {
        if (!line.trimmed().isEmpty()) {
            EXPECT_TRUE(line.contains("is not executable")) << line.constData();
        }
    }
#endif

    // The packaged server runs from the extracted tree, and its postinst's command works.
    QTemporaryDir root;
    ASSERT_EQ(run(QStringLiteral("dpkg-deb"),
                  {QStringLiteral("-x"), QDir(out.path()).filePath(debs.filter(QStringLiteral("queue-server_")).first()), root.path()})
                  .exitCode,
              0);
    const ToolRun version = run(root.filePath(QStringLiteral("usr/bin/queue-server")), {QStringLiteral("--version")});
    EXPECT_EQ(version.out.trimmed(), QByteArray("queue-server " QUEUE_VERSION));
    const ToolRun config = run(root.filePath(QStringLiteral("usr/bin/queue-server")), {QStringLiteral("--print-default-config")});
    EXPECT_EQ(config.exitCode, 0);
    EXPECT_TRUE(config.out.contains("\"services\""));
}
