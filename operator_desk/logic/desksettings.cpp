#include "desksettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace queue::desk {

QMap<QString, QStringList> DeskSettings::defaultShortcuts()
{
    return {
        {QStringLiteral("call"), {QStringLiteral("F1"), QStringLiteral("Num++")}},
        {QStringLiteral("recall"), {QStringLiteral("F2"), QStringLiteral("Num+*")}},
        {QStringLiteral("start"), {QStringLiteral("F3"), QStringLiteral("Num+/")}},
        {QStringLiteral("finish"), {QStringLiteral("F4"), QStringLiteral("Num+-")}},
        {QStringLiteral("no_show"), {QStringLiteral("F6")}},
        {QStringLiteral("postpone"), {QStringLiteral("F7")}},
        {QStringLiteral("pause"), {QStringLiteral("F8")}},
        {QStringLiteral("resume"), {QStringLiteral("F9")}},
    };
}

QStringList DeskSettings::actionNames() { return defaultShortcuts().keys(); }

std::optional<DeskSettings> DeskSettings::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object: %1").arg(perr.errorString());
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    DeskSettings s;
    const QJsonObject keys = o.value(QLatin1String("shortcuts")).toObject();
    for (auto it = keys.begin(); it != keys.end(); ++it) {
        if (!s.shortcuts.contains(it.key())) {
            *error = QStringLiteral("shortcuts: unknown action '%1'").arg(it.key());
            return std::nullopt;
        }
        QStringList list;
        if (it.value().isString()) {
            list << it.value().toString();
        } else {
            for (const QJsonValue &v : it.value().toArray())
                list << v.toString();
        }
        s.shortcuts[it.key()] = list;
    }
    s.compact = o.value(QLatin1String("compact")).toBool(false);
    s.alwaysOnTop = o.value(QLatin1String("always_on_top")).toBool(false);
    s.postponeMinutes = o.value(QLatin1String("postpone_minutes")).toInt(10);
    if (s.postponeMinutes < 1 || s.postponeMinutes > 240) {
        *error = QStringLiteral("postpone_minutes: must be 1–240");
        return std::nullopt;
    }
    return s;
}

} // namespace queue::desk
