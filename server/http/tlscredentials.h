#pragma once

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

#include <optional>

namespace queue::http {

// The server's certificate (and any chain after it) and its private key, read from PEM
// files and checked to belong together.
struct TlsCredentials {
    QList<QSslCertificate> chain; // the server's certificate first
    QSslKey key;

    // The server's certificate as a TLS server configuration (TLS 1.2 or newer).
    QSslConfiguration serverConfiguration() const;
    // SHA-256 of the certificate (DER), as `openssl x509 -fingerprint -sha256` prints it:
    // upper-case hex pairs separated by colons.
    QString fingerprint() const;
};

// Reads and checks; on failure returns nullopt and a message naming the file and the problem
// (cannot read, not a PEM certificate, not a PEM RSA/EC key, the key does not match).
std::optional<TlsCredentials> loadTlsCredentials(const QString &certPath, const QString &keyPath, QString *error);

QString sha256Fingerprint(const QSslCertificate &certificate);

} // namespace queue::http
