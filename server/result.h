#pragma once

#include "common/protocol.h"

#include <QString>

#include <utility>
#include <variant>

namespace queue::server {

// A refusal by the domain: what went wrong, as one of the API's error codes
// (common/protocol.h), and a message for people. Which HTTP status it travels
// with is the API layer's business (server/apierrors.h).
struct DomainError {
    api::ErrorCode code = api::ErrorCode::Internal;
    QString message;
    // > 0: the caller may try again after this many seconds (Retry-After).
    qint64 retryAfterS = 0;
};

inline DomainError badRequest(const QString &message) { return {api::ErrorCode::BadRequest, message}; }
inline DomainError notFound(const QString &message) { return {api::ErrorCode::NotFound, message}; }
inline DomainError wrongState(const QString &message) { return {api::ErrorCode::WrongState, message}; }
inline DomainError internalError()
{
    return {api::ErrorCode::Internal, QStringLiteral("storage failure; nothing was changed")};
}

template <typename T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(DomainError error) : m_v(std::move(error)) {}
    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<0>(m_v); }
    T &value() { return std::get<0>(m_v); }
    const T *operator->() const { return &value(); }
    const DomainError &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, DomainError> m_v;
};

} // namespace queue::server
