#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace queue::desk {

// The desk's own settings (--config FILE, JSON):
//   {"shortcuts": {"call": ["F1", "Num++"], "recall": ["F2"], …},
//    "compact": false, "always_on_top": false, "postpone_minutes": 10}
// Shortcut names: call, recall, start, finish, no_show, postpone, pause, resume.
// Keys are QKeySequence texts; "Num+" marks a key of the numeric keypad, so a USB keypad
// can drive the desk.
struct DeskSettings {
    QMap<QString, QStringList> shortcuts = defaultShortcuts();
    bool compact = false;
    bool alwaysOnTop = false;
    int postponeMinutes = 10;

    static QMap<QString, QStringList> defaultShortcuts();
    static QStringList actionNames();
    // nullopt and *error set when the text is not a valid settings object.
    static std::optional<DeskSettings> fromJson(const QByteArray &json, QString *error);
};

} // namespace queue::desk
