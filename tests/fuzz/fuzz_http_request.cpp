// libFuzzer target for queue::http::RequestParser (scripts/fuzz.sh).
// The first byte chooses where the rest is split in two; the parser must
// reach the same requests and the same error whether the bytes come whole
// or split, with the default and with small limits. Any difference traps.
#include "server/http/requestparser.h"

#include <cstddef>
#include <cstdint>

using namespace queue::http;

namespace {

struct Outcome {
    QList<QByteArray> requests;
    int errorStatus = 0;
    bool operator==(const Outcome &o) const { return requests == o.requests && errorStatus == o.errorStatus; }
};

void drain(RequestParser &parser, Outcome &out, const Limits &limits)
{
    for (int guard = 0; guard < 100000; ++guard) {
        switch (parser.next()) {
        case RequestParser::Status::NeedMore:
            return;
        case RequestParser::Status::Error:
            if (parser.errorStatus() < 400 || parser.errorStatus() > 505)
                __builtin_trap();
            out.errorStatus = parser.errorStatus();
            return;
        case RequestParser::Status::Ready:
            break;
        }
        const RequestHead head = parser.head();
        const Request r = parser.takeRequest();
        if (r.body.size() > limits.maxBodyBytes || r.body.size() != head.contentLength
            || r.headers.size() > limits.maxHeaderCount)
            __builtin_trap();
        QByteArray d = r.method + ' ' + r.path.toUtf8() + ' ' + r.query.toString().toUtf8();
        for (const auto &h : r.headers)
            d += '\n' + h.first + ':' + h.second;
        d += '\n' + r.body + (head.keepAlive ? "K" : "C") + (head.isHead ? "H" : "");
        out.requests.append(d);
    }
    __builtin_trap();   // next() must not loop without consuming
}

Outcome run(const QByteArray &a, const QByteArray &b, const Limits &limits)
{
    RequestParser parser(limits);
    Outcome out;
    parser.feed(a);
    drain(parser, out, limits);
    parser.feed(b);
    drain(parser, out, limits);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype split = bytes.isEmpty() ? 0 : qsizetype(data[0]) * bytes.size() / 255;
    Limits small;
    small.maxRequestLineBytes = 64;
    small.maxHeaderBytes = 128;
    small.maxHeaderCount = 4;
    small.maxBodyBytes = 32;
    for (const Limits &limits : {Limits(), small}) {
        const Outcome whole = run(bytes, QByteArray(), limits);
        const Outcome split2 = run(bytes.left(split), bytes.mid(split), limits);
        if (!(whole == split2))
            __builtin_trap();
    }
    return 0;
}
