#include "eventstream.h"

#include "common/protocol.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcEventsTls, "queue.client.tls")

namespace queue::client {

EventStream::EventStream(QObject *parent)
    : QObject(parent),
      m_reconnectTimer(new QTimer(this)),
      m_pingTimer(new QTimer(this)),
      m_pongTimer(new QTimer(this)),
      m_connectTimer(new QTimer(this)),
      m_tcpTimer(new QTimer(this))
{
    m_reconnectTimer->setSingleShot(true);
    m_pongTimer->setSingleShot(true);
    m_connectTimer->setSingleShot(true);
    m_tcpTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &EventStream::connectNow);
    connect(m_pingTimer, &QTimer::timeout, this, &EventStream::sendPing);
    connect(m_pongTimer, &QTimer::timeout, this,
            [this] { onSocketLost(QStringLiteral("no pong within %1 ms").arg(m_pongTimeoutMs)); });
    connect(m_connectTimer, &QTimer::timeout, this,
            [this] { onSocketLost(QStringLiteral("no hello within %1 ms").arg(m_connectTimeoutMs)); });
    connect(m_tcpTimer, &QTimer::timeout, this, [this] {
        onSocketLost(QStringLiteral("no TCP connection within %1 ms").arg(m_tcpConnectTimeoutMs));
    });
}

EventStream::~EventStream()
{
    m_wanted = false;
    dropSocket();
}

void EventStream::setServerUrl(const QUrl &url) { m_serverUrl = url; }

void EventStream::setReconnectBackoff(int initialMs, int maxMs)
{
    m_initialBackoffMs = qMax(0, initialMs);
    m_maxBackoffMs = qMax(m_initialBackoffMs, maxMs);
    m_backoffMs = m_initialBackoffMs;
}

QUrl EventStream::streamUrl() const
{
    QUrl url = m_serverUrl;
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("http"))
        url.setScheme(QStringLiteral("ws"));
    else if (scheme == QLatin1String("https"))
        url.setScheme(QStringLiteral("wss"));
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + QLatin1String(api::kEventsPath));
    QUrlQuery query;
    if (!m_token.isEmpty())
        query.addQueryItem(QStringLiteral("token"), QString::fromLatin1(QUrl::toPercentEncoding(m_token)));
    if (m_sequencer.hasLastSeq())
        query.addQueryItem(QStringLiteral("since"), QString::number(m_sequencer.lastSeq()));
    url.setQuery(query);
    return url;
}

void EventStream::open()
{
    if (m_wanted)
        return;
    m_wanted = true;
    m_backoffMs = m_initialBackoffMs;
    connectNow();
}

void EventStream::close()
{
    m_wanted = false;
    m_reconnectTimer->stop();
    dropSocket();
    setConnected(false);
}

void EventStream::connectNow()
{
    m_reconnectTimer->stop();
    if (!m_wanted)
        return;
    dropSocket();
    const QUrl url = streamUrl();
    if (m_trust.requiresTls() && url.scheme() != QLatin1String("wss")) {
        // Never plain while a pin or a CA is set; waits for another URL (no retry).
        refuseTrust(QStringLiteral("a server certificate pin or CA file is set, but the server URL %1 is not https")
                        .arg(m_serverUrl.toString()));
        return;
    }
    // No parent: the socket is only ever deleted with deleteLater(), so that the stream may
    // be destroyed from a slot connected to one of its signals (emitted from a socket signal).
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, nullptr);
    QWebSocket *socket = m_socket;
    if (url.scheme() == QLatin1String("wss"))
        socket->setSslConfiguration(m_trust.configure(socket->sslConfiguration()));
    connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        if (socket != m_socket)
            return;
        QString problem;
        const QList<QSslError> ignore = m_trust.ignorable(errors, &problem);
        if (!ignore.isEmpty()) {
            socket->ignoreSslErrors(ignore);
            return;
        }
        refuseTrust(problem);
        if (m_wanted)
            onSocketLost(problem);
    });
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        QString problem;
        if (!m_trust.accepts(socket->sslConfiguration().peerCertificate(), &problem)) {
            refuseTrust(problem);
            onSocketLost(problem);
            return;
        }
        m_pingTimer->start(m_pingIntervalMs);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, &EventStream::onTextMessage);
    connect(socket, &QWebSocket::pong, this, [this] { m_pongTimer->stop(); });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        if (socket == m_socket)
            onSocketLost(socket->errorString().isEmpty() ? QStringLiteral("disconnected") : socket->errorString());
    });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this, socket](QAbstractSocket::SocketError) {
        if (socket == m_socket)
            onSocketLost(socket->errorString());
    });
    m_connectTimer->start(m_connectTimeoutMs);
    socket->open(url);
    // QWebSocket keeps its TCP (or TLS) socket as a direct child: watch it reach Connected.
    if (auto *tcp = socket->findChild<QAbstractSocket *>(QString(), Qt::FindDirectChildrenOnly);
        tcp && m_tcpConnectTimeoutMs > 0 && tcp->state() != QAbstractSocket::ConnectedState) {
        connect(tcp, &QAbstractSocket::connected, this, [this, socket] {
            if (socket == m_socket)
                m_tcpTimer->stop();
        });
        m_tcpTimer->start(m_tcpConnectTimeoutMs);
    }
}

void EventStream::refuseTrust(const QString &problem)
{
    m_errorString = problem;
    m_trustProblem = problem;
    qCWarning(lcEventsTls).noquote() << "event stream refused:" << problem;
    Q_EMIT trustFailed(problem);
}

void EventStream::dropSocket()
{
    m_pingTimer->stop();
    m_pongTimer->stop();
    m_connectTimer->stop();
    m_tcpTimer->stop();
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void EventStream::onSocketLost(const QString &reason)
{
    m_errorString = reason;
    dropSocket();
    QPointer<EventStream> self(this);
    setConnected(false);
    if (!self || !m_wanted)
        return;
    scheduleReconnect(m_backoffMs);
    m_backoffMs = qMin(m_maxBackoffMs, qMax(1, m_backoffMs * 2));
}

void EventStream::scheduleReconnect(int delayMs)
{
    if (m_wanted && !m_reconnectTimer->isActive())
        m_reconnectTimer->start(delayMs);
}

void EventStream::setConnected(bool connected)
{
    if (m_connected == connected)
        return;
    m_connected = connected;
    if (connected)
        m_trustProblem.clear();
    Q_EMIT connectedChanged(connected);
}

void EventStream::sendPing()
{
    if (!m_socket || m_pongTimer->isActive())
        return;
    m_pongTimer->start(m_pongTimeoutMs);
    m_socket->ping();
}

void EventStream::onTextMessage(const QString &text)
{
    if (sender() != m_socket)
        return;
    m_pongTimer->stop();   // any message shows the connection is alive
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isObject())
        return;
    const QJsonObject message = doc.object();
    QPointer<EventStream> self(this);
    const bool isHello = message.value(QLatin1String("type")).toString() == QLatin1String(api::kHello);

    switch (m_sequencer.accept(message)) {
    case EventSequencer::Verdict::Invalid:
    case EventSequencer::Verdict::Duplicate:
        return;
    case EventSequencer::Verdict::Live:
        m_connectTimer->stop();
        m_backoffMs = m_initialBackoffMs;
        setConnected(true);
        return;
    case EventSequencer::Verdict::Reset:
        if (isHello) {
            m_connectTimer->stop();
            m_backoffMs = m_initialBackoffMs;
            setConnected(true);
            if (!self)
                return;
        }
        Q_EMIT resetRequired();
        return;
    case EventSequencer::Verdict::Gap:
        // Reconnect at once with since=lastSeq(): the server replays what is missing.
        m_errorString = QStringLiteral("gap in event seq after %1").arg(m_sequencer.lastSeq());
        dropSocket();
        setConnected(false);
        if (self && m_wanted)
            scheduleReconnect(0);
        return;
    case EventSequencer::Verdict::GapSkipped:
        Q_EMIT resetRequired();
        if (!self)
            return;
        Q_EMIT event(message);
        return;
    case EventSequencer::Verdict::Deliver:
        Q_EMIT event(message);
        return;
    }
}

} // namespace queue::client
