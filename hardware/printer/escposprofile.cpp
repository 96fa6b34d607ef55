#include "escposprofile.h"

#include <QStringList>

namespace queue::hardware {

// The ESC t numbers come from the vendors' character-table lists as collected by the open
// ESC/POS printer databases (escpos-printer-db, receipt-printer-encoder's code page tables);
// firmware revisions differ, so the self-test page has the last word (codepage_n= overrides).
const QList<EscPosProfile> &EscPosProfile::all()
{
    static const QList<EscPosProfile> profiles{
        // Epson's table: 17 PC866 (Cyrillic #2), 46 WPC1251.
        {"epson", "Epson TM-T20/T88/m30 and clones that follow Epson's table", 17, 46, false, true, true, true, 80},
        // Xprinter's table: 17 PC866, 23 WPC1251; the firmware starts in Chinese mode.
        {"xprinter", "Xprinter XP-80/XP-Q200, Rongta, HPRT and other Chinese 80 mm", 17, 23, true, true, true, true, 80},
        // "POS-5890" firmware (ZiJiang and look-alikes): 59 PC866, 73 WPC1251; no cutter.
        {"pos5890", "Generic Chinese 58 mm (POS-5890, ZJ-5890, GOOJPRT)", 59, 73, true, true, false, false, 58},
        // Citizen's table: 7 PC866; no WPC1251.
        {"citizen", "Citizen CT-S310/CT-S601/CT-S801", 7, -1, false, true, true, true, 80},
        // Star in ESC/POS emulation: 17 PC866; no WPC1251.
        {"star", "Star TSP100/TSP143/TSP650 in ESC/POS mode", 17, -1, false, true, true, true, 80},
        // No Cyrillic font at all (Chinese-only firmware): text as raster images.
        {"raster", "Any ESC/POS printer without a Cyrillic font", -1, -1, true, false, false, true, 80},
    };
    return profiles;
}

std::optional<EscPosProfile> EscPosProfile::byName(const QString &name)
{
    for (const EscPosProfile &p : all())
        if (name == QLatin1String(p.name))
            return p;
    return std::nullopt;
}

QString EscPosProfile::names()
{
    QStringList n;
    for (const EscPosProfile &p : all())
        n << QLatin1String(p.name);
    return n.join(QStringLiteral(", "));
}

} // namespace queue::hardware
