// queue-desk: the operator's desk. Parses the command line, creates the API client, the
// event stream and the clock, and wires them to the view-model and the window.
#include "operator_desk/logic/deskcontroller.h"
#include "operator_desk/logic/desksettings.h"
#include "operator_desk/ui/deskwindow.h"
#include "operator_desk/ui/loginpage.h"
#include "operator_desk/ui/screenshots.h"
#include "operator_desk/ui/style.h"

#include "common/app/enrolment.h"
#include "common/app/startup.h"
#include "common/client/apiclient.h"
#include "common/client/eventstream.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QLoggingCategory>

#include <cstdio>

using namespace queue;

Q_LOGGING_CATEGORY(lcDeskMain, "queue.desk.main")

int main(int argc, char **argv)
{
    // --screenshot needs no screen either.
    app::offscreenForCommandLineRuns(argc, argv, {"--screenshot", "--enrol", "--check-server"});
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("queue-desk"));
    QApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Operator desk of the electronic queue"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOpt(QStringLiteral("server"), QStringLiteral("Queue server URL."),
                                       QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8470"));
    const QCommandLineOption configOpt(QStringLiteral("config"),
                                       QStringLiteral("Desk settings (JSON): shortcuts, compact, always_on_top, "
                                                      "postpone_minutes."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption langOpt = app::languageOption();
    const QCommandLineOption fullOpt(QStringLiteral("fullscreen"), QStringLiteral("Full screen."));
    const QCommandLineOption windowedOpt(QStringLiteral("windowed"), QStringLiteral("In a window (default)."));
    const QCommandLineOption compactOpt(QStringLiteral("compact"),
                                        QStringLiteral("Start as a narrow always-on-top panel."));
    const QCommandLineOption windowOpt(QStringLiteral("window"), QStringLiteral("Window number to offer at login."),
                                       QStringLiteral("N"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                     QStringLiteral("Write PNGs of the main states (sample data) to DIR and exit."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption logOpt = app::logOption();
    const app::ServerOptions serverOpts;
    parser.addOptions({serverOpt, configOpt, langOpt, fullOpt, windowedOpt, compactOpt, windowOpt, shotOpt, logOpt});
    serverOpts.addTo(parser);
    parser.process(app);
    app::applyLogOptions(parser, logOpt);

    const std::optional<QString> lang = app::language(parser, langOpt);
    if (!lang) {
        std::fprintf(stderr, "queue-desk: --lang must be ru or en\n");
        return 2;
    }
    app::Translations translations(QStringLiteral("queue-desk"));
    translations.use(*lang);
    // The desk's calls are its operator's; an enrolment gives it the server's address (and
    // the certificate's fingerprint).
    if (parser.isSet(serverOpts.enrol))
        return app::Enrolment::runCommand(QStringLiteral("queue-desk"), parser, serverOpts.enrol, serverOpts.stateDir);
    QString connectionError;
    const auto connection = app::Enrolment::connection(parser, serverOpt, nullptr, serverOpts.stateDir, &connectionError);
    if (!connection) {
        std::fprintf(stderr, "queue-desk: %s\n", qPrintable(connectionError));
        return 2;
    }
    if (parser.isSet(serverOpts.check))
        return serverOpts.checkServer(QStringLiteral("queue-desk"), parser, *connection, parser.value(configOpt));
    desk::ui::applyDeskStyle(app);

    desk::DeskSettings settings;
    if (parser.isSet(configOpt)) {
        QFile f(parser.value(configOpt));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "queue-desk: cannot read %s\n", qPrintable(parser.value(configOpt)));
            return 2;
        }
        QString error;
        const auto parsed = desk::DeskSettings::fromJson(f.readAll(), &error);
        if (!parsed) {
            std::fprintf(stderr, "queue-desk: bad settings %s: %s\n", qPrintable(parser.value(configOpt)),
                         qPrintable(error));
            return 2;
        }
        settings = *parsed;
    }
    if (parser.isSet(compactOpt)) {
        settings.compact = true;
        settings.alwaysOnTop = true;
    }

    SystemClock clock;
    if (parser.isSet(shotOpt)) {
        QString error;
        const QStringList files = desk::ui::writeScreenshots(parser.value(shotOpt), settings, clock, &error);
        if (files.isEmpty()) {
            std::fprintf(stderr, "queue-desk: %s\n", qPrintable(error));
            return 1;
        }
        for (const QString &f : files)
            std::printf("%s\n", qPrintable(f));
        return 0;
    }

    const QUrl server = QUrl::fromUserInput(connection->server.toString());   // --server, else the enrolled one
    if (!server.isValid()) {
        std::fprintf(stderr, "queue-desk: bad --server URL\n");
        return 2;
    }
    QString trustError;
    const std::optional<client::ServerTrust> trust =
        serverOpts.trust(parser, parser.value(configOpt), &trustError);
    if (!trust) {
        std::fprintf(stderr, "queue-desk: %s\n", qPrintable(trustError));
        return 2;
    }
    qCInfo(lcDeskMain) << "server" << server.toString() << "language" << *lang;
    client::ApiClient api(server);
    api.setTrust(*trust);
    client::EventStream events;
    events.setTrust(*trust);
    events.setReconnectBackoff(250, 2000);
    desk::DeskController controller(&api, &events, &clock);
    desk::ui::DeskWindow window(&controller, settings);
    if (parser.isSet(windowOpt))
        window.loginPage()->setWindowNumber(parser.value(windowOpt).toInt());
    if (parser.isSet(fullOpt) && !parser.isSet(windowedOpt)) {
        window.showFullScreen();
    } else {
        if (!settings.compact)
            window.resize(1366, 740);
        window.show();
    }
    return app.exec();
}
