#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace queue::http {

struct Limits {
    int maxRequestLineBytes = 8 * 1024;
    int maxHeaderBytes = 32 * 1024;      // all header lines together
    int maxHeaderCount = 100;
    qint64 maxBodyBytes = 256 * 1024;    // larger bodies get 413 and the connection closes
    int idleTimeoutMs = 60 * 1000;       // keep-alive connection with no request in progress
    int requestTimeoutMs = 15 * 1000;    // a started request must be complete within this
    int maxConnections = 2000;
    int maxPendingResponsesPerConnection = 32;   // pipelining depth
    qint64 maxWebSocketMessageBytes = 64 * 1024; // a larger incoming message closes with 1009
};

// One parsed HTTP/1.1 request. Header names are lower-cased.
struct Request {
    QByteArray method;              // "GET", "POST", ...
    QString path;                   // percent-decoded path, without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress peer;
    bool secure = false;            // it came over TLS

    QByteArray header(const QByteArray &lowerName) const;
};

struct Response {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;   // extra headers

    static Response json(int status, const QByteArray &body);
    static Response noContent();
    static Response text(int status, const QByteArray &body);
};

// Sends exactly one response to the request it was made for. It may be kept
// and used later (the server commits a batch of requests before answering);
// if the connection is gone by then, send() does nothing. Copyable; only the
// first send() counts.
class Responder {
public:
    Responder() = default;
    // `unanswered` goes out if the last copy is dropped without send().
    Responder(std::function<void(const Response &)> sink, Response unanswered);
    void send(const Response &response) const;
    bool isValid() const { return static_cast<bool>(m_state); }

private:
    struct State {
        std::function<void(const Response &)> sink;
        Response unanswered;
        bool sent = false;
    };
    std::shared_ptr<State> m_state;
};

const char *reasonPhrase(int status);

} // namespace queue::http
