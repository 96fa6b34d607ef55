#include "pinhash.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QStringList>

namespace queue::server::pinhash {

namespace {
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

struct Parsed {
    int iterations = 0;
    QByteArray salt;
    QByteArray hash;
};

bool parse(const QString &stored, Parsed *out)
{
    const QStringList parts = stored.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != QLatin1String("pbkdf2-sha256"))
        return false;
    bool ok = false;
    out->iterations = parts[1].toInt(&ok);
    if (!ok || out->iterations < 1000 || out->iterations > 10000000)
        return false;
    out->salt = QByteArray::fromBase64(parts[2].toLatin1());
    out->hash = QByteArray::fromBase64(parts[3].toLatin1());
    return out->salt.size() >= 8 && out->hash.size() == kHashBytes;
}

QByteArray derive(const QString &pin, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, pin.toUtf8(), salt, iterations,
                                              kHashBytes);
}
} // namespace

QString hash(const QString &pin, int iterations)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), kSaltBytes / 4);
    const QByteArray key = derive(pin, salt, iterations);
    return QStringLiteral("pbkdf2-sha256$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key.toBase64()));
}

bool verify(const QString &pin, const QString &stored)
{
    Parsed p;
    if (!parse(stored, &p))
        return false;
    const QByteArray key = derive(pin, p.salt, p.iterations);
    // Constant-time comparison.
    unsigned char diff = 0;
    for (int i = 0; i < kHashBytes; ++i)
        diff |= static_cast<unsigned char>(key[i] ^ p.hash[i]);
    return diff == 0;
}

bool isWellFormed(const QString &stored)
{
    Parsed p;
    return parse(stored, &p);
}

int iterations(const QString &stored)
{
    Parsed p;
    return parse(stored, &p) ? p.iterations : 0;
}

} // namespace queue::server::pinhash
