#pragma once

#include "codepage.h"
#include "printerstatus.h"
#include "ticketdata.h"

#include <QByteArray>
#include <QImage>
#include <QUrlQuery>

#include <optional>

namespace queue::hardware {

// How a ticket becomes ESC/POS bytes.
struct EscPosOptions {
    enum class Mode {
        Text,     // everything as text commands in the code page; number magnified with GS !
        Hybrid,   // text in the code page; number and QR as raster images (GS v 0)
        Raster,   // the whole ticket as one raster image: no code page trouble at all
    };
    enum class StatusQuery { None, DleEot, GsR };   // DLE EOT 4 or GS r 1

    Mode mode = Mode::Hybrid;
    CodePage codePage = CodePage::Cp866;
    int codePageNumber = 17;      // n of ESC t n: PC866 is 17 on Epson-compatible printers
    int widthDots = 576;          // 384 on 58 mm paper
    int charsPerLine = 48;        // font A (12×24): 32 on 58 mm, 48 on 80 mm
    bool nativeQr = false;        // QR with GS ( k (Text mode always uses it)
    bool cut = true;
    int feedLines = 4;            // before the cut, so the ticket clears the cutter
    StatusQuery statusQuery = StatusQuery::DleEot;
    QString profile;              // the printer profile's name (escposprofile.h), empty: none
    bool cancelKanji = false;     // FS . after ESC @: leave the Chinese double-byte mode
    bool rasterText = false;      // no Cyrillic font: lines with non-ASCII text as GS v 0 images
    bool qrSupported = true;      // GS ( k works on this model (else QR always as an image)

    // From the query of a printer URI: profile=NAME (defaults for a model family),
    // mode=text|hybrid|raster, codepage=cp866|cp1251|ascii, codepage_n=N, width=58|80,
    // qr=native|raster, cut=0|1, feed=N, status=dle|gsr|none, rastertext=0|1.
    static std::optional<EscPosOptions> fromQuery(const QUrlQuery &q, QString *error);
};

class EscPosEncoder {
public:
    static QByteArray encodeTicket(const TicketData &ticket, const EscPosOptions &opt);

    // Building blocks (public for tests).
    static QByteArray init();                                         // ESC @
    static QByteArray selectCodePage(int n);                          // ESC t n
    static QByteArray align(int a);                                   // ESC a n: 0 left, 1 centre
    static QByteArray bold(bool on);                                  // ESC E n
    static QByteArray charSize(int widthMul, int heightMul);          // GS ! n, 1..8
    static QByteArray reverse(bool on);                               // GS B n
    static QByteArray text(const QString &s, CodePage cp);            // encoded, no newline
    static QByteArray raster(const QImage &image);                    // GS v 0, in bands
    // GS ( k, model 2, EC M; empty (no QR) for no data or more than a QR code holds.
    static QByteArray qrNative(const QByteArray &data, int moduleSize);
    static constexpr int kMaxQrBytes = 2331;   // version 40, level M, byte mode
    static QByteArray feedAndCut(int lines);                          // GS V 66 n
    static QByteArray cancelKanjiMode();                              // FS .
    // One line of text drawn with QPainter (DejaVu Sans, about font A's height), centred on
    // a line widthDots wide: for printers without a Cyrillic font.
    static QImage renderTextLine(const QString &s, int widthDots, bool bold, bool inverted);
    static QStringList wrap(const QString &s, int width);             // at word boundaries

    static QByteArray statusQuery(EscPosOptions::StatusQuery q);
    // The paper state from the one-byte answer to statusQuery(q).
    static PrinterStatus parseStatus(EscPosOptions::StatusQuery q, uchar answer);
};

} // namespace queue::hardware
