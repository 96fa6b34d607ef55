#pragma once

#include <QObject>
#include <QString>

namespace queue::voice {

struct Announcement {
    QString ticket;      // "А015"
    int window = 0;
    bool recall = false;

    bool operator==(const Announcement &o) const
    {
        return ticket == o.ticket && window == o.window && recall == o.recall;
    }
};

// Says one announcement (chime, then the words) and signals finished() exactly once when
// it is over, also when it failed. say() is only called after the previous finished().
class VoiceBackend : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~VoiceBackend() override = default;

    virtual void say(const Announcement &a) = 0;
    virtual void stop() = 0;
    // Empty when the back end can speak; otherwise why not.
    virtual QString errorString() const { return {}; }

    // 0…100, applied to everything the back end plays.
    void setVolume(int percent) { m_volume = qBound(0, percent, 100); applyVolume(); }
    int volume() const { return m_volume; }
    // Only the chime, no words (a hall where announcements would disturb).
    void setChimeOnly(bool on) { m_chimeOnly = on; }
    bool chimeOnly() const { return m_chimeOnly; }

Q_SIGNALS:
    void finished();

protected:
    virtual void applyVolume() {}
    int m_volume = 80;
    bool m_chimeOnly = false;
};

} // namespace queue::voice
