#pragma once

#include "audiosink.h"
#include "common/clock.h"

#include <QList>

namespace queue::voice {

// An audio sink for tests: "plays" each clip for its WAV duration on an injected clock and
// records what it played, when, and whether a clip was started while another was playing.
class FakeAudioSink final : public AudioSink {
    Q_OBJECT
public:
    struct Clip {
        QByteArray wav;
        qint64 startMs = 0;
        qint64 endMs = 0;      // start + duration; set when played
        bool stopped = false;
    };

    explicit FakeAudioSink(const Clock &clock, QObject *parent = nullptr);

    void play(const QByteArray &wav) override;
    void stop() override;
    bool isPlaying() const override { return m_playing; }

    // Ends the current clip if its time on the clock has come (call after advancing the clock).
    void poll();

    const QList<Clip> &clips() const { return m_clips; }
    int overlaps() const { return m_overlaps; }

private:
    const Clock &m_clock;
    QList<Clip> m_clips;
    bool m_playing = false;
    int m_overlaps = 0;
};

} // namespace queue::voice
