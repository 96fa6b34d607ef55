#include "escposprinter.h"

#include <QFile>
#include <QTcpSocket>
#include <QTimer>

namespace queue::hardware {

EscPosPrinter::EscPosPrinter(EscPosTarget target, EscPosOptions options, QObject *parent)
    : Printer(parent), m_target(std::move(target)), m_options(options),
      m_stepTimer(new QTimer(this)), m_jobTimer(new QTimer(this))
{
    m_stepTimer->setSingleShot(true);
    m_jobTimer->setSingleShot(true);
    connect(m_stepTimer, &QTimer::timeout, this, [this] {
        if (m_step == Step::Querying)
            finish(false, {PrinterState::Offline, QStringLiteral("no answer to the status query")},
                   QStringLiteral("the printer did not answer the status query"));
    });
    connect(m_jobTimer, &QTimer::timeout, this, [this] {
        finish(false, {PrinterState::Offline, QStringLiteral("job timed out")},
               QStringLiteral("the printer did not take the job in %1 ms").arg(m_jobTimeoutMs));
    });
}

EscPosPrinter::~EscPosPrinter()
{
    if (m_device) {
        m_device->disconnect(this);
        m_device->close();
    }
}

QString EscPosPrinter::description() const
{
    QString d;
    switch (m_target.kind) {
    case EscPosTarget::Kind::File: d = QStringLiteral("ESC/POS on device file %1").arg(m_target.path); break;
    case EscPosTarget::Kind::Serial:
        d = QStringLiteral("ESC/POS on serial port %1 at %2 baud").arg(m_target.path).arg(m_target.baud);
        break;
    case EscPosTarget::Kind::Tcp: d = QStringLiteral("ESC/POS on tcp %1:%2").arg(m_target.host).arg(m_target.port); break;
    }
    if (!m_options.profile.isEmpty())
        d += QStringLiteral(", profile %1").arg(m_options.profile);
    return d;
}

void EscPosPrinter::setTimeouts(int statusMs, int jobMs)
{
    m_statusTimeoutMs = statusMs;
    m_jobTimeoutMs = jobMs;
}

void EscPosPrinter::checkStatus(StatusCallback cb)
{
    m_jobs.enqueue(Job{QByteArray(), [cb = std::move(cb)](const PrintResult &r) { cb(r.status); }});
    QTimer::singleShot(0, this, [this] { startNext(); });
}

void EscPosPrinter::print(const TicketData &ticket, PrintCallback cb)
{
    m_jobs.enqueue(Job{EscPosEncoder::encodeTicket(ticket, m_options), std::move(cb)});
    QTimer::singleShot(0, this, [this] { startNext(); });
}

void EscPosPrinter::startNext()
{
    if (m_busy || m_jobs.isEmpty())
        return;
    m_busy = true;
    m_queried = PrinterStatus{};
    m_jobTimer->start(m_jobTimeoutMs);
    m_step = Step::Opening;
    switch (m_target.kind) {
    case EscPosTarget::Kind::File: {
        auto *f = new QFile(m_target.path, this);
        m_device = f;
        // Append: never truncates a regular file, and is harmless on a character device.
        if (!f->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
            finish(false, {PrinterState::Offline, f->errorString()},
                   QStringLiteral("cannot open %1: %2").arg(m_target.path, f->errorString()));
            return;
        }
        onOpened();
        return;
    }
    case EscPosTarget::Kind::Serial: {
        auto *port = new QSerialPort(this);
        m_device = port;
        port->setPortName(m_target.path);
        port->setBaudRate(m_target.baud);
        port->setDataBits(QSerialPort::Data8);
        port->setParity(QSerialPort::NoParity);
        port->setStopBits(QSerialPort::OneStop);
        port->setFlowControl(m_target.flow);
        if (!port->open(QIODevice::ReadWrite)) {
            finish(false, {PrinterState::Offline, port->errorString()},
                   QStringLiteral("cannot open %1: %2").arg(m_target.path, port->errorString()));
            return;
        }
        port->clear();
        onOpened();
        return;
    }
    case EscPosTarget::Kind::Tcp: {
        auto *socket = new QTcpSocket(this);
        m_device = socket;
        connect(socket, &QTcpSocket::connected, this, [this] { onOpened(); });
        connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError) {
            if (m_device != socket)
                return;
            if (m_step == Step::Writing && socket->bytesToWrite() == 0)
                return;   // the printer closing its end after we wrote everything is fine
            finish(false, {PrinterState::Offline, socket->errorString()},
                   QStringLiteral("tcp %1:%2: %3").arg(m_target.host).arg(m_target.port).arg(socket->errorString()));
        });
        socket->connectToHost(m_target.host, m_target.port);
        return;
    }
    }
}

void EscPosPrinter::onOpened()
{
    connect(m_device, &QIODevice::readyRead, this, [this] { onReadyRead(); });
    connect(m_device, &QIODevice::bytesWritten, this, [this] { onBytesWritten(); });
    if (m_target.bidirectional() && m_options.statusQuery != EscPosOptions::StatusQuery::None)
        sendQuery();
    else
        writeData();
}

void EscPosPrinter::sendQuery()
{
    m_step = Step::Querying;
    m_device->readAll();   // drop anything stale
    m_device->write(EscPosEncoder::statusQuery(m_options.statusQuery));
    m_stepTimer->start(m_statusTimeoutMs);
}

void EscPosPrinter::onReadyRead()
{
    if (m_step != Step::Querying) {
        m_device->readAll();   // automatic status back (ASB) and the like: not asked for
        return;
    }
    char b = 0;
    if (!m_device->getChar(&b))
        return;
    m_stepTimer->stop();
    m_queried = EscPosEncoder::parseStatus(m_options.statusQuery, static_cast<uchar>(b));
    if (m_jobs.head().data.isEmpty() || !m_queried.canPrint()) {
        const bool ok = m_queried.canPrint();
        finish(ok, m_queried, ok ? QString() : QStringLiteral("printer reports %1").arg(toString(m_queried.state)));
        return;
    }
    writeData();
}

void EscPosPrinter::writeData()
{
    m_step = Step::Writing;
    const QByteArray &data = m_jobs.head().data;
    if (data.isEmpty()) {   // a status check on a link that cannot answer: it opened, that is all we know
        finish(true, {m_target.bidirectional() ? PrinterState::Ready : PrinterState::Unknown,
                      QStringLiteral("device opened")}, QString());
        return;
    }
    const qint64 n = m_device->write(data);
    if (n != data.size()) {
        finish(false, {PrinterState::Offline, m_device->errorString()},
               QStringLiteral("write failed: %1").arg(m_device->errorString()));
        return;
    }
    onBytesWritten();
}

void EscPosPrinter::onBytesWritten()
{
    if (m_step != Step::Writing || !m_device)
        return;
    if (m_device->bytesToWrite() > 0)
        return;
    PrinterStatus st = m_queried;
    if (st.state == PrinterState::Unknown && m_target.bidirectional())
        st = {PrinterState::Ready, QStringLiteral("written")};
    finish(true, st, QString());
}

void EscPosPrinter::finish(bool ok, PrinterStatus status, const QString &error)
{
    if (!m_busy)
        return;
    m_stepTimer->stop();
    m_jobTimer->stop();
    m_step = Step::Idle;
    if (m_device) {
        QIODevice *dev = m_device;
        m_device = nullptr;
        dev->disconnect(this);
        if (auto *socket = qobject_cast<QTcpSocket *>(dev))
            socket->disconnectFromHost();
        else
            dev->close();
        dev->deleteLater();
    }
    Job job = m_jobs.dequeue();
    m_busy = false;
    setStatus(status);
    PrintResult r{ok, status, error};
    job.done(r);
    QTimer::singleShot(0, this, [this] { startNext(); });
}

} // namespace queue::hardware
