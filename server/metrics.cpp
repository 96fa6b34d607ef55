#include "metrics.h"
#include "livestats.h"

#include "queueengine.h"

#include "common/protocol.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>

namespace queue::server {

namespace {

// Label values: backslash, double quote and line feed are escaped (exposition format 0.0.4).
QByteArray labelValue(const QString &v)
{
    QByteArray out;
    for (const char c : v.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

QByteArray number(double v)
{
    if (v == static_cast<double>(static_cast<qint64>(v)))
        return QByteArray::number(static_cast<qint64>(v));
    return QByteArray::number(v, 'g', 12);
}

class Writer {
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_text += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void sample(const char *name, const QByteArray &labels, double value)
    {
        m_text += name;
        if (!labels.isEmpty())
            m_text += '{' + labels + '}';
        m_text += ' ' + number(value) + '\n';
    }
    QByteArray text() const { return m_text; }

private:
    QByteArray m_text;
};

QByteArray topicLabel(const QString &id) { return "topic=\"" + labelValue(id) + '"'; }

} // namespace

void MetricsModule::registerRoutes(Router &router)
{
    router.addPublic(QStringLiteral("metrics"), "GET", QStringLiteral("/metrics"), [this](const RouteRequest &) {
        ++m_scrapes;
        http::Response r;
        r.status = 200;
        r.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
        r.body = render();
        return r;
    });
}

QByteArray MetricsModule::render()
{
    QueueEngine &engine = m_services.engine;
    const QJsonObject live = livestats::liveMetrics(engine, m_services.storage);
    const QJsonArray services = live.value(QStringLiteral("services")).toArray();
    Writer w;

    // One family per field of /api/v1/metrics/live "services"; null fields (no data yet, no norm) are left out.
    struct Field {
        const char *key;
        const char *name;
        const char *type;
        const char *help;
        double scale;
    };
    const Field fields[] = {
        {"waiting", "queue_waiting_tickets", "gauge", "Tickets waiting now (waiting, redirected, postponed).", 1},
        {"oldest_wait_s", "queue_oldest_wait_seconds", "gauge", "How long the longest-waiting ticket has waited.", 1},
        {"served", "queue_called_today", "gauge", "Tickets called to a window today (business day).", 1},
        {"finished", "queue_finished_today", "gauge", "Tickets served to the end today.", 1},
        {"avg_wait_s", "queue_wait_seconds_avg_today", "gauge", "Average wait of the tickets called today.", 1},
        {"avg_service_s", "queue_service_seconds_avg_today", "gauge", "Average service time of the tickets finished today.", 1},
        {"wait_norm_s", "queue_wait_norm_seconds", "gauge", "The topic's wait norm.", 1},
        {"service_norm_s", "queue_service_norm_seconds", "gauge", "The topic's service norm.", 1},
        {"pct_wait_within_norm", "queue_wait_within_norm_ratio", "gauge",
         "Share of today's waits within the norm (0..1; tickets still waiting past the norm count as breaches).", 0.01},
        {"pct_service_within_norm", "queue_service_within_norm_ratio", "gauge",
         "Share of today's services within the norm (0..1).", 0.01},
    };
    for (const Field &f : fields) {
        w.family(f.name, f.type, f.help);
        for (const QJsonValue &v : services) {
            const QJsonObject s = v.toObject();
            const QJsonValue value = s.value(QLatin1String(f.key));
            if (value.isDouble())
                w.sample(f.name, topicLabel(s.value(QStringLiteral("id")).toString()), value.toDouble() * f.scale);
        }
    }

    const QJsonObject visits = live.value(QStringLiteral("visits")).toObject();
    w.family("queue_visits_finished_today", "gauge", "Visits finished today.");
    w.sample("queue_visits_finished_today", {}, visits.value(QStringLiteral("finished")).toDouble());
    w.family("queue_visit_within_norm_ratio", "gauge", "Share of today's visits within the whole-visit norm (0..1).");
    if (visits.value(QStringLiteral("pct_within_norm")).isDouble())
        w.sample("queue_visit_within_norm_ratio", {}, visits.value(QStringLiteral("pct_within_norm")).toDouble() / 100);
    w.family("queue_visit_norm_seconds", "gauge", "The whole-visit norm.");
    w.sample("queue_visit_norm_seconds", {}, visits.value(QStringLiteral("norm_min")).toDouble() * 60);

    QMap<QString, int> byState;
    for (const WindowState s : {WindowState::Closed, WindowState::Open, WindowState::Calling, WindowState::Serving,
                                WindowState::Paused})
        byState.insert(toString(s), 0);
    for (const WindowInfo &win : engine.windows())
        byState[toString(win.state)] += 1;
    w.family("queue_windows", "gauge", "Windows by state.");
    for (auto it = byState.cbegin(); it != byState.cend(); ++it)
        w.sample("queue_windows", "state=\"" + labelValue(it.key()) + '"', it.value());

    // Requests answered before this scrape (this one is counted once its answer is made).
    w.family("queue_http_requests_total", "counter", "HTTP requests answered since the server started, by method and status class.");
    for (const RequestCount &rc : m_services.requestCounts())
        w.sample("queue_http_requests_total",
                 "method=\"" + rc.method + "\",code=\"" + QByteArray::number(rc.statusClass) + "xx\"",
                 static_cast<double>(rc.count));

    w.family("queue_event_stream_clients", "gauge", "Connected WebSocket event-stream clients (boards, desks).");
    w.sample("queue_event_stream_clients", {}, m_services.eventClients());
    w.family("queue_metrics_scrapes_total", "counter", "Requests to /metrics answered since the server started.");
    w.sample("queue_metrics_scrapes_total", {}, static_cast<double>(m_scrapes));
    w.family("queue_build_info", "gauge", "The server's version.");
    w.sample("queue_build_info", "version=\"" QUEUE_VERSION "\"", 1);
    return w.text();
}

} // namespace queue::server
