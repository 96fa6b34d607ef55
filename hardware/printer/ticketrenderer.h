#pragma once

#include "ticketdata.h"

#include <QImage>
#include <QString>

class QPainter;

namespace queue::hardware {

// Thermal paper: 58 mm rolls print 48 mm = 384 dots, 80 mm rolls 72 mm = 576 dots, at 203 dpi.
struct PaperSpec {
    int widthMm = 80;
    int dots = 576;
    static constexpr int kDpi = 203;

    static PaperSpec forWidth(int widthMm);   // 58 or 80 (anything below 70 counts as 58)
};

// Lays a ticket out at a given width in printer dots (DejaVu Sans, black on white).
// Needs a QGuiApplication (fonts).
class TicketRenderer {
public:
    // The whole ticket, black and white, one pixel per printer dot.
    static QImage render(const TicketData &ticket, int widthDots);
    // Just the number, as large as fits the width (for ESC/POS hybrid mode).
    static QImage renderNumber(const QString &number, int widthDots);
    // The QR code of url at an integer module size, about half the width.
    static QImage renderQr(const QString &url, int widthDots);
    // A PDF page of the paper's width and the ticket's height (vector text).
    static bool writePdf(const TicketData &ticket, const PaperSpec &paper, const QString &path, QString *error);

    // Paints the ticket at (0,0) in dots and returns its height; painter may be null to measure.
    static int paint(QPainter *painter, const TicketData &ticket, int widthDots);
};

} // namespace queue::hardware
