#pragma once

// The queue server's HTTP API and its event stream inside the test process, for view-model
// tests where the real queue-server process is not the point: the test answers the HTTP
// requests (FakeHttpServer's handler) and publishes the events; the app under test talks to
// it through its real ApiClient and EventStream on 127.0.0.1. The stream follows
// docs/api.md: a hello with the last seq, the replay of every event after ?since=, or
// stream.reset when the history no longer reaches back that far, then live events.
#include "support/fakehttpserver.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QWebSocket;
class QWebSocketServer;

namespace queue::test {

class FakeQueueServer {
public:
    explicit FakeQueueServer(FakeHttpServer::Handler handler);
    ~FakeQueueServer();
    FakeQueueServer(const FakeQueueServer &) = delete;
    FakeQueueServer &operator=(const FakeQueueServer &) = delete;

    QUrl url() const { return m_http.url(); }
    void setHandler(FakeHttpServer::Handler h) { m_http.setHandler(std::move(h)); }
    const QList<FakeRequest> &requests() const { return m_http.requests(); }
    // How many requests `method` `path` (the target without its query) got.
    int count(const QByteArray &method, const QByteArray &path) const;

    // Gives the event the next seq (and keeps it for replays) and sends it on every open
    // stream; returns the seq.
    qint64 publish(QJsonObject event);
    // The live administration changed the office: {"type":"config.changed","version",
    // "parts","at"} (docs/api.md). The test changes what its handler answers first, as the
    // server commits the change before it announces it.
    qint64 publishConfigChanged(qint64 version, const QStringList &parts);
    qint64 lastSeq() const { return m_events.isEmpty() ? m_firstSeq - 1 : m_events.last().value(QLatin1String("seq")).toInteger(); }
    // The history starts after `seq` (a server that has forgotten older events, or whose
    // database went back): a stream asking since an earlier seq gets stream.reset.
    void forgetHistoryUpTo(qint64 seq);

    int openStreams() const;
    // The URL of every stream connection made, in order (with its token and since).
    const QList<QUrl> &streamRequests() const { return m_streamRequests; }
    // The server drops every open stream (its HTTP stays up).
    void dropStreams();
    // While refused, a stream connection is closed right after the handshake, before hello.
    void setStreamsRefused(bool refused) { m_refuse = refused; }
    // The server goes away: nothing listens and every connection is cut.
    void stop();
    // Back on the same port.
    bool restart();

private:
    void accept(QWebSocket *socket);

    FakeHttpServer m_http;
    QWebSocketServer *m_ws;
    QList<QPointer<QWebSocket>> m_streams;
    QList<QUrl> m_streamRequests;
    QList<QJsonObject> m_events;   // kept for replays, seq m_firstSeq…
    qint64 m_firstSeq = 1;
    bool m_refuse = false;
};

} // namespace queue::test
