#include "startup.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QLoggingCategory>

#include <algorithm>

namespace queue::app {

void offscreenForCommandLineRuns(int argc, char **argv, const QByteArrayList &offscreenOptions)
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        return;
    static const QByteArrayList always{"--help", "-h", "--help-all", "--version", "-v"};
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        const bool printOnly = always.contains(a);
        const bool listed = std::any_of(offscreenOptions.cbegin(), offscreenOptions.cend(),
                                        [&](const QByteArray &o) { return a.startsWith(o); });
        if (printOnly || listed) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return;
        }
    }
}

QCommandLineOption logOption()
{
    return QCommandLineOption(QStringLiteral("log"),
                              QStringLiteral("Logging rules, as in QT_LOGGING_RULES, e.g. \"queue.*.debug=true\"."),
                              QStringLiteral("RULES"));
}

QCommandLineOption languageOption()
{
    return QCommandLineOption(QStringLiteral("lang"), QStringLiteral("Language: ru (default) or en."),
                              QStringLiteral("LANG"), QStringLiteral("ru"));
}

QCommandLineOption tokenFileOption(const QString &role)
{
    return QCommandLineOption(QStringLiteral("token-file"),
                              QStringLiteral("File with the device token (role %1).").arg(role), QStringLiteral("FILE"));
}

QCommandLineOption caFileOption()
{
    return QCommandLineOption(QStringLiteral("ca-file"),
                              QStringLiteral("Verify the https server with the CA certificates in FILE (PEM)."),
                              QStringLiteral("FILE"));
}

QCommandLineOption serverFingerprintOption()
{
    return QCommandLineOption(QStringLiteral("server-fingerprint"),
                              QStringLiteral("Accept only the https server whose certificate has this SHA-256 "
                                             "fingerprint (hex, colons optional)."),
                              QStringLiteral("HEX"));
}

namespace {

std::optional<client::ServerTrust> trustFrom(const QString &fingerprint, const QString &caFile, const QString &source,
                                             QString *error)
{
    if (!fingerprint.isEmpty() && !caFile.isEmpty()) {
        *error = QStringLiteral("%1: give a server fingerprint or a CA file, not both").arg(source);
        return std::nullopt;
    }
    if (!fingerprint.isEmpty()) {
        const std::optional<QByteArray> pin = client::ServerTrust::parseFingerprint(fingerprint);
        if (!pin) {
            *error = QStringLiteral("%1: the server fingerprint '%2' is not a SHA-256 (64 hex digits, colons optional)")
                         .arg(source, fingerprint);
            return std::nullopt;
        }
        return client::ServerTrust::pinned(*pin);
    }
    if (!caFile.isEmpty()) {
        QString caError;
        auto trust = client::ServerTrust::fromCaFile(caFile, &caError);
        if (!trust)
            *error = QStringLiteral("%1: %2").arg(source, caError);
        return trust;
    }
    return client::ServerTrust();
}

QJsonObject readJsonObject(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

std::optional<client::ServerTrust> serverTrust(const QCommandLineParser &parser, const QCommandLineOption &caOpt,
                                               const QCommandLineOption &fingerprintOpt, const QString &configFile,
                                               const QString &stateDir, QString *error)
{
    if (parser.isSet(caOpt) || parser.isSet(fingerprintOpt))
        return trustFrom(parser.value(fingerprintOpt), parser.value(caOpt), QStringLiteral("command line"), error);
    if (!configFile.isEmpty()) {
        const QJsonObject config = readJsonObject(configFile);
        const QString fingerprint = config.value(QLatin1String("server_fingerprint")).toString();
        QString ca = config.value(QLatin1String("server_ca")).toString();
        if (!ca.isEmpty())
            ca = QFileInfo(configFile).absoluteDir().absoluteFilePath(ca);
        if (!fingerprint.isEmpty() || !ca.isEmpty())
            return trustFrom(fingerprint, ca, configFile, error);
    }
    if (!stateDir.isEmpty()) {
        const QString enrolment = QDir(stateDir).filePath(QStringLiteral("enrolment.json"));
        if (QFileInfo::exists(enrolment)) {
            const QString fingerprint = readJsonObject(enrolment).value(QLatin1String("fingerprint")).toString();
            if (!fingerprint.isEmpty())
                return trustFrom(fingerprint, QString(), enrolment, error);
        }
    }
    return client::ServerTrust();
}

QString untrustedServerText()
{
    return QCoreApplication::translate(
        "queue::app", "The queue server could not be verified: its certificate is not the expected one. "
                      "The connection was refused. Please tell the administrator.");
}

void applyLogOptions(const QCommandLineParser &parser, const QCommandLineOption &logOpt)
{
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{if-category}%{category}: %{endif}%{message}"));
    if (parser.isSet(logOpt))
        QLoggingCategory::setFilterRules(
            parser.values(logOpt).join(QLatin1Char('\n')).replace(QLatin1Char(';'), QLatin1Char('\n')));
}

std::optional<QString> language(const QCommandLineParser &parser, const QCommandLineOption &langOpt)
{
    const QString lang = parser.value(langOpt);
    if (lang != QLatin1String("ru") && lang != QLatin1String("en"))
        return std::nullopt;
    return lang;
}

std::optional<QString> readTokenFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return QString::fromUtf8(f.readAll()).trimmed();
}

Translations::~Translations() { remove(); }

void Translations::remove()
{
    if (!m_installed)
        return;
    QCoreApplication::removeTranslator(&m_own);
    QCoreApplication::removeTranslator(&m_shared);
    m_installed = false;
}

void Translations::use(const QString &language)
{
    remove();
    if (m_own.load(QStringLiteral(":/i18n/%1_%2.qm").arg(m_program, language)))
        QCoreApplication::installTranslator(&m_own);
    if (m_shared.load(QStringLiteral(":/i18n/app_%1.qm").arg(language)))
        QCoreApplication::installTranslator(&m_shared);
    m_installed = true;
}

} // namespace queue::app
