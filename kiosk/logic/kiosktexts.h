#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace queue::kiosk {

// Wording shared by the kiosk's screens and its paper ticket, in the current language.
class KioskTexts {
    Q_DECLARE_TR_FUNCTIONS(KioskTexts)
public:
    // disability, veteran, pregnant, with_infant, other_legal → a name for visitors.
    static QString priorityName(const QString &category);
    // "about 5 min", or "no wait" for 0.
    static QString waitText(qint64 seconds);
    // When the office opens, e.g. "Monday, 30 November, at 08:00"; empty for 0.
    static QString openingText(qint64 msSinceEpoch, const QLocale &locale);
    static QLocale locale(const QString &language);   // "ru" / "en"
};

} // namespace queue::kiosk
