#include "helpdiagram.h"

#include <QPainter>
#include <QPainterPath>

namespace queue::kiosk::ui {

HelpDiagram::HelpDiagram(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("helpDiagram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMinimumHeight(400);
}

void HelpDiagram::setHighContrast(bool hc)
{
    m_hc = hc;
    update();
}

void HelpDiagram::setPortrait(bool portrait)
{
    m_portrait = portrait;
    update();
}

QStringList HelpDiagram::captions() const
{
    return {tr("Touch the screen and choose who you are: a private client or a company"),
            tr("Choose the topic of your visit"),
            tr("Take the ticket from the slot below the screen"),
            tr("Wait until your number and window appear on the board and are announced")};
}

void HelpDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor fg = m_hc ? QColor(0xff, 0xff, 0x00) : QColor(Qt::white);
    const QStringList texts = captions();
    const bool portrait = m_portrait;
    const int n = static_cast<int>(texts.size());
    QFont captionFont(QStringLiteral("DejaVu Sans"));
    captionFont.setPointSize(28);
    QFont numberFont(QStringLiteral("DejaVu Sans"));
    numberFont.setPointSize(34);
    numberFont.setBold(true);

    for (int i = 0; i < n; ++i) {
        QRectF cell;
        if (portrait)
            cell = QRectF(0, i * height() / qreal(n), width(), height() / qreal(n));
        else
            cell = QRectF(i * width() / qreal(n), 0, width() / qreal(n), height());
        cell.adjust(12, 12, -12, -12);

        // Step cell outline and number disc.
        p.setPen(QPen(fg, 4));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(cell, 18, 18);
        const qreal disc = 84;
        const QRectF discRect(cell.left() + 20, cell.top() + 20, disc, disc);
        p.setBrush(m_hc ? QColor(0xff, 0xff, 0x00) : QColor(0xff, 0xd2, 0x00));
        p.setPen(Qt::NoPen);
        p.drawEllipse(discRect);
        p.setPen(Qt::black);
        p.setFont(numberFont);
        p.drawText(discRect, Qt::AlignCenter, QString::number(i + 1));

        QRectF pict, text;
        if (portrait) {
            const qreal side = qMin(cell.height() - 40, cell.width() * 0.32);
            pict = QRectF(discRect.right() + 20, cell.top() + (cell.height() - side) / 2, side, side);
            text = QRectF(pict.right() + 30, cell.top() + 10, cell.right() - pict.right() - 50, cell.height() - 20);
        } else {
            const qreal side = qMin(cell.width() - 60, cell.height() * 0.42);
            pict = QRectF(cell.center().x() - side / 2, discRect.bottom() + 10, side, side);
            text = QRectF(cell.left() + 20, pict.bottom() + 20, cell.width() - 40, cell.bottom() - pict.bottom() - 30);
        }
        paintPictogram(p, i, pict);
        p.setPen(fg);
        p.setFont(captionFont);
        p.drawText(text, Qt::AlignVCenter | (portrait ? Qt::AlignLeft : Qt::AlignHCenter) | Qt::TextWordWrap,
                   texts[i]);
    }
}

void HelpDiagram::paintPictogram(QPainter &p, int step, const QRectF &r) const
{
    const QColor fg = m_hc ? QColor(0xff, 0xff, 0x00) : QColor(Qt::white);
    const QColor accent = m_hc ? QColor(0xff, 0xff, 0x00) : QColor(0xff, 0xd2, 0x00);
    const qreal u = r.width() / 10;
    p.save();
    p.translate(r.topLeft());
    p.setPen(QPen(fg, qMax<qreal>(3, u * 0.35), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setBold(true);
    f.setPixelSize(qMax(10, int(u * 1.5)));
    switch (step) {
    case 0: {   // a screen with two choices and a finger touching one
        p.drawRoundedRect(QRectF(u, u * 0.5, u * 8, u * 7), u * 0.5, u * 0.5);
        p.fillRect(QRectF(u * 2, u * 1.5, u * 6, u * 2), accent);
        p.drawRect(QRectF(u * 2, u * 4.5, u * 6, u * 2));
        QPainterPath finger;
        finger.moveTo(u * 5, u * 2.5);
        finger.lineTo(u * 5, u * 9.5);
        p.setPen(QPen(fg, u * 1.1, Qt::SolidLine, Qt::RoundCap));
        p.drawPath(finger);
        p.setBrush(fg);
        p.setPen(Qt::NoPen);
        p.drawEllipse(QPointF(u * 5, u * 2.5), u * 0.7, u * 0.7);
        break;
    }
    case 1: {   // a list of topics, one chosen
        for (int i = 0; i < 4; ++i) {
            const QRectF row(u, u * (0.6 + i * 2.3), u * 8, u * 1.7);
            if (i == 1)
                p.fillRect(row, accent);
            else
                p.drawRect(row);
        }
        p.setPen(QPen(Qt::black, u * 0.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({QPointF(u * 2, u * 3.8), QPointF(u * 2.7, u * 4.5), QPointF(u * 4, u * 3.2)}));
        break;
    }
    case 2: {   // a ticket coming out of a slot
        p.drawRect(QRectF(u * 0.5, u * 0.5, u * 9, u * 2.5));
        p.fillRect(QRectF(u * 1.5, u * 1.6, u * 7, u * 0.5), fg);
        QPainterPath ticket;
        ticket.moveTo(u * 2.5, u * 1.9);
        ticket.lineTo(u * 7.5, u * 1.9);
        ticket.lineTo(u * 7.5, u * 9);
        for (int i = 0; i < 5; ++i) {
            ticket.lineTo(u * (7.0 - i), u * 9.5);
            ticket.lineTo(u * (6.5 - i), u * 9);
        }
        ticket.closeSubpath();
        p.setBrush(Qt::white);
        p.setPen(QPen(m_hc ? fg : QColor(Qt::white), u * 0.3));
        p.drawPath(ticket);
        p.setPen(Qt::black);
        p.setFont(f);
        p.drawText(QRectF(u * 2.5, u * 3.5, u * 5, u * 2.5), Qt::AlignCenter, tr("A015"));
        p.fillRect(QRectF(u * 3.2, u * 6.5, u * 3.6, u * 0.4), Qt::black);
        p.fillRect(QRectF(u * 3.2, u * 7.4, u * 3.6, u * 0.4), Qt::black);
        break;
    }
    default: {   // the board: number → window, with sound waves
        p.drawRect(QRectF(u * 0.5, u * 1, u * 9, u * 5));
        p.setFont(f);
        p.setPen(accent);
        p.drawText(QRectF(u * 0.5, u * 1, u * 9, u * 5), Qt::AlignCenter, tr("A015 → 3"));
        p.setPen(QPen(fg, u * 0.35, Qt::SolidLine, Qt::RoundCap));
        for (int i = 1; i <= 3; ++i)
            p.drawArc(QRectF(u * (5 - i * 1.2), u * (7.4 - i * 0.6), u * i * 2.4, u * i * 1.2 + u), 200 * 16,
                      140 * 16);
        break;
    }
    }
    p.restore();
}

} // namespace queue::kiosk::ui
