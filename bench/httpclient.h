#pragma once

// A minimal keep-alive HTTP/1.1 client on one QTcpSocket, one request in
// flight at a time. QNetworkAccessManager would cap us at 6 connections per
// host and adds its own queueing; the benchmark needs one connection per
// simulated device and exact send/receive times.

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>

#include <functional>

namespace queue::bench {

struct HttpReply {
    int status = 0;      // 0: no answer (connection lost)
    QByteArray body;
    qint64 sentNs = 0;   // nowNs() just before the request was written
    qint64 doneNs = 0;   // nowNs() when the whole response had been read
    qint64 latencyNs() const { return doneNs - sentNs; }
};

class HttpClient : public QObject {
public:
    using Callback = std::function<void(const HttpReply &)>;

    HttpClient(quint16 port, QByteArray token, QObject *parent = nullptr);
    ~HttpClient() override;

    // Opens the connection now (requests also connect on demand).
    void open();
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool busy() const { return static_cast<bool>(m_callback); }
    void setToken(const QByteArray &token) { m_token = token; }
    // Connect from this local address (e.g. 127.0.0.7: a different client for
    // the server's per-address limits). Before the first request.
    void setSourceAddress(const QHostAddress &address) { m_source = address; }
    const QByteArray &token() const { return m_token; }

    // Sends a request; `done` runs once with the reply. Must not be busy().
    void request(const QByteArray &method, const QByteArray &path, const QByteArray &body, Callback done);

private:
    void onReadyRead();
    void fail();
    bool parse();

    quint16 m_port;
    QByteArray m_token;
    QHostAddress m_source;
    QTcpSocket m_socket;
    QByteArray m_buf;
    Callback m_callback;
    HttpReply m_reply;
    qsizetype m_headerEnd = -1;
    qint64 m_contentLength = -1;
    bool m_closeAfter = false;
};

} // namespace queue::bench
