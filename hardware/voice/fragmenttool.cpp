// queue-voice-fragments: writes the Russian fragment set (one WAV per key of
// fragmentTexts()) with espeak-ng, or lists the keys and texts for a studio recording.
#include "russianspeech.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("queue-voice-fragments"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Generates the Russian announcement fragments with espeak-ng."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Write <key>.wav files into DIR."), QStringLiteral("DIR"));
    const QCommandLineOption list(QStringLiteral("list"), QStringLiteral("Print key<TAB>text lines and exit."));
    const QCommandLineOption espeak(QStringLiteral("espeak"), QStringLiteral("The espeak-ng program."), QStringLiteral("PROGRAM"),
                                    QStringLiteral("espeak-ng"));
    const QCommandLineOption voice(QStringLiteral("voice"), QStringLiteral("espeak-ng voice (default ru)."), QStringLiteral("VOICE"),
                                   QStringLiteral("ru"));
    const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("Words per minute (default 150)."), QStringLiteral("WPM"),
                                   QStringLiteral("150"));
    p.addOptions({out, list, espeak, voice, speed});
    p.process(app);

    QTextStream stdOut(stdout);
    QTextStream stdErr(stderr);
    const auto texts = queue::voice::fragmentTexts();
    if (p.isSet(list)) {
        for (const auto &[key, text] : texts)
            stdOut << key << '\t' << text << '\n';
        return 0;
    }
    if (!p.isSet(out)) {
        stdErr << "queue-voice-fragments: --out DIR or --list is required\n";
        return 2;
    }
    QDir dir(p.value(out));
    if (!dir.mkpath(QStringLiteral("."))) {
        stdErr << "queue-voice-fragments: cannot create " << dir.path() << '\n';
        return 1;
    }
    for (const auto &[key, text] : texts) {
        QProcess proc;
        proc.start(p.value(espeak), {QStringLiteral("-v"), p.value(voice), QStringLiteral("-s"), p.value(speed),
                                     QStringLiteral("-w"), dir.filePath(key + QStringLiteral(".wav")), text});
        if (!proc.waitForFinished(30000) || proc.exitStatus() != QProcess::NormalExit || proc.exitCode() != 0) {
            stdErr << "queue-voice-fragments: " << p.value(espeak) << " failed for '" << key << "': "
                   << QString::fromLocal8Bit(proc.readAllStandardError()) << proc.errorString() << '\n';
            return 1;
        }
    }
    return 0;
}
