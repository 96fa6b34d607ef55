#pragma once

#include "httptypes.h"

#include <QByteArray>
#include <QString>

namespace queue::http {

// What a request's header block says beyond the Request fields.
struct RequestHead {
    bool http10 = false;
    bool keepAlive = true;
    bool isHead = false;
    bool hasContentLength = false;
    qint64 contentLength = 0;
    bool bodyTooLarge = false;
    bool hasTransferEncoding = false;
    bool chunkedOnly = false;      // Transfer-Encoding named only "chunked"
    bool expectContinue = false;
    bool upgradeWebSocket = false;
    bool connectionUpgrade = false;
};

// HTTP/1.1 request framing with no sockets: feed bytes as they arrive, take
// complete requests one by one (pipelined requests stay in the buffer), or
// stop at the first error, which is final and carries the status to answer
// (400 malformed, 411 chunked body, 413 body too large, 414 request line too
// long, 431 headers too large, 501 other transfer coding, 505 version).
// Bodies need Content-Length; leading empty lines are skipped (RFC 9112).
// Bytes are scanned once however they are split, and binary garbage is
// refused as soon as it arrives, before a line end.
class RequestParser {
public:
    enum class Status { NeedMore, Ready, Error };

    explicit RequestParser(const Limits &limits = Limits());

    void feed(const char *data, qsizetype size);
    void feed(const QByteArray &data) { feed(data.constData(), data.size()); }

    // Parses on. Ready: takeRequest() and head() describe the request.
    Status next();
    Request takeRequest();
    const RequestHead &head() const { return m_head; }

    int errorStatus() const { return m_errorStatus; }
    const char *errorReason() const { return m_errorReason; }

    // Bytes of a request that is not complete yet are buffered.
    bool hasPartialRequest() const { return m_inBody || m_buf.size() > m_pos; }
    // The head is parsed and the body is still arriving.
    bool inBody() const { return m_inBody; }
    // True once per request whose head asked "Expect: 100-continue" while its
    // body is still missing.
    bool takeContinue();
    // The decoded path of the request line, once that line is complete.
    bool requestLinePath(QString &path) const;

    // Splits a request target into path and query; false unless it is
    // origin-form, absolute-form or "*".
    static bool parseTarget(const char *target, qsizetype size, Request &request);

private:
    enum class Scan { NeedMore, Done, Error };
    Status fail(int status, const char *reason);
    bool skipEmptyLines();
    Scan scanHead(qsizetype &headEnd);
    bool parseHead(const char *data, qsizetype size);
    void resetScan();

    Limits m_limits;
    QByteArray m_buf;
    qsizetype m_pos = 0;          // start of the unparsed request in m_buf
    // Head scanning progress, relative to the request start, so that bytes
    // arriving one at a time are scanned once.
    qsizetype m_lineEnd = -1;     // the request line's '\n'
    qsizetype m_lineStart = 0;    // start of the header line being scanned
    qsizetype m_probe = 0;        // where the search for the next '\n' resumes
    int m_headerLines = 0;

    bool m_inBody = false;
    bool m_continuePending = false;
    qint64 m_bodyLength = 0;
    Request m_current;
    RequestHead m_head;

    int m_errorStatus = 0;
    const char *m_errorReason = "";
};

} // namespace queue::http
