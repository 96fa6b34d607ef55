#include "callpolicy.h"

#include <algorithm>

namespace queue::server {

void CallPolicy::order(QList<Candidate> &candidates, const CallContext &context) const
{
    std::sort(candidates.begin(), candidates.end(),
              [&](const Candidate &a, const Candidate &b) { return before(a, b, context); });
}

bool PriorityFifoPolicy::before(const Candidate &a, const Candidate &b, const CallContext &) const
{
    if (a.outOfTurn != b.outOfTurn)
        return a.outOfTurn;
    if (a.issuedAt != b.issuedAt)
        return a.issuedAt < b.issuedAt;
    return a.id < b.id;
}

std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name)
{
    if (name == QLatin1String("fifo"))
        return std::make_unique<PriorityFifoPolicy>();
    return nullptr;
}

} // namespace queue::server
