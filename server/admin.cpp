#include "admin.h"

#include "apierrorbody.h"
#include "apierrors.h"
#include "apiutil.h"
#include "pinhash.h"
#include "queueengine.h"
#include "sessions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace queue::server {

using http::Response;
using namespace apiutil;

namespace {

const QString kOwner = QStringLiteral("admin");
const QString kPrefix = QStringLiteral("/api/v1/admin");

// An error in the API's shape with the field it is about ("field": the path in the
// configuration, as the file's validation names it, or the request's own field).
Response fieldError(const DomainError &e, const QString &field)
{
    QJsonObject body = apiErrorObject(e.code, e.message);
    if (!field.isEmpty()) {
        QJsonObject error = body.value(QStringLiteral("error")).toObject();
        error.insert(QStringLiteral("field"), field);
        body.insert(QStringLiteral("error"), error);
    }
    return jsonResponse(httpStatus(e.code), body);
}

Response badField(const QString &field, const QString &problem)
{
    return fieldError(badRequest(QStringLiteral("field '%1' %2").arg(field, problem)), field);
}

// Refuses a key the route does not know (a typo must not pass as "nothing to change").
std::optional<Response> unknownKey(const QJsonObject &body, const QStringList &known)
{
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.contains(it.key()) && it.key() != QLatin1String("version"))
            return badField(it.key(), QStringLiteral("is not known here (known: %1)").arg(known.join(QStringLiteral(", "))));
    return std::nullopt;
}

int indexOf(const QJsonArray &list, const QString &key, const QJsonValue &value)
{
    for (qsizetype i = 0; i < list.size(); ++i)
        if (list[i].toObject().value(key) == value)
            return static_cast<int>(i);
    return -1;
}

QJsonObject withoutSecret(QJsonObject op)
{
    if (op.contains(QStringLiteral("pin_hash")))
        op.insert(QStringLiteral("pin_hash"), QStringLiteral("(set)"));
    return op;
}

QJsonObject operatorAnswer(const QJsonObject &op)
{
    return QJsonObject{{QStringLiteral("login"), op.value(QStringLiteral("login"))},
                       {QStringLiteral("name"), op.value(QStringLiteral("name"))},
                       {QStringLiteral("active"), op.value(QStringLiteral("active")).toBool(true)}};
}

// The version the caller changed: If-Match ("7", W/"7" or 7) or the body's "version"; -1: none.
std::optional<qint64> expectedVersion(const RouteRequest &r, const QJsonObject &body, Response *error)
{
    QByteArray tag = r.http.header("if-match").trimmed();
    if (!tag.isEmpty()) {
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag.size() >= 2 && tag.startsWith('"') && tag.endsWith('"'))
            tag = tag.mid(1, tag.size() - 2);
        bool ok = false;
        const qint64 v = tag.toLongLong(&ok);
        if (!ok || v < 1) {
            *error = badField(QStringLiteral("If-Match"), QStringLiteral("must be the configuration's version (its ETag)"));
            return std::nullopt;
        }
        return v;
    }
    qint64 v = -1;
    if (!intField(body, "version", &v, error, false))
        return std::nullopt;
    return v;
}

} // namespace

AdminModule::AdminModule(const ModuleServices &services)
    : m_engine(services.engine),
      m_storage(services.storage),
      m_sessions(services.sessions),
      m_live(services.engine, services.storage),
      m_audit(services.storage)
{
}

QString AdminModule::newPin()
{
    return QStringLiteral("%1").arg(QRandomGenerator::system()->bounded(1000000), 6, 10, QLatin1Char('0'));
}

void AdminModule::registerRoutes(Router &router)
{
    const QStringList admin{QStringLiteral("administrator")};
    const QStringList adminOrManager{QStringLiteral("administrator"), QStringLiteral("manager")};
    const QString adminOnly = QStringLiteral("this is for an administrator");
    const QString staff = QStringLiteral("this is for an administrator or the manager");
    auto bind = [this](Response (AdminModule::*f)(const RouteRequest &)) {
        return [this, f](const RouteRequest &r) { return (this->*f)(r); };
    };
    router.add(kOwner, "GET", kPrefix + QStringLiteral("/config"), admin, bind(&AdminModule::config), adminOnly);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/topics"), admin, bind(&AdminModule::addTopic), adminOnly);
    router.add(kOwner, "PUT", kPrefix + QStringLiteral("/topics/order"), admin, bind(&AdminModule::orderTopics), adminOnly);
    router.add(kOwner, "PUT", kPrefix + QStringLiteral("/topics/{id}"), admin, bind(&AdminModule::editTopic), adminOnly);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/topics/{id}/retire"), admin, bind(&AdminModule::retireTopic),
               adminOnly);
    router.add(kOwner, "DELETE", kPrefix + QStringLiteral("/topics/{id}"), admin, bind(&AdminModule::retireTopic), adminOnly);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/windows"), admin, bind(&AdminModule::addWindow), adminOnly);
    router.add(kOwner, "PUT", kPrefix + QStringLiteral("/windows/{n}"), adminOrManager, bind(&AdminModule::editWindow), staff);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/operators"), admin, bind(&AdminModule::addOperator), adminOnly);
    router.add(kOwner, "PUT", kPrefix + QStringLiteral("/operators/{login}"), admin,
               [this](const RouteRequest &r) { return editOperator(r, false); }, adminOnly);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/operators/{login}/deactivate"), admin,
               [this](const RouteRequest &r) { return editOperator(r, true); }, adminOnly);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/operators/{login}/reset-pin"), adminOrManager,
               bind(&AdminModule::resetPin), staff);
    router.add(kOwner, "POST", kPrefix + QStringLiteral("/operators/{login}/unlock"), adminOrManager,
               bind(&AdminModule::unlockOperator), staff);
    router.add(kOwner, "PUT", kPrefix + QStringLiteral("/office"), admin, bind(&AdminModule::editOffice), adminOnly);
}

std::optional<AdminModule::Change> AdminModule::begin(const RouteRequest &r, const QStringList &known, Response *error)
{
    const auto body = bodyObject(r.http, error);
    if (!body)
        return std::nullopt;
    if (auto refused = unknownKey(*body, known)) {
        *error = *refused;
        return std::nullopt;
    }
    const auto cur = m_live.current();
    if (!cur) {
        *error = errorResponse(internalError());
        return std::nullopt;
    }
    return Change{*body, cur->document};
}

Response AdminModule::apply(const RouteRequest &r, const QJsonObject &body, Edit edit, int status, QJsonObject answer)
{
    Response bad;
    const auto expected = expectedVersion(r, body, &bad);
    if (!expected)
        return bad;
    LiveConfig::Change change;
    change.document = edit.document;
    change.expectedVersion = *expected;
    change.parts = edit.parts;
    change.audit.actor = r.who.auditActor();
    change.audit.address = r.http.peer.toString();
    change.audit.action = edit.action;
    change.audit.object = edit.object;
    if (!edit.before.isEmpty())
        change.audit.before = QJsonDocument(edit.before).toJson(QJsonDocument::Compact);
    if (!edit.after.isEmpty())
        change.audit.after = QJsonDocument(edit.after).toJson(QJsonDocument::Compact);
    QString field;
    const auto version = m_live.change(change, &field);
    if (!version)
        return fieldError(version.error(), field);
    answer.insert(QStringLiteral("version"), version.value());
    Response out = jsonResponse(status, answer);
    out.headers.append({QByteArrayLiteral("ETag"), '"' + QByteArray::number(version.value()) + '"'});
    if (answer.contains(QStringLiteral("pin")))   // shown once: not kept for Idempotency-Key replays, nor cached
        out.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return out;
}

Response AdminModule::config(const RouteRequest &)
{
    const auto cur = m_live.current();
    if (!cur)
        return errorResponse(internalError());
    Response out = jsonResponse(200, QJsonObject{{QStringLiteral("version"), cur->version},
                                                 {QStringLiteral("config"), cur->document}});
    out.headers.append({QByteArrayLiteral("ETag"), '"' + QByteArray::number(cur->version) + '"'});
    return out;
}

// ---------------------------------------------------------------- topics

namespace {
const QStringList kTopicKeys{QStringLiteral("name"),   QStringLiteral("description"),   QStringLiteral("prefix"),
                             QStringLiteral("segment"), QStringLiteral("wait_norm_min"), QStringLiteral("service_norm_min")};
}

Response AdminModule::addTopic(const RouteRequest &r)
{
    Response bad;
    const auto change = begin(r, QStringList(kTopicKeys) << QStringLiteral("id"), &bad);
    if (!change)
        return bad;
    const QJsonObject *body = &change->body;
    const QJsonObject &live = change->document;
    QJsonObject topic = *body;
    topic.remove(QStringLiteral("version"));
    QJsonObject doc = live;
    QJsonArray services = doc.value(QStringLiteral("services")).toArray();
    services.append(topic);
    doc.insert(QStringLiteral("services"), services);
    const QString id = topic.value(QStringLiteral("id")).toString();
    return apply(r, *body,
                 Edit{doc, {QStringLiteral("topics")}, QStringLiteral("topic.add"), QStringLiteral("topic:") + id, {}, topic},
                 201, QJsonObject{{QStringLiteral("topic"), topic}});
}

Response AdminModule::editTopic(const RouteRequest &r)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    if (body->contains(QStringLiteral("id")))
        return badField(QStringLiteral("id"), QStringLiteral("cannot be changed: add a topic and retire this one"));
    if (auto refused = unknownKey(*body, kTopicKeys))
        return *refused;
    const auto cur = m_live.current();
    if (!cur)
        return errorResponse(internalError());
    const QString id = r.param(QStringLiteral("id"));
    QJsonObject doc = cur->document;
    QJsonArray services = doc.value(QStringLiteral("services")).toArray();
    const int i = indexOf(services, QStringLiteral("id"), id);
    if (i < 0)
        return errorResponse(notFound(QStringLiteral("no topic '%1'").arg(id)));
    const QJsonObject before = services[i].toObject();
    QJsonObject topic = before;
    for (auto it = body->begin(); it != body->end(); ++it)
        if (it.key() != QLatin1String("version"))
            topic.insert(it.key(), it.value());
    services[i] = topic;
    doc.insert(QStringLiteral("services"), services);
    return apply(r, *body,
                 Edit{doc, {QStringLiteral("topics")}, QStringLiteral("topic.update"), QStringLiteral("topic:") + id, before,
                      topic},
                 200, QJsonObject{{QStringLiteral("topic"), topic}});
}

Response AdminModule::orderTopics(const RouteRequest &r)
{
    Response bad;
    const auto change = begin(r, {QStringLiteral("order")}, &bad);
    if (!change)
        return bad;
    const QJsonObject *body = &change->body;
    const QJsonObject &live = change->document;
    QJsonObject doc = live;
    const QJsonArray services = doc.value(QStringLiteral("services")).toArray();
    QStringList active, before;
    QJsonArray retired;
    for (const QJsonValue &v : services) {
        const QJsonObject s = v.toObject();
        if (s.value(QStringLiteral("retired")).toBool()) {
            retired.append(s);
        } else {
            active.append(s.value(QStringLiteral("id")).toString());
        }
        before.append(s.value(QStringLiteral("id")).toString());
    }
    const QJsonValue orderValue = body->value(QStringLiteral("order"));
    const QString wanted = QStringLiteral("must list each topic offered at the kiosk once: ") + active.join(QStringLiteral(", "));
    if (!orderValue.isArray())
        return badField(QStringLiteral("order"), wanted);
    QStringList order;
    for (const QJsonValue &v : orderValue.toArray()) {
        if (!v.isString() || !active.contains(v.toString()) || order.contains(v.toString()))
            return badField(QStringLiteral("order"), wanted);
        order.append(v.toString());
    }
    if (order.size() != active.size())
        return badField(QStringLiteral("order"), wanted);
    QJsonArray reordered;
    for (const QString &id : std::as_const(order))
        reordered.append(services[indexOf(services, QStringLiteral("id"), id)]);
    for (const QJsonValue &v : std::as_const(retired))
        reordered.append(v);
    doc.insert(QStringLiteral("services"), reordered);
    return apply(r, *body,
                 Edit{doc,
                      {QStringLiteral("topics")},
                      QStringLiteral("topic.order"),
                      QStringLiteral("topics"),
                      QJsonObject{{QStringLiteral("order"), QJsonArray::fromStringList(before)}},
                      QJsonObject{{QStringLiteral("order"), QJsonArray::fromStringList(order)}}},
                 200, QJsonObject{{QStringLiteral("order"), QJsonArray::fromStringList(order)}});
}

Response AdminModule::retireTopic(const RouteRequest &r)
{
    Response bad;
    const auto change = begin(r, {}, &bad);
    if (!change)
        return bad;
    const QJsonObject *body = &change->body;
    const QJsonObject &live = change->document;
    const QString id = r.param(QStringLiteral("id"));
    QJsonObject doc = live;
    QJsonArray services = doc.value(QStringLiteral("services")).toArray();
    const int i = indexOf(services, QStringLiteral("id"), id);
    if (i < 0)
        return errorResponse(notFound(QStringLiteral("no topic '%1'").arg(id)));
    QJsonObject topic = services[i].toObject();
    if (topic.value(QStringLiteral("retired")).toBool())
        return errorResponse(wrongState(QStringLiteral("the topic '%1' is already retired").arg(id)));
    int active = 0;
    for (const QJsonValue &v : std::as_const(services))
        active += v.toObject().value(QStringLiteral("retired")).toBool() ? 0 : 1;
    if (active <= 1)
        return badField(QStringLiteral("services"), QStringLiteral("must keep at least one topic the kiosk offers"));
    const QJsonObject before = topic;
    topic.insert(QStringLiteral("retired"), true);
    services[i] = topic;
    doc.insert(QStringLiteral("services"), services);
    const int waiting = static_cast<int>(m_engine.queueForService(id).size());
    return apply(r, *body,
                 Edit{doc, {QStringLiteral("topics")}, QStringLiteral("topic.retire"), QStringLiteral("topic:") + id, before,
                      topic},
                 200, QJsonObject{{QStringLiteral("topic"), topic}, {QStringLiteral("still_waiting"), waiting}});
}

// ---------------------------------------------------------------- windows

Response AdminModule::addWindow(const RouteRequest &r)
{
    Response bad;
    const auto change = begin(r, {QStringLiteral("number"), QStringLiteral("name"), QStringLiteral("services")}, &bad);
    if (!change)
        return bad;
    const QJsonObject *body = &change->body;
    const QJsonObject &live = change->document;
    QJsonObject window = *body;
    window.remove(QStringLiteral("version"));
    QJsonObject doc = live;
    QJsonArray windows = doc.value(QStringLiteral("windows")).toArray();
    windows.append(window);
    doc.insert(QStringLiteral("windows"), windows);
    const QString object = QStringLiteral("window:") + QString::number(window.value(QStringLiteral("number")).toInt());
    return apply(r, *body, Edit{doc, {QStringLiteral("windows")}, QStringLiteral("window.add"), object, {}, window}, 201,
                 QJsonObject{{QStringLiteral("window"), window}});
}

Response AdminModule::editWindow(const RouteRequest &r)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    if (auto refused = unknownKey(*body, {QStringLiteral("name"), QStringLiteral("services")}))
        return *refused;
    const bool rename = body->contains(QStringLiteral("name"));
    const bool services = body->contains(QStringLiteral("services"));
    if (!rename && !services)
        return badField(QStringLiteral("services"), QStringLiteral("or 'name' is needed: nothing to change"));
    if (rename && r.who.role != QLatin1String("administrator"))
        return forbidden(QStringLiteral("renaming a window is for an administrator; the manager assigns its topics"));
    const auto cur = m_live.current();
    if (!cur)
        return errorResponse(internalError());
    bool ok = false;
    const int number = r.param(QStringLiteral("n")).toInt(&ok);
    QJsonObject doc = cur->document;
    QJsonArray windows = doc.value(QStringLiteral("windows")).toArray();
    const int i = ok ? indexOf(windows, QStringLiteral("number"), number) : -1;
    if (i < 0)
        return errorResponse(notFound(QStringLiteral("no window %1").arg(r.param(QStringLiteral("n")))));
    const QJsonObject before = windows[i].toObject();
    QJsonObject window = before;
    if (rename)
        window.insert(QStringLiteral("name"), body->value(QStringLiteral("name")));
    if (services)
        window.insert(QStringLiteral("services"), body->value(QStringLiteral("services")));
    windows[i] = window;
    doc.insert(QStringLiteral("windows"), windows);
    const QString action = rename && services ? QStringLiteral("window.update")
                           : rename           ? QStringLiteral("window.rename")
                                              : QStringLiteral("window.services");
    return apply(r, *body,
                 Edit{doc, {QStringLiteral("windows")}, action, QStringLiteral("window:%1").arg(number), before, window}, 200,
                 QJsonObject{{QStringLiteral("window"), window}});
}

// ---------------------------------------------------------------- operators

Response AdminModule::addOperator(const RouteRequest &r)
{
    Response bad;
    const auto change = begin(r, {QStringLiteral("login"), QStringLiteral("name")}, &bad);
    if (!change)
        return bad;
    const QJsonObject *body = &change->body;
    const QJsonObject &live = change->document;
    // Shown once in the answer, kept only as its hash.
    const QString pin = newPin();
    QJsonObject op{{QStringLiteral("login"), body->value(QStringLiteral("login"))},
                   {QStringLiteral("name"), body->value(QStringLiteral("name"))},
                   {QStringLiteral("pin_hash"), pinhash::hash(pin)}};
    QJsonObject doc = live;
    QJsonArray operators = doc.value(QStringLiteral("operators")).toArray();
    operators.append(op);
    doc.insert(QStringLiteral("operators"), operators);
    return apply(r, *body,
                 Edit{doc, {QStringLiteral("operators")}, QStringLiteral("operator.add"),
                      QStringLiteral("operator:") + op.value(QStringLiteral("login")).toString(), {}, withoutSecret(op)},
                 201, QJsonObject{{QStringLiteral("operator"), operatorAnswer(op)}, {QStringLiteral("pin"), pin}});
}

Response AdminModule::editOperator(const RouteRequest &r, bool deactivate)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    if (auto refused = unknownKey(*body, deactivate ? QStringList() : QStringList{QStringLiteral("name"), QStringLiteral("active")}))
        return *refused;
    if (body->contains(QStringLiteral("active")) && !body->value(QStringLiteral("active")).isBool())
        return badField(QStringLiteral("active"), QStringLiteral("must be true or false"));
    const auto cur = m_live.current();
    if (!cur)
        return errorResponse(internalError());
    const QString login = r.param(QStringLiteral("login"));
    QJsonObject doc = cur->document;
    QJsonArray operators = doc.value(QStringLiteral("operators")).toArray();
    const int i = indexOf(operators, QStringLiteral("login"), login);
    if (i < 0)
        return errorResponse(notFound(QStringLiteral("no operator '%1'").arg(login)));
    const QJsonObject before = operators[i].toObject();
    QJsonObject op = before;
    if (body->contains(QStringLiteral("name")))
        op.insert(QStringLiteral("name"), body->value(QStringLiteral("name")));
    const bool wasActive = before.value(QStringLiteral("active")).toBool(true);
    const bool active = deactivate ? false : body->value(QStringLiteral("active")).toBool(wasActive);
    if (active)
        op.remove(QStringLiteral("active"));
    else
        op.insert(QStringLiteral("active"), false);
    operators[i] = op;
    doc.insert(QStringLiteral("operators"), operators);
    const QString action = wasActive && !active   ? QStringLiteral("operator.deactivate")
                           : !wasActive && active ? QStringLiteral("operator.activate")
                                                  : QStringLiteral("operator.update");
    Response out = apply(r, *body,
                         Edit{doc, {QStringLiteral("operators")}, action, QStringLiteral("operator:") + login,
                              withoutSecret(before), withoutSecret(op)},
                         200, QJsonObject{{QStringLiteral("operator"), operatorAnswer(op)}});
    // Their open session ends with the change (same scope: a failure undoes both).
    if (out.status == 200 && wasActive && !active && !m_sessions.endSessionsOf(login))
        return errorResponse(internalError());
    return out;
}

Response AdminModule::resetPin(const RouteRequest &r)
{
    Response bad;
    const auto change = begin(r, {}, &bad);
    if (!change)
        return bad;
    const QJsonObject *body = &change->body;
    const QJsonObject &live = change->document;
    const QString login = r.param(QStringLiteral("login"));
    QJsonObject doc = live;
    QJsonArray operators = doc.value(QStringLiteral("operators")).toArray();
    const int i = indexOf(operators, QStringLiteral("login"), login);
    if (i < 0)
        return errorResponse(notFound(QStringLiteral("no operator '%1'").arg(login)));
    const QString pin = newPin();
    QJsonObject op = operators[i].toObject();
    op.insert(QStringLiteral("pin_hash"), pinhash::hash(pin));
    operators[i] = op;
    doc.insert(QStringLiteral("operators"), operators);
    Response out = apply(r, *body,
                         Edit{doc, {QStringLiteral("operators")}, QStringLiteral("operator.reset_pin"),
                              QStringLiteral("operator:") + login, {}, QJsonObject{{QStringLiteral("pin"), QStringLiteral("(set)")}}},
                         200, QJsonObject{{QStringLiteral("operator"), operatorAnswer(op)}, {QStringLiteral("pin"), pin}});
    if (out.status == 200)
        m_sessions.unlock(login);   // a new PIN starts without the old lock
    return out;
}

Response AdminModule::unlockOperator(const RouteRequest &r)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    const QString login = r.param(QStringLiteral("login"));
    if (!m_engine.config().findOperator(login))
        return errorResponse(notFound(QStringLiteral("no operator '%1'").arg(login)));
    const bool wasLocked = m_sessions.isLocked(login);
    m_sessions.unlock(login);
    AuditStore::Entry e;
    e.at = m_engine.nowMs();
    e.actor = r.who.auditActor();
    e.address = r.http.peer.toString();
    e.action = QStringLiteral("operator.unlock");
    e.object = QStringLiteral("operator:") + login;
    e.outcome = wasLocked ? QStringLiteral("ok") : QStringLiteral("not_locked");
    if (!m_audit.record(e))
        return errorResponse(internalError());
    return jsonResponse(200, QJsonObject{{QStringLiteral("login"), login}, {QStringLiteral("was_locked"), wasLocked}});
}

// ---------------------------------------------------------------- the office

Response AdminModule::editOffice(const RouteRequest &r)
{
    Response bad;
    const auto body = bodyObject(r.http, &bad);
    if (!body)
        return bad;
    static const QStringList known{QStringLiteral("office"),       QStringLiteral("schedule"),       QStringLiteral("holidays"),
                                   QStringLiteral("special_days"), QStringLiteral("booking"),        QStringLiteral("call_policy"),
                                   QStringLiteral("visit_norm_min"), QStringLiteral("max_recalls")};
    static const QStringList officeKeys{QStringLiteral("name"),    QStringLiteral("phone"),        QStringLiteral("website"),
                                        QStringLiteral("address"), QStringLiteral("running_line"), QStringLiteral("timezone")};
    if (auto refused = unknownKey(*body, known))
        return *refused;
    if (body->isEmpty() || (body->size() == 1 && body->contains(QStringLiteral("version"))))
        return badField(QStringLiteral("office"), QStringLiteral("or another setting is needed: nothing to change"));
    const auto cur = m_live.current();
    if (!cur)
        return errorResponse(internalError());
    QJsonObject doc = cur->document;
    QJsonObject before, after;
    for (auto it = body->begin(); it != body->end(); ++it) {
        const QString &key = it.key();
        if (key == QLatin1String("version"))
            continue;
        before.insert(key, doc.value(key));
        if (key == QLatin1String("office")) {
            if (!it.value().isObject())
                return badField(QStringLiteral("office"), QStringLiteral("must be an object"));
            QJsonObject office = doc.value(key).toObject();
            const QJsonObject given = it.value().toObject();
            for (auto o = given.begin(); o != given.end(); ++o) {
                if (!officeKeys.contains(o.key()))
                    return badField(QStringLiteral("office.") + o.key(),
                                    QStringLiteral("is not known here (known: %1)").arg(officeKeys.join(QStringLiteral(", "))));
                if (o.value().isNull())
                    office.remove(o.key());
                else
                    office.insert(o.key(), o.value());
            }
            doc.insert(key, office);
        } else if (it.value().isNull()) {
            doc.remove(key);   // back to the default: no schedule = open at all times, no holidays…
        } else {
            doc.insert(key, it.value());
        }
        after.insert(key, doc.value(key));
    }
    return apply(r, *body, Edit{doc, {QStringLiteral("office")}, QStringLiteral("office.update"), QStringLiteral("office"),
                                before, after},
                 200, QJsonObject{{QStringLiteral("office"), after}});
}

} // namespace queue::server
