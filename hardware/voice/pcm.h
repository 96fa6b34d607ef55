#pragma once

#include <QByteArray>
#include <QVector>

#include <optional>

// Mono 16-bit PCM and the few operations announcements need: WAV in and out, resampling,
// trimming silence, gain, loudness. Everything is mixed at one rate (kRate) so that
// fragments from espeak-ng and studio recordings can be joined.
namespace queue::voice {

inline constexpr int kRate = 22050;

struct Pcm {
    int sampleRate = kRate;
    QVector<qint16> samples;

    qint64 durationMs() const { return sampleRate ? qint64(samples.size()) * 1000 / sampleRate : 0; }
    bool isEmpty() const { return samples.isEmpty(); }
    void append(const Pcm &other) { samples += other.samples; }
};

// RIFF/WAVE, PCM 16-bit mono.
QByteArray encodeWav(const Pcm &pcm);
// PCM 8/16-bit, mono or stereo (mixed down); nullopt for anything else.
std::optional<Pcm> decodeWav(const QByteArray &data);
std::optional<Pcm> readWavFile(const QString &path);
bool writeWavFile(const QString &path, const Pcm &pcm);

Pcm silence(int ms, int rate = kRate);
Pcm resampled(const Pcm &pcm, int rate);
// Drops leading and trailing samples quieter than threshold (keeping a few ms of edge).
Pcm trimmed(const Pcm &pcm, int threshold = 300);
// Scales by gain (0…1 and above), clipping at full scale.
void applyGain(Pcm &pcm, double gain);
// Root mean square of the samples, 0…32767.
double rms(const Pcm &pcm);

// A two-tone chime with decaying harmonics ("ding-dong"), synthesised rather than shipped.
Pcm chime(int rate = kRate);

} // namespace queue::voice
