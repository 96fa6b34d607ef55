// queue-report-bench: how fast the manager's reports answer over a year of
// history (docs/BENCHMARKS.md, "Reports over a year").
//
// Generates a year of tickets (default 500 000, realistic states, waits,
// services and ratings) into a fresh database with the server's own schema,
// then times
//  - the Reporter in-process, per grouping and period, and
//  - GET /api/v1/reports through the real queue-server process on loopback,
// against a reference measured in the same run: the bare SQLite range scan
// of the same rows (SELECT COUNT(*), SUM(issued_at) …), the floor any report
// reading the rows must pay.
//
//   queue-report-bench --server-bin build/server/queue-server [--tickets N] [--runs R] [--keep DIR]
#include "server/officeconfig.h"
#include "server/reports.h"
#include "server/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTimer>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace queue::server;

namespace {

struct Stats {
    double median = 0, min = 0, max = 0;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.front(), v.back()};
}

// One year of an office: 5 working days a week, 08:00–17:00, arrivals
// heavier in the morning and in the payment days of the month.
bool generate(const QString &path, int total, const OfficeConfig &config, QDate lastDay, QString *error)
{
    Storage storage;   // creates the schema through the server's migrations
    if (!storage.open(path, Storage::Sync::Off, error))
        return false;
    storage.close();

    sqlite3 *db = nullptr;
    if (sqlite3_open(QFile::encodeName(path).constData(), &db) != SQLITE_OK) {
        *error = QStringLiteral("cannot open %1").arg(path);
        return false;
    }
    sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt *ins = nullptr, *rate = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO tickets(id, number, prefix, seq_no, business_day, service, original_service,"
                       " called_service, priority, state, issued_at, called_at, last_called_at, started_at, finished_at,"
                       " window, operator, redirects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6, ?7, ?8, ?9, ?10, ?10, ?11,"
                       " ?12, ?13, ?14, 0)",
                       -1, &ins, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT INTO ratings(ticket_id, score, channel, service, window, operator, created_at)"
                       " VALUES (?1, ?2, 'kiosk', ?3, ?4, ?5, ?6)",
                       -1, &rate, nullptr);

    QList<QDate> days;
    for (QDate d = lastDay.addDays(-364); d <= lastDay; d = d.addDays(1))
        if (d.dayOfWeek() <= 5)
            days.append(d);
    QRandomGenerator rng(20261126);
    const int perDay = total / static_cast<int>(days.size());
    const int services = static_cast<int>(config.services.size());
    qint64 id = 0;
    for (int di = 0; di < days.size(); ++di) {
        const QDate &d = days[di];
        const QByteArray day = d.toString(Qt::ISODate).toUtf8();
        const qint64 open = QDateTime(d, QTime(8, 0), config.timeZone).toMSecsSinceEpoch();
        const int count = di == days.size() - 1 ? total - static_cast<int>(id) : perDay;
        std::vector<int> seq(static_cast<size_t>(services), 0);
        for (int i = 0; i < count; ++i) {
            ++id;
            const int si = static_cast<int>(rng.bounded(services));
            const queue::ServiceInfo &s = config.services[si];
            // Arrivals over 9 hours, more in the morning.
            const double u = rng.generateDouble();
            const qint64 issued = open + static_cast<qint64>((u * u * 0.5 + u * 0.5) * 9 * 3600 * 1000);
            const qint64 wait = static_cast<qint64>(rng.bounded(s.waitNormMin ? s.waitNormMin * 2 * 60 : 600)) * 1000;
            const qint64 service = static_cast<qint64>(60 + rng.bounded(s.serviceNormMin * 2 * 60)) * 1000;
            const int roll = static_cast<int>(rng.bounded(100));
            const char *state = roll < 90 ? "done" : roll < 96 ? "no_show" : "cancelled";
            const bool called = roll < 96;
            const bool done = roll < 90;
            const int window = 1 + static_cast<int>(rng.bounded(static_cast<int>(config.windows.size())));
            const QByteArray op = config.operators.isEmpty()
                                      ? QByteArray("op")
                                      : config.operators[(window - 1) % config.operators.size()].login.toUtf8();
            const int n = ++seq[static_cast<size_t>(si)];
            const QByteArray number = (s.prefix + QStringLiteral("%1").arg(n % 1000, 3, 10, QLatin1Char('0'))).toUtf8();
            const QByteArray prefix = s.prefix.toUtf8(), sid = s.id.toUtf8();
            sqlite3_bind_int64(ins, 1, id);
            sqlite3_bind_text(ins, 2, number.constData(), static_cast<int>(number.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 3, prefix.constData(), static_cast<int>(prefix.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int(ins, 4, n);
            sqlite3_bind_text(ins, 5, day.constData(), static_cast<int>(day.size()), SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 6, sid.constData(), static_cast<int>(sid.size()), SQLITE_TRANSIENT);
            if (rng.bounded(50) == 0)
                sqlite3_bind_text(ins, 7, "disability", -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(ins, 7);
            sqlite3_bind_text(ins, 8, state, -1, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 9, issued);
            if (called) {
                sqlite3_bind_int64(ins, 10, issued + wait);
                sqlite3_bind_int(ins, 13, window);
                sqlite3_bind_text(ins, 14, op.constData(), static_cast<int>(op.size()), SQLITE_TRANSIENT);
            } else {
                sqlite3_bind_null(ins, 10);
                sqlite3_bind_null(ins, 13);
                sqlite3_bind_null(ins, 14);
            }
            if (done) {
                sqlite3_bind_int64(ins, 11, issued + wait + 20000);
                sqlite3_bind_int64(ins, 12, issued + wait + 20000 + service);
            } else {
                sqlite3_bind_null(ins, 11);
                sqlite3_bind_int64(ins, 12, issued + wait + 120000);
            }
            if (sqlite3_step(ins) != SQLITE_DONE) {
                *error = QString::fromUtf8(sqlite3_errmsg(db));
                sqlite3_finalize(ins);
                sqlite3_finalize(rate);
                sqlite3_close(db);
                return false;
            }
            sqlite3_reset(ins);
            if (done && rng.bounded(10) == 0) {
                sqlite3_bind_int64(rate, 1, id);
                sqlite3_bind_int(rate, 2, 1 + static_cast<int>(rng.bounded(5)));
                sqlite3_bind_text(rate, 3, sid.constData(), static_cast<int>(sid.size()), SQLITE_TRANSIENT);
                sqlite3_bind_int(rate, 4, window);
                sqlite3_bind_text(rate, 5, op.constData(), static_cast<int>(op.size()), SQLITE_TRANSIENT);
                sqlite3_bind_int64(rate, 6, issued + wait + service + 60000);
                sqlite3_step(rate);
                sqlite3_reset(rate);
            }
        }
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(rate);
    sqlite3_exec(db, "COMMIT; ANALYZE", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return true;
}

// The floor: SQLite scanning the same rows through the same index, computing nothing.
double referenceScanMs(const QString &path, const QDate &from, const QDate &to)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(*), SUM(issued_at) FROM tickets WHERE business_day BETWEEN ?1 AND ?2", -1, &st,
                       nullptr);
    const QByteArray f = from.toString(Qt::ISODate).toUtf8(), t = to.toString(Qt::ISODate).toUtf8();
    sqlite3_bind_text(st, 1, f.constData(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, t.constData(), -1, SQLITE_TRANSIENT);
    QElapsedTimer timer;
    timer.start();
    sqlite3_step(st);
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the manager's reports over a generated year of history."));
    parser.addHelpOption();
    const QCommandLineOption serverOpt(QStringLiteral("server-bin"), QStringLiteral("queue-server binary (HTTP timing)."),
                                       QStringLiteral("path"));
    const QCommandLineOption ticketsOpt(QStringLiteral("tickets"), QStringLiteral("Tickets in the year (default 500000)."),
                                        QStringLiteral("n"), QStringLiteral("500000"));
    const QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Runs per measurement (default 7)."),
                                     QStringLiteral("n"), QStringLiteral("7"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the generated database in this folder."),
                                     QStringLiteral("dir"));
    parser.addOptions({serverOpt, ticketsOpt, runsOpt, keepOpt});
    parser.process(app);
    const int total = parser.value(ticketsOpt).toInt();
    const int runs = std::max(1, parser.value(runsOpt).toInt());

    QTemporaryDir tmp;
    const QString dir = parser.isSet(keepOpt) ? parser.value(keepOpt) : tmp.path();
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/year.db");
    QFile::remove(path);
    OfficeConfig config = OfficeConfig::builtIn();
    const QDate lastDay = QDate::currentDate();

    QElapsedTimer gen;
    gen.start();
    QString error;
    if (!generate(path, total, config, lastDay, &error)) {
        std::fprintf(stderr, "generate: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("generated %d tickets over a year in %.1f s: %s (%.1f MB)\n", total, gen.elapsed() / 1000.0,
                qPrintable(path), QFileInfo(path).size() / 1e6);

    Reporter reporter(config);
    if (!reporter.open(path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const QDate yearFrom = lastDay.addDays(-364);
    struct Case {
        const char *name;
        QDate from, to;
        ReportRequest::Group group;
    };
    const Case cases[] = {
        {"year by topic", yearFrom, lastDay, ReportRequest::Group::Service},
        {"year by operator", yearFrom, lastDay, ReportRequest::Group::Operator},
        {"year by hour", yearFrom, lastDay, ReportRequest::Group::Hour},
        {"year by day", yearFrom, lastDay, ReportRequest::Group::Day},
        {"month by topic", lastDay.addDays(-30), lastDay, ReportRequest::Group::Service},
        {"day by window", lastDay.addDays(-1), lastDay, ReportRequest::Group::Window},
    };
    QElapsedTimer warm;
    warm.start();
    const qint64 held = reporter.warmUp(lastDay, &error);
    std::printf("history loaded into memory: %lld tickets in %lld ms (what queue-server does at start)\n",
                static_cast<long long>(held), static_cast<long long>(warm.elapsed()));
    std::vector<double> ref;
    for (int r = 0; r < runs; ++r)
        ref.push_back(referenceScanMs(path, yearFrom, lastDay));
    const Stats refStats = stats(ref);
    std::printf("\nreference: bare SQLite range scan of the year: median %.1f ms (min %.1f, max %.1f)\n\n", refStats.median,
                refStats.min, refStats.max);
    std::printf("%-20s %10s %10s %10s %12s %8s\n", "in-process report", "median ms", "min ms", "max ms", "× reference",
                "rows");
    for (const Case &c : cases) {
        std::vector<double> t;
        int rows = 0;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer timer;
            timer.start();
            const QJsonObject o = reporter.report(ReportRequest{c.from, c.to, c.group}, lastDay, &error);
            t.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            rows = static_cast<int>(o.value(QStringLiteral("total")).toObject().value(QStringLiteral("tickets")).toInt());
        }
        const Stats s = stats(t);
        std::printf("%-20s %10.1f %10.1f %10.1f %12.2f %8d\n", c.name, s.median, s.min, s.max, s.median / refStats.median,
                    rows);
    }

    if (!parser.isSet(serverOpt))
        return 0;
    // Through the real server: queue-server on that database, GET over loopback.
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(parser.value(serverOpt), {QStringLiteral("--demo"), QStringLiteral("--db"), path,
                                           QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QByteArray out;
    int port = 0;
    QElapsedTimer wait;
    wait.start();
    // The server says nothing while it loads the history (over a second on a busy machine):
    // a quiet second is not a failure, only its exit is.
    while (!port && wait.elapsed() < 20000 && server.state() != QProcess::NotRunning) {
        if (!server.waitForReadyRead(1000))
            continue;
        out += server.readAll();
        const auto m = QRegularExpression(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)")).match(QString::fromUtf8(out));
        if (m.hasMatch())
            port = m.captured(1).toInt();
    }
    if (!port) {
        std::fprintf(stderr, "the server did not start: %s\n", out.constData());
        return 1;
    }
    QNetworkAccessManager nam;
    std::printf("\n%-20s %10s %10s %10s %12s\n", "GET /api/v1/reports", "median ms", "min ms", "max ms", "× reference");
    for (const Case &c : cases) {
        std::vector<double> t;
        for (int r = 0; r < runs; ++r) {
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/reports?from=%2&to=%3&group=%4")
                                         .arg(port)
                                         .arg(c.from.toString(Qt::ISODate), c.to.toString(Qt::ISODate),
                                              ReportRequest::toString(c.group))));
            req.setRawHeader("Authorization", "Bearer demo-manager");
            QElapsedTimer timer;
            timer.start();
            QNetworkReply *reply = nam.get(req);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            t.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
                std::fprintf(stderr, "HTTP %d: %s\n", reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                             reply->readAll().constData());
                return 1;
            }
            reply->deleteLater();
        }
        const Stats s = stats(t);
        std::printf("%-20s %10.1f %10.1f %10.1f %12.2f\n", c.name, s.median, s.min, s.max, s.median / refStats.median);
    }
    server.terminate();
    server.waitForFinished(5000);
    return 0;
}
