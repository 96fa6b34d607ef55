#include "boardconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace queue::board {

bool BoardFilter::acceptsWindow(int window, std::optional<Segment> windowSegment) const
{
    if (!windows.isEmpty() && !windows.contains(window))
        return false;
    if (segment && windowSegment && *segment != *windowSegment)
        return false;
    return true;
}

namespace {

int intField(const QJsonObject &o, const char *key, int def, int min, int max, const QString &where, QStringList *errors)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return def;
    if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min || v.toInt() > max) {
        errors->append(QStringLiteral("'%1%2' must be an integer %3…%4").arg(where, QLatin1String(key)).arg(min).arg(max));
        return def;
    }
    return v.toInt();
}

QString stringField(const QJsonObject &o, const char *key, const QString &def, const QString &where, QStringList *errors,
                    const QStringList &allowed = {})
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return def;
    if (!v.isString() || (!allowed.isEmpty() && !allowed.contains(v.toString()))) {
        errors->append(allowed.isEmpty() ? QStringLiteral("'%1%2' must be a string").arg(where, QLatin1String(key))
                                         : QStringLiteral("'%1%2' must be one of %3").arg(where, QLatin1String(key),
                                                                                          allowed.join(QStringLiteral(", "))));
        return def;
    }
    return v.toString();
}

bool boolField(const QJsonObject &o, const char *key, bool def, const QString &where, QStringList *errors)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return def;
    if (!v.isBool()) {
        errors->append(QStringLiteral("'%1%2' must be true or false").arg(where, QLatin1String(key)));
        return def;
    }
    return v.toBool();
}

} // namespace

BoardConfig BoardConfig::fromJson(const QJsonObject &o, QStringList *errors)
{
    BoardConfig c;
    const QString seg = stringField(o, "segment", QString(), QString(), errors, {QStringLiteral("b2c"), QStringLiteral("b2b")});
    if (!seg.isEmpty())
        c.filter.segment = segmentFromString(seg);
    const QJsonValue wins = o.value(QLatin1String("windows"));
    if (wins.isArray()) {
        const QJsonArray arr = wins.toArray();
        for (const QJsonValue &w : arr) {
            if (!w.isDouble() || w.toInt() < 1 || w.toInt() > 999)
                errors->append(QStringLiteral("'windows' must list window numbers 1…999"));
            else
                c.filter.windows.append(w.toInt());
        }
    } else if (!wins.isUndefined() && !wins.isNull()) {
        errors->append(QStringLiteral("'windows' must be an array of window numbers"));
    }
    c.recentCalls = intField(o, "recent_calls", c.recentCalls, 1, 30, QString(), errors);
    c.highlightSeconds = intField(o, "highlight_s", c.highlightSeconds, 1, 600, QString(), errors);
    c.announceMaxAgeSeconds = intField(o, "announce_max_age_s", c.announceMaxAgeSeconds, 0, 86400, QString(), errors);
    c.ticker = stringField(o, "ticker", QString(), QString(), errors);
    c.ledRefreshSeconds = intField(o, "led_refresh_s", c.ledRefreshSeconds, 0, 3600, QString(), errors);

    const QJsonObject v = o.value(QLatin1String("voice")).toObject();
    const QString vw = QStringLiteral("voice.");
    const QString backend = stringField(v, "backend", QStringLiteral("fragments"), vw, errors,
                                        {QStringLiteral("fragments"), QStringLiteral("tts"), QStringLiteral("off")});
    c.voice.backend = backend == QLatin1String("tts") ? VoiceConfig::Backend::Tts
                      : backend == QLatin1String("off") ? VoiceConfig::Backend::Off
                                                        : VoiceConfig::Backend::Fragments;
    c.voice.volume = intField(v, "volume", c.voice.volume, 0, 100, vw, errors);
    c.voice.chimeOnly = boolField(v, "chime_only", false, vw, errors);
    c.voice.fragmentsDir = stringField(v, "fragments_dir", QString(), vw, errors);
    c.voice.player = stringField(v, "player", c.voice.player, vw, errors);
    c.voice.ttsEngine = stringField(v, "tts_engine", QString(), vw, errors);

    const QJsonArray lines = o.value(QLatin1String("led")).toArray();
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject l = lines.at(i).toObject();
        const QString w = QStringLiteral("led[%1].").arg(i);
        LedLineConfig line;
        line.port = stringField(l, "port", QString(), w, errors);
        if (line.port.isEmpty())
            errors->append(QStringLiteral("'%1port' is required").arg(w));
        line.baud = intField(l, "baud", line.baud, 1200, 921600, w, errors);
        line.dataBits = intField(l, "data_bits", line.dataBits, 5, 8, w, errors);
        line.parity = stringField(l, "parity", line.parity, w, errors,
                                  {QStringLiteral("none"), QStringLiteral("even"), QStringLiteral("odd")});
        line.stopBits = intField(l, "stop_bits", line.stopBits, 1, 2, w, errors);
        line.protocol = stringField(l, "protocol", line.protocol, w, errors,
                                    {QStringLiteral("qsystem"), QStringLiteral("modbus"), QStringLiteral("line")});
        line.encoding = stringField(l, "encoding", line.encoding, w, errors,
                                    {QStringLiteral("ascii"), QStringLiteral("cp1251"), QStringLiteral("cp866")});
        line.textTemplate = stringField(l, "text", line.textTemplate, w, errors);
        const QString closed = stringField(l, "closed", QStringLiteral("text"), w, errors,
                                           {QStringLiteral("text"), QStringLiteral("blank")});
        line.blankWhenClosed = closed == QLatin1String("blank");
        line.closedText = stringField(l, "closed_text", line.closedText, w, errors);
        line.lineTemplate = stringField(l, "line_format", line.lineTemplate, w, errors);
        line.modbusRegister = intField(l, "modbus_register", line.modbusRegister, 0, 65535, w, errors);
        line.modbusRegisters = intField(l, "modbus_registers", line.modbusRegisters, 1, 120, w, errors);
        const QJsonObject addr = l.value(QLatin1String("windows")).toObject();
        for (auto it = addr.begin(); it != addr.end(); ++it) {
            bool ok = false;
            const int window = it.key().toInt(&ok);
            const int max = line.protocol == QLatin1String("modbus") ? 247 : 255;
            if (!ok || window < 1 || !it.value().isDouble() || it.value().toInt() < 1 || it.value().toInt() > max)
                errors->append(QStringLiteral("'%1windows' maps window numbers to board addresses 1…%2").arg(w).arg(max));
            else
                line.addresses.insert(window, it.value().toInt());
        }
        c.led.append(line);
    }
    return c;
}

BoardConfig BoardConfig::load(const QString &path, QStringList *errors)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        errors->append(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
        return {};
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject()) {
        errors->append(QStringLiteral("%1: not a JSON object (%2)").arg(path, pe.errorString()));
        return {};
    }
    return fromJson(doc.object(), errors);
}

} // namespace queue::board
