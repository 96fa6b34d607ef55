// libFuzzer target for the API's request bodies (scripts/fuzz.sh): every POST, PUT and
// DELETE route of the real route table (ApiServer + installModules, the engine on a
// temporary SQLite database, a manual clock), driven in process with request objects as
// tests/unit/router_test.cpp does: no sockets.
//
// Input: byte 0 picks the route, byte 1 the caller (kiosk, display, manager, booking
// device, an operator at window 1, nobody), byte 2 the path's {params} (a small id, a
// window, a code or junk); the rest is the body. Every answer must be a status from 100
// to 599; a JSON answer must parse, an error (4xx/5xx) must be {"error":{"code","message"}}
// with a non-empty code and message, and a 5xx never comes from a body: a 5xx traps.
#include "server/apiserver.h"
#include "server/callpolicy.h"
#include "server/modules.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/router.h"
#include "server/storage.h"
#include "tests/support/manualclock.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimeZone>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>

using namespace queue;
using namespace queue::server;

namespace {

struct World {
    QTemporaryDir dir;
    test::ManualClock clock{QDateTime(QDate(2026, 12, 2), QTime(9, 0), QTimeZone::utc())};
    OfficeConfig config;
    PriorityFifoPolicy policy;
    Storage storage;
    std::unique_ptr<QueueEngine> engine;
    std::unique_ptr<ApiServer> api;
    QList<QPair<QByteArray, QString>> routes;   // method, pattern
    QByteArray operatorToken;
};

World *world()
{
    static World *w = [] {
        static int argc = 1;
        static char name[] = "fuzz_router_bodies";
        static char *argv[] = {name, nullptr};
        new QCoreApplication(argc, argv);
        // Refusals are logged; thousands per second are noise here.
        QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
        auto *s = new World;
        s->config = OfficeConfig::builtIn();
        s->config.timeZone = QTimeZone::utc();
        s->config.hasSchedule = false;   // always open: the bodies reach the engine
        const QString hash = pinhash::hash(QStringLiteral("1234"), 1000);
        for (OperatorConfig &op : s->config.operators)
            op.pinHash = hash;
        s->config.devices.append(DeviceConfig{QStringLiteral("site"), QStringLiteral("booking"), QStringLiteral("fuzz-booking"),
                                                   deviceTokenHash(QStringLiteral("fuzz-booking"))});
        QString error;
        if (!s->storage.open(s->dir.filePath(QStringLiteral("q.db")), Storage::Sync::Off, &error)) {
            fprintf(stderr, "storage: %s\n", qPrintable(error));
            abort();
        }
        s->engine = std::make_unique<QueueEngine>(s->config, s->storage, s->clock, s->policy);
        if (!s->engine->initialize(&error)) {
            fprintf(stderr, "engine: %s\n", qPrintable(error));
            abort();
        }
        s->api = std::make_unique<ApiServer>(*s->engine, s->storage);
        installModules(*s->api);
        if (!s->api->router().errors().isEmpty())
            abort();
        for (const QString &line : s->api->router().table()) {
            const qsizetype space = line.indexOf(QLatin1Char(' '));
            const QByteArray method = line.left(space).toLatin1();
            if (method == "POST" || method == "PUT" || method == "DELETE")
                s->routes.append({method, line.mid(space + 1)});
        }
        if (qEnvironmentVariableIsSet("FUZZ_ROUTER_LIST"))   // for writing seeds: byte 0 of each route
            for (int i = 0; i < s->routes.size(); ++i)
                fprintf(stderr, "%d %s %s\n", i, s->routes.at(i).first.constData(), qPrintable(s->routes.at(i).second));
        const auto session = s->api->sessions().loginNow(s->config.operators.first().login, QStringLiteral("1234"),
                                                          s->config.windows.first().number);
        if (!session.ok())
            abort();
        s->operatorToken = session->token.toUtf8();
        return s;
    }();
    return w;
}

QString paramValue(uint8_t b)
{
    static const char *const values[] = {"1", "2", "3", "0", "-1", "999999999999", "abc", "%2F", "4711", "483920", "1e3", "ё"};
    return QString::fromUtf8(values[b % (sizeof(values) / sizeof(values[0]))]);
}

QByteArray callerToken(World &w, uint8_t b)
{
    switch (b % 6) {
    case 0: return "demo-kiosk";
    case 1: return "demo-display";
    case 2: return "demo-manager";
    case 3: return "fuzz-booking";
    case 4: return w.operatorToken;
    default: return {};
    }
}

bool isJson(const http::Response &r) { return r.contentType.startsWith("application/json"); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > 64 * 1024)
        return 0;
    World &w = *world();
    const auto &[method, pattern] = w.routes.at(data[0] % w.routes.size());
    QString path;
    for (const QString &segment : pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        path += QLatin1Char('/') + (segment.startsWith(QLatin1Char('{')) ? paramValue(data[2]) : segment);
    http::Request r;
    r.method = method;
    r.path = path;
    r.body = QByteArray(reinterpret_cast<const char *>(data) + 3, qsizetype(size - 3));
    const QByteArray token = callerToken(w, data[1]);
    if (!token.isEmpty())
        r.headers.append({QByteArrayLiteral("authorization"), QByteArrayLiteral("Bearer ") + token});
    if (pattern.endsWith(QLatin1String("/web")))
        r.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    else
        r.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});

    const http::Response answer = w.api->router().handle(r);
    w.clock.advanceSec(7);   // time moves: waits, sessions and slots change between inputs

    if (answer.status < 100 || answer.status > 599)
        __builtin_trap();
    if (answer.status >= 500) {
        fprintf(stderr, "%s %s -> %d %s\n", method.constData(), qPrintable(path), answer.status, answer.body.constData());
        __builtin_trap();
    }
    if (answer.status == 204) {
        if (!answer.body.isEmpty())
            __builtin_trap();
        return 0;
    }
    if (!isJson(answer))
        return 0;   // the HTML of the ticket page's form
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(answer.body, &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        __builtin_trap();
    if (answer.status >= 400) {
        const QJsonObject e = doc.object().value(QStringLiteral("error")).toObject();
        if (e.value(QStringLiteral("code")).toString().isEmpty() || e.value(QStringLiteral("message")).toString().isEmpty()) {
            fprintf(stderr, "%s %s -> %d %s\n", method.constData(), qPrintable(path), answer.status, answer.body.constData());
            __builtin_trap();
        }
    }
    return 0;
}
