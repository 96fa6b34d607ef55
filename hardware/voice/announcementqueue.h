#pragma once

#include "voicebackend.h"

#include <QList>
#include <QObject>

class QTimer;

namespace queue::voice {

// Announcements in arrival order, one at a time: the next starts only after the back end
// finished the previous one, so announcements never overlap and none is dropped. A
// watchdog frees the queue if a back end never reports the end.
class AnnouncementQueue : public QObject {
    Q_OBJECT
public:
    explicit AnnouncementQueue(VoiceBackend *backend, QObject *parent = nullptr);

    void enqueue(const Announcement &a);
    void clear();
    bool isBusy() const { return m_busy; }
    int pending() const { return int(m_queue.size()); }
    void setWatchdogMs(int ms);

Q_SIGNALS:
    void started(const queue::voice::Announcement &a);
    void finished(const queue::voice::Announcement &a);

private:
    void next();
    void onFinished();

    VoiceBackend *m_backend;
    QList<Announcement> m_queue;
    Announcement m_current;
    bool m_busy = false;
    QTimer *m_watchdog;
};

} // namespace queue::voice
