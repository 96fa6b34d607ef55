#include "ledprotocol.h"

#include <QHash>

namespace queue::led {

namespace {

// Russian → Latin for ASCII-only boards; look-alike letters where they exist, so that
// a ticket "А015" stays "A015".
const QHash<QChar, QString> &translit()
{
    static const QHash<QChar, QString> table = [] {
        const char *const pairs[][2] = {
            {"А", "A"}, {"Б", "B"}, {"В", "V"}, {"Г", "G"}, {"Д", "D"}, {"Е", "E"}, {"Ё", "E"},
            {"Ж", "ZH"}, {"З", "Z"}, {"И", "I"}, {"Й", "J"}, {"К", "K"}, {"Л", "L"}, {"М", "M"},
            {"Н", "N"}, {"О", "O"}, {"П", "P"}, {"Р", "R"}, {"С", "S"}, {"Т", "T"}, {"У", "U"},
            {"Ф", "F"}, {"Х", "H"}, {"Ц", "C"}, {"Ч", "CH"}, {"Ш", "SH"}, {"Щ", "SCH"}, {"Ъ", ""},
            {"Ы", "Y"}, {"Ь", ""}, {"Э", "E"}, {"Ю", "YU"}, {"Я", "YA"}};
        QHash<QChar, QString> t;
        for (const auto &p : pairs) {
            const QChar up = QString::fromUtf8(p[0]).at(0);
            const QString lat = QString::fromLatin1(p[1]);
            t.insert(up, lat);
            t.insert(up.toLower(), lat.toLower());
        }
        return t;
    }();
    return table;
}

char cyrillicByte(QChar c, Encoding e)
{
    const char16_t u = c.unicode();
    if (e == Encoding::Cp1251) {
        if (u >= 0x0410 && u <= 0x044F)
            return char(0xC0 + (u - 0x0410));
        if (u == 0x0401)
            return char(0xA8);
        if (u == 0x0451)
            return char(0xB8);
    } else if (e == Encoding::Cp866) {
        if (u >= 0x0410 && u <= 0x043F)
            return char(0x80 + (u - 0x0410));
        if (u >= 0x0440 && u <= 0x044F)
            return char(0xE0 + (u - 0x0440));
        if (u == 0x0401)
            return char(0xF0);
        if (u == 0x0451)
            return char(0xF1);
    }
    return '?';
}

QString unescape(QString s)
{
    s.replace(QLatin1String("\\r"), QStringLiteral("\r"));
    s.replace(QLatin1String("\\n"), QStringLiteral("\n"));
    s.replace(QLatin1String("\\t"), QStringLiteral("\t"));
    return s;
}

} // namespace

QString ledText(const LedContent &c, const LedFormat &f)
{
    if (c.closed)
        return f.blankWhenClosed ? QString() : f.closedText;
    QString t = f.textTemplate;
    t.replace(QLatin1String("{window}"), QString::number(c.window));
    t.replace(QLatin1String("{ticket}"), c.ticket);
    return t.trimmed();
}

QByteArray encodeText(const QString &text, Encoding e)
{
    QByteArray out;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80) {   // ASCII, control characters of a line template included
            out.append(char(u));
        } else if (e == Encoding::Ascii) {
            auto it = translit().constFind(c);
            out.append(it != translit().constEnd() ? it->toLatin1() : QByteArray("?"));
        } else {
            out.append(cyrillicByte(c, e));
        }
    }
    return out;
}

QByteArray qsystemFrame(quint8 address, const QByteArray &text)
{
    QByteArray f;
    f.reserve(text.size() + 3);
    f.append(char(0x01));
    f.append(char(address));
    f.append(text);
    f.append(char(0x07));
    return f;
}

QByteArray lineFrame(const QString &lineTemplate, int address, const LedContent &c, const QString &text, Encoding e)
{
    QString s = unescape(lineTemplate);
    s.replace(QLatin1String("{address}"), QString::number(address));
    s.replace(QLatin1String("{window}"), QString::number(c.window));
    s.replace(QLatin1String("{ticket}"), c.closed ? QString() : c.ticket);
    s.replace(QLatin1String("{text}"), text);
    return encodeText(s, e);
}

QVector<quint16> modbusRegisters(const QByteArray &text, int registers)
{
    QByteArray padded = text.left(registers * 2);
    padded.append(QByteArray(registers * 2 - padded.size(), ' '));
    QVector<quint16> out(registers);
    for (int i = 0; i < registers; ++i)
        out[i] = quint16((quint8(padded[2 * i]) << 8) | quint8(padded[2 * i + 1]));
    return out;
}

quint16 modbusCrc(const QByteArray &data)
{
    quint16 crc = 0xFFFF;
    for (char ch : data) {
        crc ^= quint8(ch);
        for (int i = 0; i < 8; ++i)
            crc = (crc & 1) ? quint16((crc >> 1) ^ 0xA001) : quint16(crc >> 1);
    }
    return crc;
}

std::optional<Encoding> encodingFromString(const QString &s)
{
    if (s.isEmpty() || s == QLatin1String("ascii"))
        return Encoding::Ascii;
    if (s == QLatin1String("cp1251"))
        return Encoding::Cp1251;
    if (s == QLatin1String("cp866"))
        return Encoding::Cp866;
    return std::nullopt;
}

std::optional<Protocol> protocolFromString(const QString &s)
{
    if (s.isEmpty() || s == QLatin1String("qsystem"))
        return Protocol::QSystem;
    if (s == QLatin1String("modbus"))
        return Protocol::ModbusRtu;
    if (s == QLatin1String("line"))
        return Protocol::Line;
    return std::nullopt;
}

} // namespace queue::led
