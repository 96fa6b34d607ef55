#pragma once

#include "escposencoder.h"
#include "printer.h"
#include "ticketrenderer.h"

#include <optional>

namespace queue::hardware {

// A printer queue of CUPS (libcups): the ticket goes as a PDF of the paper's width and the
// queue's driver turns it into what the printer speaks — or, for a raw queue in front of a
// thermal printer (cups://Queue?format=escpos&…), as ESC/POS bytes that CUPS passes through
// untouched (document-format application/vnd.cups-raw). A raw queue given without
// format=escpos is detected (no driver) and gets ESC/POS too, never a PDF; with format=pdf it
// is refused. Status comes from the queue's
// printer-state and printer-state-reasons (media-empty, media-low, offline, stopped).
// libcups blocks, so every call runs on a short-lived thread.
class CupsPrinter : public Printer {
    Q_OBJECT
public:
    // server: "" for the default server (CUPS_SERVER, client.conf), else "host:port" or a
    // domain socket path.
    CupsPrinter(QString server, QString queue, PaperSpec paper, QObject *parent = nullptr);

    QString description() const override;
    void checkStatus(StatusCallback cb) override;
    void print(const TicketData &ticket, PrintCallback cb) override;

    // How long print() waits for the job to complete before calling it queued (and fine).
    void setCompletionTimeout(int ms) { m_completionTimeoutMs = ms; }
    int lastJobId() const { return m_lastJobId; }
    // Send ESC/POS made with these options as a raw job instead of a PDF.
    void setRawEscPos(const EscPosOptions &options) { m_raw = options; }
    // For a queue that turns out to be raw (no driver, "Local Raw Printer"): ESC/POS made with
    // these options instead of the PDF, which a thermal printer would print as metres of
    // garbage. Without them such a queue is refused with a clear message (status Error).
    void setRawFallback(const EscPosOptions &options) { m_rawFallback = options; }
    // What the last status check or print found the queue to be (unknown before).
    std::optional<bool> queueIsRaw() const { return m_queueIsRaw; }

private:
    template <typename Work, typename Done>
    void runInThread(Work work, Done done);

    QString m_server;
    QString m_queue;
    PaperSpec m_paper;
    int m_completionTimeoutMs = 20000;
    int m_lastJobId = 0;
    std::optional<EscPosOptions> m_raw;
    std::optional<EscPosOptions> m_rawFallback;
    std::optional<bool> m_queueIsRaw;
};

} // namespace queue::hardware
