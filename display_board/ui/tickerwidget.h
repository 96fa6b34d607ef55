#pragma once

#include <QWidget>

class QTimer;

namespace queue::board {

// A running line: the text scrolls from right to left and starts again.
class TickerWidget : public QWidget {
    Q_OBJECT
public:
    explicit TickerWidget(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    // Pixels per second; 0 stops the line (screenshots).
    void setSpeed(int pxPerSecond);

protected:
    void paintEvent(QPaintEvent *e) override;

private:
    QString m_text;
    QTimer *m_timer;
    int m_speed = 120;
    double m_offset = 0;
};

} // namespace queue::board
