#pragma once

#include <QJsonObject>

namespace queue::client {

// The ordering rules of the event stream (docs/api.md, "Event stream"), apart from any
// socket so that they can be tested with synthetic messages. EventStream feeds it every
// message it receives and acts on the verdict.
//
// Events carry a seq that grows by one per change. An event is delivered once: seq <=
// lastSeq() is a duplicate (a replay overlapping what was seen). seq > lastSeq()+1 is a
// gap: the first time at a given lastSeq() the caller should reconnect with since=lastSeq()
// so that the server replays the missing events; if the gap is still there after that
// (GapSkipped), the events are lost for this client: it jumps to the event, and the app
// must refetch its state.
class EventSequencer {
public:
    enum class Verdict {
        Deliver,     // an event in order: hand it to the app (lastSeq() is now its seq)
        Duplicate,   // seq <= lastSeq(): already delivered, drop it
        Live,        // hello consistent with lastSeq(): the stream is up, replay/live events follow
        Reset,       // the app must refetch its state; lastSeq() is now the server's. For
                     // stream.reset, a hello whose seq is below lastSeq() (the server's history
                     // went back), and the first hello when no lastSeq() was known.
        Gap,         // seq > lastSeq()+1: reconnect with since=lastSeq() to get the missing ones
        GapSkipped,  // a gap again at the same lastSeq() after a refill attempt: refetch state,
                     // then deliver this event (lastSeq() is now its seq)
        Invalid,     // not a stream message (no type, or no integer seq)
    };

    static constexpr qint64 kUnknown = -1;

    Verdict accept(const QJsonObject &message);

    // kUnknown until the first hello or setLastSeq().
    qint64 lastSeq() const { return m_lastSeq; }
    bool hasLastSeq() const { return m_lastSeq != kUnknown; }
    void setLastSeq(qint64 seq);

private:
    qint64 m_lastSeq = kUnknown;
    qint64 m_gapAt = kUnknown;   // lastSeq() at which a gap was reported and a refill is being tried
};

} // namespace queue::client
