#include "callpolicy.h"

#include <algorithm>

namespace queue::server {

void CallPolicy::order(QList<Candidate> &candidates, const CallContext &context) const
{
    std::sort(candidates.begin(), candidates.end(),
              [&](const Candidate &a, const Candidate &b) { return before(a, b, context); });
}

qsizetype CallPolicy::best(const QList<Candidate> &candidates, const CallContext &context) const
{
    qsizetype best = -1;
    for (qsizetype i = 0; i < candidates.size(); ++i)
        if (best < 0 || before(candidates[i], candidates[best], context))
            best = i;
    return best;
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
