#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace queue::test {

// The pin hash of PIN "1234" for every operator of testOfficeConfig(),
// computed once per test binary with `queue-server --hash-pin`.
QString testPinHash();

// The server's sample office (server/resources/default-office.json, embedded in the test
// support library): services reception (Д, no wait norm, 5 min), contracts (К, 10/15),
// payments (П, 5/5), b2b_contracts (Ю, b2b, 10/15); windows 1: reception+payments,
// 2: contracts+payments, 3: all b2c, 4: b2b_contracts; devices kiosk-1, board-hall, manager.
QJsonObject sampleOfficeConfig();

// The sample office with the test overrides (testOfficeOverrides()) applied.
QJsonObject testOfficeConfig();

// What the tests change in the sample office, and only that:
//  - office name/phone/website: "Тестовый офис", 8-800-000-00-00, example.org (asserted on);
//  - no "schedule": always open, whatever the time the suite runs;
//  - device tokens <role>-token (kiosk-token, display-token, manager-token), names kept;
//  - operators op1..op4, "Оператор 1".."Оператор 4", PIN 1234 each (the sample's PINs are
//    not in the source).
QJsonObject testOfficeConfig();

// The real queue-server process (QUEUE_SERVER_BIN) on a free loopback port,
// with its own temporary data directory.
class TestServer {
public:
    explicit TestServer(QJsonObject config = testOfficeConfig());
    ~TestServer();

    bool start(const QStringList &extraArgs = {});   // waits until it listens
    void stop();      // SIGTERM and wait
    void kill9();     // SIGKILL and wait: a crash / power cut
    bool restart(const QStringList &extraArgs = {}) { stop(); return start(extraArgs); }

    // Runs the server through `launcher` (program and arguments before the server's path:
    // e.g. unshare and a shell that mounts a small filesystem first); empty: directly.
    void setLauncher(const QStringList &launcher) { m_launcher = launcher; }
    // The database file; default: queue.db in the data directory.
    void setDbPath(const QString &path) { m_dbPath = path; }

    quint16 port() const { return m_port; }
    QUrl url(const QString &path = QString()) const;
    QString dbPath() const;
    QString configPath() const;
    QString dataDir() const { return m_dir.path(); }
    QByteArray output() const { return m_output; }   // stdout+stderr so far
    QProcess *process() const { return m_proc.get(); }
    bool isRunning() const;

private:
    QTemporaryDir m_dir;
    QStringList m_launcher;
    QString m_dbPath;
    std::unique_ptr<QProcess> m_proc;
    QByteArray m_output;
    quint16 m_port = 0;
};

// Synchronous HTTP for tests (runs the event loop until the reply is in).
struct HttpResult {
    int status = 0;              // 0: no HTTP answer (connection failed / timeout)
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const { return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(); }
};

HttpResult http(const QByteArray &method, const QUrl &url, const QByteArray &token = {},
                const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {},
                int timeoutMs = 10000);
HttpResult http(const QByteArray &method, const QUrl &url, const QByteArray &token, const QJsonObject &body);

// Logs op<window> in to `window` and returns the operator token ("" on failure).
QByteArray login(const TestServer &server, int window, const QString &login = QString());

} // namespace queue::test
