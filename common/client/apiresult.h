#pragma once

#include "common/protocol.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace queue::client {

// Why a call failed. Exactly one of three things happened:
//  - kind Network / Timeout: no HTTP answer at all (server down, connection refused or
//    reset, DNS, TLS, or no complete answer within the request timeout). status is 0.
//  - kind Http: the server answered with a non-2xx status; code/message come from its
//    {"error":{"code","message"}} body (code is empty if the body was not that shape).
//  - kind Protocol: a 2xx answer whose body could not be understood.
struct ApiError {
    enum class Kind { None, Network, Timeout, Http, Protocol };

    Kind kind = Kind::None;
    int status = 0;              // HTTP status; 0 when there was no HTTP answer
    QString code;                // "wrong_state", "unauthorized", …; "network", "timeout", "bad_response"
    QString message;             // the server's message, or a (translated) client-side description
    bool isNetworkError = false; // Network or Timeout: the request may or may not have reached the server
    qint64 retryAfterS = 0;      // kind Http: the answer's Retry-After in seconds (429 login limits); 0: none

    bool isNull() const { return kind == Kind::None; }
    // The server's refusal as the protocol's code (common/protocol.h), which the apps turn
    // into their own texts; nullopt without an HTTP error body, or for a code this build
    // does not know.
    std::optional<api::ErrorCode> errorCode() const
    {
        return kind == Kind::Http ? api::errorCodeFromName(code) : std::nullopt;
    }
    bool is(api::ErrorCode c) const { return errorCode() == c; }
};

// The outcome of one ApiClient call: either a value or an error, plus the raw JSON body
// (for fields the typed value does not carry) and the Idempotency-Key that was sent
// (empty for calls that send none). To retry an action after a network error without
// risking doing it twice, call the same method again passing idempotencyKey().
template <typename T>
class Result {
public:
    static Result success(T value, QJsonObject json = {}, QString idempotencyKey = {})
    {
        Result r;
        r.m_value = std::move(value);
        r.m_json = std::move(json);
        r.m_idempotencyKey = std::move(idempotencyKey);
        return r;
    }
    static Result failure(ApiError error, QJsonObject json = {}, QString idempotencyKey = {})
    {
        Result r;
        r.m_error = std::move(error);
        r.m_json = std::move(json);
        r.m_idempotencyKey = std::move(idempotencyKey);
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return *m_value; }   // only when ok()
    const T *operator->() const { return &*m_value; }
    const ApiError &error() const { return m_error; }
    const QJsonObject &json() const { return m_json; }
    const QString &idempotencyKey() const { return m_idempotencyKey; }

private:
    std::optional<T> m_value;
    ApiError m_error;
    QJsonObject m_json;
    QString m_idempotencyKey;
};

template <typename T>
using Callback = std::function<void(const Result<T> &)>;

// For calls whose success carries no data (204).
struct Empty {};

} // namespace queue::client
