#pragma once

// The two measured scenarios against a running queue-server:
//  - throughput: closed-loop clients (one request in flight per keep-alive
//    connection) issuing tickets, or a mix of kiosks and desks;
//  - call-to-board latency: paced desk calls observed on WebSocket boards.

#include "httpclient.h"
#include "stats.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QWebSocket>

#include <memory>
#include <vector>

namespace queue::bench {

struct Desk {
    int window = 0;
    QByteArray token;
};

// Logs operators op1…opN in to windows 1…N, `parallel` at a time (each
// login costs the server one PBKDF2 check). Returns the desks that got a token.
std::vector<Desk> loginDesks(quint16 port, int count, int parallel, double *seconds, QString *error);

// ---------------------------------------------------------------- cost

// Server CPU per request kind, one request at a time (the server is idle
// between them, so the change of its CPU time belongs to that request: parsing,
// the work, its own commit, the answer and the broadcast to the boards).
struct CostResult {
    struct Kind {
        Summary cpu;      // server CPU per request, ms
        Summary wall;     // round trip, ms
    };
    QMap<QString, Kind> kinds;   // issue, call, start, finish
    QJsonObject toJson() const;
};

CostResult measureCosts(quint16 port, const Desk &desk, int count, int topics, qint64 serverPid);

// ---------------------------------------------------------------- throughput

struct ThroughputConfig {
    QString name;
    int kiosks = 0;           // clients issuing tickets
    int desks = 0;            // clients doing call → start → finish
    double seconds = 10;
    double warmupSeconds = 1; // not counted
    int topics = 1;
};

struct ThroughputResult {
    QString name;
    int clients = 0, kiosks = 0, desks = 0;
    double seconds = 0;
    qint64 durableOps = 0;        // 2xx answers of state-changing requests
    qint64 requests = 0;          // all answers in the window
    qint64 emptyCalls = 0;        // 204 from call: nothing waited, nothing changed
    QMap<QString, qint64> errors; // "409 wrong_state" → count
    double opsPerSecond = 0;
    double minSecondRate = 0, maxSecondRate = 0;   // per one-second bucket
    std::vector<qint64> perSecond;                  // durable ops in each full second
    Summary latency;              // all requests
    QMap<QString, Summary> perKind; // issue, call, start, finish
    double serverCpuPercent = -1;
    double serverCpuWaitPercent = -1;   // runnable, waiting for a CPU (a busy machine)
    double serverCpuMsPerOp = -1;
    double benchCpuPercent = -1;
    double flushesPerSecond = -1;
    qint64 issued = 0, called = 0;      // all 201 issues and 200 calls, also outside the window
    double rawCommitsPerSecond = 0;   // measured just before this phase, server idle
    QJsonObject toJson(double runRawCommitsPerSecond) const;
};

ThroughputResult runThroughput(quint16 port, const ThroughputConfig &config, const std::vector<Desk> &desks,
                               qint64 serverPid, const QString &disk);

// ---------------------------------------------------------------- latency

struct LatencyConfig {
    double callRate = 10;     // calls per second over all desks
    double seconds = 10;
    double warmupSeconds = 1;
    int prefill = 100;        // waiting tickets before the run starts
    int topics = 1;
};

struct LatencyResult {
    double callRate = 0;          // asked for
    double achievedCallRate = 0;  // measured calls (200) per second
    int desks = 0, boards = 0, kiosks = 0;
    qint64 calls = 0;             // calls answered 200 in the window
    qint64 emptyCalls = 0;
    qint64 pairs = 0;             // (call, board) deliveries measured
    qint64 missing = 0;           // (call, board) pairs never delivered
    qint64 mismatched = 0;        // event ticket id ≠ the call's answer
    Summary callToBoard;          // send of the call → ticket.called at a board
    Summary callHttp;             // send of the call → its HTTP answer
    Summary issueHttp;            // kiosk issue round trip
    Summary laggingBoards;        // per call: first board → last board
    QMap<QString, qint64> errors;
    double serverCpuPercent = -1;
    double serverCpuWaitPercent = -1;
    double benchCpuPercent = -1;
    double benchCpuWaitPercent = -1;
    double flushesPerSecond = -1;
    qint64 waitingAtStart = 0;    // our estimate of the queue length
    QJsonObject toJson() const;
};

// 100 desks, 20 boards and 20 kiosks stay connected across runs at several rates.
class LatencyRig : public QObject {
public:
    LatencyRig(quint16 port, std::vector<Desk> desks, int boards, int kiosks, QObject *parent = nullptr);
    ~LatencyRig() override;

    bool connectBoards(QString *error);
    LatencyResult run(const LatencyConfig &config, qint64 serverPid, const QString &disk);

private:
    struct Call {
        int window = 0;
        qint64 sentNs = 0;
        qint64 answeredNs = 0;
        qint64 ticketId = 0;      // from the answer or the first event
        qint64 answerId = 0;      // from the HTTP answer
        int status = 0;
        bool measured = false;
        std::vector<qint64> arrivals;   // per board, 0 = not yet
    };
    struct DeskState {
        Desk desk;
        std::unique_ptr<HttpClient> http;
        qint64 nextCallNs = 0;
        bool busy = false;
        std::vector<int> recent;   // indices into m_calls, newest last
    };
    void onBoardMessage(int board, const QString &text);
    void scheduleDesk(int index);
    void deskCall(int index);
    void deskStep(int index, const QByteArray &action);
    void kioskTick(int index);

    quint16 m_port;
    std::vector<DeskState> m_desks;
    std::vector<std::unique_ptr<QWebSocket>> m_boards;
    std::vector<std::unique_ptr<HttpClient>> m_kiosks;
    std::vector<qint64> m_kioskNext;
    std::vector<Call> m_calls;

    // The current run.
    bool m_running = false;
    bool m_stopping = false;
    qint64 m_measureFromNs = 0, m_measureToNs = 0;
    double m_deskPeriodNs = 0, m_kioskPeriodNs = 0;
    int m_topics = 1;
    int m_prefill = 0;
    int m_generation = 0;          // timers of an earlier run do nothing
    qint64 m_waiting = 0;          // our estimate of the queue length
    qint64 m_issueCounter = 0;
    std::vector<qint64> m_issueLatency;
    qint64 m_emptyCalls = 0;
    qint64 m_mismatched = 0;
    QMap<QString, qint64> m_errors;
};

} // namespace queue::bench
