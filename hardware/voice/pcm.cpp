#include "pcm.h"

#include <QFile>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace queue::voice {

namespace {
void putU32(QByteArray &b, quint32 v)
{
    char d[4];
    qToLittleEndian(v, d);
    b.append(d, 4);
}
void putU16(QByteArray &b, quint16 v)
{
    char d[2];
    qToLittleEndian(v, d);
    b.append(d, 2);
}
quint32 u32(const char *p) { return qFromLittleEndian<quint32>(p); }
quint16 u16(const char *p) { return qFromLittleEndian<quint16>(p); }
} // namespace

QByteArray encodeWav(const Pcm &pcm)
{
    const quint32 dataBytes = quint32(pcm.samples.size()) * 2;
    QByteArray b;
    b.reserve(int(44 + dataBytes));
    b.append("RIFF", 4);
    putU32(b, 36 + dataBytes);
    b.append("WAVEfmt ", 8);
    putU32(b, 16);
    putU16(b, 1);                               // PCM
    putU16(b, 1);                               // mono
    putU32(b, quint32(pcm.sampleRate));
    putU32(b, quint32(pcm.sampleRate) * 2);     // byte rate
    putU16(b, 2);                               // block align
    putU16(b, 16);
    b.append("data", 4);
    putU32(b, dataBytes);
    for (qint16 s : pcm.samples)
        putU16(b, quint16(s));
    return b;
}

std::optional<Pcm> decodeWav(const QByteArray &data)
{
    if (data.size() < 12 || !data.startsWith("RIFF") || data.mid(8, 4) != "WAVE")
        return std::nullopt;
    int channels = 0, bits = 0, rate = 0, format = 0;
    qsizetype pos = 12;
    const char *d = data.constData();
    while (pos + 8 <= data.size()) {
        const QByteArray id = data.mid(pos, 4);
        qint64 size = u32(d + pos + 4);
        const qsizetype body = pos + 8;
        // espeak-ng writing to a pipe leaves sizes at 0x7fffffff: take what is there.
        size = std::min<qint64>(size, data.size() - body);
        if (id == "fmt " && size >= 16) {
            format = u16(d + body);
            channels = u16(d + body + 2);
            rate = int(u32(d + body + 4));
            bits = u16(d + body + 14);
        } else if (id == "data") {
            if (format != 1 || (bits != 16 && bits != 8) || channels < 1 || channels > 2 || rate <= 0)
                return std::nullopt;
            Pcm pcm;
            pcm.sampleRate = rate;
            const int bytesPerSample = bits / 8;
            const qint64 frames = size / (bytesPerSample * channels);
            pcm.samples.resize(frames);
            for (qint64 i = 0; i < frames; ++i) {
                int sum = 0;
                for (int c = 0; c < channels; ++c) {
                    const char *p = d + body + (i * channels + c) * bytesPerSample;
                    sum += bits == 16 ? int(qint16(u16(p))) : (int(quint8(*p)) - 128) * 256;
                }
                pcm.samples[i] = qint16(sum / channels);
            }
            return pcm;
        }
        pos = body + size + (size & 1);
    }
    return std::nullopt;
}

std::optional<Pcm> readWavFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return decodeWav(f.readAll());
}

bool writeWavFile(const QString &path, const Pcm &pcm)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(encodeWav(pcm));
    return f.commit();
}

Pcm silence(int ms, int rate)
{
    Pcm p;
    p.sampleRate = rate;
    p.samples.fill(0, qint64(rate) * ms / 1000);
    return p;
}

Pcm resampled(const Pcm &pcm, int rate)
{
    if (pcm.sampleRate == rate || pcm.samples.isEmpty())
        return Pcm{rate, pcm.samples};
    Pcm out;
    out.sampleRate = rate;
    const qint64 n = qint64(pcm.samples.size()) * rate / pcm.sampleRate;
    out.samples.resize(n);
    const double step = double(pcm.sampleRate) / rate;
    for (qint64 i = 0; i < n; ++i) {
        const double x = i * step;
        const qint64 j = qint64(x);
        const double f = x - double(j);
        const double a = pcm.samples[j];
        const double b = j + 1 < pcm.samples.size() ? pcm.samples[j + 1] : a;
        out.samples[i] = qint16(std::lround(a + (b - a) * f));
    }
    return out;
}

Pcm trimmed(const Pcm &pcm, int threshold)
{
    qsizetype first = 0, last = pcm.samples.size();
    while (first < last && std::abs(pcm.samples[first]) < threshold)
        ++first;
    while (last > first && std::abs(pcm.samples[last - 1]) < threshold)
        --last;
    const qsizetype edge = pcm.sampleRate / 100;   // 10 ms, so that no consonant is cut
    first = std::max<qsizetype>(0, first - edge);
    last = std::min<qsizetype>(pcm.samples.size(), last + edge);
    return Pcm{pcm.sampleRate, pcm.samples.mid(first, last - first)};
}

void applyGain(Pcm &pcm, double gain)
{
    for (qint16 &s : pcm.samples)
        s = qint16(std::clamp(std::lround(s * gain), -32768L, 32767L));
}

double rms(const Pcm &pcm)
{
    if (pcm.samples.isEmpty())
        return 0;
    double sum = 0;
    for (qint16 s : pcm.samples)
        sum += double(s) * s;
    return std::sqrt(sum / double(pcm.samples.size()));
}

Pcm chime(int rate)
{
    // Two notes (E5, C5), each a fundamental with two softer harmonics and an exponential
    // decay; the second starts while the first fades, like a hall bell.
    struct Note {
        double freq;
        double startS;
    };
    const Note notes[] = {{659.25, 0.0}, {523.25, 0.45}};
    const double lengthS = 1.6;
    Pcm p;
    p.sampleRate = rate;
    const qint64 n = qint64(lengthS * rate);
    QVector<double> mix(n, 0.0);
    for (const Note &note : notes) {
        const qint64 start = qint64(note.startS * rate);
        for (qint64 i = start; i < n; ++i) {
            const double t = double(i - start) / rate;
            const double attack = std::min(1.0, t / 0.005);
            const double env = attack * std::exp(-t * 3.2);
            const double w = 2 * M_PI * note.freq * t;
            mix[i] += env * (std::sin(w) + 0.35 * std::sin(2 * w) * std::exp(-t * 3) + 0.15 * std::sin(3 * w) * std::exp(-t * 6));
        }
    }
    p.samples.resize(n);
    for (qint64 i = 0; i < n; ++i)
        p.samples[i] = qint16(std::clamp(std::lround(mix[i] * 0.45 * 32767), -32768L, 32767L));
    return p;
}

} // namespace queue::voice
