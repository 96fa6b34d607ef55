#include "callpolicy.h"

#include <algorithm>

namespace queue::server {

void PriorityFifoPolicy::order(QList<Candidate> &candidates, const CallContext &) const
{
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
        if (a.outOfTurn != b.outOfTurn)
            return a.outOfTurn;
        if (a.issuedAt != b.issuedAt)
            return a.issuedAt < b.issuedAt;
        return a.id < b.id;
    });
}

std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name)
{
    if (name == QLatin1String("fifo"))
        return std::make_unique<PriorityFifoPolicy>();
    return nullptr;
}

} // namespace queue::server
