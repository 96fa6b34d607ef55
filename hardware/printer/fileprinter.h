#pragma once

#include "printer.h"
#include "ticketrenderer.h"

namespace queue::hardware {

// Writes each ticket as a PNG (one pixel per printer dot) or a PDF of the paper's width
// into a directory: the demo's printer and a record of what would have been printed.
class FilePrinter : public Printer {
    Q_OBJECT
public:
    enum class Format { Png, Pdf };
    FilePrinter(QString dir, Format format, PaperSpec paper, QObject *parent = nullptr);

    QString description() const override;
    void checkStatus(StatusCallback cb) override;
    void print(const TicketData &ticket, PrintCallback cb) override;

    QString lastFile() const { return m_lastFile; }

private:
    PrinterStatus probe() const;

    QString m_dir;
    Format m_format;
    PaperSpec m_paper;
    QString m_lastFile;
    int m_seq = 0;
};

} // namespace queue::hardware
