#pragma once

#include "eventsequencer.h"
#include "servertrust.h"

#include <QAbstractSocket>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

class QTimer;
class QWebSocket;

namespace queue::client {

// The server's event stream (GET /api/v1/events, WebSocket), kept up for as long as it is
// open: reconnects with backoff after any loss, asks for since=lastSeq() each time so that
// nothing is missed, and hands every ticket.* / window.* event to the app exactly once and
// in seq order (see EventSequencer). A connection that stops answering pings is treated as
// lost.
//
// The app's state comes from the GET calls; resetRequired() says when to (re)load it:
// after the first hello when no lastSeq() was known, when the server sends stream.reset
// (the client was too far behind), when the server's seq went backwards, and when a gap in
// seq could not be filled by reconnecting. Events after resetRequired() apply on top.
class EventStream : public QObject {
    Q_OBJECT
public:
    explicit EventStream(QObject *parent = nullptr);
    ~EventStream() override;

    // http(s)://host:port or ws(s)://host:port; the events path is appended.
    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const { return m_serverUrl; }
    void setToken(const QString &token) { m_token = token; }
    // As ApiClient::setTrust: with a pin or a CA set, only wss is used (a ws URL is refused).
    void setTrust(const ServerTrust &trust) { m_trust = trust; }
    const ServerTrust &trust() const { return m_trust; }
    QString token() const { return m_token; }

    // Reconnect delay: initialMs after a loss, doubling per failed attempt up to maxMs
    // (default 250 ms … 2 s); back to initialMs once a connection is up. The cap is what a
    // client may lose after the link comes back: with 2 s, a board or desk is up again
    // within 5 s of it, however long the outage was (tests/integration/client_flaky_test).
    void setReconnectBackoff(int initialMs, int maxMs);
    // A ping every intervalMs while connected (default 5 s); no pong (or any message)
    // within timeoutMs (default 10 s) → the connection is dropped and re-made.
    void setPingInterval(int intervalMs) { m_pingIntervalMs = intervalMs; }
    void setPongTimeout(int timeoutMs) { m_pongTimeoutMs = timeoutMs; }
    // From starting an attempt to the server's hello (default 10 s).
    void setConnectTimeout(int timeoutMs) { m_connectTimeoutMs = timeoutMs; }
    // From starting an attempt to the TCP connection being made (default 500 ms: a LAN
    // connects in milliseconds). Qt 6.4's socket, when a connection is accepted and reset
    // before it has looked, silently connects again on the same descriptor, thousands of
    // times a second, without a signal; this bound hands such an attempt to the backoff.
    void setTcpConnectTimeout(int timeoutMs) { m_tcpConnectTimeoutMs = timeoutMs; }

    // Starts connecting, and keeps reconnecting until close().
    void open();
    void close();
    bool isOpen() const { return m_wanted; }
    // Up: the server's hello has been received on the current connection.
    bool isConnected() const { return m_connected; }

    // Seq of the last event delivered (or of the server's hello/reset); -1 until known.
    qint64 lastSeq() const { return m_sequencer.lastSeq(); }
    // For apps that restore their state with its seq; -1: unknown. Takes effect on the
    // next connection attempt.
    void setLastSeq(qint64 seq) { m_sequencer.setLastSeq(seq); }

    // The URL the next attempt uses (token and since in the query).
    QUrl streamUrl() const;
    QString errorString() const { return m_errorString; }
    // Why the last attempt was refused by the trust; empty once a connection is up again.
    QString trustProblem() const { return m_trustProblem; }
    int reconnectDelay() const { return m_backoffMs; }

Q_SIGNALS:
    void event(const QJsonObject &event);
    void connectedChanged(bool connected);
    void resetRequired();
    // A connection was refused: the server's certificate is not the trusted one, or the URL
    // is plain while a pin or CA is set. The stream keeps retrying with its backoff.
    void trustFailed(const QString &problem);

private:
    void connectNow();
    void onTextMessage(const QString &text);
    void onSocketLost(const QString &reason);
    void refuseTrust(const QString &problem);
    void dropSocket();
    void scheduleReconnect(int delayMs);
    void setConnected(bool connected);
    void sendPing();

    EventSequencer m_sequencer;
    QUrl m_serverUrl;
    QString m_token;
    ServerTrust m_trust;
    QString m_trustProblem;
    QString m_errorString;
    QWebSocket *m_socket = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    QTimer *m_pingTimer = nullptr;
    QTimer *m_pongTimer = nullptr;
    QTimer *m_connectTimer = nullptr;
    QTimer *m_tcpTimer = nullptr;
    int m_initialBackoffMs = 250;
    int m_maxBackoffMs = 2000;
    int m_backoffMs = 250;
    int m_pingIntervalMs = 5000;
    int m_pongTimeoutMs = 10000;
    int m_connectTimeoutMs = 10000;
    int m_tcpConnectTimeoutMs = 500;
    bool m_wanted = false;
    bool m_connected = false;
};

} // namespace queue::client
