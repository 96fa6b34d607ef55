#pragma once

#include <QByteArray>
#include <QString>

namespace queue::server {

// PINs are stored only as salted PBKDF2-HMAC-SHA256 hashes:
//   pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>
// A PIN is short, so the hash must be slow: the iteration count makes one
// check cost tens of milliseconds, and logins are rate-limited on top.
namespace pinhash {
constexpr int kDefaultIterations = 60000;
QString hash(const QString &pin, int iterations = kDefaultIterations);
bool verify(const QString &pin, const QString &stored);
bool isWellFormed(const QString &stored);
// The iteration count of a stored hash; 0 if it is not well formed.
int iterations(const QString &stored);
} // namespace pinhash

} // namespace queue::server
