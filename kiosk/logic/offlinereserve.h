#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QJsonObject;

namespace queue::kiosk {

// The kiosk's reserve of ticket numbers for issuing while the server cannot be reached
// (docs/reliability.md, "The kiosk issues offline"), and the journal of what it issued
// from it. Two files in the kiosk's state directory:
//   offline-reserve.json  the numbers the server leased to this kiosk, per topic, for one
//                         business day, and the kiosk clock's offset from the server's
//                         (replaced atomically: written aside, synced, renamed);
//   offline-journal.jsonl one line per step, appended and fsync'ed before the step's effect:
//                         "issue" before the ticket is printed (so a number is never printed
//                         twice, even across a crash or a power cut), "printed" after the
//                         printer answered, "uploaded" once the server has the ticket.
// A number is free when it is in the reserve and in no "issue" line. No Qt widgets, no
// network: the controller asks the server and hands the answers in.
class OfflineReserve {
public:
    struct Entry {
        QString id;              // a UUID: the journal's key
        QString service;
        QString number;          // prefix + three digits
        QString businessDay;
        QString priority;
        qint64 issuedAt = 0;     // the kiosk's clock plus its offset from the server's
        std::optional<bool> printed;   // nullopt: the kiosk stopped before the printer answered
        bool uploaded = false;
    };

    // Loads both files from `directory` (created when missing); an empty directory: a
    // reserve that holds nothing and writes nothing.
    explicit OfflineReserve(const QString &directory);

    bool enabled() const { return !m_dir.isEmpty(); }
    // Why the last write failed ("" if none): the kiosk then issues nothing offline.
    QString error() const { return m_error; }

    // The server's answer to POST /kiosk/reserve, and the clock offset measured with it
    // (server time minus the kiosk's, ms). Numbers already journaled are left out. False
    // when the answer is not understood or cannot be saved.
    bool setReserve(const QJsonObject &answer, qint64 clockOffsetMs);
    QString businessDay() const { return m_day; }
    qint64 clockOffsetMs() const { return m_offsetMs; }
    // Free numbers of `service` on `day` (0 when the reserve is of another day).
    int remaining(const QString &service, const QString &day) const;
    int remainingTotal(const QString &day) const;

    // Takes the lowest free number of `service` and journals it (fsync) before returning;
    // nullopt when none is left for `day` or the journal cannot be written.
    std::optional<Entry> take(const QString &service, const QString &priority, qint64 issuedAt, const QString &day);
    bool markPrinted(const QString &id, bool ok);
    // The journaled tickets the server does not have yet, oldest first.
    QList<Entry> pending() const;
    // The server has them: journaled as uploaded; once nothing is pending the journal is
    // folded into the reserve file and emptied.
    bool markUploaded(const QStringList &ids);
    // The body of POST /kiosk/offline-tickets for `entries`.
    QJsonObject uploadBody(const QList<Entry> &entries) const;

    // The last catalogue of topics (the answer of GET /services), kept so that a kiosk that
    // restarts while the server cannot be reached still shows its menu. Written only when
    // what the menu shows changed (not the waiting counts).
    bool saveCatalog(const QJsonObject &services);
    std::optional<QJsonObject> savedCatalog() const;

    QString reservePath() const;
    QString journalPath() const;

private:
    bool append(const QJsonObject &line);
    bool saveReserve();
    void load();
    bool used(const QString &number, const QString &day) const;

    QString m_dir;
    QString m_error;
    QByteArray m_catalogKey;   // what the saved catalogue's menu shows
    QString m_day;
    qint64 m_offsetMs = 0;
    struct Topic {
        QString prefix;
        QList<int> numbers;   // ascending
    };
    QHash<QString, Topic> m_topics;   // by service
    QList<Entry> m_entries;           // in journal order
};

} // namespace queue::kiosk
