#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace queue::hardware {

// The 8-bit code pages Russian thermal printers use for text commands. The printer is told
// which one with ESC t n, where n depends on the printer model (see docs/printing.md).
enum class CodePage { Cp866, Cp1251, Ascii };

std::optional<CodePage> codePageFromString(const QString &name);   // "cp866", "cp1251", "ascii"
// Characters the code page lacks become '?' (quotes and dashes are mapped to ASCII ones).
// Control characters never pass: tab, line and page breaks become a space, any other (ESC,
// GS, DLE, … which would start a printer command) '?'. One byte per character.
QByteArray encodeText(const QString &text, CodePage cp);

} // namespace queue::hardware
