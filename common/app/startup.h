#pragma once

#include "common/client/servertrust.h"

#include <QByteArrayList>
#include <QCommandLineOption>
#include <QString>
#include <QTranslator>

#include <optional>

class QCommandLineParser;

namespace queue::app {

// Start-up shared by queue-kiosk, queue-desk and queue-board (no widgets).

// Before the QApplication exists: runs that only print or write files (--help, --version and
// the program's `offscreenOptions`, matched as prefixes) need no display, so they go offscreen
// unless QT_QPA_PLATFORM says otherwise.
void offscreenForCommandLineRuns(int argc, char **argv, const QByteArrayList &offscreenOptions = {});

// The options every program has, worded once.
QCommandLineOption logOption();                          // --log RULES
QCommandLineOption languageOption();                     // --lang ru|en, default ru
QCommandLineOption tokenFileOption(const QString &role); // --token-file FILE

// How the program verifies an https server (docs/configuration.md, "Trusting the server").
QCommandLineOption caFileOption();             // --ca-file FILE
QCommandLineOption serverFingerprintOption();  // --server-fingerprint HEX

// The trust, from the first of: --server-fingerprint / --ca-file; "server_fingerprint" /
// "server_ca" of the JSON file `configFile` (may be empty; a relative server_ca is taken from
// the file's directory); the "fingerprint" of enrolment.json in `stateDir` (may be empty; Enrolment::stateDirectory()).
// None of them: the system's CAs. A pin and a CA file together, a malformed pin or an
// unreadable CA file: nullopt and a message (the caller says it and exits 2).
std::optional<client::ServerTrust> serverTrust(const QCommandLineParser &parser, const QCommandLineOption &caOpt,
                                               const QCommandLineOption &fingerprintOpt, const QString &configFile,
                                               const QString &stateDir, QString *error);

// What every screen says when the queue server could not be verified (translated).
QString untrustedServerText();

// After parser.process(): the "category: message" log format and the --log rules.
void applyLogOptions(const QCommandLineParser &parser, const QCommandLineOption &logOpt);

// --lang as given, if it is "ru" or "en"; else nullopt (the caller says so and exits 2).
std::optional<QString> language(const QCommandLineParser &parser, const QCommandLineOption &langOpt);

// The device token in `path` (trimmed); nullopt if the file cannot be read.
std::optional<QString> readTokenFile(const QString &path);

// The program's translations (:/i18n/<program>_<lang>.qm) and the shared ones of common/app
// (:/i18n/app_<lang>.qm), installed while this object lives; use() switches the language.
class Translations {
public:
    explicit Translations(QString program) : m_program(std::move(program)) {}
    ~Translations();
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

    void use(const QString &language);

private:
    void remove();

    QString m_program;
    QTranslator m_own;
    QTranslator m_shared;
    bool m_installed = false;
};

} // namespace queue::app
