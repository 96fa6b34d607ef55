// Enrolment codes and device tokens in process (server/enrolment.h, server/store/devicestore.h):
// validity on a ManualClock, single use, the code's spelling, only hashes stored.
#include "server/enrolment.h"
#include "server/storage.h"
#include "server/store/devicestore.h"
#include "support/manualclock.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;
using queue::test::ManualClock;

namespace {

class EnrolmentTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QString error;
        ASSERT_TRUE(dir.isValid());
        ASSERT_TRUE(storage.open(dir.filePath(QStringLiteral("q.db")), Storage::Sync::Normal, &error))
            << qPrintable(error);
    }
    QTemporaryDir dir;
    Storage storage;
    DeviceStore store{storage};
    ManualClock clock{1'800'000'000'000};
    Enrolment enrolment{store, clock};
};

TEST_F(EnrolmentTest, ACodeIsValidUntilItsTimeAndNotAMillisecondLonger)
{
    const auto code = enrolment.createCode(QStringLiteral("kiosk-a"), QStringLiteral("kiosk"), 60'000);
    ASSERT_TRUE(code.ok());
    const auto late = enrolment.createCode(QStringLiteral("kiosk-b"), QStringLiteral("kiosk"), 60'000);
    ASSERT_TRUE(late.ok());
    clock.advanceMs(59'999);
    const auto first = enrolment.redeem(code.value());
    ASSERT_TRUE(first.ok()) << qPrintable(first.error().message);
    EXPECT_EQ(first->name, QStringLiteral("kiosk-a"));
    EXPECT_EQ(first->role, QStringLiteral("kiosk"));
    clock.advanceMs(1);
    const auto expired = enrolment.redeem(late.value());
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, api::ErrorCode::EnrolmentCodeExpired);
    EXPECT_FALSE(store.deviceByTokenHash(Enrolment::tokenHash(first->token)) == std::nullopt);
    EXPECT_EQ(store.devices()->size(), 1);
}

TEST_F(EnrolmentTest, ACodeIsUsedOnceAndAnUnknownOneIsRefused)
{
    const auto code =
        enrolment.createCode(QStringLiteral("board"), QStringLiteral("display"), Enrolment::kDefaultValidMs);
    ASSERT_TRUE(code.ok());
    ASSERT_TRUE(enrolment.redeem(code.value()).ok());
    const auto again = enrolment.redeem(code.value());
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, api::ErrorCode::EnrolmentCodeUsed);
    for (const char *wrong : {"", "ABCDE", "ABCDE-FGHJK-1", "ABCDE-FGHJU", "ЖЖЖЖЖ-ЖЖЖЖЖ"}) {
        const auto r = enrolment.redeem(QString::fromUtf8(wrong));
        ASSERT_FALSE(r.ok()) << wrong;
        EXPECT_EQ(r.error().code, api::ErrorCode::UnknownEnrolmentCode) << wrong;
    }
    EXPECT_EQ(store.devices()->size(), 1);
}

TEST_F(EnrolmentTest, TheCodeIsTenCharactersOfAnUnambiguousAlphabetAndItsSpellingsMatch)
{
    const auto code = enrolment.createCode(QStringLiteral("k"), QStringLiteral("booking"), 1000);
    ASSERT_TRUE(code.ok());
    EXPECT_EQ(code->size(), 11);
    EXPECT_EQ(code->at(5), QLatin1Char('-'));
    const QString letters = QString(code.value()).remove(QLatin1Char('-'));   // remove() returns a reference: keep the string alive
    for (QChar c : letters)
        EXPECT_TRUE(QStringLiteral("0123456789ABCDEFGHJKMNPQRSTVWXYZ").contains(c)) << c.toLatin1();
    EXPECT_EQ(Enrolment::normaliseCode(QStringLiteral("o1l2i-abcde")), QStringLiteral("01121ABCDE"));
    EXPECT_EQ(Enrolment::normaliseCode(QStringLiteral("01121 ABCDE")), QStringLiteral("01121ABCDE"));
    EXPECT_EQ(Enrolment::normaliseCode(QStringLiteral("U1121ABCDE")), QString()); // U is not in the alphabet
}

TEST_F(EnrolmentTest, BadNamesRolesAndValiditiesMakeNoCode)
{
    EXPECT_FALSE(enrolment.createCode(QString(), QStringLiteral("kiosk"), 1000).ok());
    EXPECT_FALSE(enrolment.createCode(QStringLiteral("a b"), QStringLiteral("kiosk"), 1000).ok());
    EXPECT_FALSE(enrolment.createCode(QStringLiteral("k"), QStringLiteral("manager"), 1000).ok());
    EXPECT_FALSE(enrolment.createCode(QStringLiteral("k"), QStringLiteral("kiosk"), 0).ok());
    EXPECT_FALSE(enrolment.createCode(QStringLiteral("k"), QStringLiteral("kiosk"), Enrolment::kMaxValidMs + 1).ok());
    EXPECT_TRUE(store.code(Enrolment::sha256Hex("anything")) == std::nullopt);
}

TEST_F(EnrolmentTest, EnrollingANameAgainReplacesItsTokenAndRemovingIsReported)
{
    const auto a = enrolment.redeem(enrolment.createCode(QStringLiteral("k"), QStringLiteral("kiosk"), 1000).value());
    const auto b = enrolment.redeem(enrolment.createCode(QStringLiteral("k"), QStringLiteral("display"), 1000).value());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(a->token, b->token);
    EXPECT_GE(QByteArray::fromBase64(a->token.toLatin1(), QByteArray::Base64UrlEncoding).size(), 16);
    EXPECT_TRUE(store.deviceByTokenHash(Enrolment::tokenHash(a->token)) == std::nullopt);
    const auto now = store.deviceByTokenHash(Enrolment::tokenHash(b->token));
    ASSERT_TRUE(now.has_value());
    EXPECT_EQ(now->role, QStringLiteral("display"));
    EXPECT_EQ(store.removeDevice(QStringLiteral("k")), 1);
    EXPECT_EQ(store.removeDevice(QStringLiteral("k")), 0);
    EXPECT_TRUE(store.deviceByTokenHash(Enrolment::tokenHash(b->token)) == std::nullopt);
}

} // namespace
