#pragma once

#include <QWidget>

namespace queue::kiosk::ui {

// The diagram-style instruction the standard wants beside the terminal (App. 1, 1.3.9):
// four numbered steps, each with a simple pictogram, painted with QPainter. Steps run top
// to bottom on a portrait screen and left to right on a landscape one.
class HelpDiagram : public QWidget {
    Q_OBJECT
public:
    explicit HelpDiagram(QWidget *parent = nullptr);
    void setHighContrast(bool hc);
    // Steps top to bottom (portrait screen) or left to right (landscape).
    void setPortrait(bool portrait);
    QStringList captions() const;

protected:
    void paintEvent(QPaintEvent *) override;

private:
    void paintPictogram(QPainter &p, int step, const QRectF &r) const;
    bool m_hc = false;
    bool m_portrait = true;
};

} // namespace queue::kiosk::ui
