#pragma once

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

#include "common/client/servertrust.h"

class QCommandLineParser;

namespace queue::app {

// Pairing a kiosk, board or desk with the server by a one-time code (queue-server --enrol):
//   queue-kiosk --enrol URL CODE   POSTs the code to URL/api/v1/devices/enrol and stores the
//                                  answer in <state dir>/enrolment.json (0600, written whole);
// afterwards the program takes its token and server from there when no --token-file or
// --server is given. For https the certificate the server presented must have the SHA-256
// the server names ("server_fingerprint"); it is stored for the TLS check of later runs.
class Enrolment {
    Q_DECLARE_TR_FUNCTIONS(Enrolment)
public:
    struct Stored {
        QUrl server;
        QString name;
        QString role;
        QString token;
        QString fingerprint; // SHA-256 of the server's certificate, lower-case hex; "" for http
    };

    static QCommandLineOption enrolOption(); // --enrol URL (the code follows as an argument)
    static QCommandLineOption stateDirOption(); // --state-dir DIR
    static QCommandLineOption checkOption(); // --check-server

    // --state-dir, else $STATE_DIRECTORY (systemd), else the user's AppLocalDataLocation.
    static QString stateDirectory(const QString &given);
    static QString fileIn(const QString &dir) { return dir + QStringLiteral("/enrolment.json"); }

    // The stored enrolment; nullopt with an empty `error` when there is none.
    static std::optional<Stored> load(const QString &dir, QString *error);
    static bool save(const QString &dir, const Stored &stored, QString *error);

    // POST the code; the answer checked (fingerprint for https). Waits at most `timeoutMs`.
    static std::optional<Stored> request(const QUrl &server, const QString &code, int timeoutMs, QString *error);

    // `program --enrol URL CODE`: enrols, stores, prints what was stored (never the token);
    // the exit code: 0 stored, 1 refused or failed, 2 bad arguments.
    static int runCommand(const QString &program, const QCommandLineParser &parser, const QCommandLineOption &enrolOpt,
                          const QCommandLineOption &stateDirOpt);

    // The server and token a program uses: --server and --token-file when given, else the
    // stored enrolment's, else `defaultServer` and no token.
    struct Connection {
        QUrl server;
        QString token;
        QString fingerprint;
        bool enrolled = false; // taken from enrolment.json
    };
    static std::optional<Connection> connection(const QCommandLineParser &parser, const QCommandLineOption &serverOpt,
                                                const QCommandLineOption *tokenFileOpt,
                                                const QCommandLineOption &stateDirOpt, QString *error);

    // `--check-server`: one authenticated call (GET /api/v1/services) with `connection`,
    // through ApiClient with the program's `trust` (pin or CA, as its normal runs);
    // prints the result. 0 accepted, 1 not.
    static int checkServer(const QString &program, const Connection &connection, const client::ServerTrust &trust);
};

// The options every client program (kiosk, board, desk) shares for reaching its server:
// pairing (--enrol URL CODE, --state-dir, --check-server) and trust (--ca-file,
// --server-fingerprint; docs/configuration.md).
struct ServerOptions {
    ServerOptions();
    QCommandLineOption enrol;
    QCommandLineOption stateDir;
    QCommandLineOption check;
    QCommandLineOption caFile;
    QCommandLineOption fingerprint;

    // Adds the options and the CODE argument of --enrol.
    void addTo(QCommandLineParser &parser) const;
    QString stateDirectory(const QCommandLineParser &parser) const;
    // app::serverTrust() with these options, the program's JSON config and the state directory.
    std::optional<client::ServerTrust> trust(const QCommandLineParser &parser, const QString &configFile,
                                             QString *error) const;
    // --check-server with that trust; 2 when the trust settings are wrong.
    int checkServer(const QString &program, const QCommandLineParser &parser, const Enrolment::Connection &connection,
                    const QString &configFile) const;
};

} // namespace queue::app
