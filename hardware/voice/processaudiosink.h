#pragma once

#include "audiosink.h"

#include <QStringList>

class QProcess;
class QTemporaryFile;

namespace queue::voice {

// Plays a WAV by handing it to a player program: `aplay -q FILE` (ALSA, works on a bare
// office box without a sound server) or `paplay FILE` (PulseAudio / PipeWire). The clip
// goes through a temporary file so that the player sees a complete, seekable WAV.
class ProcessAudioSink final : public AudioSink {
    Q_OBJECT
public:
    // program "aplay" or "paplay" (or any player taking the file as its last argument).
    explicit ProcessAudioSink(const QString &program = QStringLiteral("aplay"),
                              const QStringList &args = {QStringLiteral("-q")}, QObject *parent = nullptr);
    ~ProcessAudioSink() override;

    void play(const QByteArray &wav) override;
    void stop() override;
    bool isPlaying() const override { return m_process != nullptr; }
    QString errorString() const override { return m_error; }

private:
    void done();

    QString m_program;
    QStringList m_args;
    QProcess *m_process = nullptr;
    QTemporaryFile *m_file = nullptr;
    QString m_error;
};

} // namespace queue::voice
