#include "fakeaudiosink.h"

#include "pcm.h"

namespace queue::voice {

FakeAudioSink::FakeAudioSink(const Clock &clock, QObject *parent) : AudioSink(parent), m_clock(clock) {}

void FakeAudioSink::play(const QByteArray &wav)
{
    if (m_playing)
        ++m_overlaps;
    const auto pcm = decodeWav(wav);
    Clip c;
    c.wav = wav;
    c.startMs = m_clock.nowMs();
    c.endMs = c.startMs + (pcm ? pcm->durationMs() : 0);
    m_clips.append(c);
    m_playing = true;
}

void FakeAudioSink::stop()
{
    if (!m_playing)
        return;
    m_clips.last().stopped = true;
    m_clips.last().endMs = m_clock.nowMs();
    m_playing = false;
    Q_EMIT finished();
}

void FakeAudioSink::poll()
{
    if (m_playing && m_clock.nowMs() >= m_clips.last().endMs) {
        m_playing = false;
        Q_EMIT finished();
    }
}

} // namespace queue::voice
