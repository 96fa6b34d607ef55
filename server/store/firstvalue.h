#pragma once

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

#include <optional>

namespace queue::server {

// The first column of the first row that `sql`, with `arg` bound to its one placeholder,
// returns; nullopt when there is no row or the query failed.
inline std::optional<QVariant> firstValue(Storage &storage, const QString &sql, const QVariant &arg)
{
    QSqlQuery &q = storage.prepared(sql);
    q.bindValue(0, arg);
    std::optional<QVariant> out;
    if (storage.exec(q) && q.next())
        out = q.value(0);
    q.finish();
    return out;
}

} // namespace queue::server
