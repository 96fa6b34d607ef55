#include "ticketrenderer.h"

#include "qrcode.h"

#include <QFontMetrics>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextLayout>

namespace queue::hardware {

PaperSpec PaperSpec::forWidth(int widthMm)
{
    if (widthMm < 70)
        return PaperSpec{58, 384};
    return PaperSpec{80, 576};
}

namespace {

QFont ticketFont(int pixelSize, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    f.setStyleStrategy(QFont::NoAntialias);   // crisp edges on a 1-bit printer
    return f;
}

// Word-wrapped, centred text; returns the height used.
int paintText(QPainter *p, const QString &text, const QFont &font, int y, int width)
{
    if (text.isEmpty())
        return 0;
    QTextLayout layout(text, font);
    QTextOption opt(Qt::AlignHCenter);
    opt.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(opt);
    layout.beginLayout();
    qreal h = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, h));
        h += line.height();
    }
    layout.endLayout();
    if (p) {
        p->setPen(Qt::black);
        layout.draw(p, QPointF(0, y));
    }
    return qCeil(h);
}

int numberPixelSize(const QString &number, int width, int maxHeight)
{
    int size = maxHeight;
    while (size > 20) {
        const QFontMetrics fm(ticketFont(size, true));
        if (fm.horizontalAdvance(number) <= width * 0.92)
            break;
        size -= 4;
    }
    return size;
}

void paintQr(QPainter *p, const QrCode &qr, int x, int y, int module)
{
    p->fillRect(QRect(x, y, (qr.size() + 8) * module, (qr.size() + 8) * module), Qt::white);
    for (int r = 0; r < qr.size(); ++r)
        for (int c = 0; c < qr.size(); ++c)
            if (qr.dark(c, r))
                p->fillRect(QRect(x + (c + 4) * module, y + (r + 4) * module, module, module), Qt::black);
}

int qrModule(const QrCode &qr, int width)
{
    return qr.isNull() ? 0 : qMax(2, (width / 2) / (qr.size() + 8));
}

QImage toMono(const QImage &img)
{
    return img.convertToFormat(QImage::Format_Mono, Qt::MonoOnly | Qt::ThresholdDither);
}

} // namespace

int TicketRenderer::paint(QPainter *p, const TicketData &t, int width)
{
    const int unit = width / 24;            // 16 dots on 58 mm, 24 on 80 mm
    const int small = qMax(18, width / 18);  // ~21 / 32 dots: 2.7 / 4 mm letters
    const int normal = qMax(22, width / 14);
    int y = unit / 2;

    y += paintText(p, t.officeName, ticketFont(normal, true), y, width) + unit / 2;
    if (p)
        p->fillRect(QRect(0, y, width, 3), Qt::black);
    y += unit;

    const int numSize = numberPixelSize(t.number, width, width * 2 / 5);
    const QFont numFont = ticketFont(numSize, true);
    const QFontMetrics nfm(numFont);
    if (p) {
        p->setFont(numFont);
        p->setPen(Qt::black);
        p->drawText(QRect(0, y, width, nfm.height()), Qt::AlignCenter, t.number);
    }
    y += nfm.height();

    y += paintText(p, t.topic, ticketFont(normal, true), y, width) + unit / 2;

    if (!t.priorityMark.isEmpty()) {
        // White on black: the mark must be seen at a glance by the specialist.
        const QFont f = ticketFont(normal, true);
        const int h = paintText(nullptr, t.priorityMark, f, 0, width - unit) + unit / 2;
        if (p) {
            p->fillRect(QRect(0, y, width, h), Qt::black);
            p->save();
            p->translate(unit / 2, unit / 4);
            QTextLayout layout(t.priorityMark, f);
            QTextOption opt(Qt::AlignHCenter);
            opt.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
            layout.setTextOption(opt);
            layout.beginLayout();
            qreal lh = 0;
            for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
                line.setLineWidth(width - unit);
                line.setPosition(QPointF(0, lh));
                lh += line.height();
            }
            layout.endLayout();
            p->setPen(Qt::white);
            layout.draw(p, QPointF(0, y));
            p->restore();
        }
        y += h + unit / 2;
    }

    y += paintText(p, t.issuedText, ticketFont(normal), y, width);
    y += paintText(p, t.aheadText, ticketFont(normal), y, width);
    y += paintText(p, t.waitText, ticketFont(normal), y, width) + unit / 2;

    const QrCode qr = QrCode::encode(t.qrUrl.toUtf8());
    if (!qr.isNull()) {
        const int module = qrModule(qr, width);
        const int side = (qr.size() + 8) * module;
        if (p)
            paintQr(p, qr, (width - side) / 2, y, module);
        y += side;
        y += paintText(p, t.qrCaption, ticketFont(small), y, width) + unit / 2;
    }

    if (p)
        p->fillRect(QRect(0, y, width, 2), Qt::black);
    y += unit / 2;
    y += paintText(p, t.complaintText, ticketFont(small), y, width);
    return y + unit;
}

QImage TicketRenderer::render(const TicketData &ticket, int widthDots)
{
    const int height = paint(nullptr, ticket, widthDots);
    QImage img(widthDots, height, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    paint(&p, ticket, widthDots);
    p.end();
    return toMono(img);
}

QImage TicketRenderer::renderNumber(const QString &number, int widthDots)
{
    const QFont f = ticketFont(numberPixelSize(number, widthDots, widthDots * 2 / 5), true);
    const QFontMetrics fm(f);
    QImage img(widthDots, fm.height(), QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setFont(f);
    p.setPen(Qt::black);
    p.drawText(img.rect(), Qt::AlignCenter, number);
    p.end();
    return toMono(img);
}

QImage TicketRenderer::renderQr(const QString &url, int widthDots)
{
    const QrCode qr = QrCode::encode(url.toUtf8());
    if (qr.isNull())
        return QImage();
    const int module = qrModule(qr, widthDots);
    const int side = (qr.size() + 8) * module;
    QImage img(widthDots, side, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    paintQr(&p, qr, (widthDots - side) / 2, 0, module);
    p.end();
    return toMono(img);
}

bool TicketRenderer::writePdf(const TicketData &ticket, const PaperSpec &paper, const QString &path, QString *error)
{
    const int heightDots = paint(nullptr, ticket, paper.dots);
    const int marginDots = (paper.widthMm * PaperSpec::kDpi * 10 / 254 - paper.dots) / 2;
    QPdfWriter pdf(path);
    pdf.setResolution(PaperSpec::kDpi);
    pdf.setCreator(QStringLiteral("queue-kiosk"));
    pdf.setTitle(ticket.number);
    const QSizeF mm(paper.widthMm, (heightDots + 2.0 * marginDots) * 25.4 / PaperSpec::kDpi);
    pdf.setPageSize(QPageSize(mm, QPageSize::Millimeter, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter p;
    if (!p.begin(&pdf)) {
        if (error)
            *error = QStringLiteral("cannot write PDF %1").arg(path);
        return false;
    }
    p.translate(marginDots, marginDots);
    paint(&p, ticket, paper.dots);
    p.end();
    return true;
}

} // namespace queue::hardware
