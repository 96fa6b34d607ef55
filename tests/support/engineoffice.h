#pragma once

// The office and the engine that the in-process engine tests start from.
#include "server/callpolicy.h"
#include "server/pinhash.h"
#include "server/queueengine.h"
#include "server/storage.h"

#include <QTemporaryDir>
#include <QTimeZone>

#include <memory>

namespace queue::test {

// The built-in office in UTC, with or without its schedule, PIN 1234 for every operator.
inline server::OfficeConfig engineOfficeConfig(bool withSchedule = false)
{
    server::OfficeConfig c = server::OfficeConfig::builtIn();
    c.timeZone = QTimeZone::utc();
    c.hasSchedule = withSchedule;
    static const QString hash = server::pinhash::hash(QStringLiteral("1234"), 1000);
    for (server::OperatorConfig &op : c.operators)
        op.pinHash = hash;
    return c;
}

// Opens q.db in `dir` and an initialized engine on it: the error, empty when all went well.
inline QString openEngine(const server::OfficeConfig &config, server::Storage &storage, const QTemporaryDir &dir,
                          server::Storage::Sync sync, const Clock &clock, const server::CallPolicy &policy,
                          std::unique_ptr<server::QueueEngine> &engine)
{
    QString error;
    if (!storage.open(dir.filePath(QStringLiteral("q.db")), sync, &error))
        return error.isEmpty() ? QStringLiteral("storage did not open") : error;
    engine = std::make_unique<server::QueueEngine>(config, storage, clock, policy);
    if (!engine->initialize(&error))
        return error.isEmpty() ? QStringLiteral("engine did not initialize") : error;
    return {};
}

} // namespace queue::test
