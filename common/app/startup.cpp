#include "startup.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
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
