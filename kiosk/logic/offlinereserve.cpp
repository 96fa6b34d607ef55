#include "offlinereserve.h"

#include "common/protocol.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

namespace queue::kiosk {

Q_LOGGING_CATEGORY(lcReserve, "queue.kiosk.offline")

namespace {
// Plain arrays, no QString objects: no static initialisation order to depend on.
constexpr char kReserveFile[] = "offline-reserve.json";
constexpr char kJournalFile[] = "offline-journal.jsonl";
constexpr char kCatalogFile[] = "offline-catalog.json";

// The catalogue without what changes all the time (waiting counts, waits, "open").
QByteArray menuKey(QJsonObject services)
{
    QJsonArray list;
    for (const QJsonValue &v : services.value(QLatin1String("services")).toArray()) {
        QJsonObject o = v.toObject();
        o.remove(QStringLiteral("waiting"));
        o.remove(QStringLiteral("estimated_wait_s"));
        list.append(o);
    }
    services.insert(QStringLiteral("services"), list);
    services.remove(QStringLiteral("open"));
    services.remove(QStringLiteral("next_opening"));
    return QJsonDocument(services).toJson(QJsonDocument::Compact);
}

// Makes a rename or a new file in `dir` durable.
void syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

QString numberText(const QString &prefix, int n) { return prefix + QStringLiteral("%1").arg(n, 3, 10, QLatin1Char('0')); }
} // namespace

OfflineReserve::OfflineReserve(const QString &directory) : m_dir(directory)
{
    if (m_dir.isEmpty())
        return;
    if (!QDir().mkpath(m_dir)) {
        m_error = QStringLiteral("cannot create %1").arg(m_dir);
        qCWarning(lcReserve).noquote() << m_error;
        return;
    }
    load();
}

bool OfflineReserve::saveCatalog(const QJsonObject &services)
{
    if (!enabled())
        return false;
    const QByteArray key = menuKey(services);
    if (key == m_catalogKey)
        return true;
    QSaveFile f(m_dir + QLatin1Char('/') + QLatin1String(kCatalogFile));
    const QByteArray doc = QJsonDocument(services).toJson(QJsonDocument::Compact);
    if (!f.open(QIODevice::WriteOnly) || f.write(doc) != doc.size() || !f.commit()) {
        qCWarning(lcReserve).noquote() << "cannot keep the catalogue:" << f.errorString();
        return false;
    }
    m_catalogKey = key;
    return true;
}

std::optional<QJsonObject> OfflineReserve::savedCatalog() const
{
    QFile f(m_dir + QLatin1Char('/') + QLatin1String(kCatalogFile));
    if (!enabled() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    if (!doc.isObject())
        return std::nullopt;
    return doc.object();
}

QString OfflineReserve::reservePath() const { return m_dir + QLatin1Char('/') + QLatin1String(kReserveFile); }
QString OfflineReserve::journalPath() const { return m_dir + QLatin1Char('/') + QLatin1String(kJournalFile); }

void OfflineReserve::load()
{
    QFile r(reservePath());
    if (r.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(r.readAll()).object();
        m_day = o.value(QLatin1String("business_day")).toString();
        m_offsetMs = o.value(QLatin1String("clock_offset_ms")).toInteger();
        for (const QJsonValue &v : o.value(QLatin1String("reserve")).toArray()) {
            Topic t;
            t.prefix = v[QLatin1String("prefix")].toString();
            for (const QJsonValue &n : v[QLatin1String("numbers")].toArray())
                t.numbers.append(n.toInt());
            m_topics.insert(v[QLatin1String("service")].toString(), t);
        }
    }
    QFile j(journalPath());
    if (!j.open(QIODevice::ReadWrite))
        return;
    QHash<QString, qsizetype> byId;
    int torn = 0;
    qint64 whole = 0;   // where the last line that ends with a newline ends
    while (!j.atEnd()) {
        const QByteArray raw = j.readLine();
        if (raw.endsWith('\n'))
            whole = j.pos();
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError err;
        const QJsonObject o = QJsonDocument::fromJson(line, &err).object();
        if (err.error != QJsonParseError::NoError) {
            ++torn;   // a line cut by a power failure: its step never took effect
            continue;
        }
        const QString op = o.value(QLatin1String("op")).toString();
        const QString id = o.value(QLatin1String("id")).toString();
        if (op == QLatin1String("issue")) {
            Entry e;
            e.id = id;
            e.service = o.value(QLatin1String("service")).toString();
            e.number = o.value(QLatin1String("number")).toString();
            e.businessDay = o.value(QLatin1String("business_day")).toString();
            e.priority = o.value(QLatin1String("priority")).toString();
            e.issuedAt = parseIsoUtc(o.value(QLatin1String("issued_at")).toString());
            byId.insert(id, m_entries.size());
            m_entries.append(e);
        } else if (const auto it = byId.constFind(id); it != byId.cend()) {
            if (op == QLatin1String("printed"))
                m_entries[*it].printed = o.value(QLatin1String("ok")).toBool();
            else if (op == QLatin1String("uploaded"))
                m_entries[*it].uploaded = true;
        }
    }
    // A last line without its newline was cut by a power failure: cut it off, so that the
    // next line starts on a line of its own.
    if (j.size() > whole) {
        if (!j.resize(whole) || ::fsync(j.handle()) != 0)
            m_error = QStringLiteral("cannot repair %1: %2").arg(journalPath(), j.errorString());
    }
    if (torn)
        qCWarning(lcReserve) << "offline journal:" << torn << "torn line(s) ignored";
    const int open = static_cast<int>(pending().size());
    if (open)
        qCInfo(lcReserve) << "offline journal:" << open << "ticket(s) issued offline not uploaded yet";
}

bool OfflineReserve::used(const QString &number, const QString &day) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&](const Entry &e) { return e.number == number && e.businessDay == day; });
}

bool OfflineReserve::setReserve(const QJsonObject &answer, qint64 clockOffsetMs)
{
    if (!enabled())
        return false;
    const QString day = answer.value(QLatin1String("business_day")).toString();
    QHash<QString, Topic> topics;
    for (const QJsonValue &v : answer.value(QLatin1String("reserve")).toArray()) {
        Topic t;
        t.prefix = v[QLatin1String("prefix")].toString();
        const QString service = v[QLatin1String("service")].toString();
        if (service.isEmpty() || t.prefix.isEmpty())
            return false;
        for (const QJsonValue &n : v[QLatin1String("numbers")].toArray()) {
            const int number = n.toInt();
            // A number this kiosk already issued (its upload may be on its way) stays used.
            if (number >= 1 && number <= 999 && !used(numberText(t.prefix, number), day))
                t.numbers.append(number);
        }
        std::sort(t.numbers.begin(), t.numbers.end());
        topics.insert(service, t);
    }
    m_day = day;
    m_offsetMs = clockOffsetMs;
    m_topics = topics;
    return saveReserve();
}

bool OfflineReserve::saveReserve()
{
    QJsonArray reserve;
    for (auto it = m_topics.cbegin(); it != m_topics.cend(); ++it) {
        QJsonArray numbers;
        for (int n : it->numbers)
            numbers.append(n);
        reserve.append(QJsonObject{{QStringLiteral("service"), it.key()},
                                   {QStringLiteral("prefix"), it->prefix},
                                   {QStringLiteral("numbers"), numbers}});
    }
    QSaveFile f(reservePath());   // written aside, fsync'ed and renamed by commit()
    f.setDirectWriteFallback(false);
    const QByteArray doc = QJsonDocument(QJsonObject{{QStringLiteral("business_day"), m_day},
                                                     {QStringLiteral("clock_offset_ms"), m_offsetMs},
                                                     {QStringLiteral("reserve"), reserve}})
                               .toJson(QJsonDocument::Compact);
    if (!f.open(QIODevice::WriteOnly) || f.write(doc) != doc.size() || !f.commit()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(reservePath(), f.errorString());
        qCWarning(lcReserve).noquote() << m_error;
        return false;
    }
    syncDirectory(m_dir);
    m_error.clear();
    return true;
}

bool OfflineReserve::append(const QJsonObject &line)
{
    QFile f(journalPath());
    const bool created = !f.exists();
    QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    bytes += '\n';
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append) || f.write(bytes) != bytes.size() || !f.flush()
        || ::fsync(f.handle()) != 0) {
        m_error = QStringLiteral("cannot write %1: %2").arg(journalPath(), f.errorString());
        qCWarning(lcReserve).noquote() << m_error;
        return false;
    }
    f.close();
    if (created)
        syncDirectory(m_dir);
    m_error.clear();
    return true;
}

int OfflineReserve::remaining(const QString &service, const QString &day) const
{
    if (!enabled() || day != m_day)
        return 0;
    const auto it = m_topics.constFind(service);
    if (it == m_topics.cend())
        return 0;
    int free = 0;
    for (int n : it->numbers)
        free += used(numberText(it->prefix, n), day) ? 0 : 1;
    return free;
}

int OfflineReserve::remainingTotal(const QString &day) const
{
    int total = 0;
    for (auto it = m_topics.cbegin(); it != m_topics.cend(); ++it)
        total += remaining(it.key(), day);
    return total;
}

std::optional<OfflineReserve::Entry> OfflineReserve::take(const QString &service, const QString &priority,
                                                          qint64 issuedAt, const QString &day)
{
    if (!enabled() || day != m_day)
        return std::nullopt;
    const auto it = m_topics.constFind(service);
    if (it == m_topics.cend())
        return std::nullopt;
    for (int n : it->numbers) {
        const QString number = numberText(it->prefix, n);
        if (used(number, day))
            continue;
        Entry e;
        e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        e.service = service;
        e.number = number;
        e.businessDay = day;
        e.priority = priority;
        e.issuedAt = issuedAt;
        if (!append(QJsonObject{{QStringLiteral("op"), QStringLiteral("issue")},
                                {QStringLiteral("id"), e.id},
                                {QStringLiteral("service"), service},
                                {QStringLiteral("number"), number},
                                {QStringLiteral("business_day"), day},
                                {QStringLiteral("priority"), priority},
                                {QStringLiteral("issued_at"), isoUtc(issuedAt)}}))
            return std::nullopt;
        m_entries.append(e);
        return e;
    }
    return std::nullopt;
}

bool OfflineReserve::markPrinted(const QString &id, bool ok)
{
    for (Entry &e : m_entries)
        if (e.id == id) {
            e.printed = ok;
            return append(QJsonObject{{QStringLiteral("op"), QStringLiteral("printed")},
                                      {QStringLiteral("id"), id},
                                      {QStringLiteral("ok"), ok}});
        }
    return false;
}

QList<OfflineReserve::Entry> OfflineReserve::pending() const
{
    QList<Entry> out;
    for (const Entry &e : m_entries)
        if (!e.uploaded)
            out.append(e);
    return out;
}

bool OfflineReserve::markUploaded(const QStringList &ids)
{
    for (Entry &e : m_entries) {
        if (!ids.contains(e.id) || e.uploaded)
            continue;
        if (!append(QJsonObject{{QStringLiteral("op"), QStringLiteral("uploaded")}, {QStringLiteral("id"), e.id}}))
            return false;
        e.uploaded = true;
    }
    if (!pending().isEmpty() || m_entries.isEmpty())
        return true;
    // Nothing pending: the used numbers leave the reserve file first, then the journal goes;
    // a crash in between leaves a reserve without them and a journal that says the same.
    for (const Entry &e : std::as_const(m_entries)) {
        if (e.businessDay != m_day)
            continue;
        for (auto it = m_topics.begin(); it != m_topics.end(); ++it)
            if (e.number.startsWith(it->prefix) && e.number.size() == it->prefix.size() + 3)
                it->numbers.removeAll(QStringView(e.number).mid(it->prefix.size()).toInt());
    }
    if (!saveReserve())
        return false;
    QFile j(journalPath());
    if (!j.open(QIODevice::WriteOnly | QIODevice::Truncate) || ::fsync(j.handle()) != 0) {
        m_error = QStringLiteral("cannot empty %1: %2").arg(journalPath(), j.errorString());
        return false;
    }
    m_entries.clear();
    return true;
}

QJsonObject OfflineReserve::uploadBody(const QList<Entry> &entries) const
{
    QJsonArray tickets;
    for (const Entry &e : entries) {
        QJsonObject o{{QStringLiteral("id"), e.id},
                      {QStringLiteral("service"), e.service},
                      {QStringLiteral("number"), e.number},
                      {QStringLiteral("business_day"), e.businessDay},
                      {QStringLiteral("issued_at"), isoUtc(e.issuedAt)},
                      {QStringLiteral("printed"), e.printed ? QJsonValue(*e.printed) : QJsonValue()}};
        if (!e.priority.isEmpty())
            o.insert(QStringLiteral("priority"), e.priority);
        tickets.append(o);
    }
    return QJsonObject{{QStringLiteral("clock_offset_ms"), m_offsetMs}, {QStringLiteral("tickets"), tickets}};
}

} // namespace queue::kiosk
