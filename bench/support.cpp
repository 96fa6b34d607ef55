#include "support.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSysInfo>
#include <QThread>

#include <sqlite3.h>

#include <csignal>
#include <unistd.h>

namespace queue::bench {

// ---------------------------------------------------------------- raw commits

RawCommitResult measureRawCommits(const QString &dir, double seconds)
{
    RawCommitResult r;
    const QString path = QDir(dir).filePath(QStringLiteral("raw-commit.db"));
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
    sqlite3 *db = nullptr;
    if (sqlite3_open(QFile::encodeName(path).constData(), &db) != SQLITE_OK) {
        r.error = QStringLiteral("cannot open %1").arg(path);
        sqlite3_close(db);
        return r;
    }
    auto exec = [&](const char *sql) {
        char *err = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK)
            return true;
        r.error = QStringLiteral("%1: %2").arg(QLatin1String(sql), QString::fromUtf8(err ? err : "?"));
        sqlite3_free(err);
        return false;
    };
    // The same settings the server uses (server/storage.cpp).
    if (!exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=FULL")
        || !exec("CREATE TABLE events(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL)")) {
        sqlite3_close(db);
        return r;
    }
    sqlite3_stmt *ins = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events(at, type, data) VALUES (?, 'ticket.issued', ?)", -1, &ins, nullptr);
    // About the size of a real event row.
    const QByteArray payload(400, 'x');
    std::vector<qint64> lat;
    lat.reserve(4096);
    const qint64 start = nowNs();
    const qint64 end = start + static_cast<qint64>(seconds * 1e9);
    qint64 t = start;
    while (t < end) {
        const qint64 t0 = nowNs();
        bool ok = exec("BEGIN IMMEDIATE");
        sqlite3_bind_int64(ins, 1, t0);
        sqlite3_bind_text(ins, 2, payload.constData(), static_cast<int>(payload.size()), SQLITE_STATIC);
        ok = ok && sqlite3_step(ins) == SQLITE_DONE;
        sqlite3_reset(ins);
        ok = ok && exec("COMMIT");
        if (!ok) {
            sqlite3_finalize(ins);
            sqlite3_close(db);
            return r;
        }
        t = nowNs();
        lat.push_back(t - t0);
    }
    sqlite3_finalize(ins);
    sqlite3_close(db);
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1String(suffix));
    r.ok = true;
    r.seconds = static_cast<double>(t - start) / 1e9;
    r.commits = static_cast<qint64>(lat.size());
    r.commitsPerSecond = static_cast<double>(r.commits) / r.seconds;
    r.latency = summarize(std::move(lat));
    return r;
}

// ---------------------------------------------------------------- machine

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// /proc/mounts escapes blanks as \040.
QString unescapeMount(QString s)
{
    s.replace(QLatin1String("\\040"), QLatin1String(" "));
    s.replace(QLatin1String("\\011"), QLatin1String("\t"));
    return s;
}

} // namespace

QJsonObject MachineInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("cpu"), cpuModel},
                       {QStringLiteral("cpus"), cpus},
                       {QStringLiteral("memory_mib"), memoryMiB},
                       {QStringLiteral("kernel"), kernel},
                       {QStringLiteral("data_dir"), dataDir},
                       {QStringLiteral("mount"), mountPoint},
                       {QStringLiteral("device"), device},
                       {QStringLiteral("fs"), fsType},
                       {QStringLiteral("mount_options"), mountOptions}};
}

MachineInfo machineInfo(const QString &dataDir)
{
    MachineInfo m;
    const QString cpuinfo = readText(QStringLiteral("/proc/cpuinfo"));
    static const QRegularExpression modelRe(QStringLiteral("^model name\\s*:\\s*(.+)$"),
                                            QRegularExpression::MultilineOption);
    if (const auto match = modelRe.match(cpuinfo); match.hasMatch())
        m.cpuModel = match.captured(1).trimmed();
    m.cpus = QThread::idealThreadCount();
    static const QRegularExpression memRe(QStringLiteral("^MemTotal:\\s*(\\d+) kB"), QRegularExpression::MultilineOption);
    if (const auto match = memRe.match(readText(QStringLiteral("/proc/meminfo"))); match.hasMatch())
        m.memoryMiB = match.captured(1).toLongLong() / 1024;
    m.kernel = QSysInfo::kernelType() + QLatin1Char(' ') + QSysInfo::kernelVersion();

    m.dataDir = QFileInfo(dataDir).canonicalFilePath();
    // The longest mount point that contains the data directory.
    const QStringList mounts = readText(QStringLiteral("/proc/mounts")).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : mounts) {
        const QStringList f = line.split(QLatin1Char(' '));
        if (f.size() < 4)
            continue;
        const QString point = unescapeMount(f[1]);
        const bool contains = m.dataDir == point || point == QLatin1String("/")
                              || m.dataDir.startsWith(point + QLatin1Char('/'));
        if (contains && point.size() >= m.mountPoint.size()) {
            m.mountPoint = point;
            m.device = unescapeMount(f[0]);
            m.fsType = f[2];
            m.mountOptions = f[3];
        }
    }
    if (m.device.startsWith(QLatin1String("/dev/"))) {
        const QString real = QFileInfo(m.device).canonicalFilePath();
        const QString name = QFileInfo(real.isEmpty() ? m.device : real).fileName();
        if (readDiskCounters(name).ok)
            m.diskstatsName = name;
    }
    return m;
}

DiskCounters readDiskCounters(const QString &name)
{
    DiskCounters c;
    if (name.isEmpty())
        return c;
    const QStringList lines = readText(QStringLiteral("/proc/diskstats")).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QStringList f = line.simplified().split(QLatin1Char(' '));
        if (f.size() < 8 || f[2] != name)
            continue;
        // major minor name reads rmerged rsectors rms writes ... ; field 18 (index 19) = flushes (Linux ≥ 5.5)
        c.writes = f[7].toLongLong();
        c.flushes = f.size() >= 19 ? f[18].toLongLong() : -1;
        c.ok = true;
        break;
    }
    return c;
}

double processCpuSeconds(qint64 pid)
{
    const QString stat = readText(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype paren = stat.lastIndexOf(QLatin1Char(')'));
    if (paren < 0)
        return -1;
    const QStringList f = stat.mid(paren + 2).split(QLatin1Char(' '));
    // After "pid (comm) ": state=0 … utime=11 stime=12
    if (f.size() < 13)
        return -1;
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    return (f[11].toDouble() + f[12].toDouble()) / ticks;
}

SchedStat readSchedStat(qint64 pid)
{
    SchedStat s;
    const QStringList f = readText(QStringLiteral("/proc/%1/schedstat").arg(pid)).simplified().split(QLatin1Char(' '));
    if (f.size() >= 2) {
        bool ok1 = false, ok2 = false;
        s.runNs = f[0].toLongLong(&ok1);
        s.waitNs = f[1].toLongLong(&ok2);
        s.ok = ok1 && ok2;
    }
    return s;
}

void ResourceProbe::start()
{
    m_startNs = nowNs();
    m_cpu0 = processCpuSeconds(m_pid);
    m_s0 = readSchedStat(m_pid);
    m_d0 = readDiskCounters(m_disk);
}

void ResourceProbe::stop()
{
    m_stopNs = nowNs();
    m_cpu1 = processCpuSeconds(m_pid);
    m_s1 = readSchedStat(m_pid);
    m_d1 = readDiskCounters(m_disk);
    m_flushes = (m_d0.ok && m_d1.ok && m_d0.flushes >= 0) ? m_d1.flushes - m_d0.flushes : -1;
}

double ResourceProbe::cpuSeconds() const
{
    if (m_s0.ok && m_s1.ok)   // nanosecond accounting of the main thread (the server has one working thread)
        return static_cast<double>(m_s1.runNs - m_s0.runNs) / 1e9;
    if (m_cpu0 < 0 || m_cpu1 < 0)
        return -1;
    return m_cpu1 - m_cpu0;
}

double ResourceProbe::cpuPercent() const
{
    const double cpu = cpuSeconds();
    return cpu < 0 || seconds() <= 0 ? -1 : 100.0 * cpu / seconds();
}

double ResourceProbe::cpuWaitPercent() const
{
    if (!m_s0.ok || !m_s1.ok || seconds() <= 0)
        return -1;
    return 100.0 * static_cast<double>(m_s1.waitNs - m_s0.waitNs) / 1e9 / seconds();
}

double ResourceProbe::flushesPerSecond() const
{
    return m_flushes < 0 || seconds() <= 0 ? -1 : static_cast<double>(m_flushes) / seconds();
}

// ---------------------------------------------------------------- config

QString topicId(int i) { return QStringLiteral("t%1").arg(i, 2, 10, QLatin1Char('0')); }
QByteArray kioskToken(int i) { return "bench-kiosk-" + QByteArray::number(i); }
QByteArray displayToken(int i) { return "bench-display-" + QByteArray::number(i); }
QString operatorLogin(int i) { return QStringLiteral("op%1").arg(i); }

namespace {
// Two-letter Latin prefixes: AA, AB, … (the server allows one or two letters).
QString prefixFor(int i)
{
    return QString(QLatin1Char(static_cast<char>('A' + (i / 26) % 26))) + QLatin1Char(static_cast<char>('A' + i % 26));
}
} // namespace

QJsonObject officeConfig(const OfficeShape &shape, const QString &pinHash)
{
    QJsonArray services;
    QStringList ids;
    for (int i = 0; i < shape.topics; ++i) {
        ids.append(topicId(i + 1));
        services.append(QJsonObject{{QStringLiteral("id"), topicId(i + 1)},
                                    {QStringLiteral("name"), QStringLiteral("Topic %1").arg(i + 1)},
                                    {QStringLiteral("prefix"), prefixFor(i)},
                                    {QStringLiteral("segment"), QStringLiteral("b2c")},
                                    {QStringLiteral("wait_norm_min"), 15},
                                    {QStringLiteral("service_norm_min"), 10}});
    }
    QJsonArray windows;
    QJsonArray operators;
    for (int w = 1; w <= shape.windows; ++w) {
        windows.append(QJsonObject{{QStringLiteral("number"), w}, {QStringLiteral("services"), QJsonArray::fromStringList(ids)}});
        operators.append(QJsonObject{{QStringLiteral("login"), operatorLogin(w)},
                                     {QStringLiteral("name"), QStringLiteral("Operator %1").arg(w)},
                                     {QStringLiteral("pin_hash"), pinHash}});
    }
    QJsonArray devices;
    for (int i = 1; i <= shape.kiosks; ++i)
        devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("kiosk-%1").arg(i)},
                                   {QStringLiteral("role"), QStringLiteral("kiosk")},
                                   {QStringLiteral("token"), QString::fromLatin1(kioskToken(i))}});
    for (int i = 1; i <= shape.displays; ++i)
        devices.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("board-%1").arg(i)},
                                   {QStringLiteral("role"), QStringLiteral("display")},
                                   {QStringLiteral("token"), QString::fromLatin1(displayToken(i))}});
    // No "schedule": the office is open at all times.
    return QJsonObject{
        {QStringLiteral("office"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Load benchmark office")},
                                               {QStringLiteral("phone"), QStringLiteral("8-800-000-00-00")},
                                               {QStringLiteral("website"), QStringLiteral("example.org")}}},
        {QStringLiteral("services"), services},
        {QStringLiteral("windows"), windows},
        {QStringLiteral("devices"), devices},
        {QStringLiteral("operators"), operators},
    };
}

// ---------------------------------------------------------------- server

ServerProcess::ServerProcess(QString binary, QString dir) : m_binary(std::move(binary)), m_dir(std::move(dir)) {}

ServerProcess::~ServerProcess() { stop(); }

QString ServerProcess::dbPath() const { return QDir(m_dir).filePath(QStringLiteral("queue.db")); }

qint64 ServerProcess::pid() const { return m_proc ? m_proc->processId() : 0; }

QString ServerProcess::hashPin(const QString &binary, const QString &pin, QString *error)
{
    QProcess p;
    p.start(binary, {QStringLiteral("--hash-pin"), pin});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 --hash-pin failed: %2 %3")
                     .arg(binary, p.errorString(), QString::fromLocal8Bit(p.readAllStandardError()));
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

bool ServerProcess::start(const QJsonObject &config, QString *error, const QStringList &extraArgs)
{
    QDir().mkpath(m_dir);
    const QString configPath = QDir(m_dir).filePath(QStringLiteral("office.json"));
    QFile f(configPath);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QJsonDocument(config).toJson()) < 0) {
        *error = QStringLiteral("cannot write %1").arg(configPath);
        return false;
    }
    f.close();
    m_proc = std::make_unique<QProcess>();
    m_proc->setProcessChannelMode(QProcess::MergedChannels);
    m_port = 0;
    m_output.clear();
    m_proc->start(m_binary, QStringList{QStringLiteral("--config"), configPath, QStringLiteral("--db"), dbPath(),
                                        QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}
                                + extraArgs);
    if (!m_proc->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(m_binary, m_proc->errorString());
        return false;
    }
    static const QRegularExpression re(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    const qint64 deadline = nowNs() + 30'000'000'000LL;
    while (m_port == 0 && nowNs() < deadline && m_proc->state() == QProcess::Running) {
        m_proc->waitForReadyRead(200);
        m_output += m_proc->readAll();
        if (const auto match = re.match(QString::fromUtf8(m_output)); match.hasMatch())
            m_port = static_cast<quint16>(match.captured(1).toUInt());
    }
    if (m_port == 0) {
        *error = QStringLiteral("%1 did not start listening: %2").arg(m_binary, QString::fromUtf8(m_output));
        stop();
        return false;
    }
    // Keep the pipe drained (the server logs to stderr); keep only the tail.
    QObject::connect(m_proc.get(), &QProcess::readyRead, m_proc.get(), [this] {
        m_output += m_proc->readAll();
        if (m_output.size() > 64 * 1024)
            m_output = m_output.right(32 * 1024);
    });
    return true;
}

void ServerProcess::stop()
{
    if (!m_proc)
        return;
    if (m_proc->state() == QProcess::Running) {
        m_proc->terminate();
        if (!m_proc->waitForFinished(15000)) {
            m_proc->kill();
            m_proc->waitForFinished(5000);
        }
    }
    m_output += m_proc->readAll();
    m_proc.reset();
}

} // namespace queue::bench
