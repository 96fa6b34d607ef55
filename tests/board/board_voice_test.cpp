// Voice: PCM and WAV, the chime, rendering announcements from the generated fragment set
// (also through `queue-board --announce … --wav`), and the announcement queue with a fake
// audio sink on an injected clock.
#include "hardware/voice/announcementqueue.h"
#include "hardware/voice/fakeaudiosink.h"
#include "hardware/voice/fragmentvoice.h"
#include "hardware/voice/pcm.h"
#include "hardware/voice/processaudiosink.h"
#include "hardware/voice/russianspeech.h"
#include "hardware/voice/ttsvoice.h"
#include "support/manualclock.h"
#include "support/signalwaiter.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace queue::voice;
using queue::test::ManualClock;

namespace {

const QString kFragments = QStringLiteral(QUEUE_FRAGMENTS_DIR);

// RMS of the samples in [fromMs, toMs).
double rmsBetween(const Pcm &p, qint64 fromMs, qint64 toMs)
{
    Pcm part;
    part.sampleRate = p.sampleRate;
    const qint64 a = fromMs * p.sampleRate / 1000, b = qMin<qint64>(p.samples.size(), toMs * p.sampleRate / 1000);
    if (b > a)
        part.samples = p.samples.mid(a, b - a);
    return rms(part);
}

} // namespace

TEST(BoardVoice, WavRoundTripAndResample)
{
    Pcm p;
    p.sampleRate = 16000;
    for (int i = 0; i < 16000; ++i)
        p.samples.append(qint16((i % 100) * 100 - 5000));
    const auto back = decodeWav(encodeWav(p));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->sampleRate, 16000);
    EXPECT_EQ(back->samples, p.samples);
    EXPECT_EQ(back->durationMs(), 1000);
    const Pcm r = resampled(p, kRate);
    EXPECT_EQ(r.sampleRate, kRate);
    EXPECT_NEAR(double(r.durationMs()), 1000.0, 2.0);
    EXPECT_FALSE(decodeWav(QByteArray("RIFF....WAVEjunk")).has_value());
}

TEST(BoardVoice, ChimeIsAudibleAndDecays)
{
    const Pcm c = chime();
    EXPECT_GE(c.durationMs(), 1000);
    EXPECT_LE(c.durationMs(), 2500);
    const double start = rmsBetween(c, 0, 300);
    const double end = rmsBetween(c, c.durationMs() - 200, c.durationMs());
    EXPECT_GT(start, 3000.0);
    EXPECT_LT(end, start / 4);
    Pcm quiet = c;
    applyGain(quiet, 0.5);
    EXPECT_NEAR(rms(quiet), rms(c) / 2, rms(c) * 0.01);
}

TEST(BoardVoice, GeneratedFragmentSetIsComplete)
{
    FragmentRenderer r(kFragments);
    EXPECT_TRUE(r.missingFragments().isEmpty()) << r.missingFragments().join(QLatin1Char(' ')).toStdString();
    for (const auto &kv : fragmentTexts()) {
        const auto pcm = readWavFile(QDir(kFragments).filePath(kv.first + QStringLiteral(".wav")));
        ASSERT_TRUE(pcm.has_value()) << kv.first.toStdString();
        EXPECT_GT(pcm->durationMs(), 100) << kv.first.toStdString();
        EXPECT_GT(rms(*pcm), 300.0) << kv.first.toStdString();
    }
}

TEST(BoardVoice, RenderedAnnouncementIsChimeThenSpeech)
{
    FragmentRenderer r(kFragments);
    const Pcm full = r.render({QStringLiteral("А015"), 3, false}, 100, false);
    EXPECT_TRUE(r.missing().isEmpty());
    const Pcm chimeOnly = r.render({QStringLiteral("А015"), 3, false}, 100, true);
    const Pcm longer = r.render({QStringLiteral("К345"), 121, false}, 100, false);
    EXPECT_GT(full.durationMs(), chimeOnly.durationMs() + 1000);
    EXPECT_GT(longer.durationMs(), full.durationMs());   // more words take longer
    EXPECT_GT(full.durationMs(), 2500);
    EXPECT_LT(full.durationMs(), 9000);
    // Speech after the chime is not silence.
    EXPECT_GT(rmsBetween(full, chime().durationMs() + 150, full.durationMs()), 500.0);
    // Volume scales the whole thing; 0 is silence.
    const Pcm half = r.render({QStringLiteral("А015"), 3, false}, 50, false);
    EXPECT_NEAR(rms(half), rms(full) / 2, rms(full) * 0.02);
    EXPECT_EQ(rms(r.render({QStringLiteral("А015"), 3, false}, 0, false)), 0.0);
}

TEST(BoardVoice, MissingFragmentsFallBackToTheChime)
{
    QTemporaryDir empty;
    FragmentRenderer r(empty.path());
    const Pcm p = r.render({QStringLiteral("А015"), 3, false}, 100, false);
    EXPECT_FALSE(r.missing().isEmpty());
    EXPECT_LT(p.durationMs(), chime().durationMs() + 500);   // never half an announcement
    EXPECT_GT(rms(p), 1000.0);
}

TEST(BoardVoice, BoardProgramRendersAnnouncementToWav)
{
    QTemporaryDir dir;
    const QString wav = dir.filePath(QStringLiteral("announce.wav"));
    QProcess proc;
    proc.start(QStringLiteral(QUEUE_BOARD_BIN), {QStringLiteral("--announce"), QStringLiteral("А015"), QStringLiteral("--window"),
                                                  QStringLiteral("3"), QStringLiteral("--wav"), wav});
    ASSERT_TRUE(proc.waitForFinished(60000));
    ASSERT_EQ(proc.exitCode(), 0) << proc.readAllStandardError().toStdString();
    const auto pcm = readWavFile(wav);
    ASSERT_TRUE(pcm.has_value());
    EXPECT_EQ(pcm->sampleRate, kRate);
    // Chime (1.6 s) + "талон а пятнадцать, пройдите к окну три": a few seconds.
    EXPECT_GT(pcm->durationMs(), 3000);
    EXPECT_LT(pcm->durationMs(), 9000);
    EXPECT_GT(rms(*pcm), 1000.0);
    EXPECT_GT(rmsBetween(*pcm, 1800, pcm->durationMs()), 500.0);

    QProcess bad;
    bad.start(QStringLiteral(QUEUE_BOARD_BIN), {QStringLiteral("--announce"), QStringLiteral("А015"), QStringLiteral("--wav"), wav});
    ASSERT_TRUE(bad.waitForFinished(30000));
    EXPECT_NE(bad.exitCode(), 0);   // no --window
}

// Announcements queue up and never overlap: the fake sink "plays" each for its real length
// on a manual clock, and the queue starts the next only when the previous one ended.
TEST(BoardVoice, AnnouncementQueueNeverOverlaps)
{
    ManualClock clock(1'000'000);
    FakeAudioSink sink(clock);
    FragmentVoice voice(kFragments, &sink);
    AnnouncementQueue queue(&voice);
    QList<Announcement> started, finished;
    QObject ctx;
    QObject::connect(&queue, &AnnouncementQueue::started, &ctx, [&](const Announcement &a) { started.append(a); });
    QObject::connect(&queue, &AnnouncementQueue::finished, &ctx, [&](const Announcement &a) { finished.append(a); });

    // Three calls arriving together, then a recall while the first is still playing.
    const QList<Announcement> calls{{QStringLiteral("П014"), 3, false}, {QStringLiteral("К015"), 7, false},
                                    {QStringLiteral("Д101"), 12, false}};
    for (const Announcement &a : calls)
        queue.enqueue(a);
    clock.advanceMs(500);
    sink.poll();
    queue.enqueue({QStringLiteral("П014"), 3, true});
    EXPECT_EQ(sink.clips().size(), 1);
    EXPECT_EQ(queue.pending(), 3);

    for (int step = 0; step < 1000 && finished.size() < 4; ++step) {
        clock.advanceMs(100);
        sink.poll();
    }
    ASSERT_EQ(finished.size(), 4);
    EXPECT_EQ(started, (QList<Announcement>{calls[0], calls[1], calls[2], {QStringLiteral("П014"), 3, true}}));
    EXPECT_EQ(finished, started);
    EXPECT_EQ(sink.overlaps(), 0);
    ASSERT_EQ(sink.clips().size(), 4);
    for (int i = 0; i < sink.clips().size(); ++i) {
        const auto &c = sink.clips()[i];
        EXPECT_GT(c.endMs - c.startMs, 2500) << i;   // a whole announcement each
        if (i > 0) {
            EXPECT_GE(c.startMs, sink.clips()[i - 1].endMs) << i;
        }
    }
    // The recall says the same as the first call.
    EXPECT_EQ(sink.clips()[3].wav, sink.clips()[0].wav);
    EXPECT_FALSE(queue.isBusy());
}

TEST(BoardVoice, ChimeOnlyAndStoppedSinkDoNotBlockTheQueue)
{
    ManualClock clock(0);
    FakeAudioSink sink(clock);
    FragmentVoice voice(kFragments, &sink);
    voice.setChimeOnly(true);
    AnnouncementQueue queue(&voice);
    queue.enqueue({QStringLiteral("А001"), 1, false});
    queue.enqueue({QStringLiteral("А002"), 2, false});
    ASSERT_EQ(sink.clips().size(), 1);
    EXPECT_LT(sink.clips()[0].endMs - sink.clips()[0].startMs, chime().durationMs() + 500);
    sink.stop();   // the player died: the next announcement still comes
    EXPECT_EQ(sink.clips().size(), 2);
    clock.advanceSec(5);
    sink.poll();
    EXPECT_FALSE(queue.isBusy());
    EXPECT_EQ(sink.overlaps(), 0);
}

// The live-speech back end plays the chime through the same sink; chime-only never touches
// the speech engine, so it is the same on machines with and without speech-dispatcher.
TEST(BoardVoice, TtsBackendPlaysTheChimeThroughTheSink)
{
    ManualClock clock(0);
    FakeAudioSink sink(clock);
    TtsVoice voice(&sink);
    voice.setChimeOnly(true);
    voice.setVolume(50);
    AnnouncementQueue queue(&voice);
    int finished = 0;
    QObject ctx;
    QObject::connect(&queue, &AnnouncementQueue::finished, &ctx, [&](const Announcement &) { ++finished; });
    queue.enqueue({QStringLiteral("А015"), 3, false});
    queue.enqueue({QStringLiteral("А016"), 4, false});
    ASSERT_EQ(sink.clips().size(), 1);
    const auto pcm = decodeWav(sink.clips()[0].wav);
    ASSERT_TRUE(pcm.has_value());
    EXPECT_NEAR(double(pcm->durationMs()), double(chime().durationMs() + 150), 20.0);
    EXPECT_NEAR(rms(*pcm), rms(chime()) / 2, rms(chime()) * 0.1);
    clock.advanceSec(3);
    sink.poll();
    clock.advanceSec(3);
    sink.poll();
    EXPECT_EQ(finished, 2);
    EXPECT_EQ(sink.clips().size(), 2);
    EXPECT_EQ(sink.overlaps(), 0);
}

// The real sink hands the WAV to a player program; a player that fails or does not exist
// still ends the clip, so the queue never stalls.
TEST(BoardVoice, ProcessSinkRunsThePlayerAndAlwaysFinishes)
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("played.wav"));
    ProcessAudioSink sink(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("cp \"$0\" '%1'").arg(copy)});
    int finished = 0;
    QObject ctx;
    QObject::connect(&sink, &AudioSink::finished, &ctx, [&] { ++finished; });
    const QByteArray wav = encodeWav(chime());
    sink.play(wav);
    EXPECT_TRUE(sink.isPlaying());
    ASSERT_TRUE(queue::test::waitUntil([&] { return finished == 1; }, 10000));
    QFile f(copy);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), wav);
    EXPECT_TRUE(sink.errorString().isEmpty());

    ProcessAudioSink missing(QStringLiteral("/nonexistent/player"));
    int missingFinished = 0;
    QObject::connect(&missing, &AudioSink::finished, &ctx, [&] { ++missingFinished; });
    missing.play(wav);
    ASSERT_TRUE(queue::test::waitUntil([&] { return missingFinished == 1; }, 10000));
    EXPECT_FALSE(missing.errorString().isEmpty());
    EXPECT_FALSE(missing.isPlaying());
}
