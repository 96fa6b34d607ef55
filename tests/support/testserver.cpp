#include "testserver.h"

#include "signalwaiter.h"

#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>

namespace queue::test {

namespace {
QString serverBin()
{
    const QByteArray bin = qgetenv("QUEUE_SERVER_BIN");
    return bin.isEmpty() ? QStringLiteral("queue-server") : QString::fromLocal8Bit(bin);
}
} // namespace

QString testPinHash()
{
    static QString cached;
    if (cached.isEmpty()) {
        QProcess p;
        p.start(serverBin(), {QStringLiteral("--hash-pin"), QStringLiteral("1234")});
        p.waitForFinished(30000);
        cached = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    return cached;
}

QJsonObject sampleOfficeConfig()
{
    QFile f(QStringLiteral(":/queue_test/default-office.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("the sample office is not embedded in queue_test_support");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (!doc.isObject())
        qFatal("the sample office is not a JSON object: %s", qPrintable(error.errorString()));
    return doc.object();
}

QJsonObject testOfficeConfig()
{
    QJsonObject config = sampleOfficeConfig();

    QJsonObject office = config.value(QStringLiteral("office")).toObject();
    office.insert(QStringLiteral("name"), QStringLiteral("Тестовый офис"));
    office.insert(QStringLiteral("phone"), QStringLiteral("8-800-000-00-00"));
    office.insert(QStringLiteral("website"), QStringLiteral("example.org"));
    config.insert(QStringLiteral("office"), office);

    config.remove(QStringLiteral("schedule"));   // always open

    QJsonArray devices;
    for (const QJsonValue &v : config.value(QStringLiteral("devices")).toArray()) {
        QJsonObject d = v.toObject();
        d.insert(QStringLiteral("token"), QString(d.value(QStringLiteral("role")).toString() + QStringLiteral("-token")));
        devices.append(d);
    }
    config.insert(QStringLiteral("devices"), devices);

    QJsonArray operators;
    for (int i = 1; i <= 4; ++i)
        operators.append(QJsonObject{{QStringLiteral("login"), QStringLiteral("op%1").arg(i)},
                                     {QStringLiteral("name"), QStringLiteral("Оператор %1").arg(i)},
                                     {QStringLiteral("pin_hash"), testPinHash()}});
    config.insert(QStringLiteral("operators"), operators);
    return config;
}

TestServer::TestServer(QJsonObject config)
{
    QFile f(configPath());
    if (f.open(QIODevice::WriteOnly))
        f.write(QJsonDocument(config).toJson());
}

TestServer::~TestServer() { stop(); }

QString TestServer::dbPath() const { return m_dbPath.isEmpty() ? m_dir.filePath(QStringLiteral("queue.db")) : m_dbPath; }
QString TestServer::configPath() const { return m_dir.filePath(QStringLiteral("office.json")); }

QUrl TestServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

bool TestServer::isRunning() const { return m_proc && m_proc->state() == QProcess::Running; }

bool TestServer::start(const QStringList &extraArgs)
{
    m_proc = std::make_unique<QProcess>();
    m_proc->setProcessChannelMode(QProcess::MergedChannels);
    m_port = 0;
    const qsizetype outputStart = m_output.size();   // only this run's lines count
    QStringList args{QStringLiteral("--config"), configPath(), QStringLiteral("--db"), dbPath(),
                     QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    args += extraArgs;
    if (m_launcher.isEmpty())
        m_proc->start(serverBin(), args);
    else
        m_proc->start(m_launcher.first(), m_launcher.mid(1) + QStringList{serverBin()} + args);
    if (!m_proc->waitForStarted(10000))
        return false;
    static const QRegularExpression re(QStringLiteral("listening on https?://127\\.0\\.0\\.1:(\\d+)"));
    const bool ok = waitUntil([&] {
        m_output += m_proc->readAll();
        const auto m = re.match(QString::fromUtf8(m_output.mid(outputStart)));
        if (m.hasMatch())
            m_port = static_cast<quint16>(m.captured(1).toUInt());
        return m_port != 0 || m_proc->state() != QProcess::Running;
    }, 20000);
    return ok && m_port != 0;
}

void TestServer::stop()
{
    if (!m_proc)
        return;
    if (m_proc->state() == QProcess::Running) {
        m_proc->terminate();
        if (!m_proc->waitForFinished(10000)) {
            m_proc->kill();
            m_proc->waitForFinished(5000);
        }
    }
    m_output += m_proc->readAll();
    m_proc.reset();
}

void TestServer::kill9()
{
    if (!m_proc)
        return;
    ::kill(static_cast<pid_t>(m_proc->processId()), SIGKILL);
    m_proc->waitForFinished(10000);
    m_output += m_proc->readAll();
    m_proc.reset();
}

HttpResult http(const QByteArray &method, const QUrl &url, const QByteArray &token, const QByteArray &body,
                const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    static QNetworkAccessManager *nam = new QNetworkAccessManager;
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nam->sendCustomRequest(req, method, body);
    HttpResult result;
    const bool done = waitUntil([&] { return reply->isFinished(); }, timeoutMs);
    if (done) {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
    } else {
        reply->abort();
    }
    reply->deleteLater();
    return result;
}

HttpResult http(const QByteArray &method, const QUrl &url, const QByteArray &token, const QJsonObject &body)
{
    return http(method, url, token, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QByteArray login(const TestServer &server, int window, const QString &loginName)
{
    const QString who = loginName.isEmpty() ? QStringLiteral("op%1").arg(window) : loginName;
    const HttpResult r = http("POST", server.url(QStringLiteral("/api/v1/sessions")), {},
                              QJsonObject{{QStringLiteral("login"), who}, {QStringLiteral("pin"), QStringLiteral("1234")},
                                          {QStringLiteral("window"), window}});
    return r.json().value(QStringLiteral("token")).toString().toUtf8();
}

} // namespace queue::test
