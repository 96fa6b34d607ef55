#include "callpolicy.h"

#include <algorithm>
#include <tuple>

namespace queue::server {

namespace {

bool isDueBooked(const Candidate &c, qint64 now) { return c.bookedAt != 0 && now >= c.bookedAt; }

} // namespace

void CallPolicy::order(QList<Candidate> &candidates, const CallContext &context) const
{
    std::sort(candidates.begin(), candidates.end(),
              [&](const Candidate &a, const Candidate &b) { return before(a, b, context); });
}

bool PriorityFifoPolicy::before(const Candidate &a, const Candidate &b, const CallContext &context) const
{
    if (a.outOfTurn != b.outOfTurn)
        return a.outOfTurn;
    if (a.outOfTurn)
        return std::tie(a.issuedAt, a.id) < std::tie(b.issuedAt, b.id);
    const bool aBooked = isDueBooked(a, context.nowMs), bBooked = isDueBooked(b, context.nowMs);
    if (aBooked != bBooked)
        return aBooked;
    if (aBooked)
        return std::tie(a.bookedAt, a.id) < std::tie(b.bookedAt, b.id);
    return std::tie(a.issuedAt, a.id) < std::tie(b.issuedAt, b.id);
}

qint64 NormSlackPolicy::deadline(const Candidate &c, const CallContext &context)
{
    const int limitMin = c.waitNormMin > 0 ? c.waitNormMin : context.noNormLimitMin;
    return c.issuedAt + limitMin * 60000LL;
}

int NormSlackPolicy::rank(const Candidate &c, const CallContext &context)
{
    if (c.outOfTurn)
        return 0;
    if (isDueBooked(c, context.nowMs))
        return 1;
    return deadline(c, context) - context.nowMs < kGuardMs ? 2 : 3;
}

bool NormSlackPolicy::before(const Candidate &a, const Candidate &b, const CallContext &context) const
{
    const int ra = rank(a, context), rb = rank(b, context);
    if (ra != rb)
        return ra < rb;
    switch (ra) {
    case 1:
        return std::tie(a.bookedAt, a.id) < std::tie(b.bookedAt, b.id);
    case 3: {
        const qint64 da = deadline(a, context), db = deadline(b, context);
        return std::tie(da, a.issuedAt, a.id) < std::tie(db, b.issuedAt, b.id);
    }
    default:   // out-of-turn, and the guarded (late or less than kGuardMs of slack): arrival order
        return std::tie(a.issuedAt, a.id) < std::tie(b.issuedAt, b.id);
    }
}

std::unique_ptr<CallPolicy> makeCallPolicy(const QString &name)
{
    if (name == QLatin1String("fifo"))
        return std::make_unique<PriorityFifoPolicy>();
    if (name == QLatin1String("norm"))
        return std::make_unique<NormSlackPolicy>();
    return nullptr;
}

} // namespace queue::server
