#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace queue::server {

// A refusal the API reports as {"error":{"code","message"}} with `status`.
struct ApiError {
    int status = 500;
    QString code;
    QString message;
};

inline ApiError badRequest(const QString &message) { return {400, QStringLiteral("bad_request"), message}; }
inline ApiError notFound(const QString &message) { return {404, QStringLiteral("not_found"), message}; }
inline ApiError wrongState(const QString &message) { return {409, QStringLiteral("wrong_state"), message}; }
inline ApiError internalError() { return {500, QStringLiteral("internal"), QStringLiteral("storage failure; nothing was changed")}; }

template <typename T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(ApiError error) : m_v(std::move(error)) {}
    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<0>(m_v); }
    T &value() { return std::get<0>(m_v); }
    const T *operator->() const { return &value(); }
    const ApiError &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, ApiError> m_v;
};

} // namespace queue::server
