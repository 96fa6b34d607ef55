#pragma once

#include "officeconfig.h"
#include "result.h"
#include "store/auditstore.h"
#include "store/configstore.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <optional>

namespace queue::server {

class QueueEngine;
class Storage;

// The office's live configuration (docs/architecture.md, "The live configuration"):
// one versioned document in the `live_config` table, in the configuration file's
// schema. The file seeds an empty database; from then on the database wins. A change
// is validated by parseOfficeConfig — the file's own rules and messages — and written,
// audited, announced by one "config.changed" event and applied to the engine in one
// storage scope; if that scope rolls back, the engine gets the stored one again.
class LiveConfig : public QObject {
    Q_OBJECT
public:
    LiveConfig(QueueEngine &engine, Storage &storage, QObject *parent = nullptr);

    struct Current {
        QJsonObject document;   // the file's schema, secrets as hashes
        qint64 version = 0;
    };
    // The stored configuration; an empty table is seeded from the engine's (in-process
    // use without a start-up seed). nullopt when the database failed.
    std::optional<Current> current();

    struct Change {
        QJsonObject document;        // the whole candidate configuration
        qint64 expectedVersion = -1; // the version the caller changed; -1: not given
        QStringList parts;           // "topics", "windows", "operators", "office"
        AuditStore::Entry audit;     // actor, address, action, object, before, after
    };
    // Validates, checks the version and the prefixes in use today, writes, audits,
    // announces and applies. The new version; on a refusal `field` names the field.
    Result<qint64> change(const Change &change, QString *field);

    // The form kept in the database: the file's schema without the start-up settings
    // ("tls", "allow_plain_http", which always come from the file).
    static QJsonObject storedForm(const OfficeConfig &config);
    // At start: seeds an empty database with `file`, else reads the stored one into
    // `live` (with the file's start-up settings). `differs`: the file says otherwise.
    static bool loadAtStart(Storage &storage, const OfficeConfig &file, qint64 nowMs, OfficeConfig *live,
                            qint64 *version, bool *seeded, bool *differs, QString *error);
    // --import-config: replaces the stored configuration whatever its version; audited as
    // "cli", announced by config.changed. The new version, 0 on failure.
    static qint64 import(Storage &storage, const OfficeConfig &config, qint64 nowMs, const QString &source,
                         QString *error);

    static constexpr const char *kEventType = "config.changed";

private:
    void reloadIfChanged();

    QueueEngine &m_engine;
    Storage &m_storage;
    ConfigStore m_store;
    AuditStore m_audit;
    qint64 m_applied = 0;   // the version the engine runs
};

} // namespace queue::server
