// libFuzzer target for the client's event decoder (scripts/fuzz.sh): the text frames of
// the event stream as EventStream::onTextMessage takes them (UTF-8 text, a JSON object,
// EventSequencer::accept) and the payload types the apps read from them (Ticket,
// WindowInfo, ServiceInfo, the typed answers of apitypes.h).
//
// Input: frames separated by '\n'. Traps when the sequencer breaks its contract
// (eventsequencer.h: what each verdict does to lastSeq()) or a decoded Ticket or
// WindowInfo does not survive toJson → fromJson unchanged.
#include "common/client/apitypes.h"
#include "common/client/eventsequencer.h"
#include "common/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace queue;
using namespace queue::client;
using V = EventSequencer::Verdict;

namespace {

constexpr qint64 kNow = 1'796'000'000'000;   // 2026-12

template <typename T>
void roundTrip(const QJsonValue &v)
{
    if (!v.isObject())
        return;
    const auto a = T::fromJson(v.toObject());
    if (!a)
        return;
    const QJsonObject once = a->toJson(kNow);
    const auto b = T::fromJson(once);
    if (!b || b->toJson(kNow) != once)
        __builtin_trap();
}

void decodePayload(const QJsonObject &m)
{
    roundTrip<Ticket>(m.value(QLatin1String("ticket")));
    roundTrip<WindowInfo>(m.value(QLatin1String("state")));
    roundTrip<WindowInfo>(m.value(QLatin1String("window")));
    (void)ServiceInfo::fromJson(m.value(QLatin1String("service")).toObject());
    for (const QJsonValue &t : m.value(QLatin1String("tickets")).toArray())
        roundTrip<Ticket>(t);
    // What a client makes of an answer shaped like this message.
    (void)HealthInfo::fromJson(m);
    (void)ServiceCatalog::fromJson(m);
    (void)IssuedTicket::fromJson(m);
    (void)TicketStatus::fromJson(m);
    (void)QueuedTicket::fromJson(m);
    (void)QueueSnapshot::fromJson(m);
    (void)SessionInfo::fromJson(m);
    (void)LiveMetrics::fromJson(m);
}

void checkVerdict(V v, qint64 before, qint64 after, const QJsonObject &m)
{
    const qint64 seq = m.value(QLatin1String("seq")).toInteger(-2);
    const bool hello = m.value(QLatin1String("type")).toString() == QLatin1String(api::kHello);
    const bool known = before != EventSequencer::kUnknown;
    bool ok = false;
    switch (v) {
    case V::Invalid: ok = after == before; break;
    case V::Duplicate: ok = known && seq <= before && after == before; break;
    case V::Live: ok = hello && known && seq >= before && after == before; break;
    case V::Reset: ok = after == seq; break;
    case V::Deliver: ok = after == seq && (!known || seq == before + 1); break;
    case V::Gap: ok = known && seq > before + 1 && after == before; break;
    case V::GapSkipped: ok = known && seq > before + 1 && after == seq; break;
    }
    if (!ok || (v != V::Invalid && after < 0))
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    EventSequencer sequencer;
    for (const QByteArray &frame : bytes.split('\n')) {
        // The socket hands over text; EventStream parses its UTF-8.
        const QJsonDocument doc = QJsonDocument::fromJson(QString::fromUtf8(frame).toUtf8());
        if (!doc.isObject())
            continue;
        const QJsonObject message = doc.object();
        const qint64 before = sequencer.lastSeq();
        const V v = sequencer.accept(message);
        checkVerdict(v, before, sequencer.lastSeq(), message);
        decodePayload(message);
    }
    return 0;
}
