#pragma once

#include <QString>

#include <memory>

class QObject;

namespace queue::hardware {

class Printer;

// The printer a URI names (docs/printing.md):
//   escpos+file:///dev/usb/lp0[?options]
//   escpos+serial:///dev/ttyUSB0?baud=19200[&flow=rtscts|xonxoff|none][&options]
//   escpos+tcp://host[:9100][?options]
//   cups://Queue[?width=58|80]  or  cups://host:port/Queue  or  cups:///run/cups/cups.sock/Queue
//   file:///dir?format=png|pdf[&width=58|80]
//   fake://  (records jobs; for tests and trying the kiosk without paper)
// ESC/POS options: profile, width, mode, codepage, codepage_n, qr, cut, feed, status,
// rastertext (EscPosOptions).
// Returns null and sets *error when the URI is not understood.
std::unique_ptr<Printer> createPrinter(const QString &uri, QString *error, QObject *parent = nullptr);

// uri with profile=<profile> added when it is an escpos+… URI without a profile of its own
// (the kiosk config's "printer_profile"); other URIs, or an empty profile, unchanged.
QString withEscPosProfile(const QString &uri, const QString &profile);

} // namespace queue::hardware
