#pragma once

#include "accounts.h"
#include "apimodule.h"

namespace queue::server {

// Sign-in with a personal account (server/accounts.h):
//   POST   /api/v1/auth/login     no token; {"login","password"} -> 200 {"token","role","expires_at",
//                                 "login","name"} and the session cookie + the CSRF cookie
//   GET    /api/v1/auth/session   any token; who is signed in
//   DELETE /api/v1/auth/session   an account's token or cookie; signs out
//   PUT    /api/v1/auth/password  an account's token or cookie; {"old","new"} (new >= 10 characters)
// The login and the password change are answered later: the password's hash runs on
// a worker thread, never on the event loop.
class AccountsModule : public ApiModule {
public:
    explicit AccountsModule(const ModuleServices &services) : m_services(services) {}

    void registerRoutes(Router &router) override;
    bool answerLater(const http::Request &request, const Answer &answer) override;
    void tick(qint64 nowMs) override;

    // The value of the cookie `name` of `request`; "" when it has none.
    static QString cookie(const http::Request &request, const QByteArray &name);
    // The account token a request carries: its bearer token, else its session cookie.
    static QString sessionToken(const http::Request &request);
    // True when `request` is authenticated by the session cookie alone (no bearer token).
    static bool byCookie(const http::Request &request);
    // A cookie-authenticated change (POST, PUT, DELETE) must echo the CSRF value in
    // X-CSRF-Token: false when it does not.
    static bool csrfOk(const http::Request &request);

private:
    http::Response loginAnswer(const Result<SignedIn> &signedIn, bool secure) const;
    http::Response login(const http::Request &request);
    http::Response current(const RouteRequest &r);
    http::Response signOut(const RouteRequest &r);
    http::Response changePassword(const RouteRequest &r);
    // Reads the body of a password change; nullopt with the 4xx in *bad.
    std::optional<std::pair<QString, QString>> passwordBody(const http::Request &request, http::Response *bad) const;

    const ModuleServices &m_services;
    qint64 m_lastPurge = 0;
};

} // namespace queue::server
