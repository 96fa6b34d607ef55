#include "announcementqueue.h"

#include <QTimer>

namespace queue::voice {

AnnouncementQueue::AnnouncementQueue(VoiceBackend *backend, QObject *parent)
    : QObject(parent), m_backend(backend), m_watchdog(new QTimer(this))
{
    m_watchdog->setSingleShot(true);
    m_watchdog->setInterval(30000);
    connect(m_backend, &VoiceBackend::finished, this, &AnnouncementQueue::onFinished);
    connect(m_watchdog, &QTimer::timeout, this, [this] {
        m_backend->stop();
        if (m_busy)   // stop() did not produce finished()
            onFinished();
    });
}

void AnnouncementQueue::setWatchdogMs(int ms) { m_watchdog->setInterval(ms); }

void AnnouncementQueue::enqueue(const Announcement &a)
{
    m_queue.append(a);
    if (!m_busy)
        next();
}

void AnnouncementQueue::clear() { m_queue.clear(); }

void AnnouncementQueue::next()
{
    if (m_queue.isEmpty())
        return;
    m_current = m_queue.takeFirst();
    m_busy = true;
    m_watchdog->start();
    Q_EMIT started(m_current);
    m_backend->say(m_current);
}

void AnnouncementQueue::onFinished()
{
    if (!m_busy)
        return;
    m_watchdog->stop();
    m_busy = false;
    Q_EMIT finished(m_current);
    next();
}

} // namespace queue::voice
