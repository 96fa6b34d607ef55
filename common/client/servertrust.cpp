#include "servertrust.h"

#include <QCryptographicHash>
#include <QFile>

namespace queue::client {

ServerTrust ServerTrust::pinned(const QByteArray &sha256)
{
    ServerTrust t;
    t.m_pin = sha256;
    return t;
}

std::optional<ServerTrust> ServerTrust::fromCaFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the CA file %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull()) {
        *error = QStringLiteral("the CA file %1 holds no PEM certificate").arg(path);
        return std::nullopt;
    }
    ServerTrust t;
    t.m_ca = certs;
    t.m_caFile = path;
    return t;
}

std::optional<QByteArray> ServerTrust::parseFingerprint(const QString &text)
{
    QString hex = text.trimmed();
    hex.remove(QLatin1Char(':'));
    hex.remove(QLatin1Char(' '));
    if (hex.size() != 64)
        return std::nullopt;
    for (const QChar c : hex) {
        if (!c.isDigit() && !(c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f')))
            return std::nullopt;
    }
    return QByteArray::fromHex(hex.toLatin1());
}

QString ServerTrust::formatFingerprint(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QByteArray ServerTrust::sha256(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256);
}

QSslConfiguration ServerTrust::configure(QSslConfiguration base) const
{
    if (isPinned()) {
        // No CA at all: every handshake reports its verification errors, and ignorable()
        // lets through only those of the pinned certificate.
        base.setCaCertificates({});
        base.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else if (hasCaFile()) {
        base.setCaCertificates(m_ca);
        base.setPeerVerifyMode(QSslSocket::VerifyPeer);
    }
    return base;
}

QList<QSslError> ServerTrust::ignorable(const QList<QSslError> &errors, QString *problem) const
{
    if (!isPinned()) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        *problem = QStringLiteral("the server's certificate is not trusted: %1").arg(texts.join(QStringLiteral("; ")));
        return {};
    }
    // What a self-signed or unknown-CA certificate reached by another name gives.
    static const QList<QSslError::SslError> expected{QSslError::SelfSignedCertificate,
                                                     QSslError::SelfSignedCertificateInChain,
                                                     QSslError::UnableToGetLocalIssuerCertificate,
                                                     QSslError::UnableToGetIssuerCertificate,
                                                     QSslError::UnableToVerifyFirstCertificate,
                                                     QSslError::CertificateUntrusted,
                                                     QSslError::HostNameMismatch};
    for (const QSslError &e : errors) {
        if (e.certificate().isNull() || sha256(e.certificate()) != m_pin) {
            *problem = QStringLiteral("the server's certificate (SHA-256 %1) is not the pinned one (%2)")
                           .arg(e.certificate().isNull() ? QStringLiteral("unknown")
                                                         : formatFingerprint(sha256(e.certificate())),
                                formatFingerprint(m_pin));
            return {};
        }
        if (!expected.contains(e.error())) {
            *problem = QStringLiteral("the pinned certificate does not pass: %1").arg(e.errorString());
            return {};
        }
    }
    return errors;
}

bool ServerTrust::accepts(const QSslCertificate &peer, QString *problem) const
{
    if (!isPinned())
        return true;
    if (!peer.isNull() && sha256(peer) == m_pin)
        return true;
    *problem =
        QStringLiteral("the server's certificate (SHA-256 %1) is not the pinned one (%2)")
            .arg(peer.isNull() ? QStringLiteral("none") : formatFingerprint(sha256(peer)), formatFingerprint(m_pin));
    return false;
}

} // namespace queue::client
