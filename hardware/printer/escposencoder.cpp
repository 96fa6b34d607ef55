#include "escposencoder.h"

#include "escposprofile.h"
#include "ticketrenderer.h"

#include <QFont>
#include <QPainter>

namespace queue::hardware {

namespace {
constexpr char ESC = 0x1B;
constexpr char GS = 0x1D;
constexpr char FS = 0x1C;
constexpr char DLE = 0x10;
constexpr char EOT = 0x04;
constexpr int kBandRows = 256;   // rows per GS v 0: small enough for every printer's buffer

QByteArray bytes(std::initializer_list<int> list)
{
    QByteArray b;
    for (int v : list)
        b.append(static_cast<char>(v));
    return b;
}
} // namespace

std::optional<EscPosOptions> EscPosOptions::fromQuery(const QUrlQuery &q, QString *error)
{
    EscPosOptions o;
    auto fail = [&](const QString &msg) {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    std::optional<EscPosProfile> profile;
    const QString profileName = q.queryItemValue(QStringLiteral("profile"));
    if (!profileName.isEmpty()) {
        profile = EscPosProfile::byName(profileName);
        if (!profile)
            return fail(QStringLiteral("profile must be one of %1, not '%2'").arg(EscPosProfile::names(), profileName));
        o.profile = profileName;
        o.cancelKanji = profile->cancelKanji;
        o.qrSupported = profile->nativeQr;
        o.cut = profile->cutter;
        o.widthDots = PaperSpec::forWidth(profile->paperMm).dots;
        o.charsPerLine = profile->paperMm == 58 ? 32 : 48;
        if (!profile->hasCyrillicPage()) {
            o.rasterText = true;
            o.codePage = CodePage::Ascii;
            o.codePageNumber = 0;
        } else if (profile->pc866 >= 0) {
            o.codePage = CodePage::Cp866;
            o.codePageNumber = profile->pc866;
        } else {
            o.codePage = CodePage::Cp1251;
            o.codePageNumber = profile->wpc1251;
        }
    }
    const QString width = q.queryItemValue(QStringLiteral("width"));
    if (!width.isEmpty()) {
        bool ok = false;
        const int mm = width.toInt(&ok);
        if (!ok || (mm != 58 && mm != 80))
            return fail(QStringLiteral("width must be 58 or 80 (mm), not '%1'").arg(width));
        o.widthDots = PaperSpec::forWidth(mm).dots;
        o.charsPerLine = mm == 58 ? 32 : 48;
    }
    const QString mode = q.queryItemValue(QStringLiteral("mode"));
    if (mode == QLatin1String("text"))
        o.mode = Mode::Text;
    else if (mode == QLatin1String("raster"))
        o.mode = Mode::Raster;
    else if (mode.isEmpty() || mode == QLatin1String("hybrid"))
        o.mode = Mode::Hybrid;
    else
        return fail(QStringLiteral("mode must be text, hybrid or raster, not '%1'").arg(mode));
    const QString cp = q.queryItemValue(QStringLiteral("codepage"));
    if (!cp.isEmpty()) {
        const auto page = codePageFromString(cp);
        if (!page)
            return fail(QStringLiteral("codepage must be cp866, cp1251 or ascii, not '%1'").arg(cp));
        o.codePage = *page;
        o.codePageNumber = *page == CodePage::Cp1251 ? 46 : (*page == CodePage::Ascii ? 0 : 17);
        if (profile && profile->hasCyrillicPage() && *page != CodePage::Ascii) {
            const int n = *page == CodePage::Cp1251 ? profile->wpc1251 : profile->pc866;
            if (n < 0 && !q.hasQueryItem(QStringLiteral("codepage_n")))
                return fail(QStringLiteral("profile %1 has no %2 table: use %3, or give codepage_n")
                                .arg(profileName, *page == CodePage::Cp1251 ? QStringLiteral("WPC1251") : QStringLiteral("PC866"),
                                     *page == CodePage::Cp1251 ? QStringLiteral("codepage=cp866") : QStringLiteral("codepage=cp1251")));
            o.codePageNumber = n;
        }
    }
    const QString cpn = q.queryItemValue(QStringLiteral("codepage_n"));
    if (!cpn.isEmpty()) {
        bool ok = false;
        o.codePageNumber = cpn.toInt(&ok);
        if (!ok || o.codePageNumber < 0 || o.codePageNumber > 255)
            return fail(QStringLiteral("codepage_n must be 0..255, not '%1'").arg(cpn));
    }
    const QString rasterText = q.queryItemValue(QStringLiteral("rastertext"));
    if (!rasterText.isEmpty()) {
        if (rasterText != QLatin1String("0") && rasterText != QLatin1String("1"))
            return fail(QStringLiteral("rastertext must be 0 or 1, not '%1'").arg(rasterText));
        o.rasterText = rasterText == QLatin1String("1");
    }
    const QString qr = q.queryItemValue(QStringLiteral("qr"));
    if (qr == QLatin1String("native") && !o.qrSupported)
        return fail(QStringLiteral("profile %1 prints no QR codes itself: use qr=raster").arg(profileName));
    if (qr == QLatin1String("native"))
        o.nativeQr = true;
    else if (!qr.isEmpty() && qr != QLatin1String("raster"))
        return fail(QStringLiteral("qr must be native or raster, not '%1'").arg(qr));
    const QString cut = q.queryItemValue(QStringLiteral("cut"));
    if (!cut.isEmpty())
        o.cut = cut != QLatin1String("0");
    const QString feed = q.queryItemValue(QStringLiteral("feed"));
    if (!feed.isEmpty())
        o.feedLines = qBound(0, feed.toInt(), 20);
    const QString status = q.queryItemValue(QStringLiteral("status"));
    if (status == QLatin1String("none"))
        o.statusQuery = StatusQuery::None;
    else if (status == QLatin1String("gsr"))
        o.statusQuery = StatusQuery::GsR;
    else if (!status.isEmpty() && status != QLatin1String("dle"))
        return fail(QStringLiteral("status must be dle, gsr or none, not '%1'").arg(status));
    return o;
}

QByteArray EscPosEncoder::init() { return bytes({ESC, '@'}); }
QByteArray EscPosEncoder::selectCodePage(int n) { return bytes({ESC, 't', n}); }
QByteArray EscPosEncoder::align(int a) { return bytes({ESC, 'a', a}); }
QByteArray EscPosEncoder::bold(bool on) { return bytes({ESC, 'E', on ? 1 : 0}); }
QByteArray EscPosEncoder::reverse(bool on) { return bytes({GS, 'B', on ? 1 : 0}); }

QByteArray EscPosEncoder::charSize(int w, int h)
{
    w = qBound(1, w, 8);
    h = qBound(1, h, 8);
    return bytes({GS, '!', ((w - 1) << 4) | (h - 1)});
}

QByteArray EscPosEncoder::text(const QString &s, CodePage cp) { return encodeText(s, cp); }

QByteArray EscPosEncoder::raster(const QImage &image)
{
    QByteArray out;
    if (image.isNull())
        return out;
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    const int xBytes = (img.width() + 7) / 8;
    for (int top = 0; top < img.height(); top += kBandRows) {
        const int rows = qMin(kBandRows, img.height() - top);
        out += bytes({GS, 'v', '0', 0, xBytes & 0xFF, (xBytes >> 8) & 0xFF, rows & 0xFF, (rows >> 8) & 0xFF});
        for (int y = top; y < top + rows; ++y) {
            const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
            for (int bx = 0; bx < xBytes; ++bx) {
                uchar b = 0;
                for (int bit = 0; bit < 8; ++bit) {
                    const int x = bx * 8 + bit;
                    if (x < img.width() && qGray(line[x]) < 128)
                        b |= static_cast<uchar>(0x80 >> bit);
                }
                out.append(static_cast<char>(b));
            }
        }
    }
    return out;
}

QByteArray EscPosEncoder::qrNative(const QByteArray &data, int moduleSize)
{
    // The store command's length is two bytes: data past 65532 bytes would be read by the
    // printer as commands. No QR code holds more than kMaxQrBytes at level M anyway.
    if (data.isEmpty() || data.size() > kMaxQrBytes)
        return {};
    QByteArray out;
    out += bytes({GS, '(', 'k', 4, 0, 49, 65, 50, 0});                  // model 2
    out += bytes({GS, '(', 'k', 3, 0, 49, 67, qBound(1, moduleSize, 16)});   // module size
    out += bytes({GS, '(', 'k', 3, 0, 49, 69, 49});                    // error correction M
    const int len = static_cast<int>(data.size()) + 3;
    out += bytes({GS, '(', 'k', len & 0xFF, (len >> 8) & 0xFF, 49, 80, 48});   // store
    out += data;
    out += bytes({GS, '(', 'k', 3, 0, 49, 81, 48});                    // print
    return out;
}

QByteArray EscPosEncoder::feedAndCut(int lines) { return bytes({GS, 'V', 66, qBound(0, lines, 255)}); }
QByteArray EscPosEncoder::cancelKanjiMode() { return bytes({FS, '.'}); }

QImage EscPosEncoder::renderTextLine(const QString &s, int widthDots, bool bold, bool inverted)
{
    constexpr int kHeight = 30;   // font A is 24 dots high; a little air for descenders
    QImage img(widthDots, kHeight, QImage::Format_RGB32);
    img.fill(inverted ? Qt::black : Qt::white);
    QPainter p(&img);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(22);
    font.setBold(bold);
    font.setStyleStrategy(QFont::NoAntialias);   // crisp on a 1-bit printer
    p.setFont(font);
    p.setPen(inverted ? Qt::white : Qt::black);
    p.drawText(QRect(0, 0, widthDots, kHeight), Qt::AlignCenter, s);
    p.end();
    return img;
}

QStringList EscPosEncoder::wrap(const QString &s, int width)
{
    QStringList lines;
    QString current;
    for (const QString &word : s.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        QString w = word;
        while (w.size() > width) {   // a word longer than a line is cut
            if (!current.isEmpty()) {
                lines << current;
                current.clear();
            }
            lines << w.left(width);
            w = w.mid(width);
        }
        if (current.isEmpty())
            current = w;
        else if (current.size() + 1 + w.size() <= width)
            current += QLatin1Char(' ') + w;
        else {
            lines << current;
            current = w;
        }
    }
    if (!current.isEmpty())
        lines << current;
    return lines;
}

QByteArray EscPosEncoder::encodeTicket(const TicketData &t, const EscPosOptions &o)
{
    QByteArray out = init();
    if (o.mode == EscPosOptions::Mode::Raster) {
        out += align(1);
        out += raster(TicketRenderer::render(t, o.widthDots));
        out += bytes({'\n'});
        if (o.cut)
            out += feedAndCut(o.feedLines * 24);
        return out;
    }

    if (o.cancelKanji)
        out += cancelKanjiMode();
    bool isBold = false, isReverse = false;
    auto line = [&](const QString &s) {
        for (const QString &l : wrap(s, o.charsPerLine)) {
            bool ascii = true;
            for (const QChar c : l)
                ascii = ascii && c.unicode() < 0x80;
            if (o.rasterText && !ascii)
                out += raster(renderTextLine(l, o.widthDots, isBold, isReverse));
            else
                out += text(l, o.codePage) + '\n';
        }
    };
    auto setBold = [&](bool on) {
        isBold = on;
        out += bold(on);
    };
    if (!o.rasterText)
        out += selectCodePage(o.codePageNumber);
    out += align(1);
    setBold(true);
    line(t.officeName);
    setBold(false);
    out += QByteArray(o.charsPerLine, '-') + '\n';
    bool numberAscii = true;
    for (const QChar c : t.number)
        numberAscii = numberAscii && c.unicode() < 0x80;
    if (o.mode == EscPosOptions::Mode::Text && (numberAscii || !o.rasterText)) {
        // Font A is 12 dots wide: magnify as much as the width allows.
        const int mul = qBound(1, o.widthDots / (12 * qMax(1, static_cast<int>(t.number.size()))), 8);
        out += charSize(mul, mul) + text(t.number, o.codePage) + '\n' + charSize(1, 1);
    } else {
        out += raster(TicketRenderer::renderNumber(t.number, o.widthDots));
    }
    setBold(true);
    line(t.topic);
    setBold(false);
    if (!t.priorityMark.isEmpty()) {
        out += reverse(true);
        isReverse = true;
        setBold(true);
        line(t.priorityMark);
        setBold(false);
        out += reverse(false);
        isReverse = false;
    }
    line(t.issuedText);
    line(t.aheadText);
    line(t.waitText);
    if (!t.qrUrl.isEmpty()) {
        out += '\n';
        if ((o.mode == EscPosOptions::Mode::Text || o.nativeQr) && o.qrSupported)
            out += qrNative(t.qrUrl.toUtf8(), o.widthDots >= 576 ? 6 : 4);
        else
            out += raster(TicketRenderer::renderQr(t.qrUrl, o.widthDots));
        line(t.qrCaption);
    }
    out += QByteArray(o.charsPerLine, '-') + '\n';
    line(t.complaintText);
    if (o.cut)
        out += feedAndCut(o.feedLines * 24);
    return out;
}

QByteArray EscPosEncoder::statusQuery(EscPosOptions::StatusQuery q)
{
    switch (q) {
    case EscPosOptions::StatusQuery::DleEot: return bytes({DLE, EOT, 4});
    case EscPosOptions::StatusQuery::GsR: return bytes({GS, 'r', 1});
    case EscPosOptions::StatusQuery::None: break;
    }
    return QByteArray();
}

PrinterStatus EscPosEncoder::parseStatus(EscPosOptions::StatusQuery q, uchar b)
{
    const QString hex = QStringLiteral("status byte 0x%1").arg(b, 2, 16, QLatin1Char('0'));
    bool nearEnd = false, end = false;
    if (q == EscPosOptions::StatusQuery::DleEot) {
        if ((b & 0x93) != 0x12)   // bits 1 and 4 are always 1, bit 0 and 7 always 0
            return {PrinterState::Error, QStringLiteral("unexpected ") + hex};
        nearEnd = b & 0x0C;
        end = b & 0x60;
    } else {
        if (b & 0x90)
            return {PrinterState::Error, QStringLiteral("unexpected ") + hex};
        nearEnd = b & 0x03;
        end = b & 0x0C;
    }
    if (end)
        return {PrinterState::PaperOut, hex};
    if (nearEnd)
        return {PrinterState::PaperLow, hex};
    return {PrinterState::Ready, hex};
}

} // namespace queue::hardware
