#pragma once

// An HTTP/1.1 server inside the test process, for client-side tests where the real
// queue-server process is not the point: each request is recorded and answered with what the
// handler returns. FakeQueueServer (fakequeueserver.h) adds the event stream on the same port.

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <memory>
#include <utility>

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
    bool drop = false;   // cut the connection instead of answering
    QList<std::pair<QByteArray, QByteArray>> headers;   // extra headers (Retry-After, …)
};

inline QByteArray compactJson(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

// The API's refusal {"error":{"code","message"}}, with a message the user must never be shown.
inline FakeResponse errorResponse(int status, const char *code, QList<std::pair<QByteArray, QByteArray>> headers = {})
{
    FakeResponse r;
    r.status = status;
    r.body = compactJson(QJsonObject{
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QString::fromLatin1(code)},
                                              {QStringLiteral("message"), QStringLiteral("server words the user never reads")}}}});
    r.headers = std::move(headers);
    return r;
}

// A one-request-per-connection HTTP/1.1 server that records requests and answers each with
// what the handler returns.
class FakeHttpServer {
public:
    using Handler = std::function<FakeResponse(const FakeRequest &)>;
    // Takes a WebSocket upgrade's socket with its handshake still unread.
    using UpgradeHandler = std::function<void(QTcpSocket *, const FakeRequest &)>;

    explicit FakeHttpServer(Handler handler) : m_handler(std::move(handler))
    {
        listen(0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] { onData(s, *buffer); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    quint16 port() const { return m_port; }
    const QList<FakeRequest> &requests() const { return m_requests; }
    void setHandler(Handler h) { m_handler = std::move(h); }
    void setUpgradeHandler(UpgradeHandler h) { m_upgrade = std::move(h); }

    // Listens on 127.0.0.1:port (0: any free port, the first time).
    bool listen(quint16 port)
    {
        if (!m_server.listen(QHostAddress::LocalHost, port))
            return false;
        m_port = m_server.serverPort();
        return true;
    }
    // Down: stops listening and cuts every connection it still has.
    void close()
    {
        m_server.close();
        for (QTcpSocket *s : m_server.findChildren<QTcpSocket *>())
            s->abort();
    }

private:
    // The request line and headers of `data` into `req`; the end of the header block, -1 while incomplete.
    static int parseHead(const QByteArray &data, FakeRequest &req)
    {
        const int headerEnd = data.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return -1;
        const QList<QByteArray> lines = data.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        req.method = requestLine.value(0);
        req.target = requestLine.value(1);
        for (int i = 1; i < lines.size(); ++i) {
            const int colon = lines[i].indexOf(':');
            if (colon > 0)
                req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        return headerEnd;
    }

    void onData(QTcpSocket *s, QByteArray &buffer)
    {
        if (m_upgrade && buffer.isEmpty()) {
            // Looked at without consuming it, so that the upgrade's taker reads the handshake itself.
            FakeRequest head;
            if (parseHead(s->peek(s->bytesAvailable()), head) < 0)
                return;
            if (head.headers.value("upgrade").toLower() == "websocket") {
                QObject::disconnect(s, nullptr, s, nullptr);
                s->setParent(nullptr);
                m_upgrade(s, head);
                return;
            }
        }
        buffer += s->readAll();
        FakeRequest req;
        const int headerEnd = parseHead(buffer, req);
        if (headerEnd < 0)
            return;
        const int length = req.headers.value("content-length", "0").toInt();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        req.body = buffer.mid(headerEnd + 4, length);
        buffer.clear();
        m_requests.append(req);
        const FakeResponse resp = m_handler(req);
        if (resp.hang)
            return;
        if (resp.drop) {
            s->abort();
            return;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(resp.status) + " X\r\n";
        if (!resp.body.isEmpty())
            out += "Content-Type: application/json\r\n";
        for (const auto &[name, value] : resp.headers)
            out += name + ": " + value + "\r\n";
        out += "Content-Length: " + QByteArray::number(resp.body.size()) + "\r\nConnection: close\r\n\r\n";
        out += resp.body;
        s->write(out);
        s->disconnectFromHost();
    }

    QTcpServer m_server;
    quint16 m_port = 0;
    Handler m_handler;
    UpgradeHandler m_upgrade;
    QList<FakeRequest> m_requests;
};

} // namespace queue::test
