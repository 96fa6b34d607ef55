#include "arrivals.h"

#include "common/protocol.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace queue::sim {

std::optional<QList<Arrival>> parseArrivals(const QByteArray &csv, QString *error)
{
    const QList<QByteArray> lines = csv.split('\n');
    QList<Arrival> out;
    bool header = false;
    static const QRegularExpression timeRe(QStringLiteral("^(\\d{1,2}):(\\d{2}):(\\d{2})$"));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromUtf8(lines[i]).trimmed();
        const int number = static_cast<int>(i) + 1;
        auto fail = [&](const QString &problem) {
            *error = QStringLiteral("line %1: %2").arg(number).arg(problem);
            return std::nullopt;
        };
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList f = line.split(QLatin1Char(','));
        if (!header) {
            if (f.size() != 4 || f[0].trimmed() != QLatin1String("time") || f[1].trimmed() != QLatin1String("service")
                || f[2].trimmed() != QLatin1String("service_min") || f[3].trimmed() != QLatin1String("priority"))
                return fail(QStringLiteral("the header must be time,service,service_min,priority"));
            header = true;
            continue;
        }
        if (f.size() != 4)
            return fail(QStringLiteral("expected 4 columns, got %1").arg(f.size()));
        Arrival a;
        a.line = number;
        const auto m = timeRe.match(f[0].trimmed());
        if (!m.hasMatch())
            return fail(QStringLiteral("time '%1' is not HH:MM:SS").arg(f[0]));
        const int h = m.captured(1).toInt(), mi = m.captured(2).toInt(), s = m.captured(3).toInt();
        if (h > 23 || mi > 59 || s > 59)
            return fail(QStringLiteral("time '%1' is out of range").arg(f[0]));
        a.atS = h * 3600 + mi * 60 + s;
        a.service = f[1].trimmed();
        if (a.service.isEmpty())
            return fail(QStringLiteral("the service is empty"));
        const QString duration = f[2].trimmed();
        if (!duration.isEmpty()) {
            bool ok = false;
            a.serviceMin = duration.toDouble(&ok);
            if (!ok || !std::isfinite(a.serviceMin) || a.serviceMin <= 0 || a.serviceMin > 600)
                return fail(QStringLiteral("service_min '%1' must be a number of minutes in (0, 600]").arg(duration));
        }
        a.priority = f[3].trimmed();
        // "booked": a pre-booked visitor checking in at the slot start (docs/booking.md).
        if (!a.priority.isEmpty() && a.priority != QLatin1String("booked") && !priorityCategories().contains(a.priority))
            return fail(QStringLiteral("priority '%1' is not one of: booked, %2")
                            .arg(a.priority, priorityCategories().join(QStringLiteral(", "))));
        out.append(a);
    }
    if (!header) {
        *error = QStringLiteral("no header line time,service,service_min,priority");
        return std::nullopt;
    }
    std::stable_sort(out.begin(), out.end(), [](const Arrival &a, const Arrival &b) { return a.atS < b.atS; });
    return out;
}

std::optional<QList<Arrival>> loadArrivals(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QString problem;
    auto out = parseArrivals(f.readAll(), &problem);
    if (!out)
        *error = path + QStringLiteral(": ") + problem;
    return out;
}

} // namespace queue::sim
