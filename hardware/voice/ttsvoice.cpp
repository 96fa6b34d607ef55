#include "ttsvoice.h"

#include "audiosink.h"
#include "pcm.h"
#include "russianspeech.h"

#include <QTextToSpeech>
#include <QTimer>

namespace queue::voice {

TtsVoice::TtsVoice(AudioSink *sink, const QString &engine, QObject *parent)
    : VoiceBackend(parent), m_sink(sink),
      m_tts(engine.isEmpty() ? new QTextToSpeech(this) : new QTextToSpeech(engine, this))
{
    const QLocale ru(QLocale::Russian, QLocale::Russia);
    if (m_tts->availableLocales().contains(ru))
        m_tts->setLocale(ru);
    applyVolume();
    connect(m_sink, &AudioSink::finished, this, [this] {
        if (m_phase != Phase::Chime)
            return;
        if (m_chimeOnly || m_tts->state() == QTextToSpeech::Error)
            done();
        else
            speak();
    });
    connect(m_tts, &QTextToSpeech::stateChanged, this, [this](QTextToSpeech::State s) {
        if (m_phase != Phase::Words)
            return;
        if (s == QTextToSpeech::Speaking)
            m_wordsStarted = true;
        else if (s == QTextToSpeech::Error || (s == QTextToSpeech::Ready && m_wordsStarted))
            done();
    });
}

void TtsVoice::say(const Announcement &a)
{
    m_current = a;
    m_phase = Phase::Chime;
    Pcm c = chime();
    c.append(silence(150));
    applyGain(c, m_volume / 100.0);
    m_sink->play(encodeWav(c));
}

void TtsVoice::speak()
{
    m_phase = Phase::Words;
    m_wordsStarted = false;
    m_tts->say(announcementSpeech(m_current.ticket, m_current.window));
    // An engine that never starts (speech-dispatcher not running) must not hold the queue.
    QTimer::singleShot(3000, this, [this, ticket = m_current.ticket] {
        if (m_phase == Phase::Words && !m_wordsStarted && m_current.ticket == ticket)
            done();
    });
}

void TtsVoice::stop()
{
    if (m_phase == Phase::Chime)
        m_sink->stop();
    else if (m_phase == Phase::Words) {
        m_tts->stop();
        done();
    }
}

void TtsVoice::done()
{
    m_phase = Phase::Idle;
    Q_EMIT finished();
}

QString TtsVoice::errorString() const
{
    if (m_tts->state() == QTextToSpeech::Error)
        return tr("speech engine error: %1").arg(m_tts->engine());
    if (QTextToSpeech::availableEngines().isEmpty())
        return tr("no speech engine installed (qt6-speech-speechd-plugin, speech-dispatcher-espeak-ng)");
    return {};
}

void TtsVoice::applyVolume()
{
    m_tts->setVolume(m_volume / 100.0);
}

} // namespace queue::voice
