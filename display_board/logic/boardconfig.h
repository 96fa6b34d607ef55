#pragma once

#include "common/protocol.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace queue::board {

// Which windows a board shows: a segment (B2C hall, B2B hall), a list of windows, or all.
struct BoardFilter {
    std::optional<Segment> segment;
    QList<int> windows;       // empty: any

    bool acceptsWindow(int window, std::optional<Segment> windowSegment) const;
    bool isNull() const { return !segment && windows.isEmpty(); }
};

struct VoiceConfig {
    enum class Backend { Fragments, Tts, Off };
    Backend backend = Backend::Fragments;
    int volume = 80;                  // 0…100
    bool chimeOnly = false;
    QString fragmentsDir;             // empty: the installed / built set
    QString player = QStringLiteral("aplay");   // aplay (ALSA) or paplay (PulseAudio/PipeWire)
    QString ttsEngine;                // QTextToSpeech engine; empty: default (speechd)
};

// One serial line with boards above windows.
struct LedLineConfig {
    QString port;                     // /dev/ttyUSB0
    int baud = 9600;
    int dataBits = 8;
    QString parity = QStringLiteral("none");   // none, even, odd
    int stopBits = 1;
    QString protocol = QStringLiteral("qsystem");   // qsystem, modbus, line
    QString encoding = QStringLiteral("ascii");     // ascii, cp1251, cp866
    QString textTemplate = QStringLiteral("{window} {ticket}");
    QString closedText = QStringLiteral("ЗАКРЫТО");
    bool blankWhenClosed = false;
    QString lineTemplate = QStringLiteral("{text}\\r\\n");   // protocol line
    int modbusRegister = 0;
    int modbusRegisters = 8;
    QMap<int, int> addresses;         // window number → board address on this line
};

// The board program's own settings (--config FILE, JSON); see docs/board.md.
struct BoardConfig {
    BoardFilter filter;
    int recentCalls = 8;
    int highlightSeconds = 10;
    int announceMaxAgeSeconds = 300;  // calls replayed after a longer outage are shown, not announced
    QString ticker;                   // running line; empty: office data from the server
    VoiceConfig voice;
    QList<LedLineConfig> led;
    int ledRefreshSeconds = 30;

    // Errors name the field; an empty list means the config is good.
    static BoardConfig fromJson(const QJsonObject &o, QStringList *errors);
    static BoardConfig load(const QString &path, QStringList *errors);
};

} // namespace queue::board
