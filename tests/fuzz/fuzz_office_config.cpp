// libFuzzer target for the office configuration parser (scripts/fuzz.sh):
// JSON text as the server reads it from its config file.
#include "server/officeconfig.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    queue::server::ConfigError error;
    const auto config = queue::server::parseOfficeConfig(doc.object(), &error);
    // A refusal always says what is wrong.
    if (!config && error.problem.isEmpty())
        __builtin_trap();
    return 0;
}
