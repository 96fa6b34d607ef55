// The board program's JSON settings: defaults, every key, and errors that name the field.
#include "logic/boardconfig.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::board;

namespace {
BoardConfig parse(const char *json, QStringList *errors)
{
    return BoardConfig::fromJson(QJsonDocument::fromJson(QByteArray(json)).object(), errors);
}
} // namespace

TEST(BoardConfig, DefaultsWhenEmpty)
{
    QStringList errors;
    const BoardConfig c = parse("{}", &errors);
    EXPECT_TRUE(errors.isEmpty());
    EXPECT_TRUE(c.filter.isNull());
    EXPECT_EQ(c.recentCalls, 8);
    EXPECT_EQ(c.highlightSeconds, 10);
    EXPECT_EQ(c.voice.backend, VoiceConfig::Backend::Fragments);
    EXPECT_EQ(c.voice.player, QStringLiteral("aplay"));
    EXPECT_TRUE(c.led.isEmpty());
}

TEST(BoardConfig, EveryKey)
{
    QStringList errors;
    const BoardConfig c = parse(R"({"segment":"b2b","windows":[4,5],"recent_calls":5,"highlight_s":12,
        "announce_max_age_s":60,"ticker":"Hello","led_refresh_s":0,
        "voice":{"backend":"tts","volume":40,"chime_only":true,"fragments_dir":"/srv/voice","player":"paplay","tts_engine":"speechd"},
        "led":[{"port":"/dev/ttyUSB1","baud":19200,"data_bits":7,"parity":"even","stop_bits":2,"protocol":"modbus",
                "encoding":"cp1251","text":"{ticket}","closed":"blank","closed_text":"X","line_format":"{text}\n",
                "modbus_register":16,"modbus_registers":4,"windows":{"4":21,"5":22}}]})", &errors);
    EXPECT_TRUE(errors.isEmpty()) << errors.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(c.filter.segment, Segment::B2B);
    EXPECT_EQ(c.filter.windows, (QList<int>{4, 5}));
    EXPECT_TRUE(c.filter.acceptsWindow(4, Segment::B2B));
    EXPECT_FALSE(c.filter.acceptsWindow(4, Segment::B2C));
    EXPECT_FALSE(c.filter.acceptsWindow(6, Segment::B2B));
    EXPECT_EQ(c.recentCalls, 5);
    EXPECT_EQ(c.highlightSeconds, 12);
    EXPECT_EQ(c.announceMaxAgeSeconds, 60);
    EXPECT_EQ(c.ticker, QStringLiteral("Hello"));
    EXPECT_EQ(c.ledRefreshSeconds, 0);
    EXPECT_EQ(c.voice.backend, VoiceConfig::Backend::Tts);
    EXPECT_EQ(c.voice.volume, 40);
    EXPECT_TRUE(c.voice.chimeOnly);
    EXPECT_EQ(c.voice.fragmentsDir, QStringLiteral("/srv/voice"));
    EXPECT_EQ(c.voice.player, QStringLiteral("paplay"));
    ASSERT_EQ(c.led.size(), 1);
    const LedLineConfig &l = c.led.first();
    EXPECT_EQ(l.port, QStringLiteral("/dev/ttyUSB1"));
    EXPECT_EQ(l.baud, 19200);
    EXPECT_EQ(l.dataBits, 7);
    EXPECT_EQ(l.parity, QStringLiteral("even"));
    EXPECT_EQ(l.stopBits, 2);
    EXPECT_EQ(l.protocol, QStringLiteral("modbus"));
    EXPECT_EQ(l.encoding, QStringLiteral("cp1251"));
    EXPECT_TRUE(l.blankWhenClosed);
    EXPECT_EQ(l.modbusRegister, 16);
    EXPECT_EQ(l.modbusRegisters, 4);
    EXPECT_EQ(l.addresses, (QMap<int, int>{{4, 21}, {5, 22}}));
}

TEST(BoardConfig, ErrorsNameTheField)
{
    QStringList errors;
    parse(R"({"segment":"vip","recent_calls":0,"voice":{"backend":"radio","volume":150},
              "led":[{"baud":9600,"protocol":"can","windows":{"x":1,"2":300}}]})", &errors);
    const QString all = errors.join(QLatin1Char('\n'));
    for (const char *field : {"'segment'", "'recent_calls'", "'voice.backend'", "'voice.volume'", "'led[0].port'",
                              "'led[0].protocol'", "'led[0].windows'"})
        EXPECT_TRUE(all.contains(QLatin1String(field))) << field << " in\n" << all.toStdString();
}
