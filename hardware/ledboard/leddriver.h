#pragma once

#include "ledprotocol.h"

#include <QObject>

namespace queue::led {

// One serial line with boards on it. show() sends what the board at `address` must show;
// a driver may queue frames but sends them in order.
class LedDriver : public QObject {
    Q_OBJECT
public:
    explicit LedDriver(const LedFormat &format, QObject *parent = nullptr) : QObject(parent), m_format(format) {}
    ~LedDriver() override = default;

    virtual void show(int address, const LedContent &content) = 0;
    virtual QString errorString() const { return m_error; }
    const LedFormat &format() const { return m_format; }

Q_SIGNALS:
    void errorOccurred(const QString &message);

protected:
    void fail(const QString &message)
    {
        m_error = message;
        Q_EMIT errorOccurred(message);
    }
    LedFormat m_format;
    QString m_error;
};

// Frames written to a byte stream (a QSerialPort opened by the program): the QSystem
// framing or the plain line protocol.
class StreamLedDriver final : public LedDriver {
    Q_OBJECT
public:
    StreamLedDriver(QIODevice *device, Protocol protocol, const LedFormat &format,
                    const QString &lineTemplate = QStringLiteral("{text}\\r\\n"), QObject *parent = nullptr);

    void show(int address, const LedContent &content) override;
    QByteArray frame(int address, const LedContent &content) const;

private:
    QIODevice *m_device;
    Protocol m_protocol;
    QString m_lineTemplate;
};

// A driver for tests: records what it was asked to show.
class FakeLedDriver final : public LedDriver {
    Q_OBJECT
public:
    using LedDriver::LedDriver;
    struct Shown {
        int address;
        LedContent content;
        QString text;
    };
    void show(int address, const LedContent &content) override
    {
        m_shown.append({address, content, ledText(content, m_format)});
    }
    const QList<Shown> &shown() const { return m_shown; }
    void clear() { m_shown.clear(); }

private:
    QList<Shown> m_shown;
};

} // namespace queue::led
