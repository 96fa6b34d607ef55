#include "kiosksettings.h"

#include "printer/escposprofile.h"

#include <QFile>
#include <QJsonDocument>

namespace queue::kiosk {

std::optional<KioskSettings> KioskSettings::fromJson(const QJsonObject &o, QString *error)
{
    KioskSettings s;
    auto fail = [&](const QString &msg) {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    static const char *const known[] = {"printer", "printer_profile", "ticket_url", "inactivity_timeout_s", "ticket_timeout_s",
                                        "notice_timeout_s", "refresh_interval_s", "retry_interval_s",
                                        "check_printer_first", "issue_without_printer",
                                        // read by app::serverTrust (common/app/startup.h)
                                        "server_ca", "server_fingerprint"};
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool ok = false;
        for (const char *k : known)
            ok = ok || it.key() == QLatin1String(k);
        if (!ok)
            return fail(QStringLiteral("unknown key '%1'").arg(it.key()));
    }
    auto str = [&](const char *key, QString *out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isString() || v.toString().isEmpty())
            return false;
        *out = v.toString();
        return true;
    };
    auto seconds = [&](const char *key, int *outMs) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isDouble() || v.toDouble() <= 0 || v.toDouble() > 3600)
            return false;
        *outMs = static_cast<int>(v.toDouble() * 1000);
        return true;
    };
    auto flag = [&](const char *key, bool *out) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isBool())
            return false;
        *out = v.toBool();
        return true;
    };
    if (!str("printer", &s.printerUri))
        return fail(QStringLiteral("printer must be a printer URI"));
    if (!str("printer_profile", &s.printerProfile) || (!s.printerProfile.isEmpty() && !hardware::EscPosProfile::byName(s.printerProfile)))
        return fail(QStringLiteral("printer_profile must be one of %1").arg(hardware::EscPosProfile::names()));
    if (!str("ticket_url", &s.ticketUrl)
        || (!s.ticketUrl.contains(QLatin1String("{page}")) && !s.ticketUrl.contains(QLatin1String("{id}"))))
        return fail(QStringLiteral("ticket_url must be a URL with {page} (or {id})"));
    if (!seconds("inactivity_timeout_s", &s.inactivityTimeoutMs) || !seconds("ticket_timeout_s", &s.ticketTimeoutMs)
        || !seconds("notice_timeout_s", &s.noticeTimeoutMs) || !seconds("refresh_interval_s", &s.refreshIntervalMs)
        || !seconds("retry_interval_s", &s.retryIntervalMs))
        return fail(QStringLiteral("timeouts and intervals are seconds, 0 < s <= 3600"));
    if (!flag("check_printer_first", &s.checkPrinterFirst) || !flag("issue_without_printer", &s.issueWithoutPrinter))
        return fail(QStringLiteral("check_printer_first and issue_without_printer are true or false"));
    return s;
}

QString KioskSettings::ticketPageUrl(const QString &pattern, const QString &server, const QString &page, qint64 id)
{
    QString url = pattern;
    if (!page.isEmpty() && !url.contains(QLatin1String("{page}")))
        url = QStringLiteral("{server}{page}");
    url.replace(QLatin1String("{server}"), server);
    url.replace(QLatin1String("{page}"), page.isEmpty() ? QStringLiteral("/t/%1").arg(id) : page);
    url.replace(QLatin1String("{id}"), QString::number(id));
    return url;
}

std::optional<KioskSettings> KioskSettings::load(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return std::nullopt;
    }
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &perr);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not a JSON object: %2").arg(path, perr.errorString());
        return std::nullopt;
    }
    QString err;
    auto s = fromJson(doc.object(), &err);
    if (!s && error)
        *error = QStringLiteral("%1: %2").arg(path, err);
    return s;
}

} // namespace queue::kiosk
