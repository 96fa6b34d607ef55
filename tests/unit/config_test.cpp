// Office configuration: the built-in office, validation messages, schedule.
#include "server/officeconfig.h"
#include "server/schedule.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace queue;
using namespace queue::server;

namespace {

QJsonObject builtInJson() { return QJsonDocument::fromJson(OfficeConfig::builtInJson()).object(); }

ConfigError errorOf(const QJsonObject &root)
{
    ConfigError e;
    EXPECT_FALSE(parseOfficeConfig(root, &e).has_value());
    return e;
}

qint64 utc(int day, int h, int m) { return QDateTime(QDate(2026, 11, day), QTime(h, m), QTimeZone::utc()).toMSecsSinceEpoch(); }

} // namespace

TEST(Config, BuiltInOfficeFollowsTheStandard)
{
    const OfficeConfig c = OfficeConfig::builtIn();
    ASSERT_EQ(c.services.size(), 4);
    const ServiceInfo *reception = c.service(QStringLiteral("reception"));
    ASSERT_NE(reception, nullptr);
    EXPECT_EQ(reception->waitNormMin, 0);
    EXPECT_EQ(reception->serviceNormMin, 5);
    EXPECT_EQ(c.service(QStringLiteral("contracts"))->waitNormMin, 10);
    EXPECT_EQ(c.service(QStringLiteral("contracts"))->serviceNormMin, 15);
    EXPECT_EQ(c.service(QStringLiteral("payments"))->waitNormMin, 5);
    EXPECT_EQ(c.service(QStringLiteral("payments"))->serviceNormMin, 5);
    EXPECT_EQ(c.service(QStringLiteral("b2b_contracts"))->segment, Segment::B2B);
    EXPECT_EQ(c.visitNormMin, 30);
    EXPECT_EQ(c.windows.size(), 4);
    EXPECT_TRUE(c.hasSchedule);
    EXPECT_EQ(c.schedule[0].size(), 2);   // Monday with a lunch break
    EXPECT_TRUE(c.schedule[5].isEmpty());
    EXPECT_FALSE(c.phone.isEmpty());
    EXPECT_EQ(c.operators.size(), 4);
}

TEST(Config, ProblemsNameTheField)
{
    QJsonObject root = builtInJson();
    root.remove(QStringLiteral("services"));
    EXPECT_EQ(errorOf(root).field, QStringLiteral("services"));

    root = builtInJson();
    QJsonArray services = root.value(QStringLiteral("services")).toArray();
    QJsonObject s = services[1].toObject();
    s.remove(QStringLiteral("id"));
    services[1] = s;
    root[QStringLiteral("services")] = services;
    const ConfigError missingId = errorOf(root);
    EXPECT_EQ(missingId.field, QStringLiteral("services[1].id"));
    EXPECT_EQ(missingId.problem, QStringLiteral("is missing"));

    root = builtInJson();
    QJsonArray windows = root.value(QStringLiteral("windows")).toArray();
    QJsonObject w = windows[0].toObject();
    w[QStringLiteral("services")] = QJsonArray{QStringLiteral("ghost")};
    windows[0] = w;
    root[QStringLiteral("windows")] = windows;
    const ConfigError unknown = errorOf(root);
    EXPECT_EQ(unknown.field, QStringLiteral("windows[0].services"));
    EXPECT_TRUE(unknown.problem.contains(QStringLiteral("ghost")));

    root = builtInJson();
    QJsonObject schedule = root.value(QStringLiteral("schedule")).toObject();
    schedule[QStringLiteral("mon")] = QJsonArray{QStringLiteral("17:00-08:00")};
    root[QStringLiteral("schedule")] = schedule;
    EXPECT_EQ(errorOf(root).field, QStringLiteral("schedule.mon[0]"));

    root = builtInJson();
    schedule = root.value(QStringLiteral("schedule")).toObject();
    schedule[QStringLiteral("monday")] = QJsonArray{};
    root[QStringLiteral("schedule")] = schedule;
    EXPECT_EQ(errorOf(root).field, QStringLiteral("schedule.monday"));

    root = builtInJson();
    services = root.value(QStringLiteral("services")).toArray();
    s = services[1].toObject();
    s[QStringLiteral("prefix")] = QStringLiteral("Д");
    services[1] = s;
    root[QStringLiteral("services")] = services;
    EXPECT_EQ(errorOf(root).field, QStringLiteral("services[1].prefix"));

    root = builtInJson();
    services = root.value(QStringLiteral("services")).toArray();
    s = services[2].toObject();
    s[QStringLiteral("wait_norm_min")] = 2.5;
    services[2] = s;
    root[QStringLiteral("services")] = services;
    EXPECT_EQ(errorOf(root).field, QStringLiteral("services[2].wait_norm_min"));

    root = builtInJson();
    QJsonArray ops = root.value(QStringLiteral("operators")).toArray();
    QJsonObject op = ops[0].toObject();
    op[QStringLiteral("pin_hash")] = QStringLiteral("1111");
    ops[0] = op;
    root[QStringLiteral("operators")] = ops;
    EXPECT_EQ(errorOf(root).field, QStringLiteral("operators[0].pin_hash"));

    root = builtInJson();
    QJsonArray devices = root.value(QStringLiteral("devices")).toArray();
    QJsonObject d = devices[0].toObject();
    d[QStringLiteral("role")] = QStringLiteral("admin");
    devices[0] = d;
    root[QStringLiteral("devices")] = devices;
    EXPECT_EQ(errorOf(root).field, QStringLiteral("devices[0].role"));
}

TEST(Config, FileErrorsNameTheFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("office.json"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{\"office\": {\"name\": \"x\"}, \"services\": [");
    f.close();
    QString error;
    EXPECT_FALSE(loadOfficeConfig(path, &error).has_value());
    EXPECT_TRUE(error.startsWith(path)) << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("not valid JSON")));
    EXPECT_FALSE(loadOfficeConfig(dir.filePath(QStringLiteral("missing.json")), &error).has_value());
    EXPECT_TRUE(error.contains(QStringLiteral("missing.json")));
}

TEST(Config, WithoutScheduleAlwaysOpen)
{
    QJsonObject root = builtInJson();
    root.remove(QStringLiteral("schedule"));
    ConfigError e;
    const auto c = parseOfficeConfig(root, &e);
    ASSERT_TRUE(c.has_value());
    const Schedule s(*c);
    EXPECT_TRUE(s.isOpen(utc(28, 3, 0)));   // Saturday night
    EXPECT_EQ(s.nextOpening(utc(28, 3, 0)), 0);
}

TEST(Schedule, OpenHoursLunchAndWeekend)
{
    OfficeConfig c = OfficeConfig::builtIn();
    c.timeZone = QTimeZone::utc();
    const Schedule s(c);
    EXPECT_FALSE(s.isOpen(utc(26, 7, 59)));    // Thursday before opening
    EXPECT_TRUE(s.isOpen(utc(26, 8, 0)));
    EXPECT_TRUE(s.isOpen(utc(26, 11, 59)));
    EXPECT_FALSE(s.isOpen(utc(26, 12, 0)));    // lunch
    EXPECT_EQ(s.nextOpening(utc(26, 12, 10)), utc(26, 13, 0));
    EXPECT_FALSE(s.isOpen(utc(26, 17, 0)));
    EXPECT_EQ(s.nextOpening(utc(26, 17, 0)), utc(27, 8, 0));
    EXPECT_FALSE(s.isOpen(utc(28, 10, 0)));    // Saturday
    EXPECT_EQ(s.nextOpening(utc(27, 18, 0)), utc(30, 8, 0));   // Friday evening → Monday
    EXPECT_EQ(s.businessDay(utc(26, 23, 59)), QDate(2026, 11, 26));
}

TEST(Schedule, FollowsTheOfficeTimeZone)
{
    OfficeConfig c = OfficeConfig::builtIn();
    c.timeZone = QTimeZone("Europe/Moscow");   // UTC+3
    ASSERT_TRUE(c.timeZone.isValid());
    const Schedule s(c);
    EXPECT_TRUE(s.isOpen(utc(26, 5, 0)));      // 08:00 in Moscow
    EXPECT_FALSE(s.isOpen(utc(26, 4, 59)));
    EXPECT_EQ(s.businessDay(utc(26, 22, 0)), QDate(2026, 11, 27));
}

TEST(Config, TlsSectionAndPlainHttpSwitch)
{
    QJsonObject root = builtInJson();
    ConfigError e;
    const auto plain = parseOfficeConfig(root, &e);
    ASSERT_TRUE(plain.has_value());
    EXPECT_FALSE(plain->tls.enabled());
    EXPECT_FALSE(plain->allowPlainHttp);

    root.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("cert"), QStringLiteral("tls/office.crt")},
                                                   {QStringLiteral("key"), QStringLiteral("tls/office.key")}});
    root.insert(QStringLiteral("allow_plain_http"), true);
    const auto tls = parseOfficeConfig(root, &e);
    ASSERT_TRUE(tls.has_value());
    EXPECT_TRUE(tls->tls.enabled());
    EXPECT_EQ(tls->tls.cert, QStringLiteral("tls/office.crt"));
    EXPECT_TRUE(tls->allowPlainHttp);

    QJsonObject noKey = root;
    noKey.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("cert"), QStringLiteral("a.crt")}});
    EXPECT_EQ(errorOf(noKey).field, QStringLiteral("tls.key"));
    QJsonObject extra = root;
    extra.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("cert"), QStringLiteral("a.crt")},
                                                    {QStringLiteral("key"), QStringLiteral("a.key")},
                                                    {QStringLiteral("password"), QStringLiteral("x")}});
    EXPECT_EQ(errorOf(extra).field, QStringLiteral("tls.password"));
    QJsonObject notBool = root;
    notBool.insert(QStringLiteral("allow_plain_http"), QStringLiteral("yes"));
    EXPECT_EQ(errorOf(notBool).field, QStringLiteral("allow_plain_http"));

    // Relative paths are the configuration file's directory's.
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("office.json")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(root).toJson());
    f.close();
    QString error;
    const auto loaded = loadOfficeConfig(f.fileName(), &error);
    ASSERT_TRUE(loaded.has_value()) << error.toStdString();
    EXPECT_EQ(loaded->tls.cert, dir.filePath(QStringLiteral("tls/office.crt")));
    EXPECT_EQ(loaded->tls.key, dir.filePath(QStringLiteral("tls/office.key")));
}

// The live configuration is kept and exported in the file's schema (server/liveconfig.h):
// what officeConfigToJson writes parses back to the same office, secrets only as hashes.
TEST(Config, ToJsonRoundTripsTheBuiltInOffice)
{
    ConfigError e;
    const auto office = parseOfficeConfig(builtInJson(), &e);
    ASSERT_TRUE(office) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
    const QJsonObject written = officeConfigToJson(*office);
    const auto back = parseOfficeConfig(written, &e);
    ASSERT_TRUE(back) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
    EXPECT_TRUE(*back == *office);
    EXPECT_EQ(officeConfigToJson(*back), written);
    const QByteArray text = QJsonDocument(written).toJson();
    EXPECT_FALSE(text.contains("demo-kiosk")) << "a device token in the export";
    EXPECT_TRUE(text.contains(deviceTokenHash(QStringLiteral("demo-kiosk")).toUtf8()));
    // The hashed token is accepted when imported and still authenticates the device.
    ASSERT_NE(back->deviceByToken(QStringLiteral("demo-kiosk")), nullptr);
    EXPECT_EQ(back->deviceByToken(QStringLiteral("demo-kiosk"))->role, QStringLiteral("kiosk"));
    EXPECT_EQ(back->deviceByToken(deviceTokenHash(QStringLiteral("demo-kiosk"))), nullptr) << "the hash is no token";
}

// The installed office (deploy/debian/server/postinst: the built-in one with fresh device
// tokens and PINs) with everything else the schema has: holidays, shortened days, booking,
// TLS, a retired topic, a deactivated operator, a time zone, the running line.
TEST(Config, ToJsonRoundTripsAFullOffice)
{
    QJsonObject root = builtInJson();
    QJsonObject office = root.value(QStringLiteral("office")).toObject();
    office.insert(QStringLiteral("timezone"), QStringLiteral("Europe/Moscow"));
    office.insert(QStringLiteral("running_line"), QStringLiteral("Добро пожаловать"));
    root.insert(QStringLiteral("office"), office);
    QJsonArray devices;
    for (const QJsonValue &v : root.value(QStringLiteral("devices")).toArray()) {
        QJsonObject d = v.toObject();
        d.insert(QStringLiteral("token"), QString(d.value(QStringLiteral("name")).toString() + QStringLiteral("-0123456789abcdef")));
        devices.append(d);
    }
    root.insert(QStringLiteral("devices"), devices);
    QJsonArray services = root.value(QStringLiteral("services")).toArray();
    QJsonObject retired = services[3].toObject();
    retired.insert(QStringLiteral("retired"), true);
    services[3] = retired;
    root.insert(QStringLiteral("services"), services);
    QJsonArray operators = root.value(QStringLiteral("operators")).toArray();
    QJsonObject away = operators[1].toObject();
    away.insert(QStringLiteral("active"), false);
    operators[1] = away;
    root.insert(QStringLiteral("operators"), operators);
    root.insert(QStringLiteral("holidays"), QJsonArray{QStringLiteral("2027-01-01"), QStringLiteral("2027-01-07")});
    root.insert(QStringLiteral("special_days"),
                QJsonArray{QJsonObject{{QStringLiteral("date"), QStringLiteral("2026-12-31")},
                                       {QStringLiteral("hours"), QJsonArray{QStringLiteral("08:00-13:00")}}}});
    root.insert(QStringLiteral("booking"), QJsonObject{{QStringLiteral("walk_in_share"), 0.25}, {QStringLiteral("slot_min"), 20}});
    root.insert(QStringLiteral("call_policy"), QStringLiteral("norm"));
    root.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("cert"), QStringLiteral("/etc/queue/tls/server.crt")},
                                                   {QStringLiteral("key"), QStringLiteral("/etc/queue/tls/server.key")}});
    root.insert(QStringLiteral("allow_plain_http"), true);

    ConfigError e;
    const auto office1 = parseOfficeConfig(root, &e);
    ASSERT_TRUE(office1) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
    EXPECT_TRUE(office1->isRetired(QStringLiteral("b2b_contracts")));
    EXPECT_FALSE(office1->operators[1].active);
    const auto back = parseOfficeConfig(officeConfigToJson(*office1), &e);
    ASSERT_TRUE(back) << qPrintable(e.field + QLatin1Char(' ') + e.problem);
    EXPECT_TRUE(*back == *office1);
    EXPECT_EQ(back->findActiveOperator(office1->operators[1].login), nullptr);
    EXPECT_NE(back->findOperator(office1->operators[1].login), nullptr);
    // Any one difference is seen.
    OfficeConfig changed = *back;
    changed.windows[1].services.removeLast();
    EXPECT_FALSE(changed == *office1);
}
