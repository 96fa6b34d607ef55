#pragma once

#include "server/storage.h"

#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>
#include <optional>

namespace queue::server {

// The cached statement for `sql` with `args` bound to its placeholders, in order.
inline QSqlQuery &bound(Storage &storage, const QString &sql, std::initializer_list<QVariant> args)
{
    QSqlQuery &q = storage.prepared(sql);
    int i = 0;
    for (const QVariant &a : args)
        q.bindValue(i++, a);
    return q;
}

// Runs `sql` with `args`: false (and a log line) on failure.
inline bool run(Storage &storage, const QString &sql, std::initializer_list<QVariant> args)
{
    return storage.exec(bound(storage, sql, args));
}

// The first column of the first row; nullopt when there is no row or the query failed.
inline std::optional<QVariant> scalar(Storage &storage, const QString &sql, std::initializer_list<QVariant> args)
{
    QSqlQuery &q = bound(storage, sql, args);
    std::optional<QVariant> out;
    if (storage.exec(q) && q.next())
        out = q.value(0);
    q.finish();
    return out;
}

// NULL for 0 or an empty text.
inline QVariant orNull(qint64 v) { return v ? QVariant(v) : QVariant(); }
inline QVariant orNull(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }

} // namespace queue::server
