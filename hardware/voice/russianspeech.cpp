#include "russianspeech.h"

#include <QHash>

namespace queue::voice {

namespace {

const char *const kOnes[] = {"ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь",
                             "девять", "десять", "одиннадцать", "двенадцать", "тринадцать",
                             "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать",
                             "восемнадцать", "девятнадцать"};
const char *const kTens[] = {"", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят",
                             "семьдесят", "восемьдесят", "девяносто"};
const char *const kHundreds[] = {"", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот",
                                 "семьсот", "восемьсот", "девятьсот"};

QString u(const char *s) { return QString::fromUtf8(s); }

// Announcement names of the Cyrillic letters А…Я and Ё.
struct Letter {
    char16_t code;
    const char *name;
};
const Letter kLetters[] = {
    {u'А', "а"},  {u'Б', "бэ"}, {u'В', "вэ"}, {u'Г', "гэ"}, {u'Д', "дэ"}, {u'Е', "е"},
    {u'Ё', "ё"},  {u'Ж', "жэ"}, {u'З', "зэ"}, {u'И', "и"},  {u'Й', "и краткое"},
    {u'К', "ка"}, {u'Л', "эль"}, {u'М', "эм"}, {u'Н', "эн"}, {u'О', "о"},  {u'П', "пэ"},
    {u'Р', "эр"}, {u'С', "эс"}, {u'Т', "тэ"}, {u'У', "у"},  {u'Ф', "эф"}, {u'Х', "ха"},
    {u'Ц', "цэ"}, {u'Ч', "че"}, {u'Ш', "ша"}, {u'Щ', "ща"}, {u'Ъ', "твёрдый знак"},
    {u'Ы', "ы"},  {u'Ь', "мягкий знак"}, {u'Э', "э"}, {u'Ю', "ю"}, {u'Я', "я"},
};

// Latin capitals that look like Cyrillic ones (a prefix typed on the wrong keyboard layout).
QChar cyrillicLookalike(QChar c)
{
    switch (c.unicode()) {
    case u'A': return QChar(u'А');
    case u'B': return QChar(u'В');
    case u'C': return QChar(u'С');
    case u'E': return QChar(u'Е');
    case u'H': return QChar(u'Н');
    case u'K': return QChar(u'К');
    case u'M': return QChar(u'М');
    case u'O': return QChar(u'О');
    case u'P': return QChar(u'Р');
    case u'T': return QChar(u'Т');
    case u'X': return QChar(u'Х');
    case u'Y': return QChar(u'У');
    default: return c;
    }
}

const Letter *findLetter(QChar c)
{
    const QChar up = cyrillicLookalike(c.toUpper());
    for (const Letter &l : kLetters)
        if (l.code == up.unicode())
            return &l;
    return nullptr;
}

// Splits "А015" into its letters and its number (-1 when there are no digits).
void splitTicket(const QString &number, QString *letters, int *value)
{
    QString digits;
    for (QChar c : number) {
        if (c.isDigit())
            digits.append(c);
        else if (c.isLetter() && digits.isEmpty())
            letters->append(c);
    }
    *value = digits.isEmpty() ? -1 : digits.toInt();
}

} // namespace

QString numberWords(int n)
{
    if (n < 0)
        return u("минус ") + numberWords(-n);
    if (n < 20)
        return u(kOnes[n]);
    if (n >= 1000) {
        QStringList digits;
        for (QChar c : QString::number(n))
            digits.append(u(kOnes[c.digitValue()]));
        return digits.join(QLatin1Char(' '));
    }
    QStringList words;
    if (n >= 100)
        words.append(u(kHundreds[n / 100]));
    const int rest = n % 100;
    if (rest >= 20) {
        words.append(u(kTens[rest / 10]));
        if (rest % 10)
            words.append(u(kOnes[rest % 10]));
    } else if (rest > 0) {
        words.append(u(kOnes[rest]));
    }
    return words.join(QLatin1Char(' '));
}

QStringList numberFragments(int n)
{
    if (n < 0)
        n = -n;
    if (n < 20)
        return {QStringLiteral("num_%1").arg(n)};
    if (n >= 1000) {
        QStringList keys;
        for (QChar c : QString::number(n))
            keys.append(QStringLiteral("num_%1").arg(c.digitValue()));
        return keys;
    }
    QStringList keys;
    if (n >= 100)
        keys.append(QStringLiteral("num_%1").arg(n / 100 * 100));
    const int rest = n % 100;
    if (rest >= 20) {
        keys.append(QStringLiteral("num_%1").arg(rest / 10 * 10));
        if (rest % 10)
            keys.append(QStringLiteral("num_%1").arg(rest % 10));
    } else if (rest > 0) {
        keys.append(QStringLiteral("num_%1").arg(rest));
    }
    return keys;
}

QString letterName(QChar c)
{
    const Letter *l = findLetter(c);
    return l ? u(l->name) : QString();
}

QString letterFragment(QChar c)
{
    const Letter *l = findLetter(c);
    return l ? QStringLiteral("letter_%1").arg(static_cast<int>(l->code), 4, 16, QLatin1Char('0')) : QString();
}

QString ticketText(const QString &number)
{
    QString letters;
    int value = -1;
    splitTicket(number, &letters, &value);
    QStringList parts;
    for (QChar c : letters)
        parts.append(QString(c.toUpper()));
    if (value >= 0)
        parts.append(numberWords(value));
    return parts.join(QLatin1Char(' '));
}

QString ticketSpeech(const QString &number)
{
    QString letters;
    int value = -1;
    splitTicket(number, &letters, &value);
    QStringList parts;
    for (QChar c : letters) {
        const QString name = letterName(c);
        parts.append(name.isEmpty() ? QString(c) : name);
    }
    if (value >= 0)
        parts.append(numberWords(value));
    return parts.join(QLatin1Char(' '));
}

QString announcementText(const QString &ticket, int window)
{
    return u("Талон ") + ticketText(ticket) + u(", пройдите к окну ") + numberWords(window);
}

QString announcementSpeech(const QString &ticket, int window)
{
    return u("Талон ") + ticketSpeech(ticket) + u(", пройдите к окну ") + numberWords(window);
}

QStringList announcementFragments(const QString &ticket, int window)
{
    QString letters;
    int value = -1;
    splitTicket(ticket, &letters, &value);
    QStringList keys{QStringLiteral("talon")};
    for (QChar c : letters) {
        const QString key = letterFragment(c);
        if (!key.isEmpty())
            keys.append(key);
    }
    if (value >= 0)
        keys += numberFragments(value);
    keys.append(QStringLiteral("to_window"));
    keys += numberFragments(window);
    return keys;
}

QList<QPair<QString, QString>> fragmentTexts()
{
    QList<QPair<QString, QString>> out;
    out.append({QStringLiteral("talon"), u("талон")});
    out.append({QStringLiteral("to_window"), u("пройдите к окну")});
    for (const Letter &l : kLetters)
        out.append({letterFragment(QChar(l.code)), u(l.name)});
    for (int n = 0; n < 20; ++n)
        out.append({QStringLiteral("num_%1").arg(n), u(kOnes[n])});
    for (int n = 2; n < 10; ++n)
        out.append({QStringLiteral("num_%1").arg(n * 10), u(kTens[n])});
    for (int n = 1; n < 10; ++n)
        out.append({QStringLiteral("num_%1").arg(n * 100), u(kHundreds[n])});
    return out;
}

} // namespace queue::voice
