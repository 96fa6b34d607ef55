#pragma once

// A small ESC/POS decoder for the tests: turns the bytes a printer would receive into a
// readable list, so that a test says "the printed text is …" instead of comparing hex dumps.
// It knows the commands the kiosk's encoder may send and fails on anything else.
//
//   init                      ESC @
//   kanji off                 FS .
//   codepage N                ESC t N
//   align left|center|right   ESC a n
//   bold on|off               ESC E n
//   reverse on|off            GS B n
//   size WxH                  GS ! n
//   text: …                   bytes up to LF, decoded in the selected code page
//   raster WxH                GS v 0 (width in dots, height in rows); a band of 256 rows and the
//                             bands after it of the same width are one image
//   qr: DATA                  GS ( k store + print (model, size and error level as "qr setup …")
//   cut feed N                GS V 66 N
//   status dle N / status gsr N   DLE EOT N / GS r N

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace queue::test {

struct EscPosDecoded {
    QStringList commands;   // in order
    QString error;          // empty when every byte was understood

    QStringList texts() const;                 // the "text: " lines without the prefix
    QStringList rasters() const;               // "WxH" of every raster image
    bool contains(const QString &command) const { return commands.contains(command); }
};

// tables: ESC t number → "cp866" or "cp1251" — the printer family's character tables
// (a byte ≥ 0x80 under any other table is shown as \xNN).
EscPosDecoded decodeEscPos(const QByteArray &bytes, const QMap<int, QString> &tables);

// The character of a byte in the code page (its own tables, not the encoder's).
QChar decodeByte(uchar b, const QString &codePage);

} // namespace queue::test
