#pragma once

#include <QByteArray>
#include <QObject>

namespace queue::voice {

// Where announcement audio goes. One clip at a time: play() while playing is the caller's
// mistake (AnnouncementQueue never does it). Exactly one finished() follows each play(),
// also when playing failed or was stopped.
class AudioSink : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~AudioSink() override = default;

    virtual void play(const QByteArray &wav) = 0;
    virtual void stop() = 0;
    virtual bool isPlaying() const = 0;
    virtual QString errorString() const { return {}; }

Q_SIGNALS:
    void finished();
};

} // namespace queue::voice
