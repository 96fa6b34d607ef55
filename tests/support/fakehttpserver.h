#pragma once

// An HTTP/1.1 server inside the test process, for client-side tests where the real
// queue-server process is not the point: each request is recorded and answered with what the
// handler returns.

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <memory>

namespace queue::test {

struct FakeRequest {
    QByteArray method;
    QByteArray target;   // path and query
    QHash<QByteArray, QByteArray> headers;   // lower-case names
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

struct FakeResponse {
    int status = 200;
    QByteArray body;
    bool hang = false;   // never answer
};

// A one-request-per-connection HTTP/1.1 server that records requests and answers each with
// what the handler returns.
class FakeHttpServer {
public:
    using Handler = std::function<FakeResponse(const FakeRequest &)>;

    explicit FakeHttpServer(Handler handler) : m_handler(std::move(handler))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] { onData(s, *buffer); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    const QList<FakeRequest> &requests() const { return m_requests; }
    void setHandler(Handler h) { m_handler = std::move(h); }

private:
    void onData(QTcpSocket *s, QByteArray &buffer)
    {
        buffer += s->readAll();
        const int headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        FakeRequest req;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        req.method = requestLine.value(0);
        req.target = requestLine.value(1);
        for (int i = 1; i < lines.size(); ++i) {
            const int colon = lines[i].indexOf(':');
            if (colon > 0)
                req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const int length = req.headers.value("content-length", "0").toInt();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        req.body = buffer.mid(headerEnd + 4, length);
        buffer.clear();
        m_requests.append(req);
        const FakeResponse resp = m_handler(req);
        if (resp.hang)
            return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(resp.status) + " X\r\n";
        if (!resp.body.isEmpty())
            out += "Content-Type: application/json\r\n";
        out += "Content-Length: " + QByteArray::number(resp.body.size()) + "\r\nConnection: close\r\n\r\n";
        out += resp.body;
        s->write(out);
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    Handler m_handler;
    QList<FakeRequest> m_requests;
};

} // namespace queue::test
