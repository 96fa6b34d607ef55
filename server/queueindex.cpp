#include "queueindex.h"

#include <algorithm>
#include <tuple>

namespace queue::server {

namespace {

bool arrivalLess(const Candidate &a, const Candidate &b) { return std::tie(a.issuedAt, a.id) < std::tie(b.issuedAt, b.id); }

} // namespace

void QueueIndex::clear()
{
    m_all.clear();
    m_special.clear();
    m_plain.clear();
}

std::vector<Candidate> *QueueIndex::bucket(int topic)
{
    if (topic < 0)
        return nullptr;
    if (static_cast<size_t>(topic) >= m_plain.size())
        m_plain.resize(static_cast<size_t>(topic) + 1);
    return &m_plain[static_cast<size_t>(topic)];
}

void QueueIndex::unlink(const Candidate &c)
{
    if (!isPlain(c)) {
        m_special.remove(c.id);
        return;
    }
    std::vector<Candidate> *b = bucket(c.serviceIndex);
    const auto it = std::lower_bound(b->begin(), b->end(), c, arrivalLess);
    if (it != b->end() && it->id == c.id)
        b->erase(it);
}

void QueueIndex::insert(const Candidate &c)
{
    if (const auto old = m_all.constFind(c.id); old != m_all.cend())
        unlink(*old);
    m_all.insert(c.id, c);
    if (!isPlain(c)) {
        m_special.insert(c.id, c);
        return;
    }
    std::vector<Candidate> *b = bucket(c.serviceIndex);
    // Nearly always the newest ticket: the end of the list.
    if (b->empty() || arrivalLess(b->back(), c))
        b->push_back(c);
    else
        b->insert(std::upper_bound(b->begin(), b->end(), c, arrivalLess), c);
}

void QueueIndex::remove(qint64 id)
{
    const auto it = m_all.constFind(id);
    if (it == m_all.cend())
        return;
    unlink(*it);
    m_all.erase(it);
}

const Candidate *QueueIndex::find(qint64 id) const
{
    const auto it = m_all.constFind(id);
    return it == m_all.cend() ? nullptr : &*it;
}

int QueueIndex::plainBefore(int topic, const Candidate &self, const CallPolicy &policy, const CallContext &context) const
{
    if (topic < 0 || static_cast<size_t>(topic) >= m_plain.size())
        return 0;
    const std::vector<Candidate> &b = m_plain[static_cast<size_t>(topic)];
    const auto end = std::partition_point(b.begin(), b.end(), [&](const Candidate &c) {
        return c.id != self.id && policy.before(c, self, context);
    });
    return static_cast<int>(end - b.begin());
}

int QueueIndex::plainCount(int topic) const
{
    if (topic < 0 || static_cast<size_t>(topic) >= m_plain.size())
        return 0;
    return static_cast<int>(m_plain[static_cast<size_t>(topic)].size());
}

const Candidate *QueueIndex::plainFront(int topic) const
{
    if (topic < 0 || static_cast<size_t>(topic) >= m_plain.size() || m_plain[static_cast<size_t>(topic)].empty())
        return nullptr;
    return &m_plain[static_cast<size_t>(topic)].front();
}

} // namespace queue::server
