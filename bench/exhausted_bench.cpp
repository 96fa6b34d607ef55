// queue-exhausted-bench: what an issue attempt costs when every number of a
// prefix is held (docs/BENCHMARKS.md, "A prefix with every number held").
// In process: the real QueueEngine and Storage (synchronous=FULL) in a
// temporary directory, no HTTP.

#include "server/callpolicy.h"
#include "server/officeconfig.h"
#include "server/queueengine.h"
#include "server/storage.h"
#include "stats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>
#include <vector>

using namespace queue;
using namespace queue::bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Issue attempts on a prefix whose 999 numbers are all held."));
    parser.addHelpOption();
    const QCommandLineOption attemptsOpt(QStringLiteral("attempts"), QStringLiteral("Refused attempts to time (default 2000)."),
                                         QStringLiteral("n"), QStringLiteral("2000"));
    parser.addOption(attemptsOpt);
    parser.process(app);
    const int attempts = parser.value(attemptsOpt).toInt();

    QTemporaryDir dir;
    server::OfficeConfig config = server::OfficeConfig::builtIn();
    config.hasSchedule = false;   // open at all times
    server::Storage storage;
    QString error;
    if (!storage.open(dir.filePath(QStringLiteral("q.db")), server::Storage::Sync::Full, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    SystemClock clock;
    server::PriorityFifoPolicy policy;
    server::QueueEngine engine(config, storage, clock, policy);
    if (!engine.initialize(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const QString service = config.services.first().id;
    {
        server::Scope fill(storage);   // one commit for the 999 tickets
        for (int i = 0; i < 999; ++i)
            if (!engine.issue(service, QString()).ok()) {
                std::fprintf(stderr, "could not issue ticket %d\n", i + 1);
                return 1;
            }
        fill.commit();
    }
    std::vector<qint64> ns;
    ns.reserve(static_cast<size_t>(attempts));
    int refused = 0;
    for (int i = 0; i < attempts; ++i) {
        const qint64 t0 = nowNs();
        const auto r = engine.issue(service, QString());
        ns.push_back(nowNs() - t0);
        if (!r.ok() && r.error().code == api::ErrorCode::NumbersExhausted)
            ++refused;
    }
    const Summary s = summarize(ns);
    std::printf("%d attempts on prefix %s with 999 numbers held: %d refused numbers_exhausted\n", attempts,
                qPrintable(config.services.first().prefix), refused);
    std::printf("per attempt: p50 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms\n", s.p50, s.p99, s.max, s.mean);
    return refused == attempts ? 0 : 2;
}
