#include "httptypes.h"

namespace queue::http {

QByteArray Request::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return QByteArray();
}

Response Response::json(int status, const QByteArray &body)
{
    Response r;
    r.status = status;
    r.body = body;
    return r;
}

Response Response::noContent()
{
    Response r;
    r.status = 204;
    return r;
}

Response Response::text(int status, const QByteArray &body)
{
    Response r;
    r.status = status;
    r.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    r.body = body;
    return r;
}

Responder::Responder(std::function<void(const Response &)> sink, Response unanswered)
{
    // The deleter answers 500 when the last copy is dropped unsent: otherwise
    // the connection would wait for this slot forever (responses go out in
    // request order, so one lost answer blocks all later ones).
    m_state = std::shared_ptr<State>(new State{std::move(sink), std::move(unanswered), false},
                                     [](State *state) {
        if (!state->sent && state->sink) {
            state->sent = true;
            state->sink(state->unanswered);
        }
        delete state;
    });
}

void Responder::send(const Response &response) const
{
    if (!m_state || m_state->sent)
        return;
    m_state->sent = true;
    // Keep the sink alive while it runs even if it drops the last copy of us.
    const auto state = m_state;
    if (state->sink) {
        const auto sink = std::move(state->sink);
        state->sink = nullptr;
        sink(response);
    }
}

const char *reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: break;
    }
    if (status >= 100 && status < 200) return "Informational";
    if (status >= 200 && status < 300) return "Success";
    if (status >= 300 && status < 400) return "Redirection";
    if (status >= 400 && status < 500) return "Client Error";
    return "Server Error";
}

} // namespace queue::http
