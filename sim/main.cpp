// queue-sim: replays a day of arrivals through the real queue engine with a
// simulated clock and prints the metrics as JSON (docs/policies.md).
#include "arrivals.h"
#include "simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The engine's and storage's progress lines would drown the JSON's stderr neighbours.
    QLoggingCategory::setFilterRules(QStringLiteral("queue.*.info=false"));
    QCoreApplication::setApplicationName(QStringLiteral("queue-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Replays a day of arrivals through the queue engine and prints wait, norm and forecast metrics as JSON."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOpt(QStringLiteral("config"),
                                       QStringLiteral("Office config JSON (default: the built-in office)."),
                                       QStringLiteral("OFFICE.json"));
    const QCommandLineOption arrivalsOpt(QStringLiteral("arrivals"),
                                         QStringLiteral("Day profile CSV: time,service,service_min,priority."),
                                         QStringLiteral("DAY.csv"));
    const QCommandLineOption policyOpt(QStringLiteral("policy"),
                                       QStringLiteral("Call policy: fifo or norm (default: the config's)."),
                                       QStringLiteral("fifo|norm"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"),
                                     QStringLiteral("Random seed: order of simultaneous calls, missing durations."),
                                     QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption staffingOpt(
        QStringLiteral("staffing"),
        QStringLiteral("Follow the Erlang C staffing advice hour by hour for this share within the waiting norm "
                       "(e.g. 0.95), with dedicated windows per topic instead of the config's windows."),
        QStringLiteral("SHARE"));
    const QCommandLineOption pooledOpt(
        QStringLiteral("pooled"),
        QStringLiteral("With --staffing: windows that serve every topic, planned with the pooled Erlang C model."));
    parser.addOptions({configOpt, arrivalsOpt, policyOpt, seedOpt, staffingOpt, pooledOpt});
    parser.process(app);

    auto fail = [](const QString &message) {
        std::fprintf(stderr, "queue-sim: %s\n", qPrintable(message));
        return 2;
    };
    if (!parser.isSet(arrivalsOpt))
        return fail(QStringLiteral("--arrivals DAY.csv is required"));

    QString error;
    queue::server::OfficeConfig config = queue::server::OfficeConfig::builtIn();
    if (parser.isSet(configOpt)) {
        auto loaded = queue::server::loadOfficeConfig(parser.value(configOpt), &error);
        if (!loaded)
            return fail(error);
        config = *loaded;
    }
    const auto arrivals = queue::sim::loadArrivals(parser.value(arrivalsOpt), &error);
    if (!arrivals)
        return fail(error);

    queue::sim::Options options;
    options.policy = parser.isSet(policyOpt) ? parser.value(policyOpt) : config.callPolicy;
    bool ok = false;
    options.seed = parser.value(seedOpt).toULongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed must be a non-negative integer"));
    if (parser.isSet(staffingOpt)) {
        options.staffingTarget = parser.value(staffingOpt).toDouble(&ok);
        if (!ok || !(options.staffingTarget > 0 && options.staffingTarget < 1))
            return fail(QStringLiteral("--staffing must be a share between 0 and 1, e.g. 0.95"));
    }
    if (parser.isSet(pooledOpt) && !parser.isSet(staffingOpt))
        return fail(QStringLiteral("--pooled needs --staffing SHARE"));
    options.staffingPooled = parser.isSet(pooledOpt);

    const auto result = queue::sim::simulateDay(config, *arrivals, options, &error);
    if (!result)
        return fail(error);
    const QByteArray json = QJsonDocument(*result).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, static_cast<size_t>(json.size()), stdout);
    return 0;
}
