// Unit tests of the printer library: ESC/POS bytes, code pages, status answers, ticket
// rendering, printer URIs and the PNG/PDF file printer.
#include "printer/codepage.h"
#include "printer/escposencoder.h"
#include "printer/escposprinter.h"
#include "printer/cupsprinter.h"
#include "printer/fakeprinter.h"
#include "printer/fileprinter.h"
#include "printer/printerfactory.h"
#include "printer/qrcode.h"
#include "printer/ticketrenderer.h"

#include "support/signalwaiter.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue::hardware;
using queue::test::waitUntil;

namespace {

QByteArray hex(const char *h) { return QByteArray::fromHex(h); }

TicketData sampleTicket()
{
    TicketData t;
    t.officeName = QStringLiteral("ЦОК «Центральный»");
    t.number = QStringLiteral("П015");
    t.topic = QStringLiteral("Платёжные документы");
    t.issuedText = QStringLiteral("26.11.2026  09:15");
    t.aheadText = QStringLiteral("Перед Вами в очереди: 4");
    t.waitText = QStringLiteral("Ожидание: около 5 мин");
    t.complaintText = QStringLiteral("Если Вы недовольны качеством обслуживания, позвоните 8-800-100-00-00");
    t.qrUrl = QStringLiteral("http://127.0.0.1:8470/t/1042");
    t.qrCaption = QStringLiteral("Ваше место в очереди");
    return t;
}

int darkPixels(const QImage &img)
{
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            n += qGray(img.pixel(x, y)) < 128;
    return n;
}

} // namespace

TEST(CodePage, Cp866Cyrillic)
{
    EXPECT_EQ(encodeText(QStringLiteral("Привет Ёё №5"), CodePage::Cp866), hex("8fe0a8a2a5e220f0f120fc35"));
    EXPECT_EQ(encodeText(QStringLiteral("АЯая"), CodePage::Cp866), hex("809fa0ef"));
}

TEST(CodePage, Cp1251AndFallbacks)
{
    EXPECT_EQ(encodeText(QStringLiteral("Пя«»"), CodePage::Cp1251), hex("cfffabbb"));
    // CP866 has no guillemets or dashes: ASCII stand-ins; an unknown character is '?'.
    EXPECT_EQ(encodeText(QStringLiteral("«а»—€"), CodePage::Cp866), QByteArray("\"\xa0\"-?"));
    EXPECT_EQ(encodeText(QStringLiteral("Да"), CodePage::Ascii), QByteArray("??"));
    EXPECT_EQ(codePageFromString(QStringLiteral("CP866")), CodePage::Cp866);
    EXPECT_FALSE(codePageFromString(QStringLiteral("koi8-r")).has_value());
}

// Found by fuzz_escpos_text: control characters in a text went to the printer as they
// were, so a topic or an office name from the server could carry ESC/POS commands (a
// second ESC @, a cut, a cash-drawer pulse). Now whitespace is a space, the rest '?'.
TEST(CodePage, ControlCharactersNeverReachThePrinter)
{
    QString evil;
    for (const char16_t c : {u'A', u'\x1b', u'@', u'B', u'\x1d', u'V', u'B', u'\x10', u'\x04', u'\x04', u'\t', u'C', u'\n', u'D',
                             u'\r', u'E', u'\x7f', u'\0', u'F'})
        evil += QChar(c);
    for (const CodePage cp : {CodePage::Cp866, CodePage::Cp1251, CodePage::Ascii})
        EXPECT_EQ(encodeText(evil, cp), QByteArray("A?@B?VB??? C D E??F")) << int(cp);

    TicketData t;
    t.officeName = QStringLiteral("Офис\x1b@");
    t.number = QStringLiteral("П001\x1dV\x41\x00");
    t.topic = QStringLiteral("Платежи\x1bp\x00\x19\xfa");   // ESC p: the cash-drawer pulse
    EscPosOptions o;
    o.mode = EscPosOptions::Mode::Text;
    const QByteArray out = EscPosEncoder::encodeTicket(t, o);
    EXPECT_EQ(out.count(QByteArray("\x1b@")), 1);   // the one init at the start
    EXPECT_EQ(out.count(QByteArray("\x1dV")), 1);    // the one cut at the end
    EXPECT_FALSE(out.contains(QByteArray("\x1bp")));
}

TEST(EscPos, Commands)
{
    EXPECT_EQ(EscPosEncoder::init(), hex("1b40"));
    EXPECT_EQ(EscPosEncoder::selectCodePage(17), hex("1b7411"));
    EXPECT_EQ(EscPosEncoder::charSize(4, 4), hex("1d2133"));
    EXPECT_EQ(EscPosEncoder::charSize(1, 1), hex("1d2100"));
    EXPECT_EQ(EscPosEncoder::feedAndCut(96), hex("1d564260"));
    EXPECT_EQ(EscPosEncoder::statusQuery(EscPosOptions::StatusQuery::DleEot), hex("100404"));
    EXPECT_EQ(EscPosEncoder::statusQuery(EscPosOptions::StatusQuery::GsR), hex("1d7201"));
    EXPECT_TRUE(EscPosEncoder::statusQuery(EscPosOptions::StatusQuery::None).isEmpty());
}

TEST(EscPos, RasterBitsAndHeader)
{
    QImage img(10, 2, QImage::Format_RGB32);
    img.fill(Qt::white);
    img.setPixel(0, 0, qRgb(0, 0, 0));
    img.setPixel(9, 0, qRgb(0, 0, 0));
    img.setPixel(7, 1, qRgb(0, 0, 0));
    // GS v 0, m=0, 2 bytes per row, 2 rows; row 0: 1000 0000 | 0100 0000, row 1: 0000 0001 | 0.
    EXPECT_EQ(EscPosEncoder::raster(img), hex("1d7630000200020080400100"));
}

TEST(EscPos, RasterSplitsTallImagesIntoBands)
{
    QImage img(8, 600, QImage::Format_RGB32);
    img.fill(Qt::black);
    const QByteArray r = EscPosEncoder::raster(img);
    // 256 + 256 + 88 rows, each band with its own 8-byte header.
    EXPECT_EQ(r.size(), 3 * 8 + 600);
    EXPECT_EQ(r.left(8), hex("1d76300001000001"));
    EXPECT_EQ(r.mid(8 + 256, 8), hex("1d76300001000001"));
    EXPECT_EQ(r.mid(2 * (8 + 256), 8), hex("1d76300001005800"));
}

TEST(EscPos, NativeQr)
{
    const QByteArray q = EscPosEncoder::qrNative("http://x/t/1", 5);
    EXPECT_TRUE(q.startsWith(hex("1d286b0400314132001d286b0300314305" "1d286b0300314531")));
    EXPECT_TRUE(q.contains(QByteArray(hex("1d286b0f00315030") + QByteArray("http://x/t/1"))));   // 12 + 3 = 0x0f
    EXPECT_TRUE(q.endsWith(hex("1d286b0300315130")));

    // Seen while writing fuzz_escpos_text: the store length is two bytes, so 65 536 bytes of
    // data were announced as 3 and the rest reached the printer as commands. More than a QR
    // code holds is no QR code at all.
    EXPECT_TRUE(EscPosEncoder::qrNative(QByteArray(65536, '\x1b'), 5).isEmpty());
    EXPECT_TRUE(EscPosEncoder::qrNative(QByteArray(EscPosEncoder::kMaxQrBytes + 1, 'a'), 5).isEmpty());
    EXPECT_FALSE(EscPosEncoder::qrNative(QByteArray(EscPosEncoder::kMaxQrBytes, 'a'), 5).isEmpty());
    EXPECT_TRUE(EscPosEncoder::qrNative(QByteArray(), 5).isEmpty());
}

TEST(EscPos, StatusAnswers)
{
    using Q = EscPosOptions::StatusQuery;
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::DleEot, 0x12).state, PrinterState::Ready);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::DleEot, 0x1e).state, PrinterState::PaperLow);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::DleEot, 0x72).state, PrinterState::PaperOut);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::DleEot, 0x7e).state, PrinterState::PaperOut);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::DleEot, 0xff).state, PrinterState::Error);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::GsR, 0x00).state, PrinterState::Ready);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::GsR, 0x03).state, PrinterState::PaperLow);
    EXPECT_EQ(EscPosEncoder::parseStatus(Q::GsR, 0x0c).state, PrinterState::PaperOut);
}

TEST(EscPos, WrapsAtWords)
{
    EXPECT_EQ(EscPosEncoder::wrap(QStringLiteral("Если Вы недовольны качеством"), 12),
              (QStringList{QStringLiteral("Если Вы"), QStringLiteral("недовольны"), QStringLiteral("качеством")}));
    EXPECT_EQ(EscPosEncoder::wrap(QStringLiteral("abcdefghij"), 4),
              (QStringList{QStringLiteral("abcd"), QStringLiteral("efgh"), QStringLiteral("ij")}));
}

TEST(EscPos, TextTicket)
{
    EscPosOptions o;
    o.mode = EscPosOptions::Mode::Text;
    o.widthDots = 384;
    o.charsPerLine = 32;
    TicketData t = sampleTicket();
    t.priorityMark = QStringLiteral("ВНЕ ОЧЕРЕДИ: Беременная женщина");
    const QByteArray b = EscPosEncoder::encodeTicket(t, o);
    EXPECT_TRUE(b.startsWith(hex("1b40" "1b7411" "1b6101")));
    // Number magnified 8× (384 / (12 × 4) = 8) and back to normal size.
    EXPECT_TRUE(b.contains(QByteArray(hex("1d2177") + encodeText(t.number, CodePage::Cp866) + '\n' + hex("1d2100"))));
    EXPECT_TRUE(b.contains(encodeText(t.topic, CodePage::Cp866)));
    EXPECT_TRUE(b.contains(QByteArray(hex("1d4201") + hex("1b4501") + encodeText(QStringLiteral("ВНЕ ОЧЕРЕДИ:"), CodePage::Cp866))));
    EXPECT_TRUE(b.contains(EscPosEncoder::qrNative(t.qrUrl.toUtf8(), 4)));
    EXPECT_TRUE(b.contains(encodeText(QStringLiteral("8-800-100-00-00"), CodePage::Cp866)));
    EXPECT_TRUE(b.endsWith(hex("1d564260")));
    EXPECT_FALSE(b.contains(hex("1d7630")));   // no raster in text mode
    // No UTF-8 leaks out: every Cyrillic byte is CP866.
    EXPECT_FALSE(b.contains(t.topic.toUtf8()));
}

TEST(EscPos, HybridAndRasterTickets)
{
    EscPosOptions o;   // hybrid, 80 mm, CP866
    const TicketData t = sampleTicket();
    const QByteArray hybrid = EscPosEncoder::encodeTicket(t, o);
    EXPECT_TRUE(hybrid.contains(hex("1d7630004800")));   // 576 dots = 72 bytes per row
    EXPECT_TRUE(hybrid.contains(encodeText(t.officeName, CodePage::Cp866)));
    EXPECT_FALSE(hybrid.contains(hex("1d286b")));   // QR as an image, not GS ( k
    o.nativeQr = true;
    EXPECT_TRUE(EscPosEncoder::encodeTicket(t, o).contains(hex("1d286b")));

    o.mode = EscPosOptions::Mode::Raster;
    const QByteArray raster = EscPosEncoder::encodeTicket(t, o);
    EXPECT_TRUE(raster.startsWith(hex("1b40" "1b6101" "1d7630004800")));
    EXPECT_FALSE(raster.contains(hex("1b74")));   // no code page needed
    EXPECT_TRUE(raster.endsWith(hex("1d564260")));
}

TEST(EscPos, OptionsFromUri)
{
    QString err;
    auto o = EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("width=58&mode=text&codepage=cp1251&codepage_n=46"
                                                               "&qr=native&cut=0&feed=2&status=gsr")),
                                      &err);
    ASSERT_TRUE(o) << err.toStdString();
    EXPECT_EQ(o->widthDots, 384);
    EXPECT_EQ(o->charsPerLine, 32);
    EXPECT_EQ(o->mode, EscPosOptions::Mode::Text);
    EXPECT_EQ(o->codePage, CodePage::Cp1251);
    EXPECT_EQ(o->codePageNumber, 46);
    EXPECT_TRUE(o->nativeQr);
    EXPECT_FALSE(o->cut);
    EXPECT_EQ(o->feedLines, 2);
    EXPECT_EQ(o->statusQuery, EscPosOptions::StatusQuery::GsR);
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("width=60")), &err));
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("codepage=koi8")), &err));
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("mode=fancy")), &err));
}

TEST(PrinterFactory, Uris)
{
    QString err;
    auto p = createPrinter(QStringLiteral("escpos+serial:///dev/ttyUSB0?baud=19200&flow=rtscts"), &err);
    ASSERT_TRUE(p) << err.toStdString();
    EXPECT_EQ(p->description(), QStringLiteral("ESC/POS on serial port /dev/ttyUSB0 at 19200 baud"));
    p = createPrinter(QStringLiteral("escpos+tcp://10.0.0.5:9101?mode=raster"), &err);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->description(), QStringLiteral("ESC/POS on tcp 10.0.0.5:9101"));
    EXPECT_EQ(static_cast<EscPosPrinter *>(p.get())->options().mode, EscPosOptions::Mode::Raster);
    p = createPrinter(QStringLiteral("escpos+file:///dev/usb/lp0?width=58"), &err);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->description(), QStringLiteral("ESC/POS on device file /dev/usb/lp0"));
    p = createPrinter(QStringLiteral("cups://Kiosk_Thermal"), &err);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->description(), QStringLiteral("CUPS queue Kiosk_Thermal (80 mm)"));
    p = createPrinter(QStringLiteral("cups://127.0.0.1:6310/Kiosk?width=58"), &err);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->description(), QStringLiteral("CUPS queue Kiosk at 127.0.0.1:6310 (58 mm)"));
    p = createPrinter(QStringLiteral("file:///tmp/tickets?format=pdf&width=58"), &err);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->description(), QStringLiteral("PDF files of 58 mm tickets in /tmp/tickets"));
    EXPECT_TRUE(dynamic_cast<FakePrinter *>(createPrinter(QStringLiteral("fake://"), &err).get()));

    for (const char *bad : {"lp0", "escpos+usb:///dev/x", "escpos+tcp://", "escpos+serial:///dev/ttyS0?baud=x",
                            "cups://", "file:///tmp/x?format=bmp", "ipp://printer", "escpos+file:///x?width=70"}) {
        err.clear();
        EXPECT_FALSE(createPrinter(QString::fromLatin1(bad), &err)) << bad;
        EXPECT_FALSE(err.isEmpty()) << bad;
    }
}

TEST(TicketRenderer, RendersAtPaperWidth)
{
    for (const int mm : {58, 80}) {
        const PaperSpec paper = PaperSpec::forWidth(mm);
        const QImage img = TicketRenderer::render(sampleTicket(), paper.dots);
        EXPECT_EQ(img.width(), paper.dots);
        EXPECT_GT(img.height(), paper.dots);   // a ticket is taller than wide
        EXPECT_LT(img.height(), paper.dots * 4);
        const int dark = darkPixels(img);
        EXPECT_GT(dark, img.width() * img.height() / 20);   // text, number and QR are there
        EXPECT_LT(dark, img.width() * img.height() / 2);
    }
    // The out-of-turn mark (white on black) makes the ticket taller.
    TicketData marked = sampleTicket();
    marked.priorityMark = QStringLiteral("ВНЕ ОЧЕРЕДИ: Человек с инвалидностью");
    EXPECT_GT(TicketRenderer::render(marked, 384).height(), TicketRenderer::render(sampleTicket(), 384).height());
}

TEST(TicketRenderer, QrCode)
{
    const QrCode qr = QrCode::encode("http://127.0.0.1:8470/t/1042");
    ASSERT_FALSE(qr.isNull());
    EXPECT_EQ(qr.size(), 29);   // 28 bytes: version 3 at level M (version 2 holds only 26)
    // Finder pattern corners are dark.
    EXPECT_TRUE(qr.dark(0, 0));
    EXPECT_TRUE(qr.dark(qr.size() - 1, 0));
    EXPECT_TRUE(qr.dark(0, qr.size() - 1));
    EXPECT_TRUE(QrCode::encode(QByteArray()).isNull());
}

TEST(FilePrinter, WritesPngAndPdf)
{
    QTemporaryDir dir;
    QString err;
    auto png = createPrinter(QStringLiteral("file://%1/png?format=png&width=58").arg(dir.path()), &err);
    ASSERT_TRUE(png) << err.toStdString();
    std::optional<PrintResult> result;
    png->print(sampleTicket(), [&](const PrintResult &r) { result = r; });
    EXPECT_FALSE(result.has_value());   // never called back inside print()
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }));
    ASSERT_TRUE(result->ok) << result->error.toStdString();
    const QString pngFile = static_cast<FilePrinter *>(png.get())->lastFile();
    EXPECT_TRUE(pngFile.endsWith(QStringLiteral("П015.png")));
    EXPECT_EQ(QImage(pngFile).width(), 384);

    auto pdf = createPrinter(QStringLiteral("file://%1/pdf?format=pdf").arg(dir.path()), &err);
    ASSERT_TRUE(pdf);
    result.reset();
    pdf->print(sampleTicket(), [&](const PrintResult &r) { result = r; });
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }));
    ASSERT_TRUE(result->ok) << result->error.toStdString();
    QFile f(static_cast<FilePrinter *>(pdf.get())->lastFile());
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    EXPECT_TRUE(bytes.startsWith("%PDF-"));
    // 80 mm = 226.77 pt wide.
    const qsizetype box = bytes.indexOf("/MediaBox");
    ASSERT_GE(box, 0);
    const QList<QByteArray> numbers = bytes.mid(box, 80).split('[').value(1).split(']').value(0).simplified().split(' ');
    ASSERT_EQ(numbers.size(), 4) << bytes.mid(box, 80).toStdString();
    EXPECT_NEAR(numbers[2].toDouble(), 226.77, 1.0) << bytes.mid(box, 80).toStdString();
}

TEST(FilePrinter, UnwritableDirectoryIsOffline)
{
    QString err;
    auto p = createPrinter(QStringLiteral("file:///proc/no-such-dir/x?format=png"), &err);
    ASSERT_TRUE(p);
    std::optional<PrinterStatus> st;
    p->checkStatus([&](const PrinterStatus &s) { st = s; });
    ASSERT_TRUE(waitUntil([&] { return st.has_value(); }));
    EXPECT_EQ(st->state, PrinterState::Offline);
    EXPECT_EQ(p->status().state, PrinterState::Offline);
}

TEST(FakePrinter, RecordsAndSimulatesFaults)
{
    FakePrinter p;
    std::optional<PrintResult> r;
    p.print(sampleTicket(), [&](const PrintResult &x) { r = x; });
    ASSERT_TRUE(waitUntil([&] { return r.has_value(); }));
    EXPECT_TRUE(r->ok);
    ASSERT_EQ(p.printed().size(), 1);
    EXPECT_EQ(p.printed().first().number, QStringLiteral("П015"));

    p.failNextPrint(PrinterState::PaperOut);
    r.reset();
    p.print(sampleTicket(), [&](const PrintResult &x) { r = x; });
    ASSERT_TRUE(waitUntil([&] { return r.has_value(); }));
    EXPECT_FALSE(r->ok);
    EXPECT_EQ(r->status.state, PrinterState::PaperOut);
    EXPECT_EQ(p.printed().size(), 1);
    EXPECT_EQ(p.status().state, PrinterState::PaperOut);
}
