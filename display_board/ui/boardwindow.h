#pragma once

#include <QList>
#include <QWidget>

class QGridLayout;
class QLabel;
class QTimer;

namespace queue::board {

class BoardModel;
class TickerWidget;

// The hall screen: office and clock on top, the calls (ticket → window, newest on top,
// fresh calls highlighted), the windows and the waiting count per topic, and a running
// line. Laid out for landscape (1920×1080) and portrait (1080×1920) by its own aspect;
// type sizes follow the screen height so that the numbers are readable from 10 metres.
class BoardWindow : public QWidget {
    Q_OBJECT
public:
    explicit BoardWindow(BoardModel *model, QWidget *parent = nullptr);

    bool isPortrait() const { return m_portrait; }
    // Re-reads the model (also done on every change and twice a second for the clock and
    // the end of highlights).
    void refresh();

protected:
    void resizeEvent(QResizeEvent *e) override;
    void changeEvent(QEvent *e) override;

private:
    void relayout();
    void applyFonts();
    void fillCalls();
    void fillWindows();
    void fillTopics();
    void retranslate();

    BoardModel *m_model;
    bool m_portrait = false;
    QGridLayout *m_grid;
    QWidget *m_header;
    QLabel *m_office;
    QLabel *m_clock;
    QLabel *m_marker;
    QWidget *m_callsPanel;
    QLabel *m_callsTitleTicket;
    QLabel *m_callsTitleWindow;
    QLabel *m_callsEmpty;
    QList<QWidget *> m_callRows;
    QWidget *m_windowsPanel;
    QLabel *m_windowsTitle;
    QGridLayout *m_windowsGrid;
    QList<QWidget *> m_windowTiles;
    QWidget *m_topicsPanel;
    QLabel *m_topicsTitle;
    QWidget *m_closedPanel;
    QLabel *m_closedTitle;
    QLabel *m_closedOpens;
    QList<QWidget *> m_topicRows;
    TickerWidget *m_ticker;
    QTimer *m_tick;
    int m_unit = 10;   // 1 % of the short side, in pixels
};

} // namespace queue::board
