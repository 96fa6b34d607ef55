#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

#include <optional>

namespace queue::client {

// How a client knows that an https/wss server is the office's queue server; one setting
// used by ApiClient and EventStream alike (docs/configuration.md, "Trusting the server").
//  - system: the system's CAs and the host name (Qt's default);
//  - pinned: only a certificate whose SHA-256 is the pin; verification errors of that very
//    certificate (self-signed, another host name) are expected, nothing else is ignored;
//  - CA file: the chain must lead to one of the file's certificates, and the host name match.
// A client with a pin or a CA file never talks plain HTTP (see requiresTls()).
class ServerTrust {
public:
    ServerTrust() = default;

    static ServerTrust pinned(const QByteArray &sha256);
    // Reads the PEM file; nullopt and a message if it holds no certificate.
    static std::optional<ServerTrust> fromCaFile(const QString &path, QString *error);

    // "AB:CD:…" or "abcd…": 64 hex digits, colons (and spaces) optional, any case → the 32
    // bytes; nullopt for anything else.
    static std::optional<QByteArray> parseFingerprint(const QString &text);
    // Upper-case hex pairs with colons, as the server and `openssl x509 -fingerprint` print.
    static QString formatFingerprint(const QByteArray &sha256);
    static QByteArray sha256(const QSslCertificate &certificate);

    bool isPinned() const { return !m_pin.isEmpty(); }
    bool hasCaFile() const { return !m_ca.isEmpty(); }
    bool requiresTls() const { return isPinned() || hasCaFile(); }
    QByteArray pin() const { return m_pin; }
    QString caFile() const { return m_caFile; }

    // `base` with the CAs this trust verifies against (none at all for a pin).
    QSslConfiguration configure(QSslConfiguration base) const;
    // The errors of a handshake that may be ignored: all of them or none. Empty when
    // something else is wrong; `problem` then says what (for the log and the screen).
    QList<QSslError> ignorable(const QList<QSslError> &errors, QString *problem) const;
    // After the handshake: whether the server's certificate is acceptable (the pin's check,
    // also when the chain verified without errors).
    bool accepts(const QSslCertificate &peer, QString *problem) const;

private:
    QByteArray m_pin;
    QList<QSslCertificate> m_ca;
    QString m_caFile;
};

} // namespace queue::client
