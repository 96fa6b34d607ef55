#pragma once

// One announce() of the board's model, as the board tests record and compare them.
#include <QString>

#include <ostream>

namespace queue::test {

struct Announced {
    QString ticket;
    int window;
    bool recall;
    bool operator==(const Announced &o) const { return ticket == o.ticket && window == o.window && recall == o.recall; }
};
inline std::ostream &operator<<(std::ostream &os, const Announced &a)
{
    return os << a.ticket.toStdString() << "→" << a.window << (a.recall ? " (recall)" : "");
}

} // namespace queue::test
