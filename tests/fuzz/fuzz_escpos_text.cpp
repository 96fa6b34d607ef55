// libFuzzer target for the ESC/POS encoder's text input (scripts/fuzz.sh): the ticket's
// texts (office name, number, topic, … — words from the server and the translations, the
// page address in the QR code) and the printer URI's query that sets the options.
//
// Input: fields separated by 0xFF (a byte that never occurs in UTF-8): the URI query, then
// the TicketData fields in order. The whole ticket is encoded in text mode (the other modes
// draw texts as images: no text byte reaches the printer) and read back with the tests' ESC/POS
// decoder: every byte must be understood, there is one init and at most one cut, the QR
// code carries the address exactly (or is left out when too long for one), and no
// text can smuggle a command (no control byte comes out of EscPosEncoder::text()).
#include "hardware/printer/escposencoder.h"
#include "tests/kiosk/escposdecoder.h"

#include <QGuiApplication>
#include <QUrlQuery>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace queue::hardware;

namespace {

void init()
{
    static bool done = [] {
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
        static int argc = 1;
        static char name[] = "fuzz_escpos_text";
        static char *argv[] = {name, nullptr};
        new QGuiApplication(argc, argv);
        return true;
    }();
    (void)done;
}

void fail(const char *what, const QString &detail)
{
    fprintf(stderr, "fuzz_escpos_text: %s: %s\n", what, qPrintable(detail));
    __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16 * 1024)
        return 0;
    init();
    const QList<QByteArray> parts = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)).split('\xff');
    auto field = [&parts](int i) { return i < parts.size() ? QString::fromUtf8(parts.at(i)) : QString(); };

    QString error;
    auto options = EscPosOptions::fromQuery(QUrlQuery(field(0)), &error);
    if (!options) {
        if (error.isEmpty())
            fail("a refused printer query without a reason", field(0));
        options = EscPosOptions();
    }
    // Text bytes only: the hybrid and raster modes and rastertext=1 draw texts as images
    // (QPainter, a hundred times slower per input, and no text byte reaches the printer).
    options->mode = EscPosOptions::Mode::Text;
    options->rasterText = false;
    options->qrSupported = true;

    TicketData t;
    QString *fields[] = {&t.officeName, &t.number,     &t.topic,         &t.priorityMark, &t.issuedText,
                         &t.aheadText,  &t.waitText,   &t.complaintText, &t.qrUrl,        &t.qrCaption};
    for (int i = 0; i < int(std::size(fields)); ++i)
        *fields[i] = field(i + 1);

    for (const QString *f : fields) {
        for (const CodePage cp : {CodePage::Cp866, CodePage::Cp1251, CodePage::Ascii}) {
            const QByteArray bytes = EscPosEncoder::text(*f, cp);
            if (bytes.size() != f->toUcs4().size())
                fail("not one byte per character", *f);
            for (const char c : bytes)
                if (uchar(c) < 0x20 || uchar(c) == 0x7F)
                    fail("a control byte in the text", *f);
        }
        for (const int width : {options->charsPerLine, 1, 7}) {
            const QStringList lines = EscPosEncoder::wrap(*f, width);
            QString joined, words;
            for (const QString &l : lines) {
                if (l.isEmpty() || l.size() > width)
                    fail("a wrapped line empty or too long", l);
                joined += QString(l).remove(QLatin1Char(' '));
            }
            for (const QString &w : f->split(QLatin1Char(' '), Qt::SkipEmptyParts))
                words += w;
            if (joined != words)
                fail("wrapping lost or added text", *f);
        }
    }

    const QByteArray out = EscPosEncoder::encodeTicket(t, *options);
    const queue::test::EscPosDecoded d = queue::test::decodeEscPos(out, {{options->codePageNumber, QStringLiteral("cp866")}});
    if (!d.error.isEmpty())
        fail("the printer would not understand", d.error);
    if (d.commands.count(QStringLiteral("init")) != 1)
        fail("not exactly one init", d.commands.join(QLatin1Char('|')));
    // The QR code carries the page address exactly, or is left out when no QR code holds it.
    const bool qr = !t.qrUrl.isEmpty() && t.qrUrl.toUtf8().size() <= EscPosEncoder::kMaxQrBytes;
    if (d.contains(QStringLiteral("qr: ") + t.qrUrl) != qr)
        fail("the QR code does not carry the address", t.qrUrl);
    int cuts = 0;
    for (const QString &c : d.commands)
        cuts += c.startsWith(QLatin1String("cut"));
    if (cuts > (options->cut ? 1 : 0))
        fail("an extra cut", d.commands.join(QLatin1Char('|')));
    return 0;
}
