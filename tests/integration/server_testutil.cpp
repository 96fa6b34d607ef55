#include "server_testutil.h"

#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

void PrintTo(const QString &s, std::ostream *os) { *os << '"' << s.toStdString() << '"'; }
void PrintTo(const QByteArray &b, std::ostream *os) { *os << '"' << b.left(500).toStdString() << '"'; }
void PrintTo(const QJsonObject &o, std::ostream *os) { *os << QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString(); }
void PrintTo(const QJsonArray &a, std::ostream *os) { *os << QJsonDocument(a).toJson(QJsonDocument::Compact).toStdString(); }
void PrintTo(const QJsonValue &v, std::ostream *os) { *os << queue::test::str(v); }

namespace queue::test {

std::string str(const QJsonValue &v)
{
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).toStdString();
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact).toStdString();
    if (v.isUndefined())
        return "<missing>";
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1).toStdString();
}

std::string str(const HttpResult &r)
{
    return std::to_string(r.status) + " " + r.body.left(1000).toStdString();
}

// ---- shapes ---------------------------------------------------------------------------------

bool isIsoTime(const QJsonValue &v)
{
    static const QRegularExpression re(u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"_s);
    return v.isString() && re.match(v.toString()).hasMatch();
}

bool isInteger(const QJsonValue &v)
{
    return v.isDouble() && v.toDouble() == static_cast<double>(v.toInteger());
}

namespace {

enum class Kind { Int, IntOrNull, String, StringOrNull, Time, TimeOrNull, Array, ObjectOrNull };

struct Field {
    const char *name;
    Kind kind;
    QStringList allowed = {};   // for strings: the permitted values
};

bool matches(const QJsonValue &v, Kind kind)
{
    switch (kind) {
    case Kind::Int: return isInteger(v);
    case Kind::IntOrNull: return v.isNull() || isInteger(v);
    case Kind::String: return v.isString();
    case Kind::StringOrNull: return v.isNull() || v.isString();
    case Kind::Time: return isIsoTime(v);
    case Kind::TimeOrNull: return v.isNull() || isIsoTime(v);
    case Kind::Array: return v.isArray();
    case Kind::ObjectOrNull: return v.isNull() || v.isObject();
    }
    return false;
}

QStringList fieldProblems(const QJsonObject &o, const QList<Field> &fields)
{
    QStringList problems;
    for (const Field &f : fields) {
        const QString name = QString::fromLatin1(f.name);
        const QJsonValue v = o.value(name);
        if (v.isUndefined())
            problems << name + u" is missing"_s;
        else if (!matches(v, f.kind))
            problems << name + u" has the wrong type: "_s + QString::fromStdString(str(v));
        else if (!f.allowed.isEmpty() && v.isString() && !f.allowed.contains(v.toString()))
            problems << name + u" has an undocumented value: "_s + v.toString();
    }
    return problems;
}

::testing::AssertionResult verdict(const QStringList &problems, const QJsonObject &o, const char *what)
{
    if (problems.isEmpty())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << what << ": " << problems.join(u"; "_s).toStdString()
                                         << "\n  in " << str(o);
}

} // namespace

::testing::AssertionResult hasTicketShape(const QJsonObject &t)
{
    static const QStringList states{u"waiting"_s, u"called"_s, u"serving"_s, u"done"_s,
                                    u"no_show"_s, u"redirected"_s, u"postponed"_s, u"cancelled"_s};
    static const QStringList priorities{u"disability"_s, u"veteran"_s, u"pregnant"_s,
                                        u"with_infant"_s, u"other_legal"_s};
    static const QStringList outcomes{u"resolved"_s, u"back_office"_s, u"service_stopped"_s};
    QStringList problems = fieldProblems(t, {
        {"id", Kind::Int}, {"number", Kind::String}, {"service", Kind::String},
        {"original_service", Kind::String}, {"segment", Kind::String, {u"b2c"_s, u"b2b"_s}},
        {"state", Kind::String, states}, {"priority", Kind::StringOrNull, priorities},
        {"issued_at", Kind::Time}, {"called_at", Kind::TimeOrNull}, {"started_at", Kind::TimeOrNull},
        {"finished_at", Kind::TimeOrNull}, {"postponed_until", Kind::TimeOrNull},
        {"window", Kind::IntOrNull}, {"target_window", Kind::IntOrNull},
        {"operator", Kind::StringOrNull}, {"recalls", Kind::Int}, {"redirects", Kind::Int},
        {"outcome", Kind::StringOrNull, outcomes}, {"wait_s", Kind::IntOrNull},
        {"service_s", Kind::IntOrNull},
    });
    static const QRegularExpression number(u"^\\p{Lu}\\d{3}$"_s);
    if (t.value(u"number"_s).isString() && !number.match(t.value(u"number"_s).toString()).hasMatch())
        problems << u"number is not a letter and 3 digits"_s;
    return verdict(problems, t, "not a Ticket");
}

::testing::AssertionResult hasWindowShape(const QJsonObject &w)
{
    QStringList problems = fieldProblems(w, {
        {"number", Kind::Int},
        {"state", Kind::String, {u"closed"_s, u"open"_s, u"calling"_s, u"serving"_s, u"paused"_s}},
        {"pause_reason", Kind::StringOrNull, {u"break"_s, u"lunch"_s, u"technical"_s}},
        {"services", Kind::Array}, {"segment", Kind::String, {u"b2c"_s, u"b2b"_s}},
        {"operator", Kind::ObjectOrNull}, {"ticket", Kind::ObjectOrNull}, {"since", Kind::TimeOrNull},
    });
    const QJsonValue op = w.value(u"operator"_s);
    if (op.isObject())
        problems += fieldProblems(op.toObject(), {{"login", Kind::String}, {"name", Kind::String}});
    const QJsonValue ticket = w.value(u"ticket"_s);
    if (ticket.isObject() && !hasTicketShape(ticket.toObject()))
        problems << u"ticket is not a Ticket"_s;
    return verdict(problems, w, "not a Window");
}

::testing::AssertionResult isError(const HttpResult &r, int status, const QString &code)
{
    const QJsonObject error = r.json().value(u"error"_s).toObject();
    QStringList problems;
    if (r.status != status)
        problems << u"status %1, expected %2"_s.arg(r.status).arg(status);
    if (error.value(u"code"_s).toString() != code)
        problems << u"error.code is %1, expected %2"_s.arg(QString::fromStdString(str(error.value(u"code"_s))), code);
    if (!error.value(u"message"_s).isString() || error.value(u"message"_s).toString().isEmpty())
        problems << u"error.message is not a non-empty string"_s;
    if (problems.isEmpty())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << problems.join(u"; "_s).toStdString() << "\n  response: " << str(r);
}

// ---- Api ---------------------------------------------------------------------------------

HttpResult Api::get(const QString &path, const QByteArray &token) const
{
    return http("GET", m_server.url(path), token);
}

HttpResult Api::post(const QString &path, const QByteArray &token, const QJsonObject &body,
                     const Headers &headers) const
{
    return postRaw(path, token, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

HttpResult Api::postRaw(const QString &path, const QByteArray &token, const QByteArray &body,
                        const Headers &headers) const
{
    return http("POST", m_server.url(path), token, body, headers);
}

HttpResult Api::del(const QString &path, const QByteArray &token) const
{
    return http("DELETE", m_server.url(path), token);
}

HttpResult Api::send(const QByteArray &method, const QString &path, const QByteArray &token,
                     const QByteArray &body) const
{
    return http(method, m_server.url(path), token, body);
}

HttpResult Api::issueRaw(const QString &service, const QString &priority, const QByteArray &token) const
{
    QJsonObject body{{u"service"_s, service}};
    if (!priority.isEmpty())
        body.insert(u"priority"_s, priority);
    return post(u"/api/v1/tickets"_s, token, body);
}

QJsonObject Api::issue(const QString &service, const QString &priority) const
{
    const HttpResult r = issueRaw(service, priority);
    if (r.status != 201) {
        ADD_FAILURE() << "issuing a " << service.toStdString() << " ticket: " << str(r);
        return {};
    }
    return r.json();
}

qint64 Api::issueId(const QString &service, const QString &priority) const
{
    return issue(service, priority).value(u"id"_s).toInteger();
}

HttpResult Api::loginRaw(const QString &login, const QString &pin, int window) const
{
    return post(u"/api/v1/sessions"_s, {},
                QJsonObject{{u"login"_s, login}, {u"pin"_s, pin}, {u"window"_s, window}});
}

QByteArray Api::login(int window, const QString &login) const
{
    const QString who = login.isEmpty() ? u"op%1"_s.arg(window) : login;
    const HttpResult r = loginRaw(who, u"1234"_s, window);
    const QByteArray token = r.json().value(u"token"_s).toString().toUtf8();
    if (r.status != 201 || token.isEmpty())
        ADD_FAILURE() << "login of " << who.toStdString() << " to window " << window << ": " << str(r);
    return token;
}

HttpResult Api::act(int window, const QByteArray &token, const QString &action, const QJsonObject &body,
                    const Headers &headers) const
{
    return post(u"/api/v1/windows/%1/%2"_s.arg(window).arg(action), token, body, headers);
}

QJsonObject Api::callAndStart(int window, const QByteArray &token) const
{
    const HttpResult call = act(window, token, u"call"_s);
    if (call.status != 200) {
        ADD_FAILURE() << "window " << window << " call: " << str(call);
        return {};
    }
    const HttpResult start = act(window, token, u"start"_s);
    if (start.status != 200)
        ADD_FAILURE() << "window " << window << " start: " << str(start);
    return start.json();
}

QJsonObject Api::serveNext(int window, const QByteArray &token) const
{
    const HttpResult call = act(window, token, u"call"_s);
    if (call.status == 204)
        return {};
    const HttpResult start = act(window, token, u"start"_s);
    const HttpResult finish = act(window, token, u"finish"_s, {{u"outcome"_s, u"resolved"_s}});
    if (call.status != 200 || start.status != 200 || finish.status != 200)
        ADD_FAILURE() << "window " << window << " serving the next ticket: call " << str(call)
                      << "\n  start " << str(start) << "\n  finish " << str(finish);
    return finish.json();
}

QJsonObject Api::ticket(qint64 id) const
{
    const HttpResult r = get(u"/api/v1/tickets/%1"_s.arg(id));
    if (r.status != 200)
        ADD_FAILURE() << "GET ticket " << id << ": " << str(r);
    return r.json();
}

QJsonObject Api::queue(const QString &query) const
{
    const HttpResult r = get(query.isEmpty() ? u"/api/v1/queue"_s : u"/api/v1/queue?"_s + query);
    if (r.status != 200)
        ADD_FAILURE() << "GET queue?" << query.toStdString() << ": " << str(r);
    return r.json();
}

QJsonArray Api::serviceQueue(const QString &service) const
{
    const QJsonArray services = queue(u"service="_s + service).value(u"services"_s).toArray();
    for (const QJsonValue &s : services)
        if (s.toObject().value(u"id"_s).toString() == service)
            return s.toObject().value(u"tickets"_s).toArray();
    ADD_FAILURE() << "GET queue?service=" << service.toStdString() << " has no list for it: " << str(services);
    return {};
}

QList<qint64> Api::serviceQueueIds(const QString &service) const { return idsOf(serviceQueue(service)); }

QList<qint64> Api::windowQueueIds(int window) const
{
    return idsOf(queue(u"window=%1"_s.arg(window)).value(u"tickets"_s).toArray());
}

QJsonObject Api::window(int number) const
{
    const HttpResult r = get(u"/api/v1/windows"_s);
    for (const QJsonValue &w : r.json().value(u"windows"_s).toArray())
        if (w.toObject().value(u"number"_s).toInt() == number)
            return w.toObject();
    ADD_FAILURE() << "window " << number << " is not in GET /api/v1/windows: " << str(r);
    return {};
}

namespace {
// Drops the fields that change with the clock alone.
QJsonValue withoutClockFields(const QJsonValue &v)
{
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &e : v.toArray())
            out.append(withoutClockFields(e));
        return out;
    }
    if (!v.isObject())
        return v;
    QJsonObject out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.key() != u"wait_s"_s && it.key() != u"oldest_wait_s"_s)
            out.insert(it.key(), withoutClockFields(it.value()));
    return out;
}
} // namespace

QJsonObject Api::snapshot() const
{
    const HttpResult queue = get(u"/api/v1/queue"_s);
    const HttpResult windows = get(u"/api/v1/windows"_s);
    if (queue.status != 200 || windows.status != 200)
        ADD_FAILURE() << "snapshot: GET queue " << str(queue) << "\n  GET windows " << str(windows);
    return QJsonObject{{u"queue"_s, withoutClockFields(queue.json())},
                       {u"windows"_s, withoutClockFields(windows.json())}};
}

QList<qint64> idsOf(const QJsonArray &tickets)
{
    QList<qint64> ids;
    for (const QJsonValue &t : tickets)
        ids << t.toObject().value(u"id"_s).toInteger();
    return ids;
}

QStringList numbersOf(const QJsonArray &tickets)
{
    QStringList numbers;
    for (const QJsonValue &t : tickets)
        numbers << t.toObject().value(u"number"_s).toString();
    return numbers;
}

// ---- AsyncClient -------------------------------------------------------------------------

AsyncClient::AsyncClient() { m_nam.setProxy(QNetworkProxy::NoProxy); }

QNetworkReply *AsyncClient::send(const QByteArray &method, const QUrl &url, const QByteArray &token,
                                 const QByteArray &body, const Headers &headers)
{
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    return m_nam.sendCustomRequest(req, method, body);
}

QNetworkReply *AsyncClient::post(const QUrl &url, const QByteArray &token, const QJsonObject &body,
                                 const Headers &headers)
{
    return send("POST", url, token, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

HttpResult resultOf(QNetworkReply *reply)
{
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    return r;
}

bool waitAllFinished(const QList<QNetworkReply *> &replies, int timeoutMs)
{
    return waitUntil([&] {
        return std::all_of(replies.begin(), replies.end(), [](QNetworkReply *r) { return r->isFinished(); });
    }, timeoutMs);
}

// ---- RawConnection -----------------------------------------------------------------------

RawConnection::RawConnection(quint16 port)
{
    QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_received += m_socket.readAll(); });
    m_socket.setProxy(QNetworkProxy::NoProxy);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

bool RawConnection::waitConnected(int timeoutMs)
{
    return waitUntil([&] { return m_socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs);
}

bool RawConnection::isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

void RawConnection::write(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

int RawConnection::completeResponseStatus() const
{
    const qsizetype headerEnd = m_received.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return 0;
    const QList<QByteArray> lines = m_received.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1."))
        return 0;
    qint64 length = 0;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
            length = line.mid(colon + 1).trimmed().toLongLong();
    }
    const bool closed = m_socket.state() == QAbstractSocket::UnconnectedState;
    if (!closed && m_received.size() - headerEnd - 4 < length)
        return 0;
    return statusLine[1].toInt();
}

int RawConnection::waitResponse(int timeoutMs)
{
    waitUntil([&] {
        m_received += m_socket.readAll();
        return completeResponseStatus() != 0 || m_socket.state() == QAbstractSocket::UnconnectedState;
    }, timeoutMs);
    m_received += m_socket.readAll();
    return completeResponseStatus();
}

bool RawConnection::waitClosed(int timeoutMs)
{
    return waitUntil([&] {
        m_received += m_socket.readAll();
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }, timeoutMs);
}

// ---- EventStream -------------------------------------------------------------------------

QUrl eventsUrl(const TestServer &server, const QByteArray &token, std::optional<qint64> since)
{
    QUrl url(u"ws://127.0.0.1:%1/api/v1/events"_s.arg(server.port()));
    QUrlQuery query;
    if (!token.isEmpty())
        query.addQueryItem(u"token"_s, QString::fromUtf8(token));
    if (since)
        query.addQueryItem(u"since"_s, QString::number(*since));
    url.setQuery(query);
    return url;
}

EventStream::EventStream(const TestServer &server, const QByteArray &token, std::optional<qint64> since)
{
    wire();
    m_socket.open(eventsUrl(server, token, since));
}

EventStream::EventStream(const QNetworkRequest &request)
{
    wire();
    m_socket.open(request);
}

void EventStream::wire()
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    QObject::connect(&m_socket, &QWebSocket::connected, &m_socket, [this] { m_connected = true; });
    QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket, [this] { m_closed = true; });
    QObject::connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), &m_socket, [this] { m_closed = true; });
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &text) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (!doc.isObject())
            ADD_FAILURE() << "event stream sent a message that is not a JSON object: " << text.toStdString();
        m_messages << doc.object();
    });
}

bool EventStream::waitHello(int timeoutMs)
{
    return waitUntil([&] { return helloSeq() >= 0 || m_closed; }, timeoutMs) && helloSeq() >= 0;
}

qint64 EventStream::helloSeq() const
{
    if (m_messages.isEmpty() || m_messages.first().value(u"type"_s).toString() != u"hello"_s)
        return -1;
    const QJsonValue seq = m_messages.first().value(u"seq"_s);
    return isInteger(seq) ? seq.toInteger() : -1;
}

QList<QJsonObject> EventStream::events() const
{
    QList<QJsonObject> out;
    for (const QJsonObject &m : m_messages)
        if (m.value(u"type"_s).toString() != u"hello"_s)
            out << m;
    return out;
}

bool EventStream::waitEvents(int n, int timeoutMs)
{
    return waitUntil([&] { return events().size() >= n; }, timeoutMs);
}

std::optional<QJsonObject> EventStream::waitFor(const QString &type, qint64 ticketId, int timeoutMs)
{
    std::optional<QJsonObject> found;
    waitUntil([&] {
        for (const QJsonObject &e : m_messages)
            if (e.value(u"type"_s).toString() == type
                && (ticketId == 0 || e.value(u"ticket"_s).toObject().value(u"id"_s).toInteger() == ticketId)) {
                found = e;
                return true;
            }
        return false;
    }, timeoutMs);
    return found;
}

bool EventStream::waitRefusedOrClosed(int timeoutMs)
{
    return waitUntil([&] { return m_closed; }, timeoutMs);
}

qint64 currentSeq(const TestServer &server)
{
    EventStream stream(server);
    return stream.waitHello() ? stream.helloSeq() : -1;
}

} // namespace queue::test
