#include "tlscredentials.h"

#include <QCryptographicHash>
#include <QFile>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace queue::http {

namespace {

std::optional<QByteArray> readFile(const QString &path, const char *what, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the TLS %1 %2 cannot be read: %3").arg(QLatin1String(what), path, f.errorString());
        return std::nullopt;
    }
    return f.readAll();
}

// Qt has no way to tell whether a key belongs to a certificate; OpenSSL (which Qt's TLS
// back end uses too) has.
bool keyMatchesCertificate(const QByteArray &certPem, const QByteArray &keyPem)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())),
                                                            &BIO_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())),
                                                           &BIO_free);
    if (!certBio || !keyBio)
        return false;
    const std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr),
                                                           &X509_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}

} // namespace

QString sha256Fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QSslConfiguration TlsCredentials::serverConfiguration() const
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are known by their tokens
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    return config;
}

QString TlsCredentials::fingerprint() const { return chain.isEmpty() ? QString() : sha256Fingerprint(chain.first()); }

std::optional<TlsCredentials> loadTlsCredentials(const QString &certPath, const QString &keyPath, QString *error)
{
    const std::optional<QByteArray> certPem = readFile(certPath, "certificate", error);
    if (!certPem)
        return std::nullopt;
    const std::optional<QByteArray> keyPem = readFile(keyPath, "key", error);
    if (!keyPem)
        return std::nullopt;
    TlsCredentials c;
    c.chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (c.chain.isEmpty() || c.chain.first().isNull()) {
        *error = QStringLiteral("the TLS certificate %1 is not a PEM certificate").arg(certPath);
        return std::nullopt;
    }
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        c.key = QSslKey(*keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!c.key.isNull())
            break;
    }
    if (c.key.isNull()) {
        *error = QStringLiteral("the TLS key %1 is not an unencrypted PEM private key (EC or RSA)").arg(keyPath);
        return std::nullopt;
    }
    if (!keyMatchesCertificate(*certPem, *keyPem)) {
        *error = QStringLiteral("the TLS key %1 does not belong to the certificate %2").arg(keyPath, certPath);
        return std::nullopt;
    }
    return c;
}

} // namespace queue::http
