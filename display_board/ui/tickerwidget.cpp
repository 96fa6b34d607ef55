#include "tickerwidget.h"

#include <QPainter>
#include <QTimer>

namespace queue::board {

namespace {
constexpr int kFrameMs = 30;
}

TickerWidget::TickerWidget(QWidget *parent) : QWidget(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(kFrameMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        m_offset += m_speed * kFrameMs / 1000.0;
        const int w = fontMetrics().horizontalAdvance(m_text);
        if (m_offset > w + width())
            m_offset = 0;
        update();
    });
    m_timer->start();
}

void TickerWidget::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_offset = 0;
    update();
}

void TickerWidget::setSpeed(int pxPerSecond)
{
    m_speed = pxPerSecond;
    if (m_speed > 0)
        m_timer->start();
    else {
        m_timer->stop();
        m_offset = 0;
    }
}

void TickerWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    p.setPen(palette().color(QPalette::WindowText));
    p.setFont(font());
    const int textWidth = fontMetrics().horizontalAdvance(m_text);
    // Stopped (screenshots) or short enough: the text stands still at the left edge.
    const int margin = height() / 3;
    const double x = (m_speed <= 0 || textWidth <= width() - 2 * margin) ? margin : width() - m_offset;
    p.drawText(QRectF(x, 0, textWidth + 10, height()), Qt::AlignVCenter | Qt::AlignLeft, m_text);
}

} // namespace queue::board
