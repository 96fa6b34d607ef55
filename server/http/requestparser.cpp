#include "requestparser.h"

#include <cstring>

namespace queue::http {

namespace {

bool isTchar(uchar c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isCtl(uchar c) { return c < 0x20 || c == 0x7f; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c; }

bool equalsNoCase(const char *a, qsizetype n, const char *lowerLiteral)
{
    const qsizetype m = qsizetype(std::strlen(lowerLiteral));
    if (n != m)
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        if (lower(a[i]) != lowerLiteral[i])
            return false;
    }
    return true;
}

// Calls f(token, length) for each comma-separated, whitespace-trimmed token.
template <typename F>
void forEachToken(const QByteArray &value, F f)
{
    const char *d = value.constData();
    const qsizetype n = value.size();
    qsizetype i = 0;
    while (i < n) {
        while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == ','))
            ++i;
        qsizetype j = i;
        while (j < n && d[j] != ',')
            ++j;
        qsizetype e = j;
        while (e > i && (d[e - 1] == ' ' || d[e - 1] == '\t'))
            --e;
        if (e > i)
            f(d + i, e - i);
        i = j;
    }
}

// Header names clients send all the time; sharing static copies saves an
// allocation per header.
QByteArray internHeaderName(const char *d, qsizetype n)
{
    static const QByteArray known[] = {
        QByteArrayLiteral("host"), QByteArrayLiteral("user-agent"),
        QByteArrayLiteral("accept"), QByteArrayLiteral("accept-encoding"),
        QByteArrayLiteral("accept-language"), QByteArrayLiteral("connection"),
        QByteArrayLiteral("content-length"), QByteArrayLiteral("content-type"),
        QByteArrayLiteral("authorization"), QByteArrayLiteral("cookie"),
        QByteArrayLiteral("origin"), QByteArrayLiteral("referer"),
        QByteArrayLiteral("cache-control"), QByteArrayLiteral("pragma"),
        QByteArrayLiteral("upgrade"), QByteArrayLiteral("sec-websocket-key"),
        QByteArrayLiteral("sec-websocket-version"), QByteArrayLiteral("if-none-match"),
        QByteArrayLiteral("x-request-id"), QByteArrayLiteral("x-forwarded-for"),
    };
    for (const QByteArray &k : known) {
        if (equalsNoCase(d, n, k.constData()))
            return k;
    }
    QByteArray name(d, n);
    for (char &c : name)
        c = lower(c);
    return name;
}

// Splits a request line (no CR/LF) into its three parts.
bool splitRequestLine(const char *d, qsizetype n, qsizetype &sp1, qsizetype &sp2)
{
    const char *a = static_cast<const char *>(std::memchr(d, ' ', size_t(n)));
    if (!a)
        return false;
    sp1 = a - d;
    const char *b = static_cast<const char *>(std::memchr(a + 1, ' ', size_t(n - sp1 - 1)));
    if (!b)
        return false;
    sp2 = b - d;
    if (std::memchr(b + 1, ' ', size_t(n - sp2 - 1)))
        return false;
    return sp1 > 0 && sp2 > sp1 + 1 && sp2 + 1 < n;
}

} // namespace

RequestParser::RequestParser(const Limits &limits) : m_limits(limits) {}

void RequestParser::feed(const char *data, qsizetype size)
{
    if (m_errorStatus != 0 || size <= 0)
        return;   // nothing more is parsed after an error
    if (m_pos > 0) {
        if (m_pos == m_buf.size() && m_buf.capacity() > 128 * 1024)
            m_buf = QByteArray();   // don't keep a large body's buffer per idle connection
        else
            m_buf.remove(0, m_pos);   // Qt 6 just moves the begin pointer
        m_pos = 0;
    }
    m_buf.append(data, size);
}

RequestParser::Status RequestParser::fail(int status, const char *reason)
{
    m_errorStatus = status;
    m_errorReason = reason;
    m_inBody = false;
    m_continuePending = false;
    return Status::Error;
}

RequestParser::Status RequestParser::next()
{
    if (m_errorStatus != 0)
        return Status::Error;
    if (!m_inBody) {
        if (m_lineEnd < 0 && m_probe == 0 && !skipEmptyLines())
            return Status::NeedMore;
        qsizetype headEnd = 0;
        const Scan scan = scanHead(headEnd);
        if (scan == Scan::NeedMore)
            return Status::NeedMore;
        if (scan == Scan::Error)
            return Status::Error;
        m_current = Request();
        m_head = RequestHead();
        const char *d = m_buf.constData() + m_pos;
        m_pos += headEnd;
        resetScan();
        if (!parseHead(d, headEnd))
            return Status::Error;
        if (m_head.hasTransferEncoding) {
            if (m_head.chunkedOnly)
                return fail(411, "chunked request bodies are not supported; send Content-Length");
            return fail(501, "unsupported transfer coding");
        }
        if (m_head.bodyTooLarge)
            return fail(413, "request body too large");
        m_bodyLength = m_head.contentLength;
        if (m_bodyLength == 0)
            return Status::Ready;
        m_inBody = true;
        m_continuePending = m_head.expectContinue;
    }
    if (m_buf.size() - m_pos < m_bodyLength)
        return Status::NeedMore;
    m_current.body = m_buf.mid(m_pos, qsizetype(m_bodyLength));
    m_pos += qsizetype(m_bodyLength);
    m_inBody = false;
    m_continuePending = false;
    return Status::Ready;
}

Request RequestParser::takeRequest()
{
    Request r = std::move(m_current);
    m_current = Request();
    return r;
}

bool RequestParser::takeContinue()
{
    if (!m_continuePending || !m_inBody || m_buf.size() - m_pos >= m_bodyLength)
        return false;
    m_continuePending = false;
    return true;
}

bool RequestParser::requestLinePath(QString &path) const
{
    if (m_inBody || m_lineEnd < 0)
        return false;
    const char *line = m_buf.constData() + m_pos;
    qsizetype n = m_lineEnd;
    if (n > 0 && line[n - 1] == '\r')
        --n;
    qsizetype sp1 = 0;
    qsizetype sp2 = 0;
    if (!splitRequestLine(line, n, sp1, sp2))
        return false;
    Request probe;
    if (!parseTarget(line + sp1 + 1, sp2 - sp1 - 1, probe))
        return false;
    path = probe.path;
    return true;
}

void RequestParser::resetScan()
{
    m_lineEnd = -1;
    m_lineStart = 0;
    m_probe = 0;
    m_headerLines = 0;
}

bool RequestParser::parseTarget(const char *t, qsizetype n, Request &req)
{
    if (n == 0)
        return false;
    if (n == 1 && t[0] == '*') {
        req.path = QStringLiteral("*");
        return true;
    }
    if (t[0] != '/') {
        // absolute-form: scheme://authority/path
        qsizetype skip = 0;
        if (n >= 7 && equalsNoCase(t, 7, "http://"))
            skip = 7;
        else if (n >= 8 && equalsNoCase(t, 8, "https://"))
            skip = 8;
        else
            return false;
        qsizetype i = skip;
        while (i < n && t[i] != '/' && t[i] != '?')
            ++i;
        t += i;
        n -= i;
    }
    const char *hash = static_cast<const char *>(std::memchr(t, '#', size_t(n)));
    if (hash)
        n = hash - t;
    const char *q = static_cast<const char *>(std::memchr(t, '?', size_t(n)));
    const qsizetype pathLen = q ? q - t : n;
    if (pathLen == 0) {
        req.path = QStringLiteral("/");
    } else if (std::memchr(t, '%', size_t(pathLen))) {
        req.path = QString::fromUtf8(
            QByteArray::fromPercentEncoding(QByteArray::fromRawData(t, pathLen)));
    } else {
        req.path = QString::fromUtf8(t, pathLen);
    }
    if (q && q + 1 < t + n) {
        QByteArray query(q + 1, (t + n) - (q + 1));
        // Form-style '+' means space; QUrlQuery would keep it literally.
        if (query.contains('+'))
            query.replace('+', "%20");
        req.query.setQuery(QString::fromUtf8(query));
    }
    return true;
}

// Parses a complete header block (request line, header lines and the empty
// line). Returns false (and the error set) when the request must be refused.
bool RequestParser::parseHead(const char *d, qsizetype len)
{
    const Limits &limits = m_limits;
    Request &req = m_current;
    RequestHead &info = m_head;
    auto fail = [this](int status, const char *message) {
        this->fail(status, message);
        return false;
    };
    auto lineEnd = [d, len](qsizetype from) -> qsizetype {
        const void *p = std::memchr(d + from, '\n', size_t(len - from));
        return p ? static_cast<const char *>(p) - d : len;
    };

    // Request line.
    qsizetype nl = lineEnd(0);
    qsizetype n = nl;
    if (n > 0 && d[n - 1] == '\r')
        --n;
    if (n > limits.maxRequestLineBytes)
        return fail(414, "request line too long");
    for (qsizetype i = 0; i < n; ++i) {
        if (isCtl(uchar(d[i])))
            return fail(400, "control character in request line");
    }
    qsizetype sp1 = 0;
    qsizetype sp2 = 0;
    if (!splitRequestLine(d, n, sp1, sp2))
        return fail(400, "malformed request line");
    for (qsizetype i = 0; i < sp1; ++i) {
        if (!isTchar(uchar(d[i])))
            return fail(400, "malformed method");
    }
    const char *ver = d + sp2 + 1;
    const qsizetype verLen = n - sp2 - 1;
    if (verLen != 8 || std::memcmp(ver, "HTTP/", 5) != 0 || ver[6] != '.'
        || ver[5] < '0' || ver[5] > '9' || ver[7] < '0' || ver[7] > '9')
        return fail(400, "malformed HTTP version");
    if (ver[5] != '1' || (ver[7] != '0' && ver[7] != '1'))
        return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
    info.http10 = ver[7] == '0';
    if (!parseTarget(d + sp1 + 1, sp2 - sp1 - 1, req))
        return fail(400, "malformed request target");
    if (sp1 == 3 && std::memcmp(d, "GET", 3) == 0)
        req.method = QByteArrayLiteral("GET");
    else if (sp1 == 4 && std::memcmp(d, "POST", 4) == 0)
        req.method = QByteArrayLiteral("POST");
    else if (sp1 == 4 && std::memcmp(d, "HEAD", 4) == 0)
        req.method = QByteArrayLiteral("HEAD");
    else
        req.method = QByteArray(d, sp1);
    info.isHead = req.method == "HEAD";

    // Header lines.
    const qsizetype headerStart = nl + 1;
    if (len - headerStart > qsizetype(limits.maxHeaderBytes) + 2)
        return fail(431, "headers too large");
    bool close = false;
    bool keepAliveToken = false;
    qsizetype pos = headerStart;
    while (pos < len) {
        nl = lineEnd(pos);
        qsizetype e = nl;
        if (e > pos && d[e - 1] == '\r')
            --e;
        if (e == pos)
            break;   // the empty line
        if (req.headers.size() >= limits.maxHeaderCount)
            return fail(431, "too many headers");
        const char *line = d + pos;
        const qsizetype lineLen = e - pos;
        if (line[0] == ' ' || line[0] == '\t')
            return fail(400, "obsolete header folding");
        const char *colon = static_cast<const char *>(std::memchr(line, ':', size_t(lineLen)));
        if (!colon || colon == line)
            return fail(400, "malformed header line");
        const qsizetype nameLen = colon - line;
        for (qsizetype i = 0; i < nameLen; ++i) {
            if (!isTchar(uchar(line[i])))
                return fail(400, "malformed header name");
        }
        qsizetype vs = nameLen + 1;
        qsizetype ve = lineLen;
        while (vs < ve && (line[vs] == ' ' || line[vs] == '\t'))
            ++vs;
        while (ve > vs && (line[ve - 1] == ' ' || line[ve - 1] == '\t'))
            --ve;
        for (qsizetype i = vs; i < ve; ++i) {
            const uchar c = uchar(line[i]);
            if (isCtl(c) && c != '\t')
                return fail(400, "control character in header value");
        }
        QByteArray name = internHeaderName(line, nameLen);
        QByteArray value(line + vs, ve - vs);

        if (name == "content-length") {
            if (value.isEmpty())
                return fail(400, "invalid Content-Length");
            qint64 length = 0;
            bool tooLarge = false;
            for (char c : value) {
                if (c < '0' || c > '9')
                    return fail(400, "invalid Content-Length");
                if (length > (qint64(1) << 50))
                    tooLarge = true;
                else
                    length = length * 10 + (c - '0');
            }
            if (info.hasContentLength
                && (tooLarge != info.bodyTooLarge || (!tooLarge && length != info.contentLength)))
                return fail(400, "conflicting Content-Length headers");
            info.hasContentLength = true;
            info.bodyTooLarge = tooLarge || length > limits.maxBodyBytes;
            info.contentLength = length;
        } else if (name == "transfer-encoding") {
            bool onlyChunked = !info.hasTransferEncoding;
            bool any = false;
            forEachToken(value, [&](const char *t, qsizetype tn) {
                any = true;
                if (!equalsNoCase(t, tn, "chunked"))
                    onlyChunked = false;
            });
            info.hasTransferEncoding = true;
            info.chunkedOnly = onlyChunked && any;
        } else if (name == "connection") {
            forEachToken(value, [&](const char *t, qsizetype tn) {
                if (equalsNoCase(t, tn, "close"))
                    close = true;
                else if (equalsNoCase(t, tn, "keep-alive"))
                    keepAliveToken = true;
                else if (equalsNoCase(t, tn, "upgrade"))
                    info.connectionUpgrade = true;
            });
        } else if (name == "expect") {
            if (equalsNoCase(value.constData(), value.size(), "100-continue"))
                info.expectContinue = true;
        } else if (name == "upgrade") {
            forEachToken(value, [&](const char *t, qsizetype tn) {
                if (equalsNoCase(t, tn, "websocket"))
                    info.upgradeWebSocket = true;
            });
        }
        req.headers.append(qMakePair(std::move(name), std::move(value)));
        pos = nl + 1;
    }
    info.keepAlive = !close && (!info.http10 || keepAliveToken);
    return true;
}

// Finds the end of the header block starting at m_buf[m_pos], enforcing the
// size limits and rejecting binary garbage early.
RequestParser::Scan RequestParser::scanHead(qsizetype &headEnd)
{
    const Limits &limits = m_limits;
    const char *d = m_buf.constData() + m_pos;
    const qsizetype n = m_buf.size() - m_pos;
    if (m_lineEnd < 0) {
        // The verdict must not depend on how the bytes were split: only the
        // bytes within the length limit are judged here, and a bare CR is left
        // to parseHead() (whether LF follows may not have arrived yet).
        const qsizetype maxLine = qsizetype(limits.maxRequestLineBytes) + 1;   // with its CR
        const void *p = std::memchr(d + m_probe, '\n', size_t(n - m_probe));
        const qsizetype end = p ? static_cast<const char *>(p) - d : n;
        const qsizetype judged = qMin(end, maxLine + 1);
        for (qsizetype i = m_probe; i < judged; ++i) {
            const uchar c = uchar(d[i]);
            if (i == 0 && !isTchar(c)) {
                fail(400, "malformed request line");
                return Scan::Error;
            }
            if (isCtl(c) && c != '\r') {
                fail(400, "control character in request line");
                return Scan::Error;
            }
        }
        if (!p) {
            m_probe = n;
            if (n > maxLine) {
                fail(414, "request line too long");
                return Scan::Error;
            }
            return Scan::NeedMore;
        }
        if (end > maxLine) {
            fail(414, "request line too long");
            return Scan::Error;
        }
        m_lineEnd = end;
        m_lineStart = m_probe = end + 1;
    }
    for (;;) {
        const void *p = std::memchr(d + m_probe, '\n', size_t(n - m_probe));
        if (!p) {
            m_probe = n;
            if (n - (m_lineEnd + 1) > qsizetype(limits.maxHeaderBytes) + 2) {
                fail(431, "headers too large");
                return Scan::Error;
            }
            return Scan::NeedMore;
        }
        const qsizetype nl = static_cast<const char *>(p) - d;
        const qsizetype lineLen = nl - m_lineStart;
        if (lineLen == 0 || (lineLen == 1 && d[m_lineStart] == '\r')) {
            headEnd = nl + 1;
            // As parseHead() would, but before the request line is judged,
            // like the check above on a head still arriving.
            if (headEnd - (m_lineEnd + 1) > qsizetype(limits.maxHeaderBytes) + 2) {
                fail(431, "headers too large");
                return Scan::Error;
            }
            return Scan::Done;
        }
        if (++m_headerLines > limits.maxHeaderCount) {
            fail(431, "too many headers");
            return Scan::Error;
        }
        if (nl - (m_lineEnd + 1) > qsizetype(limits.maxHeaderBytes) + 2) {
            fail(431, "headers too large");
            return Scan::Error;
        }
        m_lineStart = m_probe = nl + 1;
    }
}

// RFC 9112 lets a server ignore empty lines before a request line.
bool RequestParser::skipEmptyLines()
{
    while (m_pos < m_buf.size()) {
        const char c = m_buf.at(m_pos);
        if (c == '\n') {
            ++m_pos;
        } else if (c == '\r') {
            if (m_pos + 1 >= m_buf.size())
                return false;
            if (m_buf.at(m_pos + 1) != '\n')
                return true;
            m_pos += 2;
        } else {
            return true;
        }
    }
    return false;
}

} // namespace queue::http
