#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace queue::hardware {

// What differs between ESC/POS printer families (docs/printing.md, "Printer profiles"): the
// number n of ESC t n for the two Cyrillic code pages, whether the printer starts in Chinese
// (Kanji) mode and needs FS . before 8-bit text, whether it has a Cyrillic font at all,
// QR support, the cutter and the usual paper width.
struct EscPosProfile {
    const char *name;          // the value of profile= / "printer_profile"
    const char *models;        // for docs and --help
    int pc866 = -1;            // ESC t n for PC866; -1: no such table
    int wpc1251 = -1;          // ESC t n for WPC1251; -1: no such table
    bool cancelKanji = false;  // send FS . after ESC @ (firmware that starts in GB18030 mode)
    bool cyrillicFont = true;  // false: text with Cyrillic is printed as raster images
    bool nativeQr = true;      // GS ( k works
    bool cutter = true;
    int paperMm = 80;

    bool hasCyrillicPage() const { return cyrillicFont && (pc866 >= 0 || wpc1251 >= 0); }

    static const QList<EscPosProfile> &all();
    static std::optional<EscPosProfile> byName(const QString &name);
    static QString names();    // "epson, xprinter, …" for error messages
};

} // namespace queue::hardware
