// ServerTrust (common/client): fingerprints as people type them, and which handshake errors
// a pin lets through.
#include "common/client/servertrust.h"

#include <QSslError>

#include "support/testcerts.h"

#include <gtest/gtest.h>

using queue::client::ServerTrust;

namespace {

using queue::test::kCertA;
using queue::test::kCertB;

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
