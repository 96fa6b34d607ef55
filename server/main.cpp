// queue-server: wires the configuration, the database, the queue engine and
// the API together. Everything concrete is created here and nowhere else.
#include "accounts.h"
#include "apiserver.h"
#include "callpolicy.h"
#include "enrolment.h"
#include "http/tlscredentials.h"
#include "liveconfig.h"
#include "modules.h"
#include "officeconfig.h"
#include "pinhash.h"
#include "queueengine.h"
#include "sessions.h"
#include "sdnotify.h"
#include "storage.h"
#include "store/devicestore.h"
#include "walcheckpointer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QTranslator>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>
#include <fcntl.h>
#include <sys/file.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcMain, "queue.server")

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

// SIGTERM / SIGINT end the event loop, so the open batch is committed and answered.
void installSignalHandlers(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] {
        char c;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &c, 1);
        qCInfo(lcMain) << "stopping on signal";
        app.quit();
    });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
}

QString defaultDbPath()
{
    if (const QByteArray dir = qgetenv("STATE_DIRECTORY"); !dir.isEmpty())   // systemd StateDirectory=
        return QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("queue.db"));
    const QFileInfo varLib(QStringLiteral("/var/lib/queue"));
    if (varLib.isDir() && varLib.isWritable())
        return QStringLiteral("/var/lib/queue/queue.db");
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("queue.db"));
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    *port = static_cast<quint16>(p);
    if (host.isEmpty() || host == QLatin1String("*"))
        *address = QHostAddress::Any;
    else if (host == QLatin1String("localhost"))
        *address = QHostAddress::LocalHost;
    else if (!address->setAddress(host))
        return false;
    return true;
}

// Opens the database for a command that changes it and exits (every commit fsync'ed); false
// after saying why on standard error.
bool openForCommand(queue::server::Storage &storage, const QString &dbPath)
{
    QString error;
    if (storage.open(dbPath, queue::server::Storage::Sync::Full, &error))
        return true;
    std::fprintf(stderr, "queue-server: %s\n", qPrintable(error));
    return false;
}

// --add-admin LOGIN: the password from standard input (one line, not echoed anywhere),
// the database only, then exit. Creates the administrator or resets its password.
// With `ifMissing`, an existing LOGIN is left as it is (the package's upgrades).
int addAdmin(const QString &login, const QString &dbPath, bool ifMissing)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        std::fprintf(stderr, "queue-server: --add-admin: cannot read the password from standard input\n");
        return 2;
    }
    QString password = QString::fromUtf8(in.readLine(4096));
    while (password.endsWith(QLatin1Char('\n')) || password.endsWith(QLatin1Char('\r')))
        password.chop(1);
    if (const auto problem = queue::server::Accounts::passwordProblem(password)) {
        std::fprintf(stderr, "queue-server: --add-admin: %s (give it on standard input, e.g. from a file)\n",
                     qPrintable(*problem));
        return 2;
    }
    queue::server::Storage storage;
    if (!openForCommand(storage, dbPath))
        return 3;
    const queue::SystemClock clock;
    queue::server::LoginRateLimiter limiter(clock);
    queue::server::Accounts accounts(storage, clock, limiter, [] { return qint64(30) * 60 * 1000; });
    const bool existed = accounts.store().account(login).has_value();
    if (existed && ifMissing) {
        std::printf("administrator '%s' exists already; unchanged\n", qPrintable(login));
        return 0;
    }
    const auto done = accounts.putAdministrator(login, password, QStringLiteral("cli"));
    if (!done) {
        std::fprintf(stderr, "queue-server: --add-admin: %s\n", qPrintable(done.error().message));
        return done.error().code == queue::api::ErrorCode::BadRequest ? 2 : 3;
    }
    std::printf("administrator '%s' %s; sign in at /manager\n", qPrintable(login),
                existed ? "has a new password (its sessions ended)" : "created");
    return 0;
}

// The database's lock file (<db>.lock): held by a running server and by --import-config,
// so the live configuration is never replaced under a server that runs on it. -1 if taken.
int lockDatabase(const QString &dbPath, QString *error)
{
    const QString path = dbPath + QStringLiteral(".lock");
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot open the lock file %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return -1;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        *error = QStringLiteral("the database %1 is in use by a running queue-server (%2 is locked)").arg(dbPath, path);
        return -1;
    }
    return fd;
}

// --export-config / --import-config: the live configuration in the database (docs/configuration.md).
int exportOrImport(const QString &exportPath, const QString &importPath, const QString &dbPath)
{
    using queue::server::LiveConfig;
    if (!exportPath.isEmpty() && !importPath.isEmpty()) {
        std::fprintf(stderr, "queue-server: --export-config and --import-config cannot be combined\n");
        return 2;
    }
    if (!QFileInfo::exists(dbPath)) {
        std::fprintf(stderr, "queue-server: no database at %s (--db)\n", qPrintable(dbPath));
        return 2;
    }
    QString error;
    int lock = -1;
    std::optional<queue::server::OfficeConfig> imported;
    if (!importPath.isEmpty()) {
        imported = queue::server::loadOfficeConfig(importPath, &error);
        if (!imported) {
            std::fprintf(stderr, "queue-server: --import-config: bad configuration, nothing changed: %s\n", qPrintable(error));
            return 2;
        }
        lock = lockDatabase(dbPath, &error);
        if (lock < 0) {
            std::fprintf(stderr, "queue-server: --import-config refused, nothing changed: %s; stop the server first, "
                                 "or change the office live under /api/v1/admin\n",
                         qPrintable(error));
            return 5;
        }
    }
    queue::server::Storage storage;
    if (!openForCommand(storage, dbPath))
        return 3;
    const queue::SystemClock clock;
    if (imported) {
        const qint64 version = LiveConfig::import(storage, *imported, clock.nowMs(), QFileInfo(importPath).fileName(), &error);
        ::close(lock);
        if (!version) {
            std::fprintf(stderr, "queue-server: --import-config: %s\n", qPrintable(error));
            return 3;
        }
        std::printf("imported %s into %s: the live configuration is now version %lld\n", qPrintable(importPath),
                    qPrintable(dbPath), static_cast<long long>(version));
        return 0;
    }
    queue::server::ConfigStore store(storage);
    queue::server::ConfigStore::Stored stored;
    const auto read = store.load(&stored);
    if (read != queue::server::ConfigStore::Read::Found) {
        std::fprintf(stderr, "queue-server: --export-config: %s\n",
                     read == queue::server::ConfigStore::Read::Empty
                         ? "the database has no live configuration yet (the server seeds it from --config at its first start)"
                         : "cannot read the live configuration");
        return read == queue::server::ConfigStore::Read::Empty ? 2 : 3;
    }
    QFile out(exportPath);
    const QByteArray json = QJsonDocument::fromJson(stored.document).toJson(QJsonDocument::Indented);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(json) != json.size() || !out.flush()) {
        std::fprintf(stderr, "queue-server: --export-config: cannot write %s: %s\n", qPrintable(exportPath),
                     qPrintable(out.errorString()));
        return 3;
    }
    std::printf("live configuration version %lld of %s written to %s\n", static_cast<long long>(stored.version),
                qPrintable(dbPath), qPrintable(exportPath));
    return 0;
}

// --enrol / --revoke: the database only, then exit (the server may be running).
int enrolOrRevoke(const QCommandLineParser &parser, const QCommandLineOption &enrolOpt, const QCommandLineOption &roleOpt,
                  const QCommandLineOption &hoursOpt, const QCommandLineOption &revokeOpt,
                  const queue::server::OfficeConfig &config, const QString &dbPath)
{
    using queue::server::Enrolment;
    if (parser.isSet(enrolOpt) && parser.isSet(revokeOpt)) {
        std::fprintf(stderr, "queue-server: --enrol and --revoke cannot be combined\n");
        return 2;
    }
    const QString name = parser.value(parser.isSet(enrolOpt) ? enrolOpt : revokeOpt);
    qint64 validMs = 0;
    if (parser.isSet(enrolOpt)) {
        std::optional<double> hours;
        if (parser.isSet(hoursOpt)) {
            bool ok = false;
            hours = parser.value(hoursOpt).toDouble(&ok);
            if (!ok)
                hours = -1.0;   // refused below as out of range
        }
        if (const auto problem = Enrolment::checkCodeRequest(name, parser.value(roleOpt), hours, config.devices, &validMs)) {
            std::fprintf(stderr, "queue-server: --enrol: %s\n", qPrintable(problem->message));
            return 2;
        }
    } else if (parser.isSet(roleOpt) || parser.isSet(hoursOpt)) {
        std::fprintf(stderr, "queue-server: --role and --valid-hours go with --enrol\n");
        return 2;
    }

    queue::server::Storage storage;
    if (!openForCommand(storage, dbPath))
        return 3;
    queue::server::DeviceStore devices(storage);
    const queue::SystemClock clock;
    if (parser.isSet(revokeOpt)) {
        const int removed = devices.removeDevice(name);
        if (removed < 0) {
            std::fprintf(stderr, "queue-server: --revoke: the database could not be changed\n");
            return 3;
        }
        if (removed == 0) {
            std::fprintf(stderr, "queue-server: --revoke: no enrolled device '%s'\n", qPrintable(name));
            return 2;
        }
        std::printf("device '%s' revoked: its token no longer works (a running server closes nothing it has open "
                    "until the device's next request; DELETE /api/v1/devices/%s also closes its event stream)\n",
                    qPrintable(name), qPrintable(name));
        return 0;
    }
    queue::server::Enrolment enrolment(devices, clock);
    const auto code = enrolment.createCode(name, parser.value(roleOpt), validMs);
    if (!code) {
        std::fprintf(stderr, "queue-server: --enrol: %s\n", qPrintable(code.error().message));
        return code.error().code == queue::api::ErrorCode::Internal ? 3 : 2;
    }
    const QDateTime until = QDateTime::fromMSecsSinceEpoch(clock.nowMs() + validMs);
    std::printf("enrolment code for %s '%s': %s\n", qPrintable(parser.value(roleOpt)), qPrintable(name),
                qPrintable(code.value()));
    std::printf("valid once, until %s; on the device: queue-<app> --enrol URL %s\n",
                qPrintable(until.toString(Qt::ISODate)), qPrintable(code.value()));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("queue-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("queue"));
    // The visitors' pages speak the office's language (server/translations).
    QTranslator pages;
    if (pages.load(QStringLiteral(":/i18n/server_ru.qm")))
        QCoreApplication::installTranslator(&pages);
    QCoreApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The office queue server: tickets, windows and the event stream over HTTP/JSON and WebSocket."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Office configuration (JSON). Default: the built-in office."), QStringLiteral("file"));
    const QCommandLineOption dbOpt(QStringLiteral("db"), QStringLiteral("SQLite database path. Default: $STATE_DIRECTORY, /var/lib/queue or the user's data directory."), QStringLiteral("path"));
    const QCommandLineOption listenOpt(QStringLiteral("listen"), QStringLiteral("Address and port to listen on (default 0.0.0.0:8470; port 0 = any free port)."), QStringLiteral("addr:port"));
    const QCommandLineOption demoOpt(QStringLiteral("demo"), QStringLiteral("Demo office: the built-in office, open at all times."));
    const QCommandLineOption hashOpt(QStringLiteral("hash-pin"), QStringLiteral("Print a pin_hash for the config and exit."), QStringLiteral("pin"));
    const QCommandLineOption syncOpt(QStringLiteral("sync"), QStringLiteral("SQLite synchronous mode: full (default) or normal."), QStringLiteral("mode"), QStringLiteral("full"));
    const QCommandLineOption printConfigOpt(QStringLiteral("print-default-config"), QStringLiteral("Print the built-in office configuration and exit."));
    const QCommandLineOption checkOpt(QStringLiteral("check-config"), QStringLiteral("Validate the configuration and exit."));
    const QCommandLineOption backupOpt(QStringLiteral("backup"),
                                       QStringLiteral("Copy the database (--db) to TARGET (a file, or a directory for a dated file) "
                                                      "and exit. Safe while the server runs."),
                                       QStringLiteral("target"));
    const QCommandLineOption restoreOpt(QStringLiteral("restore"),
                                        QStringLiteral("Replace the database (--db) with the backup FILE and exit. The server must be "
                                                       "stopped; the old database is kept as <db>.before-restore-<time>."),
                                        QStringLiteral("file"));
    const QCommandLineOption logOpt(QStringLiteral("log"),
                                    QStringLiteral("Logging rules, as in QT_LOGGING_RULES, e.g. \"queue.api.debug=true\" "
                                                   "(categories: docs/configuration.md, Logging)."),
                                    QStringLiteral("rules"));
    const QCommandLineOption enrolOpt(QStringLiteral("enrol"),
                                      QStringLiteral("Print a one-time code that pairs the device NAME (with --role) and exit: "
                                                     "the device runs its program with --enrol URL CODE."),
                                      QStringLiteral("name"));
    const QCommandLineOption addAdminOpt(QStringLiteral("add-admin"),
                                         QStringLiteral("Create the administrator LOGIN, or give it a new password, read "
                                                        "from standard input (at least 10 characters), and exit."),
                                         QStringLiteral("login"));
    const QCommandLineOption ifMissingOpt(QStringLiteral("if-missing"),
                                          QStringLiteral("With --add-admin: leave an existing account as it is."));
    const QCommandLineOption roleOpt(QStringLiteral("role"), QStringLiteral("With --enrol: kiosk, display or booking."),
                                     QStringLiteral("role"));
    const QCommandLineOption hoursOpt(QStringLiteral("valid-hours"),
                                      QStringLiteral("With --enrol: how long the code is valid (default 24)."),
                                      QStringLiteral("hours"));
    const QCommandLineOption revokeOpt(QStringLiteral("revoke"),
                                       QStringLiteral("Revoke the enrolled device NAME (its token stops working) and exit."),
                                       QStringLiteral("name"));
    const QCommandLineOption tlsCertOpt(QStringLiteral("tls-cert"),
                                        QStringLiteral("Serve HTTPS/WSS with this PEM certificate (overrides the config's \"tls\"; "
                                                       "needs --tls-key)."),
                                        QStringLiteral("file"));
    const QCommandLineOption tlsKeyOpt(QStringLiteral("tls-key"), QStringLiteral("The PEM private key of --tls-cert."),
                                       QStringLiteral("file"));
    const QCommandLineOption tlsFingerprintOpt(QStringLiteral("tls-fingerprint"),
                                               QStringLiteral("Print the SHA-256 fingerprint of the TLS certificate (from "
                                                              "--config or --tls-cert) and exit."));
    const QCommandLineOption exportOpt(QStringLiteral("export-config"),
                                       QStringLiteral("Write the live configuration in the database (--db) to FILE in the "
                                                      "configuration file's schema (secrets as hashes) and exit."),
                                       QStringLiteral("file"));
    const QCommandLineOption importOpt(QStringLiteral("import-config"),
                                       QStringLiteral("Replace the live configuration in the database (--db) with FILE "
                                                      "(validated, audited) and exit. Refused while a server runs on it."),
                                       QStringLiteral("file"));
    parser.addOptions({exportOpt, importOpt});
    parser.addOptions({configOpt, dbOpt, listenOpt, demoOpt, hashOpt, syncOpt, printConfigOpt, checkOpt, backupOpt, restoreOpt,
                       logOpt, enrolOpt, roleOpt, hoursOpt, revokeOpt, tlsCertOpt, tlsKeyOpt, tlsFingerprintOpt,
                       addAdminOpt, ifMissingOpt});
    parser.process(app);
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{if-category}%{category}: %{endif}%{message}"));
    if (parser.isSet(logOpt))
        QLoggingCategory::setFilterRules(parser.values(logOpt).join(QLatin1Char('\n')).replace(QLatin1Char(';'), QLatin1Char('\n')));

    if (parser.isSet(hashOpt)) {
        std::printf("%s\n", qPrintable(queue::server::pinhash::hash(parser.value(hashOpt))));
        return 0;
    }
    if (parser.isSet(printConfigOpt)) {
        std::fwrite(queue::server::OfficeConfig::builtInJson().constData(), 1,
                    static_cast<size_t>(queue::server::OfficeConfig::builtInJson().size()), stdout);
        return 0;
    }

    if (parser.isSet(backupOpt) || parser.isSet(restoreOpt)) {
        if (parser.isSet(backupOpt) && parser.isSet(restoreOpt)) {
            std::fprintf(stderr, "queue-server: --backup and --restore cannot be combined\n");
            return 2;
        }
        const QStringList dbs = parser.values(dbOpt);
        const QString dbPath = dbs.isEmpty() ? defaultDbPath() : dbs.last();
        const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QString error;
        if (parser.isSet(backupOpt)) {
            QString target = parser.value(backupOpt);
            if (QFileInfo(target).isDir())
                target = QDir(target).filePath(QStringLiteral("queue-%1.db").arg(stamp));
            if (!queue::server::Storage::backupFile(dbPath, target, &error)) {
                std::fprintf(stderr, "queue-server: backup failed: %s\n", qPrintable(error));
                return 5;
            }
            std::printf("backup of %s written to %s (%lld bytes)\n", qPrintable(dbPath), qPrintable(target),
                        static_cast<long long>(QFileInfo(target).size()));
            return 0;
        }
        const QString saved = dbPath + QStringLiteral(".before-restore-") + stamp;
        if (!queue::server::Storage::restoreFile(parser.value(restoreOpt), dbPath, saved, &error)) {
            std::fprintf(stderr, "queue-server: restore failed, nothing changed: %s\n", qPrintable(error));
            return 5;
        }
        std::printf("restored %s from %s%s\n", qPrintable(dbPath), qPrintable(parser.value(restoreOpt)),
                    QFileInfo::exists(saved) ? qPrintable(QStringLiteral("; the previous database is kept as ") + saved) : "");
        return 0;
    }

    if (parser.isSet(exportOpt) || parser.isSet(importOpt)) {
        const QStringList dbs = parser.values(dbOpt);
        return exportOrImport(parser.value(exportOpt), parser.value(importOpt), dbs.isEmpty() ? defaultDbPath() : dbs.last());
    }

    queue::server::OfficeConfig config;
    if (parser.isSet(configOpt)) {
        QString error;
        const auto loaded = queue::server::loadOfficeConfig(parser.value(configOpt), &error);
        if (!loaded) {
            std::fprintf(stderr, "queue-server: bad configuration: %s\n", qPrintable(error));
            return 2;
        }
        config = *loaded;
    } else {
        config = queue::server::OfficeConfig::builtIn();
    }
    if (parser.isSet(addAdminOpt)) {
        const QStringList dbs = parser.values(dbOpt);
        return addAdmin(parser.value(addAdminOpt), dbs.isEmpty() ? defaultDbPath() : dbs.last(), parser.isSet(ifMissingOpt));
    }
    if (parser.isSet(enrolOpt) || parser.isSet(revokeOpt)) {
        const QStringList dbs = parser.values(dbOpt);
        return enrolOrRevoke(parser, enrolOpt, roleOpt, hoursOpt, revokeOpt, config, dbs.isEmpty() ? defaultDbPath() : dbs.last());
    }
    if (parser.isSet(tlsCertOpt) != parser.isSet(tlsKeyOpt)) {
        std::fprintf(stderr, "queue-server: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (parser.isSet(tlsCertOpt)) {
        config.tls.cert = QFileInfo(parser.value(tlsCertOpt)).absoluteFilePath();
        config.tls.key = QFileInfo(parser.value(tlsKeyOpt)).absoluteFilePath();
    }
    // A server that was asked for TLS and cannot have it does not start plain.
    std::optional<queue::http::TlsCredentials> tls;
    if (config.tls.enabled()) {
        QString tlsError;
        tls = queue::http::loadTlsCredentials(config.tls.cert, config.tls.key, &tlsError);
        if (!tls) {
            std::fprintf(stderr, "queue-server: bad TLS configuration, not starting: %s\n", qPrintable(tlsError));
            return 2;
        }
    }
    if (parser.isSet(tlsFingerprintOpt)) {
        if (!tls) {
            std::fprintf(stderr, "queue-server: no TLS certificate configured (\"tls\" in --config, or --tls-cert)\n");
            return 2;
        }
        std::printf("%s\n", qPrintable(tls->fingerprint()));
        return 0;
    }
    if (parser.isSet(checkOpt)) {
        std::printf("configuration OK: %s, %lld topics, %lld windows%s\n", qPrintable(config.name),
                    static_cast<long long>(config.services.size()), static_cast<long long>(config.windows.size()),
                    tls ? qPrintable(QStringLiteral("; TLS certificate SHA-256 ") + tls->fingerprint()) : "");
        return 0;
    }

    QHostAddress address(QHostAddress::Any);
    quint16 port = 8470;
    const QStringList listens = parser.values(listenOpt);
    if (!listens.isEmpty() && !parseListen(listens.last(), &address, &port)) {
        std::fprintf(stderr, "queue-server: --listen '%s' is not ADDRESS:PORT\n", qPrintable(listens.last()));
        return 2;
    }
    const QString syncText = parser.value(syncOpt);
    if (syncText != QLatin1String("full") && syncText != QLatin1String("normal")) {
        std::fprintf(stderr, "queue-server: --sync must be full or normal\n");
        return 2;
    }

    installSignalHandlers(app);

    const QStringList dbs = parser.values(dbOpt);
    const QString dbPath = dbs.isEmpty() ? defaultDbPath() : dbs.last();
    QString error;
    // Held while the server runs (released by the system when it ends, however it ends).
    if (lockDatabase(dbPath, &error) < 0) {
        std::fprintf(stderr, "queue-server: not starting: %s\n", qPrintable(error));
        return 3;
    }
    queue::server::Storage storage;
    if (!storage.open(dbPath, syncText == QLatin1String("full") ? queue::server::Storage::Sync::Full
                                                              : queue::server::Storage::Sync::Normal,
                      &error)) {
        std::fprintf(stderr, "queue-server: %s\n", qPrintable(error));
        return 3;
    }
    // The WAL is checkpointed on a thread of its own, not inside a request's COMMIT.
    queue::server::WalCheckpointer checkpointer(storage);
    if (!checkpointer.start(&error)) {
        std::fprintf(stderr, "queue-server: %s\n", qPrintable(error));
        return 3;
    }

    const queue::SystemClock clock;
    // The file seeds a new database; from then on the database holds the live configuration.
    {
        queue::server::OfficeConfig live;
        qint64 version = 0;
        bool seeded = false, differs = false;
        if (!queue::server::LiveConfig::loadAtStart(storage, config, clock.nowMs(), &live, &version, &seeded, &differs,
                                                    &error)) {
            std::fprintf(stderr, "queue-server: %s\n", qPrintable(error));
            return 3;
        }
        const QString source = parser.isSet(configOpt) ? parser.value(configOpt) : QStringLiteral("the built-in office");
        if (seeded)
            qCInfo(lcMain).noquote() << "the live configuration (version 1) was seeded from" << source;
        else if (differs)
            qCWarning(lcMain).noquote() << "the configuration file" << source
                                        << "differs from the live configuration in the database (version" << version
                                        << "): the database wins; to replace it, stop the server and run"
                                        << "queue-server --import-config FILE";
        config = live;
    }
    const auto policy = queue::server::makeCallPolicy(config.callPolicy);
    queue::server::QueueEngine engine(config, storage, clock, *policy);
    engine.setAlwaysOpen(parser.isSet(demoOpt));
    if (!engine.initialize(&error)) {
        std::fprintf(stderr, "queue-server: %s\n", qPrintable(error));
        return 3;
    }
    queue::server::ApiServer api(engine, storage);
    if (tls)   // what an enrolling device pins: the loaded certificate's SHA-256, lower-case hex
        api.setServerFingerprint(QString::fromLatin1(tls->chain.first().digest(QCryptographicHash::Sha256).toHex()));
    queue::server::installModules(api);
    if (const QStringList conflicts = api.router().errors(); !conflicts.isEmpty()) {
        std::fprintf(stderr, "queue-server: not starting, the API's routes conflict:\n  %s\n",
                     qPrintable(conflicts.join(QStringLiteral("\n  "))));
        return 4;
    }
    if (tls)
        api.setTls(tls->serverConfiguration(), config.allowPlainHttp);
    if (!api.listen(address, port, &error)) {
        std::fprintf(stderr, "queue-server: cannot listen on %s:%u: %s\n", qPrintable(address.toString()), port,
                     qPrintable(error));
        return 4;
    }

    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, &engine, &queue::server::QueueEngine::tick);
    QObject::connect(&ticker, &QTimer::timeout, &api, &queue::server::ApiServer::tickModules);
    ticker.start(1000);
    engine.tick();

    const QString shown = address == QHostAddress::Any ? QStringLiteral("0.0.0.0") : address.toString();
    std::printf("queue-server %s: office \"%s\", database %s\n", QUEUE_VERSION, qPrintable(config.name), qPrintable(dbPath));
    std::printf("listening on %s://%s:%u (API under /api/v1, events at %s://…/api/v1/events)\n", tls ? "https" : "http",
                qPrintable(address.protocol() == QAbstractSocket::IPv6Protocol && address != QHostAddress::Any
                               ? QLatin1Char('[') + shown + QLatin1Char(']')
                               : shown),
                api.port(), tls ? "wss" : "ws");
    if (tls) {
        std::printf("TLS certificate SHA-256 fingerprint %s; plain HTTP %s\n", qPrintable(tls->fingerprint()),
                    config.allowPlainHttp ? "allowed from any host (allow_plain_http)" : "only from this machine");
        qCInfo(lcMain).noquote() << "TLS certificate" << config.tls.cert << "SHA-256" << tls->fingerprint();
    }
    std::fflush(stdout);

    // systemd: ready once listening; keep-alives from the event loop, so a
    // server stuck in a loop or on a dead disk is restarted by the watchdog.
    QTimer watchdog;
    if (const qint64 interval = queue::server::sdnotify::watchdogIntervalMs()) {
        QObject::connect(&watchdog, &QTimer::timeout, &app, [] { queue::server::sdnotify::send("WATCHDOG=1"); });
        watchdog.start(static_cast<int>(qMax<qint64>(interval / 3, 100)));
    }
    queue::server::sdnotify::send("READY=1");
    const int rc = app.exec();
    queue::server::sdnotify::send("STOPPING=1");
    qCInfo(lcMain) << "stopped";
    return rc;
}
