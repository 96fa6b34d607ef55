#pragma once

#include "pcm.h"
#include "voicebackend.h"

#include <QHash>
#include <QStringList>

namespace queue::voice {

class AudioSink;

// Builds an announcement from recorded fragments: the synthesised chime, then talon,
// letters, numbers, "пройдите к окну", number, each a WAV named <key>.wav in one directory
// (generated with espeak-ng by queue-voice-fragments, or studio recordings with the same
// names). Fragments are trimmed of silence and joined with short pauses.
class FragmentRenderer {
public:
    explicit FragmentRenderer(const QString &dir = QString());

    void setDirectory(const QString &dir);
    QString directory() const { return m_dir; }

    // The whole announcement at kRate, scaled to volume (0…100). With missing fragments
    // the words are left out and missing() lists them.
    Pcm render(const Announcement &a, int volume, bool chimeOnly);
    QStringList missing() const { return m_missing; }
    // Keys of fragmentTexts() that have no file in the directory.
    QStringList missingFragments() const;

private:
    std::optional<Pcm> fragment(const QString &key);

    QString m_dir;
    QHash<QString, Pcm> m_cache;
    QStringList m_missing;
};

class FragmentVoice final : public VoiceBackend {
    Q_OBJECT
public:
    FragmentVoice(const QString &dir, AudioSink *sink, QObject *parent = nullptr);

    void say(const Announcement &a) override;
    void stop() override;
    QString errorString() const override;
    FragmentRenderer &renderer() { return m_renderer; }

private:
    FragmentRenderer m_renderer;
    AudioSink *m_sink;
    bool m_busy = false;
};

} // namespace queue::voice
