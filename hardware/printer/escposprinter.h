#pragma once

#include "escposencoder.h"
#include "printer.h"

#include <QPointer>
#include <QQueue>
#include <QSerialPort>

class QIODevice;
class QTimer;

namespace queue::hardware {

// Where ESC/POS bytes go.
struct EscPosTarget {
    enum class Kind { File, Serial, Tcp };
    Kind kind = Kind::File;
    QString path;                 // File: device or file; Serial: port (/dev/ttyUSB0)
    QString host;                 // Tcp
    quint16 port = 9100;
    qint32 baud = 9600;           // Serial
    QSerialPort::FlowControl flow = QSerialPort::NoFlowControl;

    // Serial ports and TCP sockets carry answers back; a device file is written only.
    bool bidirectional() const { return kind != Kind::File; }
};

// An ESC/POS thermal printer on a device file, a serial port or raw TCP (port 9100).
// Each job opens the link, asks for the paper state when the link is bidirectional (and
// refuses to print on "paper out"), writes the ticket and closes the link again, so a
// printer that was switched off and on is found again by the next job.
class EscPosPrinter : public Printer {
    Q_OBJECT
public:
    EscPosPrinter(EscPosTarget target, EscPosOptions options, QObject *parent = nullptr);
    ~EscPosPrinter() override;

    QString description() const override;
    void checkStatus(StatusCallback cb) override;
    void print(const TicketData &ticket, PrintCallback cb) override;

    // Timeouts: for an answer to the status query and for the whole job.
    void setTimeouts(int statusMs, int jobMs);
    const EscPosOptions &options() const { return m_options; }

private:
    struct Job {
        QByteArray data;              // empty: status check only
        PrintCallback done;
    };
    void startNext();
    void onOpened();
    void sendQuery();
    void onReadyRead();
    void writeData();
    void onBytesWritten();
    void finish(bool ok, PrinterStatus status, const QString &error);

    EscPosTarget m_target;
    EscPosOptions m_options;
    int m_statusTimeoutMs = 2000;
    int m_jobTimeoutMs = 15000;
    QQueue<Job> m_jobs;
    bool m_busy = false;
    enum class Step { Idle, Opening, Querying, Writing } m_step = Step::Idle;
    QIODevice *m_device = nullptr;
    QTimer *m_stepTimer = nullptr;
    QTimer *m_jobTimer = nullptr;
    PrinterStatus m_queried;
};

} // namespace queue::hardware
