#include "escposdecoder.h"

namespace queue::test {

QStringList EscPosDecoded::texts() const
{
    QStringList out;
    for (const QString &c : commands)
        if (c.startsWith(QLatin1String("text: ")))
            out << c.mid(6);
    return out;
}

QStringList EscPosDecoded::rasters() const
{
    QStringList out;
    for (const QString &c : commands)
        if (c.startsWith(QLatin1String("raster ")))
            out << c.mid(7);
    return out;
}

QChar decodeByte(uchar b, const QString &cp)
{
    if (b < 0x80)
        return QChar(char16_t(b));
    // Russian letters of IBM code page 866 and Windows-1251, from the code page charts.
    static const char16_t upper[] = u"АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ";
    static const char16_t lower[] = u"абвгдежзийклмнопрстуфхцчшщъыьэюя";
    if (cp == QLatin1String("cp866")) {
        if (b >= 0x80 && b <= 0x9F)
            return QChar(upper[b - 0x80]);
        if (b >= 0xA0 && b <= 0xAF)
            return QChar(lower[b - 0xA0]);
        if (b >= 0xE0 && b <= 0xEF)
            return QChar(lower[16 + b - 0xE0]);
        if (b == 0xF0)
            return QChar(u'Ё');
        if (b == 0xF1)
            return QChar(u'ё');
        if (b == 0xFC)
            return QChar(u'№');
    } else if (cp == QLatin1String("cp1251")) {
        if (b >= 0xC0 && b <= 0xDF)
            return QChar(upper[b - 0xC0]);
        if (b >= 0xE0)
            return QChar(lower[b - 0xE0]);
        if (b == 0xA8)
            return QChar(u'Ё');
        if (b == 0xB8)
            return QChar(u'ё');
        if (b == 0xB9)
            return QChar(u'№');
        if (b == 0xAB)
            return QChar(u'«');
        if (b == 0xBB)
            return QChar(u'»');
    }
    return QChar(0xFFFD);
}

EscPosDecoded decodeEscPos(const QByteArray &bytes, const QMap<int, QString> &tables)
{
    EscPosDecoded d;
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    QString table;       // the selected table's name, empty: none / unknown
    QString text;        // the line being collected
    bool inText = false;
    QByteArray qrData;
    QString lastRaster;  // bands of one image: "raster W×H" grows
    int lastBandRows = 0;
    constexpr int kFullBand = 256;   // a tall image is sent in bands of 256 rows
    auto need = [&](qsizetype k) {
        if (i + k > n) {
            d.error = QStringLiteral("truncated command at byte %1").arg(i);
            return false;
        }
        return true;
    };
    auto flushText = [&] {
        if (inText)
            d.commands << QStringLiteral("text: ") + text;
        text.clear();
        inText = false;
    };
    auto onOff = [](uchar v) { return (v & 1) ? QStringLiteral("on") : QStringLiteral("off"); };
    while (i < n && d.error.isEmpty()) {
        const uchar b = p[i];
        if (b != 0x1D || i + 1 >= n || p[i + 1] != 'v')
            lastRaster.clear();
        if (b == '\n') {
            if (!inText)
                d.commands << QStringLiteral("text: ");   // an empty line
            flushText();
            ++i;
            continue;
        }
        if (b >= 0x20 && b != 0x7F) {
            inText = true;
            if (b < 0x80)
                text += QChar(char16_t(b));
            else if (!table.isEmpty())
                text += decodeByte(b, table);
            else
                text += QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0'));
            ++i;
            continue;
        }
        flushText();
        if (b == 0x1B) {   // ESC
            if (!need(2))
                break;
            const uchar c = p[i + 1];
            if (c == '@') {
                d.commands << QStringLiteral("init");
                table.clear();
                i += 2;
            } else if (c == 't' && need(3)) {
                const int num = p[i + 2];
                table = tables.value(num);
                d.commands << QStringLiteral("codepage %1").arg(num);
                i += 3;
            } else if (c == 'a' && need(3)) {
                static const char *const names[] = {"left", "center", "right"};
                const uchar v = p[i + 2] % 48;   // 0..2 or '0'..'2'
                if (v > 2)
                    d.error = QStringLiteral("bad ESC a %1").arg(p[i + 2]);
                else
                    d.commands << QStringLiteral("align ") + QLatin1String(names[v]);
                i += 3;
            } else if (c == 'E' && need(3)) {
                d.commands << QStringLiteral("bold ") + onOff(p[i + 2]);
                i += 3;
            } else if (d.error.isEmpty()) {
                d.error = QStringLiteral("unknown command ESC 0x%1 at byte %2").arg(c, 2, 16, QLatin1Char('0')).arg(i);
            }
        } else if (b == 0x1C) {   // FS
            if (need(2) && p[i + 1] == '.') {
                d.commands << QStringLiteral("kanji off");
                i += 2;
            } else if (d.error.isEmpty()) {
                d.error = QStringLiteral("unknown FS command at byte %1").arg(i);
            }
        } else if (b == 0x10) {   // DLE
            if (need(3) && p[i + 1] == 0x04) {
                d.commands << QStringLiteral("status dle %1").arg(p[i + 2]);
                i += 3;
            } else if (d.error.isEmpty()) {
                d.error = QStringLiteral("unknown DLE command at byte %1").arg(i);
            }
        } else if (b == 0x1D) {   // GS
            if (!need(2))
                break;
            const uchar c = p[i + 1];
            if (c == '!' && need(3)) {
                d.commands << QStringLiteral("size %1x%2").arg((p[i + 2] >> 4) + 1).arg((p[i + 2] & 0x0F) + 1);
                i += 3;
            } else if (c == 'B' && need(3)) {
                d.commands << QStringLiteral("reverse ") + onOff(p[i + 2]);
                i += 3;
            } else if (c == 'r' && need(3)) {
                d.commands << QStringLiteral("status gsr %1").arg(p[i + 2]);
                i += 3;
            } else if (c == 'V' && need(3)) {
                if (p[i + 2] == 65 || p[i + 2] == 66) {
                    if (!need(4))
                        break;
                    d.commands << QStringLiteral("cut feed %1").arg(p[i + 3]);
                    i += 4;
                } else {
                    d.commands << QStringLiteral("cut");
                    i += 3;
                }
            } else if (c == 'v' && need(8)) {
                if (p[i + 2] != '0') {
                    d.error = QStringLiteral("GS v %1 is not GS v 0").arg(p[i + 2]);
                    break;
                }
                const int xBytes = p[i + 4] | (p[i + 5] << 8);
                const int rows = p[i + 6] | (p[i + 7] << 8);
                if (!need(8 + qsizetype(xBytes) * rows))
                    break;
                i += 8 + qsizetype(xBytes) * rows;
                // Consecutive bands of one image (same width) are one picture.
                if (!lastRaster.isEmpty() && d.commands.last() == lastRaster && lastBandRows == kFullBand
                    && lastRaster.section(QLatin1Char(' '), 1).section(QLatin1Char('x'), 0, 0).toInt() == xBytes * 8) {
                    const int h = lastRaster.section(QLatin1Char('x'), 1).toInt() + rows;
                    lastRaster = QStringLiteral("raster %1x%2").arg(xBytes * 8).arg(h);
                    d.commands.last() = lastRaster;
                } else {
                    lastRaster = QStringLiteral("raster %1x%2").arg(xBytes * 8).arg(rows);
                    d.commands << lastRaster;
                }
                lastBandRows = rows;
                continue;   // keeps lastRaster
            } else if (c == '(' && need(5) && p[i + 2] == 'k') {
                const int len = p[i + 3] | (p[i + 4] << 8);
                if (!need(5 + len) || len < 3)
                    break;
                const uchar cn = p[i + 5], fn = p[i + 6];
                const QByteArray params(reinterpret_cast<const char *>(p + i + 7), len - 2);
                if (cn != 49) {
                    d.error = QStringLiteral("GS ( k for symbol %1 is not a QR code").arg(cn);
                } else if (fn == 65) {
                    d.commands << QStringLiteral("qr setup model %1").arg(params.at(0) - 48);
                } else if (fn == 67) {
                    d.commands << QStringLiteral("qr setup size %1").arg(int(params.at(0)));
                } else if (fn == 69) {
                    d.commands << QStringLiteral("qr setup level %1").arg(QChar(u"LMQH"[qBound(0, params.at(0) - 48, 3)]));
                } else if (fn == 80) {
                    qrData = params.mid(1);
                } else if (fn == 81) {
                    d.commands << QStringLiteral("qr: ") + QString::fromUtf8(qrData);
                } else {
                    d.error = QStringLiteral("unknown QR function %1").arg(fn);
                }
                i += 5 + len;
            } else if (d.error.isEmpty()) {
                d.error = QStringLiteral("unknown command GS 0x%1 at byte %2").arg(c, 2, 16, QLatin1Char('0')).arg(i);
            }
        } else {
            d.error = QStringLiteral("unexpected control byte 0x%1 at byte %2").arg(b, 2, 16, QLatin1Char('0')).arg(i);
        }
    }
    if (d.error.isEmpty())
        flushText();
    return d;
}

} // namespace queue::test
