#include "accountsapi.h"

#include "apiutil.h"
#include "common/protocol.h"
#include "storage.h"

#include <QDateTime>
#include <QJsonObject>

namespace queue::server {

using http::Request;
using http::Response;
using namespace apiutil;

namespace {

const QString kPrefix = QLatin1String(api::kPrefix) + QStringLiteral("/auth");

bool isPath(const Request &request, const QString &path)
{
    return request.path == path || request.path == path + QLatin1Char('/');
}

QByteArray cookieHeader(const QByteArray &name, const QByteArray &value, bool httpOnly, bool secure, bool clear)
{
    QByteArray c = name + '=' + value + "; Path=/; SameSite=Strict";
    if (httpOnly)
        c += "; HttpOnly";
    if (secure)
        c += "; Secure";
    if (clear)
        c += "; Max-Age=0";
    return c;
}

Response forbiddenNotAccount()
{
    return forbidden(QStringLiteral("only a personal account (signed in with a login and a password) may do this"));
}

} // namespace

QString AccountsModule::cookie(const Request &request, const QByteArray &name)
{
    for (const auto &h : request.headers) {
        if (h.first != "cookie")
            continue;
        for (const QByteArray &part : h.second.split(';')) {
            const QByteArray item = part.trimmed();
            const qsizetype eq = item.indexOf('=');
            if (eq > 0 && item.left(eq) == name)
                return QString::fromLatin1(item.mid(eq + 1));
        }
    }
    return QString();
}

QString AccountsModule::sessionToken(const Request &request)
{
    const QByteArray bearer = bearerToken(request);
    return bearer.isEmpty() ? cookie(request, Accounts::kCookie) : QString::fromUtf8(bearer);
}

bool AccountsModule::byCookie(const Request &request)
{
    return bearerToken(request).isEmpty() && !cookie(request, Accounts::kCookie).isEmpty();
}

bool AccountsModule::csrfOk(const Request &request)
{
    if (!byCookie(request) || request.method == "GET" || request.method == "HEAD")
        return true;
    const QString sent = QString::fromLatin1(request.header("x-csrf-token"));
    return !sent.isEmpty() && sent == Accounts::csrfFor(cookie(request, Accounts::kCookie));
}

void AccountsModule::registerRoutes(Router &router)
{
    const QString owner = QStringLiteral("accounts");
    const QStringList accountRoles{QStringLiteral("administrator"), QStringLiteral("manager")};
    router.addPublic(owner, "POST", kPrefix + QStringLiteral("/login"), [this](const RouteRequest &r) { return login(r.http); });
    router.add(owner, "GET", kPrefix + QStringLiteral("/session"), {}, [this](const RouteRequest &r) { return current(r); });
    router.add(owner, "DELETE", kPrefix + QStringLiteral("/session"), accountRoles,
               [this](const RouteRequest &r) { return signOut(r); });
    router.add(owner, "PUT", kPrefix + QStringLiteral("/password"), accountRoles,
               [this](const RouteRequest &r) { return changePassword(r); });
}

Response AccountsModule::loginAnswer(const Result<SignedIn> &s, bool secure) const
{
    if (!s)
        return errorResponse(s.error());
    const SignedIn &v = s.value();
    Response r = jsonResponse(200, QJsonObject{{QStringLiteral("token"), v.token},
                                               {QStringLiteral("role"), v.who.role},
                                               {QStringLiteral("expires_at"), isoUtc(v.who.expiresAt)},
                                               {QStringLiteral("login"), v.who.login},
                                               {QStringLiteral("name"), v.who.name}});
    r.headers.append({QByteArrayLiteral("Set-Cookie"),
                      cookieHeader(Accounts::kCookie, v.token.toLatin1(), true, secure, false)});
    r.headers.append({QByteArrayLiteral("Set-Cookie"),
                      cookieHeader(Accounts::kCsrfCookie, v.csrf.toLatin1(), false, secure, false)});
    r.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return r;
}

namespace {
struct Credentials {
    QString login, password;
};
std::optional<Credentials> credentials(const Request &request, Response *bad)
{
    Credentials c;
    const auto body = bodyObject(request, bad);
    if (!body || !stringField(*body, "login", &c.login, bad, true) || !stringField(*body, "password", &c.password, bad, true))
        return std::nullopt;
    c.login = c.login.trimmed();
    if (c.login.isEmpty() || c.login.size() > 64) {
        *bad = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'login' must be 1 to 64 characters"));
        return std::nullopt;
    }
    if (c.password.isEmpty() || c.password.size() > Accounts::kMaxPasswordLength) {
        *bad = errorResponse(api::ErrorCode::BadRequest,
                             QStringLiteral("'password' must be 1 to %1 characters").arg(Accounts::kMaxPasswordLength));
        return std::nullopt;
    }
    return c;
}
} // namespace

Response AccountsModule::login(const Request &request)
{
    Response bad;
    const auto c = credentials(request, &bad);
    if (!c)
        return bad;
    Accounts &accounts = m_services.accounts;
    return loginAnswer(accounts.finishLogin(accounts.checkPasswordNow(c->login, c->password, request.peer)), request.secure);
}

std::optional<std::pair<QString, QString>> AccountsModule::passwordBody(const Request &request, Response *bad) const
{
    const auto body = bodyObject(request, bad);
    QString oldPassword, newPassword;
    if (!body || !stringField(*body, "old", &oldPassword, bad, true) || !stringField(*body, "new", &newPassword, bad, true))
        return std::nullopt;
    if (const auto problem = Accounts::passwordProblem(newPassword)) {
        *bad = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'new': ") + *problem);
        return std::nullopt;
    }
    if (newPassword == oldPassword) {
        *bad = errorResponse(api::ErrorCode::BadRequest, QStringLiteral("'new' must differ from 'old'"));
        return std::nullopt;
    }
    return std::make_pair(oldPassword, newPassword);
}

Response AccountsModule::changePassword(const RouteRequest &r)
{
    if (r.who.kind != Principal::Kind::Account)
        return forbiddenNotAccount();
    Response bad;
    const auto body = passwordBody(r.http, &bad);
    if (!body)
        return bad;
    Accounts &accounts = m_services.accounts;
    const auto done = accounts.finishPasswordChange(
        accounts.checkPasswordNow(r.who.name, body->first, r.http.peer, body->second), sessionToken(r.http));
    return done ? Response::noContent() : errorResponse(done.error());
}

bool AccountsModule::answerLater(const Request &request, const Answer &answer)
{
    Accounts &accounts = m_services.accounts;
    if (request.method == "POST" && isPath(request, kPrefix + QStringLiteral("/login"))) {
        Response bad;
        const auto c = credentials(request, &bad);
        if (!c) {
            answer([bad] { return bad; });
            return true;
        }
        const bool secure = request.secure;
        accounts.checkPassword(c->login, c->password, request.peer, [this, answer, secure](PasswordCheck check) {
            answer([this, check, secure] {
                Scope scope(m_services.storage);
                Response r = loginAnswer(m_services.accounts.finishLogin(check), secure);
                // A failure's count and audit entry are kept too.
                if (!scope.commit())
                    return errorResponse(internalError());
                return r;
            });
        });
        return true;
    }
    if (request.method == "PUT" && isPath(request, kPrefix + QStringLiteral("/password"))) {
        // The route table's checks first (401, 403, CSRF), without the slow part.
        const Principal who = m_services.authenticate(request);
        Response bad;
        std::optional<std::pair<QString, QString>> body;
        if (!csrfOk(request))
            bad = forbidden(QStringLiteral("a change made with the session cookie needs the X-CSRF-Token header"));
        else if (who.kind == Principal::Kind::None)
            bad = unauthorized();
        else if (who.kind != Principal::Kind::Account)
            bad = forbiddenNotAccount();
        else
            body = passwordBody(request, &bad);
        if (!body) {
            answer([bad] { return bad; });
            return true;
        }
        const QString token = sessionToken(request);
        accounts.checkPassword(
            who.name, body->first, request.peer,
            [this, answer, token](PasswordCheck check) {
                answer([this, check, token] {
                    Scope scope(m_services.storage);
                    const auto done = m_services.accounts.finishPasswordChange(check, token);
                    if (!scope.commit())
                        return errorResponse(internalError());
                    return done ? Response::noContent() : errorResponse(done.error());
                });
            },
            body->second);
        return true;
    }
    return false;
}

Response AccountsModule::current(const RouteRequest &r)
{
    QJsonObject o{{QStringLiteral("kind"), r.who.kind == Principal::Kind::Account  ? QStringLiteral("account")
                                           : r.who.kind == Principal::Kind::Operator ? QStringLiteral("operator")
                                                                                     : QStringLiteral("device")},
                  {QStringLiteral("role"), r.who.role},
                  {QStringLiteral("login"), r.who.name}};
    if (r.who.kind == Principal::Kind::Account) {
        if (const auto s = m_services.accounts.session(sessionToken(r.http))) {
            o.insert(QStringLiteral("name"), s->name);
            o.insert(QStringLiteral("expires_at"), isoUtc(s->expiresAt));
        }
    } else if (r.who.kind == Principal::Kind::Device && r.who.role == QLatin1String("manager")) {
        o.insert(QStringLiteral("deprecated"),
                 QStringLiteral("the manager device token is deprecated; sign in with a personal account"));
    }
    return jsonResponse(200, o);
}

Response AccountsModule::signOut(const RouteRequest &r)
{
    if (r.who.kind != Principal::Kind::Account)
        return forbiddenNotAccount();
    const auto done = m_services.accounts.signOut(sessionToken(r.http), r.http.peer);
    if (!done)
        return errorResponse(done.error());
    Response out = Response::noContent();
    out.headers.append({QByteArrayLiteral("Set-Cookie"), cookieHeader(Accounts::kCookie, {}, true, r.http.secure, true)});
    out.headers.append({QByteArrayLiteral("Set-Cookie"), cookieHeader(Accounts::kCsrfCookie, {}, false, r.http.secure, true)});
    return out;
}

void AccountsModule::tick(qint64 nowMs)
{
    if (nowMs - m_lastPurge < 60 * 1000)
        return;
    m_lastPurge = nowMs;
    m_services.accounts.purgeIdle();
}

} // namespace queue::server
