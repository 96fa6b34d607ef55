#pragma once

#include <QString>

namespace queue::server {

class Storage;

// The `counters` table: the last number given per prefix and the business day it
// was given on. Every statement on it is here; how the next number is chosen is
// the engine's. Writes happen inside the caller's storage scope.
class CounterStore {
public:
    explicit CounterStore(Storage &storage) : m_storage(storage) {}

    struct Counter {
        QString businessDay;   // empty: no number given yet
        int last = 0;
    };
    // False when the query failed.
    bool load(const QString &prefix, Counter *out) const;
    bool put(const QString &prefix, const Counter &counter);

private:
    Storage &m_storage;
};

} // namespace queue::server
