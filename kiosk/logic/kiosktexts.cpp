#include "kiosktexts.h"

namespace queue::kiosk {

QString KioskTexts::priorityName(const QString &c)
{
    if (c == QLatin1String("disability"))
        return tr("Person with a disability");
    if (c == QLatin1String("veteran"))
        return tr("Veteran or combat veteran");
    if (c == QLatin1String("pregnant"))
        return tr("Pregnant woman");
    if (c == QLatin1String("with_infant"))
        return tr("Visitor with a small child");
    if (c == QLatin1String("other_legal"))
        return tr("Other category entitled by law");
    return c;
}

QString KioskTexts::waitText(qint64 seconds)
{
    if (seconds <= 0)
        return tr("no wait");
    return tr("about %1 min").arg((seconds + 59) / 60);
}

QLocale KioskTexts::locale(const QString &language)
{
    return language == QLatin1String("en") ? QLocale(QLocale::English, QLocale::UnitedKingdom)
                                           : QLocale(QLocale::Russian, QLocale::Russia);
}

} // namespace queue::kiosk
