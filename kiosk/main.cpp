// queue-kiosk: parses the command line, creates the API client and the printer named in the
// config, and wires them to the controller and the window. Nothing else creates devices.
#include "logic/kioskcontroller.h"
#include "logic/kiosksettings.h"
#include "printer/printer.h"
#include "printer/printerfactory.h"
#include "ui/kioskwindow.h"
#include "ui/screenshots.h"

#include "common/client/apiclient.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFont>
#include <QJsonObject>

#include <cstdio>

using namespace queue;

namespace {

client::ServiceCatalog sampleCatalog()
{
    client::ServiceCatalog c;
    c.office = {QStringLiteral("ЦОК «Центральный»"), QStringLiteral("8-800-100-00-00"),
                QStringLiteral("energo.example.ru")};
    c.open = true;
    c.visitNormMin = 30;
    auto add = [&](const char *id, const char *name, const char *desc, Segment seg, int norm, int waiting, int wait) {
        ServiceInfo s;
        s.id = QString::fromUtf8(id);
        s.name = QString::fromUtf8(name);
        s.description = QString::fromUtf8(desc);
        s.segment = seg;
        s.waitNormMin = norm;
        s.waiting = waiting;
        s.estimatedWaitS = wait;
        c.services << s;
    };
    add("reception", "Приём и регистрация документов", "Заявления, обращения, передача документов", Segment::B2C, 0, 2,
        120);
    add("contracts", "Договоры и консультации",
        "Заключение, изменение и расторжение договора, консультации по услугам", Segment::B2C, 10, 5, 540);
    add("payments", "Платёжные документы", "Счета, квитанции, перерасчёт, задолженность", Segment::B2C, 5, 4, 360);
    add("b2b_contracts", "Договоры для юридических лиц", "Договоры энергоснабжения организаций и ИП", Segment::B2B, 10,
        0, 0);
    return c;
}

} // namespace

int main(int argc, char **argv)
{
    // --help, --version and --screenshot need no screen: run them offscreen unless told otherwise.
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if ((a == "--help" || a == "-h" || a == "--help-all" || a == "--version" || a == "-v"
             || a.startsWith("--screenshot"))
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("queue-kiosk"));
    QApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ticket kiosk of the electronic queue."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOpt(QStringLiteral("server"), QStringLiteral("Queue server URL."),
                                       QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8470"));
    const QCommandLineOption tokenOpt(QStringLiteral("token-file"), QStringLiteral("File with the kiosk's device token."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Kiosk settings (JSON)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption langOpt(QStringLiteral("lang"), QStringLiteral("Language at start: ru or en."),
                                     QStringLiteral("LANG"), QStringLiteral("ru"));
    const QCommandLineOption fullOpt(QStringLiteral("fullscreen"), QStringLiteral("Full screen (default)."));
    const QCommandLineOption windowedOpt(QStringLiteral("windowed"), QStringLiteral("In a 1080×1920 window."));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                     QStringLiteral("Write PNGs of every main screen to DIR and exit."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption printerOpt(QStringLiteral("printer"),
                                        QStringLiteral("Printer URI (overrides the config's \"printer\")."),
                                        QStringLiteral("URI"));
    parser.addOptions({serverOpt, tokenOpt, configOpt, langOpt, fullOpt, windowedOpt, shotOpt, printerOpt});
    parser.process(app);

    kiosk::KioskSettings settings;
    if (parser.isSet(configOpt)) {
        QString error;
        const auto s = kiosk::KioskSettings::load(parser.value(configOpt), &error);
        if (!s) {
            std::fprintf(stderr, "queue-kiosk: %s\n", qPrintable(error));
            return 2;
        }
        settings = *s;
    }
    if (parser.isSet(printerOpt))
        settings.printerUri = parser.value(printerOpt);
    const QString lang = parser.value(langOpt);
    if (lang != QLatin1String("ru") && lang != QLatin1String("en")) {
        std::fprintf(stderr, "queue-kiosk: --lang must be ru or en\n");
        return 2;
    }

    client::ApiClient api(QUrl(parser.value(serverOpt)));
    api.setTimeout(5000);
    if (parser.isSet(tokenOpt)) {
        QFile f(parser.value(tokenOpt));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "queue-kiosk: cannot read %s\n", qPrintable(parser.value(tokenOpt)));
            return 2;
        }
        api.setToken(QString::fromUtf8(f.readAll()).trimmed());
    }

    const bool screenshots = parser.isSet(shotOpt);
    std::unique_ptr<hardware::Printer> printer;
    if (!screenshots) {
        QString error;
        printer = hardware::createPrinter(settings.printerUri, &error);
        if (!printer) {
            std::fprintf(stderr, "queue-kiosk: printer: %s\n", qPrintable(error));
            return 2;
        }
    }

    kiosk::KioskController controller(&api, printer.get(), settings);
    kiosk::ui::KioskWindow window(&controller);
    controller.setLanguage(lang);

    if (screenshots) {
        // Real data when the server answers within a few seconds, else the sample office.
        bool answered = false, done = false;
        api.setTimeout(3000);
        api.services([&](const client::Result<client::ServiceCatalog> &r) {
            if (r) {
                controller.presentCatalog(r.value(), {});
                answered = true;
            }
            done = true;
        });
        QElapsedTimer t;
        t.start();
        while (!done && t.elapsed() < 5000)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        if (!answered)
            controller.presentCatalog(sampleCatalog(), {});
        const int n = kiosk::ui::writeScreenshots(window, controller, parser.value(shotOpt), !answered);
        if (n < 0) {
            std::fprintf(stderr, "queue-kiosk: cannot write screenshots to %s\n", qPrintable(parser.value(shotOpt)));
            return 1;
        }
        std::printf("queue-kiosk: wrote %d images to %s (%s data)\n", n, qPrintable(parser.value(shotOpt)),
                    answered ? "server" : "sample");
        return 0;
    }

    if (parser.isSet(windowedOpt)) {
        window.resize(540, 960);
        window.show();
    } else {
        window.showFullScreen();
    }
    controller.start();
    return app.exec();
}
