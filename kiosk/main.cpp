// queue-kiosk: parses the command line, creates the API client and the printer named in the
// config, and wires them to the controller and the window. Nothing else creates devices.
#include "logic/kioskcontroller.h"
#include "logic/kiosksettings.h"
#include "logic/screenshotdriver.h"
#include "printer/printer.h"
#include "printer/printerfactory.h"
#include "ui/kioskwindow.h"
#include "ui/screenshots.h"

#include "common/app/enrolment.h"
#include "common/app/startup.h"
#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "common/clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFont>
#include <QHash>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdio>
#include <optional>

using namespace queue;

Q_LOGGING_CATEGORY(lcKioskMain, "queue.kiosk.main")

namespace {

client::ServiceCatalog sampleCatalog()
{
    client::ServiceCatalog c;
    c.office = {QStringLiteral("ЦОК «Центральный»"), QStringLiteral("8-800-100-00-00"),
                QStringLiteral("energo.example.ru")};
    c.open = true;
    c.visitNormMin = 30;
    auto add = [&](const char *id, const char *name, const char *desc, Segment seg, int norm, int waiting, int wait) {
        static const QHash<QString, QString> prefixes{{QStringLiteral("reception"), QStringLiteral("Д")},
                                                      {QStringLiteral("contracts"), QStringLiteral("К")},
                                                      {QStringLiteral("payments"), QStringLiteral("П")},
                                                      {QStringLiteral("b2b_contracts"), QStringLiteral("Ю")}};
        ServiceInfo s;
        s.id = QString::fromUtf8(id);
        s.prefix = prefixes.value(s.id);
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

// A sample ticket for --print-test-ticket: Cyrillic in every line and a QR code, so that the
// code page, the raster parts and the cutter are all checked by one job.
hardware::TicketData testTicket(const kiosk::KioskSettings &settings, const QString &server)
{
    hardware::TicketData t;
    t.officeName = QStringLiteral("ЦОК «Центральный» — пробная печать");
    t.number = QStringLiteral("Ж000");
    t.topic = QStringLiteral("Проверка принтера: ёЁ йЙ щЩ ъЪ эЭ юЮ яЯ");
    t.priorityMark = QStringLiteral("ВНЕ ОЧЕРЕДИ: образец отметки");
    t.issuedText = QDateTime::currentDateTime().toString(QStringLiteral("dd.MM.yyyy  HH:mm"));
    t.aheadText = QStringLiteral("Перед Вами в очереди: 0");
    t.waitText = QStringLiteral("Ожидание: без ожидания");
    t.complaintText = QStringLiteral("Если Вы недовольны качеством обслуживания, позвоните 8-800-100-00-00");
    QString base = server;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    // A page address of the real length (22 characters of token), so the QR code has its real size.
    t.qrUrl = kiosk::KioskSettings::ticketPageUrl(settings.ticketUrl, base, QStringLiteral("/t/test-ticket-0000000000"), 0);
    t.qrCaption = QStringLiteral("Ваше место в очереди");
    return t;
}

// --print-test-ticket: what a technician runs when installing a printer. Prints the sample
// ticket through the configured printer and reports its state. 0: printed and the printer is
// fine (paper low is reported, but still 0); 1: not printed or the printer reports a fault.
int printTestTicket(hardware::Printer &printer, const hardware::TicketData &ticket)
{
    std::printf("queue-kiosk: printer: %s\n", qPrintable(printer.description()));
    std::fflush(stdout);
    QEventLoop loop;
    std::optional<hardware::PrinterStatus> status;
    printer.checkStatus([&](const hardware::PrinterStatus &st) {
        status = st;
        loop.quit();
    });
    if (!status)
        loop.exec();
    std::printf("queue-kiosk: status before printing: %s%s%s\n", qPrintable(hardware::toString(status->state)),
                status->detail.isEmpty() ? "" : " - ", qPrintable(status->detail));
    std::fflush(stdout);
    if (!status->canPrint()) {
        std::fprintf(stderr, "queue-kiosk: the printer cannot print (%s): nothing was sent. Check the paper, the "
                             "cable and the printer URI.\n",
                     qPrintable(hardware::toString(status->state)));
        return 1;
    }
    std::optional<hardware::PrintResult> result;
    printer.print(ticket, [&](const hardware::PrintResult &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    const hardware::PrinterStatus &after = result->status;
    std::printf("queue-kiosk: status after printing: %s%s%s\n", qPrintable(hardware::toString(after.state)),
                after.detail.isEmpty() ? "" : " - ", qPrintable(after.detail));
    if (!result->ok) {
        std::fprintf(stderr, "queue-kiosk: the test ticket was NOT printed: %s\n", qPrintable(result->error));
        return 1;
    }
    if (!after.canPrint()) {
        std::fprintf(stderr, "queue-kiosk: the test ticket was sent, but the printer now reports %s\n",
                     qPrintable(hardware::toString(after.state)));
        return 1;
    }
    if (after.state == hardware::PrinterState::PaperLow)
        std::printf("queue-kiosk: warning: the paper roll is nearly used up\n");
    std::printf("queue-kiosk: test ticket printed: check the Cyrillic text, the number, the QR code and the cut\n");
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    // --screenshot and --print-test-ticket need no screen either.
    app::offscreenForCommandLineRuns(argc, argv, {"--screenshot", "--print-test-ticket", "--enrol", "--check-server"});
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
    const QCommandLineOption tokenOpt = app::tokenFileOption(QStringLiteral("kiosk"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Kiosk settings (JSON)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption langOpt = app::languageOption();
    const QCommandLineOption fullOpt(QStringLiteral("fullscreen"), QStringLiteral("Full screen (default)."));
    const QCommandLineOption windowedOpt(QStringLiteral("windowed"), QStringLiteral("In a 1080×1920 window."));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                     QStringLiteral("Write PNGs of every main screen to DIR and exit."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption printerOpt(QStringLiteral("printer"),
                                        QStringLiteral("Printer URI (overrides the config's \"printer\")."),
                                        QStringLiteral("URI"));
    const QCommandLineOption testTicketOpt(
        QStringLiteral("print-test-ticket"),
        QStringLiteral("Print a sample ticket (Cyrillic text, QR) through the configured printer, report the "
                       "printer's state and exit: 0 printed, 1 not printed or printer fault."));
    const QCommandLineOption logOpt = app::logOption();
    const app::ServerOptions serverOpts;
    parser.addOptions({serverOpt, tokenOpt, configOpt, langOpt, fullOpt, windowedOpt, shotOpt, printerOpt,
                       testTicketOpt, logOpt});
    serverOpts.addTo(parser);
    parser.process(app);
    app::applyLogOptions(parser, logOpt);

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
    settings.printerUri = hardware::withEscPosProfile(settings.printerUri, settings.printerProfile);
    const std::optional<QString> language = app::language(parser, langOpt);
    if (!language) {
        std::fprintf(stderr, "queue-kiosk: --lang must be ru or en\n");
        return 2;
    }
    const QString lang = *language;

    QString error;
    const auto connection = app::Enrolment::connection(parser, serverOpt, &tokenOpt, serverOpts.stateDir, &error);
    if (parser.isSet(serverOpts.enrol) || parser.isSet(serverOpts.check)) {
        app::Translations translations(QStringLiteral("kiosk"));
        translations.use(lang);
        if (parser.isSet(serverOpts.enrol))
            return app::Enrolment::runCommand(QStringLiteral("queue-kiosk"), parser, serverOpts.enrol, serverOpts.stateDir);
        if (connection)
            return serverOpts.checkServer(QStringLiteral("queue-kiosk"), parser, *connection, parser.value(configOpt));
    }
    if (!connection) {
        std::fprintf(stderr, "queue-kiosk: %s\n", qPrintable(error));
        return 2;
    }
    const QString serverUrl = connection->server.toString();
    QString trustError;
    const std::optional<client::ServerTrust> trust =
        serverOpts.trust(parser, parser.value(configOpt), &trustError);
    if (!trust) {
        std::fprintf(stderr, "queue-kiosk: %s\n", qPrintable(trustError));
        return 2;
    }

    client::ApiClient api(connection->server);
    api.setTrust(*trust);
    api.setTimeout(5000);
    if (!connection->token.isEmpty())
        api.setToken(connection->token);

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

    if (parser.isSet(testTicketOpt)) {
        if (!printer) {
            std::fprintf(stderr, "queue-kiosk: --print-test-ticket and --screenshot cannot be combined\n");
            return 2;
        }
        return printTestTicket(*printer, testTicket(settings, serverUrl));
    }

    qCInfo(lcKioskMain) << "server" << serverUrl << "printer" << settings.printerUri << "language" << lang;
    SystemClock clock;
    kiosk::KioskController controller(&api, printer.get(), clock, settings);
    kiosk::ui::KioskWindow window(&controller);
    controller.setLanguage(lang);

    if (screenshots) {
        // Real data when the server answers within a few seconds, else the sample office.
        bool answered = false, done = false;
        kiosk::ScreenshotDriver driver(controller);
        api.setTimeout(3000);
        api.services([&](const client::Result<client::ServiceCatalog> &r) {
            if (r) {
                driver.setCatalog(r.value());
                answered = true;
            }
            done = true;
        });
        QElapsedTimer t;
        t.start();
        while (!done && t.elapsed() < 5000)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
        if (!answered)
            driver.setCatalog(sampleCatalog());
        QStringList madeUp;
        const int n = kiosk::ui::writeScreenshots(window, controller, parser.value(shotOpt), !answered, &madeUp);
        if (n < 0) {
            std::fprintf(stderr, "queue-kiosk: cannot write screenshots to %s\n", qPrintable(parser.value(shotOpt)));
            return 1;
        }
        std::printf("queue-kiosk: wrote %d images to %s (%s data)\n", n, qPrintable(parser.value(shotOpt)),
                    answered ? "server" : "sample");
        if (!madeUp.isEmpty())
            std::printf("queue-kiosk: sample states on the server's office, marked -sample: %s; the paper tickets "
                        "are samples too\n",
                        qPrintable(madeUp.join(QStringLiteral(", "))));
        return 0;
    }

    // The live administration's changes (config.changed) reach the menu through the stream.
    client::EventStream stream;
    stream.setServerUrl(connection->server);
    stream.setToken(connection->token);
    stream.setTrust(*trust);
    controller.setEventStream(&stream);
    // Numbers leased ahead of time, for issuing while the server cannot be reached; the
    // journal of what was issued from them lives beside the enrolment.
    kiosk::OfflineReserve reserve(serverOpts.stateDirectory(parser));
    if (!reserve.error().isEmpty())
        qCWarning(lcKioskMain).noquote() << "offline reserve:" << reserve.error();
    controller.setOfflineReserve(&reserve);

    if (parser.isSet(windowedOpt)) {
        window.resize(540, 960);
        window.show();
    } else {
        window.showFullScreen();
    }
    controller.start();
    return app.exec();
}
