// Printer profiles (hardware/printer/escposprofile.h) and golden tickets: the encoder's bytes
// for a profile are decoded back by the test suite's own ESC/POS decoder (escposdecoder.h),
// so each test reads as the ticket a printer of that family would print.
#include "escposdecoder.h"

#include "kiosk/logic/kiosksettings.h"
#include "printer/codepage.h"
#include "printer/escposencoder.h"
#include "printer/escposprofile.h"
#include "printer/printer.h"
#include "printer/printerfactory.h"

#include <QJsonObject>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace queue::hardware;
using queue::test::decodeEscPos;
using queue::test::EscPosDecoded;

namespace {

TicketData ticket()
{
    TicketData t;
    t.officeName = QStringLiteral("ЦОК «Центральный»");
    t.number = QStringLiteral("П015");
    t.topic = QStringLiteral("Платёжные документы");
    t.priorityMark = QStringLiteral("ВНЕ ОЧЕРЕДИ");
    t.issuedText = QStringLiteral("26.11.2026 09:15");
    t.aheadText = QStringLiteral("Перед Вами в очереди: 4");
    t.waitText = QStringLiteral("Ожидание: около 5 мин");
    t.complaintText = QStringLiteral("Если Вы недовольны качеством обслуживания, позвоните 8-800-100-00-00");
    t.qrUrl = QStringLiteral("http://127.0.0.1:8470/t/1042");
    t.qrCaption = QStringLiteral("Ваше место в очереди");
    return t;
}

EscPosOptions options(const QString &query)
{
    QString err;
    const auto o = EscPosOptions::fromQuery(QUrlQuery(query), &err);
    EXPECT_TRUE(o) << err.toStdString();
    return o ? *o : EscPosOptions{};
}

// The character tables of the families, as their manuals list them.
const QMap<int, QString> kEpsonTables{{17, QStringLiteral("cp866")}, {46, QStringLiteral("cp1251")}};
const QMap<int, QString> kXprinterTables{{17, QStringLiteral("cp866")}, {23, QStringLiteral("cp1251")}};

const QString kRule48 = QString(48, QLatin1Char('-'));

} // namespace

TEST(EscPosDecoder, DecodesCodePagesAndCommands)
{
    // Bytes written by hand from the code page charts: "Ёж №1" in CP866 and in WPC1251.
    const QByteArray cp866 = QByteArray::fromHex("1b40" "1b7411" "f0a620fc31" "0a" "1d564260");
    EscPosDecoded d = decodeEscPos(cp866, kEpsonTables);
    ASSERT_TRUE(d.error.isEmpty()) << d.error.toStdString();
    EXPECT_EQ(d.commands, (QStringList{QStringLiteral("init"), QStringLiteral("codepage 17"), QStringLiteral("text: Ёж №1"),
                                       QStringLiteral("cut feed 96")}));
    const QByteArray cp1251 = QByteArray::fromHex("1b40" "1c2e" "1b7417" "a8e620b931" "0a");
    d = decodeEscPos(cp1251, kXprinterTables);
    ASSERT_TRUE(d.error.isEmpty()) << d.error.toStdString();
    EXPECT_EQ(d.texts(), QStringList{QStringLiteral("Ёж №1")});
    EXPECT_TRUE(d.contains(QStringLiteral("kanji off")));
    // Under a table the family does not have (or none), the bytes stay visible as bytes.
    d = decodeEscPos(QByteArray::fromHex("1b40" "f0" "0a"), kEpsonTables);
    EXPECT_EQ(d.texts(), QStringList{QStringLiteral("\\xf0")});
    // Anything unknown is an error, not silently skipped.
    EXPECT_FALSE(decodeEscPos(QByteArray::fromHex("1b40" "1b99"), kEpsonTables).error.isEmpty());
    EXPECT_FALSE(decodeEscPos(QByteArray::fromHex("1d763000" "0100" "0200" "ff"), kEpsonTables).error.isEmpty());
}

TEST(EscPosProfiles, TableNumbersPerFamily)
{
    EXPECT_EQ(EscPosProfile::byName(QStringLiteral("epson"))->pc866, 17);
    EXPECT_EQ(EscPosProfile::byName(QStringLiteral("epson"))->wpc1251, 46);
    EXPECT_EQ(EscPosProfile::byName(QStringLiteral("xprinter"))->wpc1251, 23);
    EXPECT_EQ(EscPosProfile::byName(QStringLiteral("pos5890"))->pc866, 59);
    EXPECT_EQ(EscPosProfile::byName(QStringLiteral("pos5890"))->wpc1251, 73);
    EXPECT_EQ(EscPosProfile::byName(QStringLiteral("citizen"))->pc866, 7);
    EXPECT_FALSE(EscPosProfile::byName(QStringLiteral("raster"))->hasCyrillicPage());
    EXPECT_FALSE(EscPosProfile::byName(QStringLiteral("brother")));

    EXPECT_EQ(options(QStringLiteral("profile=xprinter&codepage=cp1251")).codePageNumber, 23);
    EXPECT_EQ(options(QStringLiteral("profile=pos5890")).codePageNumber, 59);
    EXPECT_EQ(options(QStringLiteral("profile=pos5890")).widthDots, 384);
    EXPECT_FALSE(options(QStringLiteral("profile=pos5890")).cut);
    EXPECT_EQ(options(QStringLiteral("profile=citizen")).codePageNumber, 7);
    // An explicit number beats the profile (a firmware with its own table).
    EXPECT_EQ(options(QStringLiteral("profile=xprinter&codepage=cp1251&codepage_n=46")).codePageNumber, 46);

    QString err;
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("profile=citizen&codepage=cp1251")), &err));
    EXPECT_TRUE(err.contains(QLatin1String("WPC1251"))) << err.toStdString();
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("profile=brother")), &err));
    EXPECT_TRUE(err.contains(QLatin1String("epson"))) << err.toStdString();
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("profile=pos5890&qr=native")), &err));
    EXPECT_FALSE(EscPosOptions::fromQuery(QUrlQuery(QStringLiteral("rastertext=yes")), &err));
}

// Golden ticket 1: an Epson-table printer, text mode, PC866 (ESC t 17).
TEST(EscPosGolden, EpsonTextModePc866)
{
    const EscPosOptions o = options(QStringLiteral("profile=epson&mode=text"));
    const EscPosDecoded d = decodeEscPos(EscPosEncoder::encodeTicket(ticket(), o), kEpsonTables);
    ASSERT_TRUE(d.error.isEmpty()) << d.error.toStdString();
    const QStringList expected{
        QStringLiteral("init"),
        QStringLiteral("codepage 17"),
        QStringLiteral("align center"),
        QStringLiteral("bold on"),
        QStringLiteral("text: ЦОК \"Центральный\""),   // CP866 has no «»: plain quotes
        QStringLiteral("bold off"),
        QStringLiteral("text: ") + kRule48,
        QStringLiteral("size 8x8"),
        QStringLiteral("text: П015"),
        QStringLiteral("size 1x1"),
        QStringLiteral("bold on"),
        QStringLiteral("text: Платёжные документы"),
        QStringLiteral("bold off"),
        QStringLiteral("reverse on"),
        QStringLiteral("bold on"),
        QStringLiteral("text: ВНЕ ОЧЕРЕДИ"),
        QStringLiteral("bold off"),
        QStringLiteral("reverse off"),
        QStringLiteral("text: 26.11.2026 09:15"),
        QStringLiteral("text: Перед Вами в очереди: 4"),
        QStringLiteral("text: Ожидание: около 5 мин"),
        QStringLiteral("text: "),
        QStringLiteral("qr setup model 2"),
        QStringLiteral("qr setup size 6"),
        QStringLiteral("qr setup level M"),
        QStringLiteral("qr: http://127.0.0.1:8470/t/1042"),
        QStringLiteral("text: Ваше место в очереди"),
        QStringLiteral("text: ") + kRule48,
        QStringLiteral("text: Если Вы недовольны качеством обслуживания,"),
        QStringLiteral("text: позвоните 8-800-100-00-00"),
        QStringLiteral("cut feed 96"),
    };
    EXPECT_EQ(d.commands, expected) << d.commands.join(QLatin1Char('\n')).toStdString();
}

// Golden ticket 2: an Xprinter-table printer (Chinese firmware), hybrid mode, WPC1251 (ESC t 23).
TEST(EscPosGolden, XprinterHybridWpc1251)
{
    const EscPosOptions o = options(QStringLiteral("profile=xprinter&codepage=cp1251"));
    const QByteArray bytes = EscPosEncoder::encodeTicket(ticket(), o);
    const EscPosDecoded d = decodeEscPos(bytes, kXprinterTables);
    ASSERT_TRUE(d.error.isEmpty()) << d.error.toStdString();
    // FS . before any 8-bit text, then the WPC1251 table by Xprinter's number.
    ASSERT_GE(d.commands.size(), 3);
    EXPECT_EQ(d.commands.mid(0, 3), (QStringList{QStringLiteral("init"), QStringLiteral("kanji off"), QStringLiteral("codepage 23")}));
    EXPECT_EQ(d.texts(), (QStringList{QStringLiteral("ЦОК «Центральный»"), kRule48, QStringLiteral("Платёжные документы"),
                                      QStringLiteral("ВНЕ ОЧЕРЕДИ"), QStringLiteral("26.11.2026 09:15"),
                                      QStringLiteral("Перед Вами в очереди: 4"), QStringLiteral("Ожидание: около 5 мин"),
                                      QString(), QStringLiteral("Ваше место в очереди"), kRule48,
                                      QStringLiteral("Если Вы недовольны качеством обслуживания,"),
                                      QStringLiteral("позвоните 8-800-100-00-00")}));
    // The number and the QR code as images the full width of 80 mm paper; the cutter at the end.
    const QStringList rasters = d.rasters();
    ASSERT_EQ(rasters.size(), 2) << d.commands.join(QLatin1Char('\n')).toStdString();
    EXPECT_TRUE(rasters[0].startsWith(QLatin1String("576x")));
    EXPECT_TRUE(rasters[1].startsWith(QLatin1String("576x")));
    EXPECT_EQ(d.commands.last(), QStringLiteral("cut feed 96"));
    EXPECT_FALSE(d.commands.join(QLatin1Char('\n')).contains(QLatin1String("qr:")));
    // The same ticket decoded with the Epson numbers would be wrong: table 23 is not Cyrillic there.
    EXPECT_NE(decodeEscPos(bytes, kEpsonTables).texts()[2], QStringLiteral("Платёжные документы"));
}

// A printer without a Cyrillic font: Cyrillic lines as images, ASCII lines stay text.
TEST(EscPosGolden, RasterTextForModelsWithoutCyrillic)
{
    const EscPosOptions o = options(QStringLiteral("profile=raster&mode=text"));
    const EscPosDecoded d = decodeEscPos(EscPosEncoder::encodeTicket(ticket(), o), kEpsonTables);
    ASSERT_TRUE(d.error.isEmpty()) << d.error.toStdString();
    EXPECT_FALSE(d.commands.join(QLatin1Char('\n')).contains(QLatin1String("codepage")));
    EXPECT_TRUE(d.contains(QStringLiteral("kanji off")));
    // Only ASCII reaches the printer as text: the rules, the time.
    EXPECT_EQ(d.texts(), (QStringList{kRule48, QStringLiteral("26.11.2026 09:15"), QString(), kRule48}));
    // Images: office, number, topic, mark, ahead, wait, QR, caption, complaint (two lines);
    // every text line is one 30-row image.
    const QStringList rasters = d.rasters();
    EXPECT_EQ(rasters.size(), 10) << d.commands.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(rasters.count(QStringLiteral("576x30")), 8);
    // A rendered line has ink in it and is the width of the paper.
    const QImage line = EscPosEncoder::renderTextLine(QStringLiteral("Платёжные документы"), 576, true, false);
    EXPECT_EQ(line.width(), 576);
    int dark = 0;
    for (int y = 0; y < line.height(); ++y)
        for (int x = 0; x < line.width(); ++x)
            dark += qGray(line.pixel(x, y)) < 128;
    EXPECT_GT(dark, 300);
}

TEST(EscPosProfiles, KioskConfigKey)
{
    QString err;
    auto s = queue::kiosk::KioskSettings::fromJson(
        QJsonObject{{QStringLiteral("printer"), QStringLiteral("escpos+tcp://10.0.0.5:9100?width=58")},
                    {QStringLiteral("printer_profile"), QStringLiteral("xprinter")}},
        &err);
    ASSERT_TRUE(s) << err.toStdString();
    EXPECT_EQ(s->printerProfile, QStringLiteral("xprinter"));
    EXPECT_EQ(withEscPosProfile(s->printerUri, s->printerProfile),
              QStringLiteral("escpos+tcp://10.0.0.5:9100?width=58&profile=xprinter"));
    // The URI's own profile wins; other back ends ignore it.
    EXPECT_EQ(withEscPosProfile(QStringLiteral("escpos+file:///dev/usb/lp0?profile=epson"), QStringLiteral("xprinter")),
              QStringLiteral("escpos+file:///dev/usb/lp0?profile=epson"));
    EXPECT_EQ(withEscPosProfile(QStringLiteral("file:///tmp/t?format=png"), QStringLiteral("xprinter")),
              QStringLiteral("file:///tmp/t?format=png"));
    EXPECT_FALSE(queue::kiosk::KioskSettings::fromJson(
        QJsonObject{{QStringLiteral("printer_profile"), QStringLiteral("brother")}}, &err));
    EXPECT_TRUE(err.contains(QLatin1String("printer_profile")));
    // The shipped sample config uses the key.
    s = queue::kiosk::KioskSettings::load(QStringLiteral(QT_TESTCASE_SOURCEDIR "/../kiosk/kiosk.sample.json"), &err);
    ASSERT_TRUE(s) << err.toStdString();
    EXPECT_EQ(s->printerProfile, QStringLiteral("epson"));
    QString perr;
    const auto printer = createPrinter(QStringLiteral("escpos+tcp://127.0.0.1:9100?profile=pos5890"), &perr);
    ASSERT_TRUE(printer) << perr.toStdString();
    EXPECT_EQ(printer->description(), QStringLiteral("ESC/POS on tcp 127.0.0.1:9100, profile pos5890"));
    EXPECT_FALSE(createPrinter(QStringLiteral("escpos+tcp://127.0.0.1:9100?profile=nope"), &perr));
}
