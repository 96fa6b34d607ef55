// queue-desk: the operator's desk. Parses the command line, creates the API client, the
// event stream and the clock, and wires them to the view-model and the window.
#include "operator_desk/logic/deskcontroller.h"
#include "operator_desk/logic/desksettings.h"
#include "operator_desk/ui/deskwindow.h"
#include "operator_desk/ui/loginpage.h"
#include "operator_desk/ui/screenshots.h"
#include "operator_desk/ui/style.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QLoggingCategory>
#include <QTranslator>

#include <cstdio>

using namespace queue;

Q_LOGGING_CATEGORY(lcDeskMain, "queue.desk.main")

int main(int argc, char **argv)
{
    // --help, --version and --screenshot need no screen: run them offscreen unless told otherwise.
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if ((a == "--help" || a == "-h" || a == "--help-all" || a == "--version" || a == "-v" || a.startsWith("--screenshot"))
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
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
    const QCommandLineOption langOpt(QStringLiteral("lang"), QStringLiteral("Language: ru (default) or en."),
                                     QStringLiteral("ru|en"), QStringLiteral("ru"));
    const QCommandLineOption fullOpt(QStringLiteral("fullscreen"), QStringLiteral("Full screen."));
    const QCommandLineOption windowedOpt(QStringLiteral("windowed"), QStringLiteral("In a window (default)."));
    const QCommandLineOption compactOpt(QStringLiteral("compact"),
                                        QStringLiteral("Start as a narrow always-on-top panel."));
    const QCommandLineOption windowOpt(QStringLiteral("window"), QStringLiteral("Window number to offer at login."),
                                       QStringLiteral("N"));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                     QStringLiteral("Write PNGs of the main states (sample data) to DIR and exit."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption logOpt(QStringLiteral("log"),
                                    QStringLiteral("Logging rules, as in QT_LOGGING_RULES, e.g. \"queue.*.debug=true\"."),
                                    QStringLiteral("RULES"));
    parser.addOptions({serverOpt, configOpt, langOpt, fullOpt, windowedOpt, compactOpt, windowOpt, shotOpt, logOpt});
    parser.process(app);
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{if-category}%{category}: %{endif}%{message}"));
    if (parser.isSet(logOpt))
        QLoggingCategory::setFilterRules(parser.values(logOpt).join(QLatin1Char('\n')).replace(QLatin1Char(';'), QLatin1Char('\n')));

    const QString lang = parser.value(langOpt);
    if (lang != QLatin1String("ru") && lang != QLatin1String("en")) {
        std::fprintf(stderr, "queue-desk: --lang must be ru or en\n");
        return 2;
    }
    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/queue-desk_%1.qm").arg(lang)))
        QApplication::installTranslator(&translator);
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

    if (parser.isSet(shotOpt)) {
        QString error;
        const QStringList files = desk::ui::writeScreenshots(parser.value(shotOpt), settings, &error);
        if (files.isEmpty()) {
            std::fprintf(stderr, "queue-desk: %s\n", qPrintable(error));
            return 1;
        }
        for (const QString &f : files)
            std::printf("%s\n", qPrintable(f));
        return 0;
    }

    const QUrl server = QUrl::fromUserInput(parser.value(serverOpt));
    if (!server.isValid()) {
        std::fprintf(stderr, "queue-desk: bad --server URL\n");
        return 2;
    }
    qCInfo(lcDeskMain) << "server" << server.toString() << "language" << lang;
    SystemClock clock;
    client::ApiClient api(server);
    client::EventStream events;
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
