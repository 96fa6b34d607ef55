#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>

class QTcpSocket;

namespace queue::test {

// A TCP proxy on 127.0.0.1:<free port> in front of a server's port, for tests of flaky
// links: the test cuts, stalls, delays and refuses the connections that pass through it.
// Runs in the test's event loop (no threads): every call takes effect at once, the timed
// ones end by themselves while the test waits in waitUntil().
class ChaosProxy : public QObject {
    Q_OBJECT
public:
    explicit ChaosProxy(quint16 targetPort, QObject *parent = nullptr);
    ~ChaosProxy() override;

    bool listen();                  // 127.0.0.1, a free port
    quint16 port() const { return m_server.serverPort(); }
    QUrl url() const;               // http://127.0.0.1:<port>

    // Aborts every open connection, both sides, with a reset (no FIN, no pending data).
    void cut();
    // Holds all data both ways for ms, then delivers it in order. Connections stay open.
    void stall(int ms);
    // Holds each chunk for ms before it is passed on (in order); 0: no delay.
    void delay(int ms);
    // Closes new connections at once (a reset) for ms; open ones are left alone.
    void refuse(int ms);

    bool isStalled() const { return m_stalled; }
    bool isRefusing() const { return m_refusing; }
    int delayMs() const { return m_delayMs; }

    // How many of each were asked for, and what they did.
    int cuts() const { return m_cuts; }
    int stalls() const { return m_stalls; }
    int delays() const { return m_delays; }            // delay(ms > 0) calls
    int refusals() const { return m_refusals; }
    int connectionsCut() const { return m_connectionsCut; }
    int connectionsRefused() const { return m_connectionsRefused; }
    int connectionsAccepted() const { return m_connectionsAccepted; }
    int openConnections() const { return static_cast<int>(m_links.size()); }
    qint64 bytesForwarded() const { return m_bytes; }

private:
    struct Chunk {
        QByteArray data;
        qint64 dueMs = 0;
    };
    struct Link {
        QTcpSocket *client = nullptr;
        QTcpSocket *server = nullptr;
        QList<Chunk> toServer;
        QList<Chunk> toClient;
        bool serverUp = false;
        bool clientGone = false;   // closed by the client: close the server side once flushed
        bool serverGone = false;
    };

    void onNewConnection();
    void read(Link *link, bool fromClient);
    void flush();
    void flushLink(Link *link, qint64 now);
    void closeLink(Link *link, bool reset);
    void armTimer(qint64 now);
    qint64 nowMs() const { return m_clock.elapsed(); }

    quint16 m_targetPort;
    QTcpServer m_server;
    QElapsedTimer m_clock;
    QList<Link *> m_links;
    QTimer m_flushTimer;
    QTimer m_stallTimer;
    QTimer m_refuseTimer;
    bool m_stalled = false;
    bool m_refusing = false;
    int m_delayMs = 0;
    int m_cuts = 0;
    int m_stalls = 0;
    int m_delays = 0;
    int m_refusals = 0;
    int m_connectionsCut = 0;
    int m_connectionsRefused = 0;
    int m_connectionsAccepted = 0;
    qint64 m_bytes = 0;
};

} // namespace queue::test
