#include "httpclient.h"

#include "stats.h"

#include <QHostAddress>

#include <cstring>

namespace queue::bench {

HttpClient::HttpClient(quint16 port, QByteArray token, QObject *parent)
    : QObject(parent), m_port(port), m_token(std::move(token))
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &HttpClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_callback)
            fail();
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_callback && m_socket.state() != QAbstractSocket::ConnectedState)
            fail();
    });
}

HttpClient::~HttpClient()
{
    // A pending callback must not run while we are being torn down.
    m_socket.disconnect(this);
    m_callback = {};
    m_socket.abort();
}

void HttpClient::open()
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState) {
        m_buf.clear();
        if (!m_source.isNull())
            m_socket.bind(m_source, 0);
        m_socket.connectToHost(QHostAddress::LocalHost, m_port);
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
}

void HttpClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &body, Callback done)
{
    Q_ASSERT(!m_callback);
    if (m_closeAfter && m_socket.state() != QAbstractSocket::UnconnectedState) {
        m_socket.abort();
        m_closeAfter = false;
    }
    open();
    QByteArray req;
    req.reserve(256 + body.size());
    req += method;
    req += ' ';
    req += path;
    req += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!m_token.isEmpty()) {
        req += "Authorization: Bearer ";
        req += m_token;
        req += "\r\n";
    }
    if (!body.isEmpty() || method == "POST") {
        req += "Content-Type: application/json\r\nContent-Length: ";
        req += QByteArray::number(body.size());
        req += "\r\n";
    }
    req += "\r\n";
    req += body;

    m_callback = std::move(done);
    m_reply = HttpReply();
    m_headerEnd = -1;
    m_contentLength = -1;
    m_reply.sentNs = nowNs();
    m_socket.write(req);
    // QTcpSocket buffers writes until the next event-loop pass; push them out now.
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.flush();
}

void HttpClient::onReadyRead()
{
    m_buf += m_socket.readAll();
    if (!m_callback) {
        m_buf.clear();   // nothing asked: ignore (should not happen)
        return;
    }
    parse();
}

bool HttpClient::parse()
{
    if (m_headerEnd < 0) {
        const qsizetype end = m_buf.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        m_headerEnd = end + 4;
        // Status line: HTTP/1.1 NNN Reason
        const qsizetype sp = m_buf.indexOf(' ');
        m_reply.status = (sp > 0 && sp + 4 <= end) ? m_buf.mid(sp + 1, 3).toInt() : 0;
        m_contentLength = 0;
        m_closeAfter = false;
        qsizetype pos = m_buf.indexOf("\r\n") + 2;
        while (pos < end) {
            qsizetype nl = m_buf.indexOf("\r\n", pos);
            if (nl < 0 || nl > end)
                nl = end;
            const QByteArray line = m_buf.mid(pos, nl - pos);
            const qsizetype colon = line.indexOf(':');
            if (colon > 0) {
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length")
                    m_contentLength = value.toLongLong();
                else if (name == "connection" && value.toLower() == "close")
                    m_closeAfter = true;
            }
            pos = nl + 2;
        }
        if (m_reply.status == 204 || m_reply.status == 304 || m_reply.status < 200)
            m_contentLength = 0;
    }
    if (m_buf.size() - m_headerEnd < m_contentLength)
        return false;
    m_reply.body = m_buf.mid(m_headerEnd, static_cast<qsizetype>(m_contentLength));
    m_buf.remove(0, m_headerEnd + static_cast<qsizetype>(m_contentLength));
    m_reply.doneNs = nowNs();
    m_headerEnd = -1;
    const Callback cb = std::exchange(m_callback, Callback());
    const HttpReply reply = std::move(m_reply);
    cb(reply);
    return true;
}

void HttpClient::fail()
{
    m_buf.clear();
    m_headerEnd = -1;
    m_reply.status = 0;
    m_reply.doneNs = nowNs();
    const Callback cb = std::exchange(m_callback, Callback());
    const HttpReply reply = m_reply;
    if (cb)
        cb(reply);
}

} // namespace queue::bench
