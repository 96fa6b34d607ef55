#pragma once

#include <QByteArray>
#include <QVector>

namespace queue::hardware {

// A QR code (libqrencode), error correction level M, as a square of modules.
class QrCode {
public:
    static QrCode encode(const QByteArray &text);

    bool isNull() const { return m_size == 0; }
    int size() const { return m_size; }   // modules per side, without the quiet zone
    bool dark(int x, int y) const { return m_modules[y * m_size + x]; }

private:
    int m_size = 0;
    QVector<bool> m_modules;
};

} // namespace queue::hardware
