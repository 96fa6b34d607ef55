#pragma once

#include <QString>
#include <QtGlobal>

namespace queue::desk {

// How a measured time stands against its norm (docs/ui-conventions.md, "Look"):
// green below 80 % of the norm, amber from 80 % up to the norm, red beyond it.
enum class NormLevel { None, Green, Amber, Red };

// None when there is no norm (normS <= 0) or nothing measured (seconds < 0).
NormLevel normLevel(qint64 seconds, qint64 normS);

// "4:05", "1:02:03"; "—" for a negative (unknown) duration.
QString formatDuration(qint64 seconds);

} // namespace queue::desk
