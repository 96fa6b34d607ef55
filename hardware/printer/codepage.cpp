#include "codepage.h"

#include <QList>

namespace queue::hardware {

std::optional<CodePage> codePageFromString(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("cp866") || n == QLatin1String("ibm866"))
        return CodePage::Cp866;
    if (n == QLatin1String("cp1251") || n == QLatin1String("windows-1251"))
        return CodePage::Cp1251;
    if (n == QLatin1String("ascii"))
        return CodePage::Ascii;
    return std::nullopt;
}

namespace {

// Typographic characters with no place in the code page.
std::optional<char> asciiFallback(char32_t u)
{
    switch (u) {
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: return '"';
    case 0x2018: case 0x2019: return '\'';
    case 0x2013: case 0x2014: case 0x2212: return '-';
    case 0x00A0: return ' ';
    case 0x2026: return '.';
    default: return std::nullopt;
    }
}

std::optional<uchar> cp866(char32_t u)
{
    if (u >= 0x0410 && u <= 0x043F)
        return static_cast<uchar>(0x80 + (u - 0x0410));   // А..Я, а..п
    if (u >= 0x0440 && u <= 0x044F)
        return static_cast<uchar>(0xE0 + (u - 0x0440));   // р..я
    switch (u) {
    case 0x0401: return 0xF0;   // Ё
    case 0x0451: return 0xF1;   // ё
    case 0x00B0: return 0xF8;   // °
    case 0x00B7: return 0xFA;   // ·
    case 0x2116: return 0xFC;   // №
    default: return std::nullopt;
    }
}

std::optional<uchar> cp1251(char32_t u)
{
    if (u >= 0x0410 && u <= 0x044F)
        return static_cast<uchar>(0xC0 + (u - 0x0410));
    switch (u) {
    case 0x0401: return 0xA8;
    case 0x0451: return 0xB8;
    case 0x2116: return 0xB9;
    case 0x00AB: return 0xAB;
    case 0x00BB: return 0xBB;
    case 0x2013: return 0x96;
    case 0x2014: return 0x97;
    case 0x00B0: return 0xB0;
    case 0x00A0: return 0xA0;
    default: return std::nullopt;
    }
}

} // namespace

QByteArray encodeText(const QString &text, CodePage cp)
{
    QByteArray out;
    out.reserve(text.size());
    const QList<uint> ucs4 = text.toUcs4();
    for (const uint u : ucs4) {
        if (u < 0x20 || u == 0x7F) {
            // A text that could carry ESC or GS would carry printer commands (found by
            // fuzz_escpos_text): whitespace becomes a space, anything else '?'.
            out.append(u == '\t' || u == '\n' || u == '\r' || u == '\f' || u == '\v' ? ' ' : '?');
            continue;
        }
        if (u < 0x80) {
            out.append(static_cast<char>(u));
            continue;
        }
        std::optional<uchar> b;
        if (cp == CodePage::Cp866)
            b = cp866(u);
        else if (cp == CodePage::Cp1251)
            b = cp1251(u);
        if (b) {
            out.append(static_cast<char>(*b));
        } else if (const auto a = asciiFallback(u)) {
            out.append(*a);
        } else {
            out.append('?');
        }
    }
    return out;
}

} // namespace queue::hardware
