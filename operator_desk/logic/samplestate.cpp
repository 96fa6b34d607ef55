#include "samplestate.h"

namespace queue::desk {

namespace {
ServiceInfo topic(const char *id, const char *name, const char *prefix, int waitNorm, int serviceNorm)
{
    ServiceInfo s;
    s.id = QString::fromUtf8(id);
    s.name = QString::fromUtf8(name);
    s.prefix = QString::fromUtf8(prefix);
    s.waitNormMin = waitNorm;
    s.serviceNormMin = serviceNorm;
    return s;
}

Ticket ticket(qint64 id, const char *number, const char *service, qint64 issuedAt, const char *priority = "")
{
    Ticket t;
    t.id = id;
    t.number = QString::fromUtf8(number);
    t.service = t.originalService = QString::fromUtf8(service);
    t.issuedAt = issuedAt;
    t.priority = QString::fromUtf8(priority);
    return t;
}
} // namespace

DeskSnapshot sampleSnapshot(const QString &state, qint64 now)
{
    constexpr qint64 min = 60000;
    DeskSnapshot s;
    s.op = OperatorInfo{QStringLiteral("ivanova"), QStringLiteral("Иванова А. П.")};
    s.catalogue = {topic("reception", "Приём документов", "Д", 0, 5),
                   topic("contracts", "Договоры и консультации", "К", 10, 15),
                   topic("payments", "Платёжные документы", "П", 5, 5),
                   topic("b2b_contracts", "Договоры для юрлиц", "Ю", 10, 15)};
    for (int n = 1; n <= 4; ++n) {
        WindowInfo w;
        w.number = n;
        w.state = n == 2 ? WindowState::Open : WindowState::Serving;
        s.windows.append(w);
    }
    s.window.number = 2;
    s.window.state = WindowState::Open;
    s.window.services = {QStringLiteral("contracts"), QStringLiteral("payments")};
    s.window.op = s.op;
    s.maxRecalls = 3;

    s.queue = {client::QueuedTicket{ticket(31, "К021", "contracts", now - 12 * min, "disability"), true},
               client::QueuedTicket{ticket(32, "П034", "payments", now - 4 * min), true},
               client::QueuedTicket{ticket(33, "К022", "contracts", now - 7 * min), true},
               client::QueuedTicket{ticket(34, "П035", "payments", now - 2 * min), true},
               client::QueuedTicket{ticket(35, "К023", "contracts", now - 1 * min), true}};

    s.today.known = true;
    s.today.served = 23;
    s.today.finished = 21;
    s.today.noShow = 2;
    s.today.avgServiceS = 7 * 60 + 40;
    s.today.avgWaitS = 6 * 60 + 5;
    s.today.pctServiceWithinNorm = 85.7;
    s.today.pctWaitWithinNorm = 90.5;

    Ticket current = ticket(30, "К020", "contracts", now - 9 * min, "veteran");
    current.window = 2;
    if (state == QLatin1String("called")) {
        current.state = TicketState::Called;
        current.calledAt = now - 40000;
        current.lastCalledAt = now - 15000;
        current.recalls = 3;
        s.window.state = WindowState::Calling;
        s.window.ticket = current;
    } else if (state == QLatin1String("serving") || state == QLatin1String("over-norm")) {
        const bool over = state == QLatin1String("over-norm");
        current.state = TicketState::Serving;
        current.calledAt = now - (over ? 19 : 13) * min;
        current.issuedAt = current.calledAt - (over ? 14 : 8) * min;
        current.startedAt = now - (over ? 17 * min + 25000 : 12 * min + 30000);
        s.window.state = WindowState::Serving;
        s.window.ticket = current;
    } else if (state == QLatin1String("paused")) {
        s.window.state = WindowState::Paused;
        s.window.pauseReason = PauseReason::Lunch;
    }
    return s;
}

} // namespace queue::desk
