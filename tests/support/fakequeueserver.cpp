#include "support/fakequeueserver.h"

#include "common/client/apitypes.h"
#include "common/protocol.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

namespace queue::test {

namespace {
QString compact(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
} // namespace

FakeQueueServer::FakeQueueServer(FakeHttpServer::Handler handler)
    : m_http(std::move(handler)),
      m_ws(new QWebSocketServer(QStringLiteral("fake-queue"), QWebSocketServer::NonSecureMode))
{
    QObject::connect(m_ws, &QWebSocketServer::newConnection, m_ws, [this] {
        while (QWebSocket *s = m_ws->nextPendingConnection())
            accept(s);
    });
    m_http.setUpgradeHandler([this](QTcpSocket *socket, const FakeRequest &) {
        // The QWebSocket made from it does not own the TCP socket: tie their lifetimes.
        socket->setParent(m_ws);
        m_ws->handleConnection(socket);
    });
}

FakeQueueServer::~FakeQueueServer()
{
    stop();
    delete m_ws;
}

int FakeQueueServer::count(const QByteArray &method, const QByteArray &path) const
{
    int n = 0;
    for (const FakeRequest &r : m_http.requests())
        if (r.method == method && r.target.split('?').value(0) == path)
            ++n;
    return n;
}

void FakeQueueServer::accept(QWebSocket *socket)
{
    const QUrl url = socket->requestUrl();
    m_streamRequests.append(url);
    QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    if (m_refuse) {
        socket->abort();
        return;
    }
    m_streams.append(socket);
    socket->sendTextMessage(compact(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kHello)},
                                                {QStringLiteral("seq"), lastSeq()},
                                                {QStringLiteral("server_time"),
                                                 isoUtc(QDateTime::currentMSecsSinceEpoch())}}));
    const QUrlQuery query(url);
    if (!query.hasQueryItem(QStringLiteral("since")))
        return;
    const qint64 since = query.queryItemValue(QStringLiteral("since")).toLongLong();
    if (since < m_firstSeq - 1) {
        socket->sendTextMessage(compact(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kStreamReset)},
                                                    {QStringLiteral("seq"), lastSeq()}}));
        return;
    }
    for (const QJsonObject &e : std::as_const(m_events))
        if (e.value(QLatin1String("seq")).toInteger() > since)
            socket->sendTextMessage(compact(e));
}

qint64 FakeQueueServer::publish(QJsonObject event)
{
    const qint64 seq = lastSeq() + 1;
    event.insert(QStringLiteral("seq"), seq);
    m_events.append(event);
    for (const QPointer<QWebSocket> &s : std::as_const(m_streams))
        if (s && s->state() == QAbstractSocket::ConnectedState)
            s->sendTextMessage(compact(event));
    return seq;
}

qint64 FakeQueueServer::publishConfigChanged(qint64 version, const QStringList &parts)
{
    return publish(QJsonObject{{QStringLiteral("type"), QLatin1String(client::ConfigChange::kType)},
                               {QStringLiteral("at"), isoUtc(QDateTime::currentMSecsSinceEpoch())},
                               {QStringLiteral("version"), version},
                               {QStringLiteral("parts"), QJsonArray::fromStringList(parts)}});
}

void FakeQueueServer::forgetHistoryUpTo(qint64 seq)
{
    const qint64 last = lastSeq();
    while (!m_events.isEmpty() && m_events.first().value(QLatin1String("seq")).toInteger() <= seq)
        m_events.removeFirst();
    if (m_events.isEmpty())
        m_firstSeq = qMax(last, seq) + 1;
    else
        m_firstSeq = m_events.first().value(QLatin1String("seq")).toInteger();
}

int FakeQueueServer::openStreams() const
{
    int n = 0;
    for (const QPointer<QWebSocket> &s : m_streams)
        if (s && s->state() == QAbstractSocket::ConnectedState)
            ++n;
    return n;
}

void FakeQueueServer::dropStreams()
{
    for (const QPointer<QWebSocket> &s : std::as_const(m_streams))
        if (s)
            s->abort();
    m_streams.clear();
}

void FakeQueueServer::stop()
{
    m_http.close();
    dropStreams();
}

bool FakeQueueServer::restart() { return m_http.listen(m_http.port()); }

} // namespace queue::test
