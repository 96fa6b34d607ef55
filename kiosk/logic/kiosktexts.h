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
    static QLocale locale(const QString &language);   // "ru" / "en"
};

} // namespace queue::kiosk
