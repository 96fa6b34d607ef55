// ServerTrust (common/client): fingerprints as people type them, and which handshake errors
// a pin lets through.
#include "common/client/servertrust.h"

#include <QSslError>

#include <gtest/gtest.h>

using queue::client::ServerTrust;

namespace {

// Two self-signed EC certificates made with `openssl req -x509` for this test.
const char kCertA[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBmTCCAT+gAwIBAgIULrdaCGplYezgD3vfyYv2HdaLJ0wwCgYIKoZIzj0EAwIw\n"
    "FDESMBAGA1UEAwwJbG9jYWxob3N0MB4XDTI2MTIwMzEzMzEwMVoXDTM2MTEzMDEz\n"
    "MzEwMVowFDESMBAGA1UEAwwJbG9jYWxob3N0MFkwEwYHKoZIzj0CAQYIKoZIzj0D\n"
    "AQcDQgAEJrs48y49t+FxQaAFO+++JijWIzyStjgDfvL4LHTA0BDZceuFjdRob8qQ\n"
    "dqxpmWrYxmokCLyQWsSIL78HR0kYtaNvMG0wHQYDVR0OBBYEFE5In4i2WJIuXC1U\n"
    "kH9TMpeJy9tlMB8GA1UdIwQYMBaAFE5In4i2WJIuXC1UkH9TMpeJy9tlMA8GA1Ud\n"
    "EwEB/wQFMAMBAf8wGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/AAABMAoGCCqGSM49\n"
    "BAMCA0gAMEUCICvy66CcNwRvBNh+d7EoGgs2YOa4pv65Tpf02yIpu1pUAiEAtjmZ\n"
    "DLtLtBr5rw6uDquUED5D1YRLKBbP+FtgOwHGR7E=\n"
    "-----END CERTIFICATE-----\n";
const char kCertB[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBdjCCARugAwIBAgIUOqpbdBt0rDkXVl1odKf+ucdj5O0wCgYIKoZIzj0EAwIw\n"
    "EDEOMAwGA1UEAwwFb3RoZXIwHhcNMjYxMjAzMTMzMjQ3WhcNMzYxMTMwMTMzMjQ3\n"
    "WjAQMQ4wDAYDVQQDDAVvdGhlcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLpo\n"
    "VXDkpzlmrJth0BmZmC9MBchkT5zBiFOcq8+jC97vdGASq4oKcOXus48jI+SZOZpP\n"
    "EXnoBmZShC61+vovupyjUzBRMB0GA1UdDgQWBBRgOvYDLhspVEx67xuY3Y4g6Skm\n"
    "bTAfBgNVHSMEGDAWgBRgOvYDLhspVEx67xuY3Y4g6SkmbTAPBgNVHRMBAf8EBTAD\n"
    "AQH/MAoGCCqGSM49BAMCA0kAMEYCIQCNHOlA+TTzJXRcH05ADjzKutA5krcsta+D\n"
    "rDTgC5AEtgIhALuCtxge05mtDnUuv+lcbB6+MPOphTJRqzH21AUF5Z4R\n"
    "-----END CERTIFICATE-----\n";
// `openssl x509 -noout -fingerprint -sha256` of kCertA.
const char kFingerprintA[] = "AE:B3:46:62:31:19:F1:25:29:4B:EE:96:E8:F4:C5:B4:19:1D:EA:DE:C1:FE:DE:0E:21:A5:CE:73:E6:BA:A8:D6";

QSslCertificate cert(const char *pem)
{
    const QSslCertificate c(QByteArray(pem), QSsl::Pem);
    EXPECT_FALSE(c.isNull());
    return c;
}

} // namespace

TEST(ServerTrustTest, FingerprintWithOrWithoutColonsInAnyCase)
{
    const QString colons = QString::fromLatin1(kFingerprintA);
    const auto expected = ServerTrust::sha256(cert(kCertA));
    ASSERT_EQ(expected.size(), 32);
    EXPECT_EQ(ServerTrust::parseFingerprint(colons), expected);
    EXPECT_EQ(ServerTrust::parseFingerprint(colons.toLower()), expected);
    QString bare = colons;
    bare.remove(QLatin1Char(':'));
    EXPECT_EQ(ServerTrust::parseFingerprint(bare.toLower()), expected);
    EXPECT_EQ(ServerTrust::parseFingerprint(QStringLiteral("  ") + bare + QStringLiteral("\n")), expected);
    EXPECT_EQ(ServerTrust::formatFingerprint(expected), colons);
}

TEST(ServerTrustTest, MalformedFingerprintsAreRefused)
{
    QString bare = QString::fromLatin1(kFingerprintA);
    bare.remove(QLatin1Char(':'));
    EXPECT_FALSE(ServerTrust::parseFingerprint(QString()));
    EXPECT_FALSE(ServerTrust::parseFingerprint(bare.left(63)));
    EXPECT_FALSE(ServerTrust::parseFingerprint(bare + QStringLiteral("0")));
    EXPECT_FALSE(ServerTrust::parseFingerprint(bare.left(62) + QStringLiteral("zz")));
    EXPECT_FALSE(ServerTrust::parseFingerprint(bare.left(40)));   // a SHA-1 is not a SHA-256
}

TEST(ServerTrustTest, PinIgnoresOnlyTheExpectedErrorsOfThePinnedCertificate)
{
    const QSslCertificate a = cert(kCertA), b = cert(kCertB);
    const ServerTrust trust = ServerTrust::pinned(ServerTrust::sha256(a));
    EXPECT_TRUE(trust.isPinned());
    EXPECT_TRUE(trust.requiresTls());
    QString problem;
    const QList<QSslError> expected{QSslError(QSslError::SelfSignedCertificate, a),
                                    QSslError(QSslError::HostNameMismatch, a)};
    EXPECT_EQ(trust.ignorable(expected, &problem), expected);
    EXPECT_TRUE(trust.accepts(a, &problem));

    // Another certificate: nothing is ignored, and the problem names both fingerprints.
    EXPECT_TRUE(trust.ignorable({QSslError(QSslError::SelfSignedCertificate, b)}, &problem).isEmpty());
    EXPECT_TRUE(problem.contains(ServerTrust::formatFingerprint(ServerTrust::sha256(b)))) << problem.toStdString();
    EXPECT_TRUE(problem.contains(QString::fromLatin1(kFingerprintA))) << problem.toStdString();
    problem.clear();
    EXPECT_FALSE(trust.accepts(b, &problem));
    EXPECT_FALSE(problem.isEmpty());
    EXPECT_FALSE(trust.accepts(QSslCertificate(), &problem));

    // The pinned certificate with an unexpected error (expired): not ignored either.
    EXPECT_TRUE(trust.ignorable({QSslError(QSslError::SelfSignedCertificate, a),
                                 QSslError(QSslError::CertificateExpired, a)},
                                &problem)
                    .isEmpty());
}

TEST(ServerTrustTest, WithoutPinNoErrorIsIgnored)
{
    const QSslCertificate a = cert(kCertA);
    const ServerTrust system;
    EXPECT_FALSE(system.requiresTls());
    QString problem;
    EXPECT_TRUE(system.ignorable({QSslError(QSslError::SelfSignedCertificate, a)}, &problem).isEmpty());
    EXPECT_FALSE(problem.isEmpty());
    EXPECT_TRUE(system.accepts(a, &problem));
}

TEST(ServerTrustTest, CaFileMustHoldACertificate)
{
    QString error;
    EXPECT_FALSE(ServerTrust::fromCaFile(QStringLiteral("/nonexistent/ca.pem"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("/nonexistent/ca.pem")));
}
