#pragma once

// Things around the measurements: the raw SQLite commit rate of the disk,
// facts about the machine and the data directory, the queue-server process
// and its office configuration.

#include "stats.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace queue::bench {

// ---------------------------------------------------------------- raw commits

struct RawCommitResult {
    bool ok = false;
    QString error;
    double seconds = 0;
    qint64 commits = 0;
    double commitsPerSecond = 0;
    Summary latency;   // one BEGIN IMMEDIATE; INSERT; COMMIT each
};

// Single-row INSERT transactions on a fresh WAL database with
// synchronous=FULL in `dir` (the server's data directory), for `seconds`.
RawCommitResult measureRawCommits(const QString &dir, double seconds);

// ---------------------------------------------------------------- machine

struct MachineInfo {
    QString cpuModel;
    int cpus = 0;
    qint64 memoryMiB = 0;
    QString kernel;
    QString dataDir;
    QString mountPoint;
    QString device;        // as in /proc/mounts
    QString fsType;
    QString mountOptions;
    QString diskstatsName; // the block device whose counters we read ("" if unknown)
    QJsonObject toJson() const;
};

MachineInfo machineInfo(const QString &dataDir);

// Counters of one block device from /proc/diskstats.
struct DiskCounters {
    bool ok = false;
    qint64 writes = 0;    // write requests completed
    qint64 flushes = 0;   // flush requests completed (fsync reaching the device)
};
DiskCounters readDiskCounters(const QString &name);

// CPU time (user + system) a process has used so far, in seconds; -1 if unknown.
double processCpuSeconds(qint64 pid);

// The scheduler's view of a process's main thread (/proc/PID/schedstat):
// time on a CPU and time spent runnable but waiting for a CPU.
struct SchedStat {
    bool ok = false;
    qint64 runNs = 0;
    qint64 waitNs = 0;
};
SchedStat readSchedStat(qint64 pid);

// Measures server CPU and disk flushes over a phase.
class ResourceProbe {
public:
    ResourceProbe(qint64 pid, QString disk) : m_pid(pid), m_disk(std::move(disk)) {}
    void start();
    void stop();
    double cpuPercent() const;       // of one core
    double cpuSeconds() const;       // -1 if unknown
    double cpuWaitPercent() const;   // runnable but waiting for a CPU, % of the wall time; -1 if unknown
    double flushesPerSecond() const; // -1 if unknown
    double seconds() const { return static_cast<double>(m_stopNs - m_startNs) / 1e9; }
    qint64 flushes() const { return m_flushes; }

private:
    qint64 m_pid;
    QString m_disk;
    qint64 m_startNs = 0, m_stopNs = 0;
    double m_cpu0 = -1, m_cpu1 = -1;
    SchedStat m_s0, m_s1;
    DiskCounters m_d0, m_d1;
    qint64 m_flushes = -1;
};

// ---------------------------------------------------------------- server

struct OfficeShape {
    int windows = 100;   // one operator per window: op1…opN, PIN 1234
    int topics = 12;     // every window serves every topic
    int kiosks = 20;     // kiosk-token-1…
    int displays = 20;   // display-token-1…
};

QJsonObject officeConfig(const OfficeShape &shape, const QString &pinHash);
QString topicId(int i);   // "t01"…
QByteArray kioskToken(int i);
QByteArray displayToken(int i);
QString operatorLogin(int i);

// The real queue-server on a free loopback port.
class ServerProcess {
public:
    ServerProcess(QString binary, QString dir);
    ~ServerProcess();

    // Writes the config, starts the server on 127.0.0.1:0 and waits until it listens.
    bool start(const QJsonObject &config, QString *error, const QStringList &extraArgs = {});
    void stop();
    quint16 port() const { return m_port; }
    qint64 pid() const;
    QString dbPath() const;
    QByteArray output() const { return m_output; }

    // `queue-server --hash-pin PIN`.
    static QString hashPin(const QString &binary, const QString &pin, QString *error);

private:
    QString m_binary;
    QString m_dir;
    std::unique_ptr<QProcess> m_proc;
    QByteArray m_output;
    quint16 m_port = 0;
};

} // namespace queue::bench
