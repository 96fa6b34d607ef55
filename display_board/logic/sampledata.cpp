#include "sampledata.h"

#include "boardmodel.h"

#include <QDateTime>
#include <QJsonObject>

namespace queue::board {

namespace {
Ticket ticket(qint64 id, const char *number, const char *service, Segment seg, TicketState state, int window, qint64 now)
{
    Ticket t;
    t.id = id;
    t.number = QString::fromUtf8(number);
    t.service = QString::fromLatin1(service);
    t.originalService = t.service;
    t.segment = seg;
    t.state = state;
    t.window = window;
    t.issuedAt = now - 600000;
    t.calledAt = now - 60000 * (10 - id);
    t.lastCalledAt = t.calledAt;
    return t;
}
} // namespace

void loadClosedSampleData(BoardModel *model)
{
    loadSampleData(model, false);
    client::ServiceCatalog cat;
    cat.office = model->office();
    cat.open = false;
    const QTimeZone zone = model->officeZone();
    const QDate today = QDateTime::fromMSecsSinceEpoch(model->nowMs(), zone).date();
    cat.nextOpening = QDateTime(today.addDays(1), QTime(8, 0), zone).toMSecsSinceEpoch();
    model->applyCatalog(cat);
    QList<WindowInfo> windows = model->allWindows().values();
    for (WindowInfo &w : windows)
        w.state = WindowState::Closed;
    model->applyWindows(windows);
}

void loadSampleData(BoardModel *model, bool withCalls)
{
    const qint64 now = model->nowMs();
    client::ServiceCatalog cat;
    cat.office = {QStringLiteral("ЦОК «Центральный»"), QStringLiteral("8-800-100-00-00"), QStringLiteral("energo.example.ru")};
    cat.open = true;
    auto service = [](const char *id, const char *name, const char *prefix, Segment seg, int waiting) {
        ServiceInfo s;
        s.id = QString::fromLatin1(id);
        s.name = QString::fromUtf8(name);
        s.prefix = QString::fromUtf8(prefix);
        s.segment = seg;
        s.waiting = waiting;
        return s;
    };
    cat.services = {service("reception", "Приём документов", "Д", Segment::B2C, 3),
                    service("contracts", "Договоры и консультации", "К", Segment::B2C, 5),
                    service("payments", "Платёжные документы", "П", Segment::B2C, 2),
                    service("b2b_contracts", "Договоры для юридических лиц", "Ю", Segment::B2B, 1)};
    model->applyCatalog(cat);

    QList<WindowInfo> windows;
    auto window = [&](int n, WindowState st, Segment seg, std::optional<Ticket> t) {
        WindowInfo w;
        w.number = n;
        w.state = st;
        w.segment = seg;
        w.services = {QStringLiteral("reception"), QStringLiteral("contracts"), QStringLiteral("payments")};
        if (seg == Segment::B2B)
            w.services = {QStringLiteral("b2b_contracts")};
        w.ticket = t;
        if (st == WindowState::Paused)
            w.pauseReason = PauseReason::Lunch;
        windows.append(w);
    };
    if (withCalls) {
        window(1, WindowState::Serving, Segment::B2C, ticket(1, "Д012", "reception", Segment::B2C, TicketState::Serving, 1, now));
        window(2, WindowState::Serving, Segment::B2C, ticket(2, "К007", "contracts", Segment::B2C, TicketState::Serving, 2, now));
        window(3, WindowState::Open, Segment::B2C, std::nullopt);
        window(4, WindowState::Paused, Segment::B2C, std::nullopt);
        window(5, WindowState::Closed, Segment::B2C, std::nullopt);
        window(6, WindowState::Serving, Segment::B2B, ticket(3, "Ю003", "b2b_contracts", Segment::B2B, TicketState::Serving, 6, now));
        window(7, WindowState::Open, Segment::B2C, std::nullopt);
    } else {
        for (int n = 1; n <= 5; ++n)
            window(n, n == 4 ? WindowState::Paused : n == 5 ? WindowState::Closed : WindowState::Open, Segment::B2C, std::nullopt);
        window(6, WindowState::Open, Segment::B2B, std::nullopt);
    }
    model->applyWindows(windows);
    if (!withCalls)
        return;
    // A call that is over, then two calls arriving together (both highlighted).
    auto call = [&](qint64 id, const char *number, const char *service, int window, WindowState after) {
        Ticket t = ticket(id, number, service, Segment::B2C, TicketState::Called, window, now);
        model->applyEvent(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kTicketCalled)},
                                      {QStringLiteral("at"), isoUtc(now)},
                                      {QStringLiteral("window"), window},
                                      {QStringLiteral("ticket"), t.toJson(now)}});
        WindowInfo w;
        w.number = window;
        w.state = after;
        w.segment = Segment::B2C;
        w.services = {QStringLiteral("reception"), QStringLiteral("contracts"), QStringLiteral("payments")};
        if (after == WindowState::Calling)
            w.ticket = t;
        model->applyEvent(QJsonObject{{QStringLiteral("type"), QLatin1String(api::kWindowChanged)},
                                      {QStringLiteral("at"), isoUtc(now)},
                                      {QStringLiteral("window"), window},
                                      {QStringLiteral("state"), w.toJson(now)}});
    };
    call(4, "П013", "payments", 3, WindowState::Open);
    call(5, "П014", "payments", 3, WindowState::Calling);
    call(6, "К015", "contracts", 7, WindowState::Calling);
}

} // namespace queue::board
