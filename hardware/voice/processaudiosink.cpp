#include "processaudiosink.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryFile>

namespace queue::voice {

ProcessAudioSink::ProcessAudioSink(const QString &program, const QStringList &args, QObject *parent)
    : AudioSink(parent), m_program(program), m_args(args)
{
}

ProcessAudioSink::~ProcessAudioSink()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

void ProcessAudioSink::play(const QByteArray &wav)
{
    if (m_process) {   // the caller's mistake: end the clip that plays, then start this one
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
        delete m_process;
        m_process = nullptr;
        delete m_file;
        m_file = nullptr;
        Q_EMIT finished();
    }
    m_error.clear();
    m_file = new QTemporaryFile(this);
    m_file->setFileTemplate(QDir::tempPath() + QStringLiteral("/queue-board-XXXXXX.wav"));
    if (!m_file->open() || m_file->write(wav) != wav.size() || !m_file->flush()) {
        m_error = tr("cannot write a temporary sound file");
        delete m_file;
        m_file = nullptr;
        QMetaObject::invokeMethod(this, &AudioSink::finished, Qt::QueuedConnection);
        return;
    }
    m_process = new QProcess(this);
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        if (status != QProcess::NormalExit || code != 0)
            m_error = tr("%1 failed: %2").arg(m_program, QString::fromLocal8Bit(m_process->readAllStandardError()).trimmed());
        done();
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            m_error = tr("cannot start %1").arg(m_program);
            done();
        }
    });
    m_process->start(m_program, m_args + QStringList{m_file->fileName()});
}

void ProcessAudioSink::stop()
{
    if (m_process)
        m_process->kill();   // finished() follows through done()
}

void ProcessAudioSink::done()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    m_process->deleteLater();
    m_process = nullptr;
    delete m_file;
    m_file = nullptr;
    Q_EMIT finished();
}

} // namespace queue::voice
