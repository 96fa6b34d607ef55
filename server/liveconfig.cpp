#include "liveconfig.h"

#include "apiutil.h"
#include "queueengine.h"
#include "storage.h"
#include "store/counterstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConfig, "queue.config")

namespace queue::server {

namespace {

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

std::optional<OfficeConfig> parseStored(const QByteArray &document, QString *error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(document, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("the stored live configuration is not a JSON object");
        return std::nullopt;
    }
    ConfigError e;
    auto parsed = parseOfficeConfig(doc.object(), &e);
    if (!parsed)
        *error = QStringLiteral("the stored live configuration: field '%1' %2").arg(e.field, e.problem);
    return parsed;
}

} // namespace

LiveConfig::LiveConfig(QueueEngine &engine, Storage &storage, QObject *parent)
    : QObject(parent), m_engine(engine), m_storage(storage), m_store(storage), m_audit(storage)
{
    if (const auto c = current())
        m_applied = c->version;
    connect(&m_storage, &Storage::rolledBack, this, &LiveConfig::reloadIfChanged);
}

QJsonObject LiveConfig::storedForm(const OfficeConfig &config)
{
    QJsonObject o = officeConfigToJson(config);
    o.remove(QStringLiteral("tls"));
    o.remove(QStringLiteral("allow_plain_http"));
    return o;
}

std::optional<LiveConfig::Current> LiveConfig::current()
{
    ConfigStore::Stored stored;
    switch (m_store.load(&stored)) {
    case ConfigStore::Read::Failed:
        return std::nullopt;
    case ConfigStore::Read::Empty: {
        Scope scope(m_storage);
        const QJsonObject doc = storedForm(m_engine.config());
        if (!scope.isOpen() || !m_store.seed(compact(doc), m_engine.nowMs()) || !scope.commit())
            return std::nullopt;
        return Current{doc, 1};
    }
    case ConfigStore::Read::Found:
        break;
    }
    return Current{QJsonDocument::fromJson(stored.document).object(), stored.version};
}

void LiveConfig::reloadIfChanged()
{
    ConfigStore::Stored stored;
    if (m_store.load(&stored) != ConfigStore::Read::Found || stored.version == m_applied)
        return;
    QString error;
    const auto parsed = parseStored(stored.document, &error);
    if (!parsed) {
        qCCritical(lcConfig).noquote() << error;
        return;
    }
    OfficeConfig applied = *parsed;
    applied.tls = m_engine.config().tls;
    applied.allowPlainHttp = m_engine.config().allowPlainHttp;
    m_engine.reconfigure(applied);
    m_applied = stored.version;
}

Result<qint64> LiveConfig::change(const Change &change, QString *field)
{
    const auto cur = current();
    if (!cur)
        return internalError();
    if (change.expectedVersion >= 0 && change.expectedVersion != cur->version) {
        *field = QStringLiteral("version");
        return DomainError{api::ErrorCode::WrongState,
                           QStringLiteral("the configuration was changed meanwhile: it is at version %1, the change was "
                                          "made to version %2; reload it and try again")
                               .arg(cur->version)
                               .arg(change.expectedVersion)};
    }
    ConfigError invalid;
    const auto parsed = parseOfficeConfig(change.document, &invalid);
    if (!parsed) {
        *field = invalid.field;
        return badRequest(QStringLiteral("field '%1' %2").arg(invalid.field, invalid.problem));
    }
    // A prefix that numbered tickets today stays with its topic until tomorrow: two topics
    // must not hand out "П001" on the same day.
    const OfficeConfig &before = m_engine.config();
    const QString today = m_engine.schedule().businessDay(m_engine.nowMs()).toString(Qt::ISODate);
    const CounterStore counters(m_storage);
    for (qsizetype i = 0; i < parsed->services.size(); ++i) {
        const ServiceInfo &s = parsed->services[i];
        const ServiceInfo *old = before.service(s.id);
        if (old && old->prefix == s.prefix)
            continue;
        CounterStore::Counter counter;
        if (!counters.load(s.prefix, &counter))
            return internalError();
        if (counter.businessDay == today) {
            *field = QStringLiteral("services[%1].prefix").arg(i);
            return DomainError{api::ErrorCode::WrongState,
                               QStringLiteral("field '%1' '%2' numbered tickets today: it cannot go to another topic "
                                              "before tomorrow")
                                   .arg(*field, s.prefix)};
        }
    }

    OfficeConfig applied = *parsed;
    applied.tls = before.tls;
    applied.allowPlainHttp = before.allowPlainHttp;
    const QByteArray doc = compact(storedForm(*parsed));
    const qint64 now = m_engine.nowMs();
    const qint64 next = cur->version + 1;
    AuditStore::Entry audit = change.audit;
    audit.at = now;
    qint64 written = 0;
    const bool ok = apiutil::commitWithEvent(
        m_storage, now, kEventType,
        QJsonObject{{QStringLiteral("version"), next}, {QStringLiteral("parts"), QJsonArray::fromStringList(change.parts)}},
        [&] {
            written = m_store.replace(doc, cur->version, now);
            if (!written || !m_audit.record(audit))
                return false;
            m_applied = written;
            return m_engine.reconfigure(applied);
        });
    if (!ok) {
        reloadIfChanged();
        return internalError();
    }
    qCInfo(lcConfig).noquote() << "live configuration version" << written << "by" << audit.actor << audit.action
                               << audit.object;
    return written;
}

bool LiveConfig::loadAtStart(Storage &storage, const OfficeConfig &file, qint64 nowMs, OfficeConfig *live, qint64 *version,
                             bool *seeded, bool *differs, QString *error)
{
    ConfigStore store(storage);
    ConfigStore::Stored stored;
    *seeded = false;
    *differs = false;
    switch (store.load(&stored)) {
    case ConfigStore::Read::Failed:
        *error = QStringLiteral("cannot read the live configuration from the database");
        return false;
    case ConfigStore::Read::Empty: {
        Scope scope(storage);
        AuditStore audit(storage);
        AuditStore::Entry e;
        e.at = nowMs;
        e.actor = QStringLiteral("cli");
        e.action = QStringLiteral("config.seed");
        e.object = QStringLiteral("config");
        if (!scope.isOpen() || !store.seed(compact(storedForm(file)), nowMs) || !audit.record(e) || !scope.commit()) {
            *error = QStringLiteral("cannot write the first live configuration into the database");
            return false;
        }
        *live = file;
        *version = 1;
        *seeded = true;
        return true;
    }
    case ConfigStore::Read::Found:
        break;
    }
    const auto parsed = parseStored(stored.document, error);
    if (!parsed)
        return false;
    *live = *parsed;
    live->tls = file.tls;
    live->allowPlainHttp = file.allowPlainHttp;
    *version = stored.version;
    *differs = *parsed != [&] {
        OfficeConfig f = file;   // compared as stored: without the start-up settings
        f.tls = {};
        f.allowPlainHttp = false;
        return f;
    }();
    return true;
}

qint64 LiveConfig::import(Storage &storage, const OfficeConfig &config, qint64 nowMs, const QString &source, QString *error)
{
    ConfigStore store(storage);
    ConfigStore::Stored stored;
    const ConfigStore::Read read = store.load(&stored);
    if (read == ConfigStore::Read::Failed) {
        *error = QStringLiteral("cannot read the live configuration from the database");
        return 0;
    }
    const QByteArray doc = compact(storedForm(config));
    AuditStore audit(storage);
    AuditStore::Entry e;
    e.at = nowMs;
    e.actor = QStringLiteral("cli");
    e.action = QStringLiteral("config.import");
    e.object = QStringLiteral("config:") + source;
    e.before = read == ConfigStore::Read::Found ? stored.document : QByteArray();
    e.after = doc;
    qint64 version = 0;
    const QStringList parts{QStringLiteral("topics"), QStringLiteral("windows"), QStringLiteral("operators"),
                            QStringLiteral("devices"), QStringLiteral("office")};
    const bool ok = apiutil::commitWithEvent(
        storage, nowMs, kEventType,
        QJsonObject{{QStringLiteral("version"), read == ConfigStore::Read::Found ? stored.version + 1 : 1},
                    {QStringLiteral("parts"), QJsonArray::fromStringList(parts)}},
        [&] {
            version = read == ConfigStore::Read::Found ? store.replace(doc, stored.version, nowMs)
                                                       : (store.seed(doc, nowMs) ? 1 : 0);
            return version > 0 && audit.record(e) > 0;
        });
    if (!ok) {
        *error = QStringLiteral("the database could not be changed; nothing was imported");
        return 0;
    }
    return version;
}

} // namespace queue::server
