// Russian number words, letter names and the fragments of an announcement.
#include "hardware/voice/russianspeech.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace queue::voice;

namespace {
std::string s(const QString &q) { return q.toStdString(); }
QString u(const char *t) { return QString::fromUtf8(t); }
} // namespace

TEST(BoardSpeech, NumbersReadNaturally)
{
    EXPECT_EQ(s(numberWords(0)), "ноль");
    EXPECT_EQ(s(numberWords(1)), "один");
    EXPECT_EQ(s(numberWords(3)), "три");
    EXPECT_EQ(s(numberWords(11)), "одиннадцать");
    EXPECT_EQ(s(numberWords(15)), "пятнадцать");
    EXPECT_EQ(s(numberWords(20)), "двадцать");
    EXPECT_EQ(s(numberWords(21)), "двадцать один");
    EXPECT_EQ(s(numberWords(40)), "сорок");
    EXPECT_EQ(s(numberWords(99)), "девяносто девять");
    EXPECT_EQ(s(numberWords(100)), "сто");
    EXPECT_EQ(s(numberWords(101)), "сто один");
    EXPECT_EQ(s(numberWords(110)), "сто десять");
    EXPECT_EQ(s(numberWords(212)), "двести двенадцать");
    EXPECT_EQ(s(numberWords(345)), "триста сорок пять");
    EXPECT_EQ(s(numberWords(500)), "пятьсот");
    EXPECT_EQ(s(numberWords(999)), "девятьсот девяносто девять");
}

TEST(BoardSpeech, TicketNumbersDropLeadingZeros)
{
    EXPECT_EQ(s(ticketText(u("А015"))), "А пятнадцать");
    EXPECT_EQ(s(ticketText(u("П001"))), "П один");
    EXPECT_EQ(s(ticketText(u("К101"))), "К сто один");
    EXPECT_EQ(s(ticketText(u("Д300"))), "Д триста");
    EXPECT_EQ(s(ticketText(u("ЮА020"))), "Ю А двадцать");
}

TEST(BoardSpeech, AnnouncementText)
{
    EXPECT_EQ(s(announcementText(u("А015"), 3)), "Талон А пятнадцать, пройдите к окну три");
    EXPECT_EQ(s(announcementText(u("К101"), 12)), "Талон К сто один, пройдите к окну двенадцать");
    EXPECT_EQ(s(announcementText(u("П007"), 21)), "Талон П семь, пройдите к окну двадцать один");
    // For a speech engine the letters are spelled by name.
    EXPECT_EQ(s(announcementSpeech(u("К101"), 3)), "Талон ка сто один, пройдите к окну три");
    EXPECT_EQ(s(announcementSpeech(u("Б015"), 120)), "Талон бэ пятнадцать, пройдите к окну сто двадцать");
}

TEST(BoardSpeech, LettersReadByName)
{
    EXPECT_EQ(s(letterName(QChar(u'А'))), "а");
    EXPECT_EQ(s(letterName(QChar(u'Б'))), "бэ");
    EXPECT_EQ(s(letterName(QChar(u'В'))), "вэ");
    EXPECT_EQ(s(letterName(QChar(u'Д'))), "дэ");
    EXPECT_EQ(s(letterName(QChar(u'К'))), "ка");
    EXPECT_EQ(s(letterName(QChar(u'Л'))), "эль");
    EXPECT_EQ(s(letterName(QChar(u'П'))), "пэ");
    EXPECT_EQ(s(letterName(QChar(u'С'))), "эс");
    EXPECT_EQ(s(letterName(QChar(u'Ю'))), "ю");
    EXPECT_EQ(s(letterName(QChar(u'Й'))), "и краткое");
    EXPECT_EQ(s(letterName(QChar(u'к'))), "ка");    // lower case too
    EXPECT_EQ(s(letterName(QChar(u'K'))), "ка");    // Latin look-alike typed by mistake
    EXPECT_TRUE(letterName(QChar(u'7')).isEmpty());
    // Every Cyrillic capital has a name.
    for (char16_t c = u'А'; c <= u'Я'; ++c)
        EXPECT_FALSE(letterName(QChar(c)).isEmpty()) << int(c);
}

TEST(BoardSpeech, FragmentsOfAnAnnouncement)
{
    EXPECT_EQ(announcementFragments(u("А015"), 3),
              (QStringList{QStringLiteral("talon"), QStringLiteral("letter_0410"), QStringLiteral("num_15"),
                           QStringLiteral("to_window"), QStringLiteral("num_3")}));
    EXPECT_EQ(numberFragments(101), (QStringList{QStringLiteral("num_100"), QStringLiteral("num_1")}));
    EXPECT_EQ(numberFragments(345), (QStringList{QStringLiteral("num_300"), QStringLiteral("num_40"), QStringLiteral("num_5")}));
    EXPECT_EQ(numberFragments(12), (QStringList{QStringLiteral("num_12")}));
}

TEST(BoardSpeech, FragmentSetCoversEveryTicketAndWindow)
{
    QSet<QString> keys;
    const auto texts = fragmentTexts();
    for (const auto &kv : texts) {
        EXPECT_FALSE(keys.contains(kv.first)) << s(kv.first);
        keys.insert(kv.first);
        EXPECT_FALSE(kv.second.isEmpty());
    }
    for (char16_t c = u'А'; c <= u'Я'; ++c)
        for (int n : {1, 15, 101, 999})
            for (int w = 1; w <= 999; w += 7) {
                const QStringList f = announcementFragments(QString(QChar(c)) + QStringLiteral("%1").arg(n, 3, 10, QLatin1Char('0')), w);
                for (const QString &k : f)
                    ASSERT_TRUE(keys.contains(k)) << s(k);
            }
    // The fragment text reads the same as the words.
    for (int n = 0; n <= 999; ++n) {
        QStringList words;
        for (const QString &k : numberFragments(n))
            for (const auto &kv : texts)
                if (kv.first == k)
                    words.append(kv.second);
        EXPECT_EQ(s(words.join(QLatin1Char(' '))), s(numberWords(n))) << n;
    }
}
