#include "cupsprinter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <QUrl>
#include <QTemporaryDir>
#include <QThread>

#include <cups/cups.h>

#include <memory>

namespace queue::hardware {

namespace {

// One connection per worker thread: libcups connections are not shared across threads.
struct Connection {
    http_t *http = nullptr;
    QString error;

    explicit Connection(const QString &server)
    {
        if (server.isEmpty()) {
            http = httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, 5000, nullptr);
        } else if (server.startsWith(QLatin1Char('/'))) {
            http = httpConnect2(server.toLocal8Bit().constData(), 0, nullptr, AF_LOCAL, HTTP_ENCRYPTION_NEVER, 1,
                                5000, nullptr);
        } else {
            const int colon = static_cast<int>(server.lastIndexOf(QLatin1Char(':')));
            const QByteArray host = (colon > 0 ? server.left(colon) : server).toUtf8();
            const int port = colon > 0 ? server.mid(colon + 1).toInt() : ippPort();
            http = httpConnect2(host.constData(), port, nullptr, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000,
                                nullptr);
        }
        if (!http)
            error = QStringLiteral("cannot connect to CUPS at %1: %2")
                        .arg(server.isEmpty() ? QString::fromUtf8(cupsServer()) : server,
                             QString::fromUtf8(cupsLastErrorString()));
    }
    ~Connection()
    {
        if (http)
            httpClose(http);
    }
};

QByteArray printerUri(const QString &queue)
{
    return QByteArray("ipp://localhost/printers/") + QUrl::toPercentEncoding(queue);
}

struct QueueInfo {
    PrinterStatus status;
    bool raw = false;   // no driver: what is sent reaches the printer byte for byte
};

QueueInfo queryPrinter(http_t *http, const QString &queue)
{
    ipp_t *req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printerUri(queue).constData());
    static const char *const attrs[] = {"printer-state", "printer-state-reasons", "printer-is-accepting-jobs",
                                        "printer-make-and-model", "document-format-supported"};
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 5, nullptr, attrs);
    ipp_t *resp = cupsDoRequest(http, req, "/");
    if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
        const QString err = QString::fromUtf8(cupsLastErrorString());
        ippDelete(resp);
        return {{PrinterState::Offline, QStringLiteral("queue %1: %2").arg(queue, err)}, false};
    }
    // A raw queue: CUPS calls its model "Local Raw Printer" and converts nothing (no PDF among
    // the formats it takes).
    bool raw = false;
    if (ipp_attribute_t *a = ippFindAttribute(resp, "printer-make-and-model", IPP_TAG_TEXT))
        raw = QString::fromUtf8(ippGetString(a, 0, nullptr)).compare(QLatin1String("Local Raw Printer"),
                                                                      Qt::CaseInsensitive) == 0;
    if (ipp_attribute_t *a = ippFindAttribute(resp, "document-format-supported", IPP_TAG_MIMETYPE)) {
        bool pdf = false;
        for (int i = 0; i < ippGetCount(a); ++i)
            pdf = pdf || qstrcmp(ippGetString(a, i, nullptr), "application/pdf") == 0;
        raw = raw || !pdf;
    }
    PrinterStatus st{PrinterState::Ready, QString()};
    const int state = ippGetInteger(ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM), 0);
    QStringList reasons;
    if (ipp_attribute_t *a = ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD))
        for (int i = 0; i < ippGetCount(a); ++i)
            reasons << QString::fromUtf8(ippGetString(a, i, nullptr));
    const bool accepting = ippGetBoolean(ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0);
    ippDelete(resp);
    st.detail = QStringLiteral("printer-state %1, reasons %2").arg(state).arg(reasons.join(QLatin1Char(',')));
    auto has = [&](const char *prefix) {
        for (const QString &r : reasons)
            if (r.startsWith(QLatin1String(prefix)))
                return true;
        return false;
    };
    if (has("media-empty") || has("media-needed"))
        st.state = PrinterState::PaperOut;
    else if (state == IPP_PSTATE_STOPPED || !accepting || has("offline") || has("shutdown"))
        st.state = PrinterState::Offline;
    else if (has("media-low"))
        st.state = PrinterState::PaperLow;
    return {st, raw};
}

QString rawQueueRefusal(const QString &queue)
{
    return QStringLiteral("CUPS queue %1 is a raw queue (no driver): a PDF sent to it prints as garbage on a "
                          "thermal printer; give the printer as cups://%1?format=escpos (with its width and "
                          "profile) or give the queue a driver")
        .arg(queue);
}

int jobState(http_t *http, int jobId)
{
    ipp_t *req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    const QByteArray uri = "ipp://localhost/jobs/" + QByteArray::number(jobId);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nullptr, uri.constData());
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    ipp_t *resp = cupsDoRequest(http, req, "/");
    const int state = resp ? ippGetInteger(ippFindAttribute(resp, "job-state", IPP_TAG_ENUM), 0) : 0;
    ippDelete(resp);
    return state;
}

} // namespace

CupsPrinter::CupsPrinter(QString server, QString queue, PaperSpec paper, QObject *parent)
    : Printer(parent), m_server(std::move(server)), m_queue(std::move(queue)), m_paper(paper)
{
}

QString CupsPrinter::description() const
{
    return QStringLiteral("CUPS queue %1%2 (%3 mm%4)")
        .arg(m_queue, m_server.isEmpty() ? QString() : QStringLiteral(" at ") + m_server)
        .arg(m_paper.widthMm)
        .arg(m_raw ? QStringLiteral(", raw ESC/POS")
                   : m_queueIsRaw.value_or(false) && m_rawFallback ? QStringLiteral(", raw queue: ESC/POS")
                                                                   : QString());
}

template <typename Work, typename Done>
void CupsPrinter::runInThread(Work work, Done done)
{
    auto result = std::make_shared<decltype(work())>();
    QThread *thread = QThread::create([result, work = std::move(work)]() mutable { *result = work(); });
    connect(thread, &QThread::finished, this, [thread, result, done = std::move(done)] {
        thread->deleteLater();
        done(*result);
    });
    thread->start();
}

void CupsPrinter::checkStatus(StatusCallback cb)
{
    runInThread(
        [server = m_server, queue = m_queue] {
            Connection c(server);
            if (!c.http)
                return std::make_pair(PrinterStatus{PrinterState::Offline, c.error}, std::optional<bool>());
            const QueueInfo info = queryPrinter(c.http, queue);
            return std::make_pair(info.status, info.status.state == PrinterState::Offline
                                                   ? std::optional<bool>() : std::optional<bool>(info.raw));
        },
        [this, cb = std::move(cb)](const std::pair<PrinterStatus, std::optional<bool>> &r) {
            PrinterStatus st = r.first;
            if (r.second)
                m_queueIsRaw = r.second;
            if (r.second.value_or(false) && !m_raw && !m_rawFallback)
                st = PrinterStatus{PrinterState::Error, rawQueueRefusal(m_queue)};
            setStatus(st);
            cb(st);
        });
}

void CupsPrinter::print(const TicketData &ticket, PrintCallback cb)
{
    // Rendering uses fonts, so it happens here on the GUI thread; only libcups runs outside.
    // Which of the two the queue gets is known for sure only on the worker (the queue's driver
    // may have changed since the last status check), so a printer that may meet a raw queue
    // makes both: ESC/POS for a raw queue, the PDF for a queue with a driver.
    auto dir = std::make_shared<QTemporaryDir>();
    const bool raw = m_raw.has_value();
    const QString pdf = dir->filePath(QStringLiteral("ticket.pdf"));
    const QString escpos = dir->filePath(QStringLiteral("ticket.escpos"));
    const std::optional<EscPosOptions> escposOptions = raw ? m_raw : m_rawFallback;
    QString error;
    bool written = dir->isValid();
    if (!written)
        error = QStringLiteral("no temporary directory for the print job");
    if (written && escposOptions) {
        QFile f(escpos);
        written = f.open(QIODevice::WriteOnly) && f.write(EscPosEncoder::encodeTicket(ticket, *escposOptions)) > 0
                  && f.flush();
        if (!written)
            error = QStringLiteral("cannot write %1: %2").arg(escpos, f.errorString());
    }
    if (written && !raw)
        written = TicketRenderer::writePdf(ticket, m_paper, pdf, &error);
    if (!written) {
        QTimer::singleShot(0, this, [this, cb = std::move(cb), error] {
            const PrinterStatus st{PrinterState::Error, error};
            setStatus(st);
            cb(PrintResult{false, st, error});
        });
        return;
    }
    struct Outcome {
        PrintResult result;
        int jobId = 0;
        std::optional<bool> queueIsRaw;
    };
    runInThread(
        [server = m_server, queue = m_queue, pdf, escpos, dir, raw = raw, canRaw = escposOptions.has_value(),
         title = ticket.number, timeout = m_completionTimeoutMs]() mutable {
            Outcome o;
            Connection c(server);
            if (!c.http) {
                o.result = PrintResult{false, {PrinterState::Offline, c.error}, c.error};
                return o;
            }
            const QueueInfo info = queryPrinter(c.http, queue);
            const PrinterStatus before = info.status;
            if (before.state != PrinterState::Offline)
                o.queueIsRaw = info.raw;
            if (info.raw && !raw && before.state != PrinterState::Offline) {
                if (!canRaw) {
                    const QString err = rawQueueRefusal(queue);
                    o.result = PrintResult{false, {PrinterState::Error, err}, err};
                    return o;
                }
                raw = true;   // a raw queue without format=escpos: it gets ESC/POS, never the PDF
            }
            if (!before.canPrint()) {
                o.result = PrintResult{false, before, QStringLiteral("queue %1 is %2").arg(queue, toString(before.state))};
                return o;
            }
            // Print-Job to the queue's own URI: works for the default server and for a
            // server given by host:port alike (cupsPrintFile2 looks the name up in the
            // client's destination list, which knows only the default server).
            ipp_t *req = ippNewRequest(IPP_OP_PRINT_JOB);
            ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, printerUri(queue).constData());
            ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
            ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, title.toUtf8().constData());
            ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                         raw ? "application/vnd.cups-raw" : "application/pdf");
            if (!raw) {
                cups_option_t *options = nullptr;
                int n = 0;
                n = cupsAddOption("fit-to-page", "true", n, &options);
                cupsEncodeOptions2(req, n, options, IPP_TAG_JOB);
                cupsFreeOptions(n, options);
            }
            const QByteArray resource = "/printers/" + QUrl::toPercentEncoding(queue);
            ipp_t *resp = cupsDoFileRequest(c.http, req, resource.constData(),
                                            (raw ? escpos : pdf).toLocal8Bit().constData());
            const int job = resp && cupsLastError() <= IPP_STATUS_OK_CONFLICTING
                                ? ippGetInteger(ippFindAttribute(resp, "job-id", IPP_TAG_INTEGER), 0)
                                : 0;
            ippDelete(resp);
            if (job == 0) {
                const QString err = QString::fromUtf8(cupsLastErrorString());
                o.result = PrintResult{false, {PrinterState::Error, err}, QStringLiteral("Print-Job: ") + err};
                return o;
            }
            o.jobId = job;
            // Wait for the job to finish so that a jam or an empty roll is known before the
            // visitor walks away.
            QElapsedTimer t;
            t.start();
            int state = 0;
            while (t.elapsed() < timeout) {
                state = jobState(c.http, job);
                if (state >= IPP_JSTATE_STOPPED)
                    break;
                QThread::msleep(100);
            }
            const PrinterStatus after = queryPrinter(c.http, queue).status;
            if (state == IPP_JSTATE_COMPLETED)
                o.result = PrintResult{true, after, QString()};
            else if (state >= IPP_JSTATE_STOPPED)
                o.result = PrintResult{false, after.canPrint() ? PrinterStatus{PrinterState::Error, after.detail} : after,
                                       QStringLiteral("job %1 ended in state %2").arg(job).arg(state)};
            else   // still queued or printing: CUPS has it, count it as printed
                o.result = PrintResult{true, after, QString()};
            return o;
        },
        [this, cb = std::move(cb)](const Outcome &o) {
            if (o.jobId)
                m_lastJobId = o.jobId;
            if (o.queueIsRaw)
                m_queueIsRaw = o.queueIsRaw;
            setStatus(o.result.status);
            cb(o.result);
        });
}

} // namespace queue::hardware
