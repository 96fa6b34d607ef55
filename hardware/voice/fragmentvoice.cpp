#include "fragmentvoice.h"

#include "audiosink.h"
#include "russianspeech.h"

#include <QDir>
#include <QFileInfo>

namespace queue::voice {

FragmentRenderer::FragmentRenderer(const QString &dir) : m_dir(dir) {}

void FragmentRenderer::setDirectory(const QString &dir)
{
    m_dir = dir;
    m_cache.clear();
}

std::optional<Pcm> FragmentRenderer::fragment(const QString &key)
{
    if (auto it = m_cache.constFind(key); it != m_cache.constEnd())
        return *it;
    auto pcm = readWavFile(QDir(m_dir).filePath(key + QStringLiteral(".wav")));
    if (!pcm)
        return std::nullopt;
    Pcm p = trimmed(resampled(*pcm, kRate));
    m_cache.insert(key, p);
    return p;
}

Pcm FragmentRenderer::render(const Announcement &a, int volume, bool chimeOnly)
{
    m_missing.clear();
    Pcm out = chime();
    if (!chimeOnly) {
        out.append(silence(150));
        const QStringList keys = announcementFragments(a.ticket, a.window);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const auto f = fragment(keys[i]);
            if (!f) {
                m_missing.append(keys[i]);
                continue;
            }
            out.append(*f);
            // A longer pause where the text has its comma: before "пройдите к окну".
            const bool beforeComma = i + 1 < keys.size() && keys[i + 1] == QLatin1String("to_window");
            out.append(silence(beforeComma ? 300 : 70));
        }
        if (!m_missing.isEmpty())   // never half an announcement: the chime alone then
            out = chime();
    }
    out.append(silence(300));
    applyGain(out, volume / 100.0);
    return out;
}

QStringList FragmentRenderer::missingFragments() const
{
    QStringList out;
    const auto all = fragmentTexts();
    for (const auto &[key, text] : all)
        if (!QFileInfo::exists(QDir(m_dir).filePath(key + QStringLiteral(".wav"))))
            out.append(key);
    return out;
}

FragmentVoice::FragmentVoice(const QString &dir, AudioSink *sink, QObject *parent)
    : VoiceBackend(parent), m_renderer(dir), m_sink(sink)
{
    connect(m_sink, &AudioSink::finished, this, [this] {
        if (m_busy) {
            m_busy = false;
            Q_EMIT finished();
        }
    });
}

void FragmentVoice::say(const Announcement &a)
{
    m_busy = true;
    m_sink->play(encodeWav(m_renderer.render(a, m_volume, m_chimeOnly)));
}

void FragmentVoice::stop()
{
    if (m_busy)
        m_sink->stop();
}

QString FragmentVoice::errorString() const
{
    const QStringList missing = m_renderer.missingFragments();
    if (!missing.isEmpty())
        return tr("%n voice fragment(s) missing in %1, e.g. %2", nullptr, int(missing.size()))
            .arg(m_renderer.directory(), missing.first());
    return m_sink->errorString();
}

} // namespace queue::voice
