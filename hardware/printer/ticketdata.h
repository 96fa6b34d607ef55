#pragma once

#include <QString>

namespace queue::hardware {

// What goes on a paper ticket, already worded in the visitor's language by the kiosk.
// Carries no personal data (152-FZ): only the queue number and facts about the queue.
struct TicketData {
    QString officeName;
    QString number;          // "П015", printed very large
    QString topic;
    QString priorityMark;    // empty: in turn; else e.g. "ВНЕ ОЧЕРЕДИ: инвалидность"
    QString issuedText;      // date and time of issue
    QString aheadText;       // "Перед Вами: 4"
    QString waitText;        // "Ожидание: около 5 мин"
    QString complaintText;   // the standard's "Если Вы недовольны … позвоните …"
    QString qrUrl;           // status page of the ticket; no QR when empty
    QString qrCaption;
};

} // namespace queue::hardware
