#include "enrolment.h"

#include "startup.h"

#include "common/client/apiclient.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

namespace queue::app {

namespace {

void print(FILE *to, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), to);
    std::fputc('\n', to);
}


} // namespace

QCommandLineOption Enrolment::enrolOption()
{
    return QCommandLineOption(QStringLiteral("enrol"),
                              QStringLiteral("Pair this device with the server at URL using the one-time CODE "
                                             "(queue-server --enrol) given after it, store the token and exit."),
                              QStringLiteral("URL"));
}

QCommandLineOption Enrolment::stateDirOption()
{
    return QCommandLineOption(
        QStringLiteral("state-dir"),
        QStringLiteral("Where the enrolment is kept (default: $STATE_DIRECTORY or the user's data "
                       "directory)."),
        QStringLiteral("DIR"));
}

QCommandLineOption Enrolment::checkOption()
{
    return QCommandLineOption(QStringLiteral("check-server"),
                              QStringLiteral("Make one authenticated call to the server with this device's token, "
                                             "report whether it was accepted and exit."));
}

QString Enrolment::stateDirectory(const QString &given)
{
    if (!given.isEmpty())
        return given;
    const QString systemd = qEnvironmentVariable("STATE_DIRECTORY"); // may list several, ':'-separated
    if (!systemd.isEmpty())
        return systemd.section(QLatin1Char(':'), 0, 0);
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

std::optional<Enrolment::Stored> Enrolment::load(const QString &dir, QString *error)
{
    error->clear();
    QFile f(fileIn(dir));
    if (!f.exists())
        return std::nullopt;
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(f.fileName(), f.errorString());
        return std::nullopt;
    }
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    Stored s{QUrl(o.value(QStringLiteral("server")).toString()), o.value(QStringLiteral("name")).toString(),
             o.value(QStringLiteral("role")).toString(), o.value(QStringLiteral("token")).toString(),
             o.value(QStringLiteral("fingerprint")).toString()};
    if (!s.server.isValid() || s.server.scheme().isEmpty() || s.token.isEmpty()) {
        *error = tr("%1 is not a valid enrolment; enrol the device again").arg(f.fileName());
        return std::nullopt;
    }
    return s;
}

bool Enrolment::save(const QString &dir, const Stored &s, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = tr("cannot create the directory %1").arg(dir);
        return false;
    }
    QSaveFile f(fileIn(dir));
    if (!f.open(QIODevice::WriteOnly)) {
        *error = tr("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    // Only the owner may read the token; set before a byte is written.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject o{{QStringLiteral("server"), s.server.toString()},
                        {QStringLiteral("name"), s.name},
                        {QStringLiteral("role"), s.role},
                        {QStringLiteral("token"), s.token},
                        {QStringLiteral("fingerprint"), s.fingerprint}};
    f.write(QJsonDocument(o).toJson());
    if (!f.commit()) {
        *error = tr("cannot write %1: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    return true;
}

std::optional<Enrolment::Stored> Enrolment::request(const QUrl &server, const QString &code, int timeoutMs,
                                                    QString *error)
{
    const bool https = server.scheme() == QLatin1String("https");
    if (!server.isValid() || (!https && server.scheme() != QLatin1String("http")) || server.host().isEmpty()) {
        *error = tr("'%1' is not an http:// or https:// server address").arg(server.toString());
        return std::nullopt;
    }
    QNetworkAccessManager nam;
    QNetworkRequest req(client::ApiClient::urlFor(server, QStringLiteral("/api/v1/devices/enrol")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    req.setTransferTimeout(timeoutMs);
    QNetworkReply *reply =
        nam.post(req, QJsonDocument(QJsonObject{{QStringLiteral("code"), code}}).toJson(QJsonDocument::Compact));
    QByteArray presented; // the SHA-256 of the certificate the server presented
    // The office's certificate is not signed by anyone the device trusts yet: accept it for this
    // one request, and trust it only if the server names the same fingerprint in its answer.
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply, &presented](const QList<QSslError> &errors) {
        presented = client::ServerTrust::sha256(reply->sslConfiguration().peerCertificate());
        reply->ignoreSslErrors(errors);
    });
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [reply, &presented] {
        presented = client::ServerTrust::sha256(reply->sslConfiguration().peerCertificate());
    });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isFinished() ? reply->readAll() : QByteArray();
    const QString netError = reply->errorString();
    reply->abort();
    reply->deleteLater();
    if (status == 0) {
        *error = tr("no answer from %1: %2").arg(server.toString(), netError);
        return std::nullopt;
    }
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (status != 200) {
        const QJsonObject e = o.value(QStringLiteral("error")).toObject();
        *error = tr("the server refused the code (%1 %2): %3")
                     .arg(status)
                     .arg(e.value(QStringLiteral("code")).toString(), e.value(QStringLiteral("message")).toString());
        return std::nullopt;
    }
    Stored s{server, o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("role")).toString(),
             o.value(QStringLiteral("token")).toString(), QString()};
    if (s.name.isEmpty() || s.token.isEmpty()) {
        *error = tr("the server's answer has no device name or token");
        return std::nullopt;
    }
    if (https) {
        const QString namedText = o.value(QStringLiteral("server_fingerprint")).toString();
        const std::optional<QByteArray> named = client::ServerTrust::parseFingerprint(namedText);
        if (presented.isEmpty() || !named || *named != presented) {
            *error = tr("the server's certificate (SHA-256 %1) is not the one the server names (%2): "
                        "someone may be in between; nothing was stored")
                         .arg(QString::fromLatin1(presented.toHex()), namedText.isEmpty() ? tr("none") : namedText);
            return std::nullopt;
        }
        s.fingerprint = QString::fromLatin1(presented.toHex());
    }
    return s;
}

int Enrolment::runCommand(const QString &program, const QCommandLineParser &parser, const QCommandLineOption &enrolOpt,
                          const QCommandLineOption &stateDirOpt)
{
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        print(stderr, tr("%1: --enrol needs the server's URL and the one-time code: --enrol URL CODE").arg(program));
        return 2;
    }
    const QUrl server(parser.value(enrolOpt));
    if (server.scheme() == QLatin1String("http"))
        print(stderr, tr("%1: warning: plain http, the device's token travels in clear over the network").arg(program));
    QString error;
    const auto stored = request(server, args.first(), 15000, &error);
    if (!stored) {
        print(stderr, tr("%1: enrolment failed: %2").arg(program, error));
        return 1;
    }
    const QString dir = stateDirectory(parser.value(stateDirOpt));
    if (!save(dir, *stored, &error)) {
        print(stderr, tr("%1: enrolment failed: %2").arg(program, error));
        return 1;
    }
    print(stdout,
          tr("%1: enrolled as %2 (role %3) with %4; stored in %5")
              .arg(program, stored->name, stored->role, stored->server.toString(), fileIn(dir)));
    if (!stored->fingerprint.isEmpty())
        print(stdout, tr("%1: the server's certificate SHA-256: %2").arg(program, stored->fingerprint));
    return 0;
}

std::optional<Enrolment::Connection> Enrolment::connection(const QCommandLineParser &parser,
                                                           const QCommandLineOption &serverOpt,
                                                           const QCommandLineOption *tokenFileOpt,
                                                           const QCommandLineOption &stateDirOpt, QString *error)
{
    if (!parser.positionalArguments().isEmpty()) { // only --enrol takes one (the code)
        *error = tr("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return std::nullopt;
    }
    // An empty --server= or --token-file= (the systemd units' default) is not given.
    const bool ownServer = parser.isSet(serverOpt) && !parser.value(serverOpt).isEmpty();
    const bool ownToken = tokenFileOpt && parser.isSet(*tokenFileOpt) && !parser.value(*tokenFileOpt).isEmpty();
    Connection c;
    c.server = QUrl(ownServer ? parser.value(serverOpt) : serverOpt.defaultValues().value(0));
    if (ownToken) {
        const std::optional<QString> token = readTokenFile(parser.value(*tokenFileOpt));
        if (!token) {
            *error = tr("cannot read %1").arg(parser.value(*tokenFileOpt));
            return std::nullopt;
        }
        c.token = *token;
    }
    if (ownToken && ownServer)
        return c;
    const auto stored = load(stateDirectory(parser.value(stateDirOpt)), error);
    if (!stored)
        return error->isEmpty() ? std::optional<Connection>(c) : std::nullopt;
    if (!ownServer) {
        c.server = stored->server;
        c.fingerprint = stored->fingerprint;
    }
    if (!ownToken)
        c.token = stored->token;
    c.enrolled = true;
    return c;
}

int Enrolment::checkServer(const QString &program, const Connection &c, const client::ServerTrust &trust)
{
    client::ApiClient api(c.server);
    api.setTrust(trust);
    api.setTimeout(10000);
    if (!c.token.isEmpty())
        api.setToken(c.token);
    std::optional<client::Result<client::ServiceCatalog>> answer;
    QEventLoop loop;
    api.services([&](const client::Result<client::ServiceCatalog> &r) {
        answer = r;
        loop.quit();
    });
    if (!answer)
        loop.exec();
    if (answer->ok()) {
        print(stdout, tr("%1: %2 accepted this device's token").arg(program, c.server.toString()));
        return 0;
    }
    const client::ApiError &e = answer->error();
    print(stderr,
          e.status ? tr("%1: %2 refused this device's token (HTTP %3)").arg(program, c.server.toString()).arg(e.status)
                   : tr("%1: no answer from %2: %3").arg(program, c.server.toString(), e.message));
    return 1;
}

ServerOptions::ServerOptions()
    : enrol(Enrolment::enrolOption()),
      stateDir(Enrolment::stateDirOption()),
      check(Enrolment::checkOption()),
      caFile(caFileOption()),
      fingerprint(serverFingerprintOption())
{
}

void ServerOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({enrol, stateDir, check, caFile, fingerprint});
    parser.addPositionalArgument(QStringLiteral("CODE"), QStringLiteral("With --enrol: the one-time code."),
                                 QStringLiteral("[CODE]"));
}

QString ServerOptions::stateDirectory(const QCommandLineParser &parser) const
{
    return Enrolment::stateDirectory(parser.value(stateDir));
}

int ServerOptions::checkServer(const QString &program, const QCommandLineParser &parser,
                               const Enrolment::Connection &connection, const QString &configFile) const
{
    QString error;
    const std::optional<client::ServerTrust> t = trust(parser, configFile, &error);
    if (!t) {
        print(stderr, QStringLiteral("%1: %2").arg(program, error));
        return 2;
    }
    return Enrolment::checkServer(program, connection, *t);
}

std::optional<client::ServerTrust> ServerOptions::trust(const QCommandLineParser &parser, const QString &configFile,
                                                        QString *error) const
{
    return serverTrust(parser, caFile, fingerprint, configFile, stateDirectory(parser), error);
}

} // namespace queue::app
