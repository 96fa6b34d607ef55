#include "pagetoken.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <array>

namespace queue::server::pagetoken {

QString generate()
{
    std::array<quint32, kBytes / 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), kBytes);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString path(const QString &token) { return token.isEmpty() ? QString() : QStringLiteral("/t/") + token; }

bool plausible(const QString &text)
{
    if (text.size() < 22 || text.size() > 64)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '_'))
            return false;
    }
    return true;
}

} // namespace queue::server::pagetoken
