#include "chaosproxy.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace queue::test {

namespace {

// The next close() sends a reset instead of a FIN: a cut link, not a polite goodbye.
void resetOnClose(QTcpSocket *socket)
{
    const qintptr fd = socket->socketDescriptor();
    if (fd == -1)
        return;
    const linger l{1, 0};
    ::setsockopt(static_cast<int>(fd), SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

void abortNow(QTcpSocket *socket)
{
    if (!socket)
        return;
    socket->disconnect();
    resetOnClose(socket);
    socket->abort();
    socket->deleteLater();
}

// Closes after what was written has gone out.
void closeGently(QTcpSocket *socket)
{
    if (!socket)
        return;
    socket->disconnect();
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    QObject::connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    socket->disconnectFromHost();
}

} // namespace

ChaosProxy::ChaosProxy(quint16 targetPort, QObject *parent) : QObject(parent), m_targetPort(targetPort)
{
    m_clock.start();
    m_flushTimer.setSingleShot(true);
    m_stallTimer.setSingleShot(true);
    m_refuseTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChaosProxy::flush);
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        m_stalled = false;
        flush();
    });
    connect(&m_refuseTimer, &QTimer::timeout, this, [this] { m_refusing = false; });
    connect(&m_server, &QTcpServer::newConnection, this, &ChaosProxy::onNewConnection);
}

ChaosProxy::~ChaosProxy()
{
    m_server.close();
    for (Link *link : std::as_const(m_links)) {
        abortNow(link->client);
        abortNow(link->server);
        delete link;
    }
    m_links.clear();
}

bool ChaosProxy::listen() { return m_server.listen(QHostAddress::LocalHost, 0); }

QUrl ChaosProxy::url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port())); }

void ChaosProxy::cut()
{
    ++m_cuts;
    const QList<Link *> links = std::exchange(m_links, {});
    for (Link *link : links) {
        abortNow(link->client);
        abortNow(link->server);
        delete link;
        ++m_connectionsCut;
    }
}

void ChaosProxy::stall(int ms)
{
    ++m_stalls;
    m_stalled = true;
    m_stallTimer.start(qMax(0, ms));
}

void ChaosProxy::delay(int ms)
{
    if (ms > 0)
        ++m_delays;
    m_delayMs = qMax(0, ms);
    flush();
}

void ChaosProxy::refuse(int ms)
{
    ++m_refusals;
    m_refusing = true;
    m_refuseTimer.start(qMax(0, ms));
}

void ChaosProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        if (m_refusing) {
            ++m_connectionsRefused;
            abortNow(client);
            continue;
        }
        ++m_connectionsAccepted;
        auto *link = new Link;
        link->client = client;
        link->server = new QTcpSocket(this);
        m_links.append(link);
        connect(client, &QTcpSocket::readyRead, this, [this, link] { read(link, true); });
        connect(client, &QTcpSocket::disconnected, this, [this, link] {
            read(link, true);
            link->clientGone = true;
            flush();
        });
        connect(link->server, &QTcpSocket::connected, this, [this, link] {
            link->serverUp = true;
            flush();
        });
        connect(link->server, &QTcpSocket::readyRead, this, [this, link] { read(link, false); });
        connect(link->server, &QTcpSocket::disconnected, this, [this, link] {
            read(link, false);
            link->serverGone = true;
            flush();
        });
        connect(link->server, &QTcpSocket::errorOccurred, this, [this, link](QAbstractSocket::SocketError) {
            if (!link->serverUp)   // the server is not there: the client gets a reset
                closeLink(link, true);
        });
        link->server->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}

void ChaosProxy::read(Link *link, bool fromClient)
{
    if (!m_links.contains(link))
        return;
    QTcpSocket *from = fromClient ? link->client : link->server;
    const QByteArray data = from->readAll();
    if (data.isEmpty())
        return;
    (fromClient ? link->toServer : link->toClient).append(Chunk{data, nowMs() + m_delayMs});
    flush();
}

void ChaosProxy::flush()
{
    const qint64 now = nowMs();
    const QList<Link *> links = m_links;
    for (Link *link : links)
        flushLink(link, now);
    armTimer(now);
}

void ChaosProxy::flushLink(Link *link, qint64 now)
{
    if (m_stalled)
        return;
    if (link->serverUp) {
        while (!link->toServer.isEmpty() && link->toServer.first().dueMs <= now) {
            m_bytes += link->toServer.first().data.size();
            link->server->write(link->toServer.takeFirst().data);
        }
    }
    while (!link->toClient.isEmpty() && link->toClient.first().dueMs <= now) {
        m_bytes += link->toClient.first().data.size();
        link->client->write(link->toClient.takeFirst().data);
    }
    // One side closed and all it sent has been passed on: close the other side too.
    if ((link->clientGone && (link->toServer.isEmpty() || !link->serverUp))
        || (link->serverGone && link->toClient.isEmpty()))
        closeLink(link, false);
}

void ChaosProxy::closeLink(Link *link, bool reset)
{
    if (!m_links.removeOne(link))
        return;
    if (reset) {
        abortNow(link->client);
        abortNow(link->server);
    } else {
        closeGently(link->client);
        closeGently(link->server);
    }
    delete link;
}

void ChaosProxy::armTimer(qint64 now)
{
    if (m_stalled)
        return;   // the stall's end flushes
    qint64 next = -1;
    for (const Link *link : std::as_const(m_links)) {
        // Data for a server connection still being made waits for its connected().
        for (const QList<Chunk> *q : {link->serverUp ? &link->toServer : nullptr, &link->toClient}) {
            if (q && !q->isEmpty() && (next < 0 || q->first().dueMs < next))
                next = q->first().dueMs;
        }
    }
    if (next >= 0)
        m_flushTimer.start(static_cast<int>(qMax<qint64>(0, next - now)));
}

} // namespace queue::test
