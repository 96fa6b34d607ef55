#include "qrcode.h"

#include <qrencode.h>

namespace queue::hardware {

QrCode QrCode::encode(const QByteArray &text)
{
    QrCode qr;
    if (text.isEmpty())
        return qr;
    QRcode *code = QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M);
    if (!code)
        return qr;
    qr.m_size = code->width;
    qr.m_modules.resize(code->width * code->width);
    for (int i = 0; i < code->width * code->width; ++i)
        qr.m_modules[i] = (code->data[i] & 1) != 0;
    QRcode_free(code);
    return qr;
}

} // namespace queue::hardware
