#pragma once

#include "voicebackend.h"

class QTextToSpeech;

namespace queue::voice {

class AudioSink;

// Live speech through Qt TextToSpeech (on Debian: speech-dispatcher with espeak-ng, no
// internet): the synthesised chime through the audio sink, then the announcement text with
// letters by name, in a Russian voice.
class TtsVoice final : public VoiceBackend {
    Q_OBJECT
public:
    // engine: a QTextToSpeech engine name ("speechd"), empty for the default.
    TtsVoice(AudioSink *sink, const QString &engine = QString(), QObject *parent = nullptr);

    void say(const Announcement &a) override;
    void stop() override;
    QString errorString() const override;

private:
    void applyVolume() override;
    void speak();
    void done();

    AudioSink *m_sink;
    QTextToSpeech *m_tts;
    Announcement m_current;
    enum class Phase { Idle, Chime, Words } m_phase = Phase::Idle;
    bool m_wordsStarted = false;
};

} // namespace queue::voice
