// queue-board: the hall screen, its voice announcements and the boards above the windows.
// Parses the command line, creates the concrete devices and clients, and wires them.
#include "common/app/enrolment.h"
#include "common/app/startup.h"
#include "hardware/ledboard/leddriver.h"
#include "hardware/ledboard/modbusleddriver.h"
#include "hardware/voice/announcementqueue.h"
#include "hardware/voice/fragmentvoice.h"
#include "hardware/voice/pcm.h"
#include "hardware/voice/processaudiosink.h"
#include "hardware/voice/ttsvoice.h"
#include "logic/boardconfig.h"
#include "logic/boardmodel.h"
#include "logic/ledcontroller.h"
#include "logic/sampledata.h"
#include "ui/boardwindow.h"
#include "ui/tickerwidget.h"

#include "common/client/apiclient.h"
#include "common/client/eventstream.h"
#include "common/clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLayout>
#include <QLocale>
#include <QLoggingCategory>
#include <QModbusRtuSerialClient>
#include <QSerialPort>
#include <QTextStream>
#include <QTimer>

#include <memory>

using namespace queue;
using namespace queue::board;

Q_LOGGING_CATEGORY(lcBoardMain, "queue.board.main")

namespace {

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

// Runs the event loop until pred() holds or timeoutMs passes.
bool spin(const std::function<bool()> &pred, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!pred() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    return pred();
}

// The fragment set: the configured one, else installed next to the program, else the one
// generated in the build tree.
QString fragmentsDir(const VoiceConfig &v)
{
    if (!v.fragmentsDir.isEmpty())
        return v.fragmentsDir;
    const QStringList candidates{
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/queue/voice/ru")),
        QStringLiteral(QUEUE_INSTALL_FRAGMENTS_DIR), QStringLiteral(QUEUE_BUILD_FRAGMENTS_DIR)};
    for (const QString &dir : candidates)
        if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("talon.wav"))))
            return QDir::cleanPath(dir);
    return QStringLiteral(QUEUE_BUILD_FRAGMENTS_DIR);
}

QSerialPort::Parity parity(const QString &p)
{
    return p == QLatin1String("even") ? QSerialPort::EvenParity
           : p == QLatin1String("odd") ? QSerialPort::OddParity
                                        : QSerialPort::NoParity;
}

led::LedFormat ledFormat(const LedLineConfig &l)
{
    led::LedFormat f;
    f.textTemplate = l.textTemplate;
    f.closedText = l.closedText;
    f.blankWhenClosed = l.blankWhenClosed;
    f.encoding = led::encodingFromString(l.encoding).value_or(led::Encoding::Ascii);
    return f;
}

// Opens every configured LED line; a line that cannot be opened is reported and skipped.
void setUpLed(const BoardConfig &config, LedController *controller, QObject *owner)
{
    for (const LedLineConfig &l : config.led) {
        led::LedDriver *driver = nullptr;
        if (l.protocol == QLatin1String("modbus")) {
            auto *client = new QModbusRtuSerialClient(owner);
            client->setConnectionParameter(QModbusDevice::SerialPortNameParameter, l.port);
            client->setConnectionParameter(QModbusDevice::SerialBaudRateParameter, l.baud);
            client->setConnectionParameter(QModbusDevice::SerialDataBitsParameter, l.dataBits);
            client->setConnectionParameter(QModbusDevice::SerialParityParameter, parity(l.parity));
            client->setConnectionParameter(QModbusDevice::SerialStopBitsParameter, l.stopBits);
            client->setTimeout(500);
            client->setNumberOfRetries(1);
            if (!client->connectDevice())
                err() << "queue-board: LED line " << l.port << ": " << client->errorString() << Qt::endl;
            driver = new led::ModbusLedDriver(client, ledFormat(l), l.modbusRegister, l.modbusRegisters, owner);
        } else {
            auto *port = new QSerialPort(l.port, owner);
            port->setBaudRate(l.baud);
            port->setDataBits(QSerialPort::DataBits(l.dataBits));
            port->setParity(parity(l.parity));
            port->setStopBits(l.stopBits == 2 ? QSerialPort::TwoStop : QSerialPort::OneStop);
            if (!port->open(QIODevice::ReadWrite))
                err() << "queue-board: LED line " << l.port << ": " << port->errorString() << Qt::endl;
            driver = new led::StreamLedDriver(port, l.protocol == QLatin1String("line") ? led::Protocol::Line : led::Protocol::QSystem,
                                              ledFormat(l), l.lineTemplate, owner);
        }
        QObject::connect(driver, &led::LedDriver::errorOccurred, owner,
                         [port = l.port](const QString &m) { err() << "queue-board: LED " << port << ": " << m << Qt::endl; });
        controller->addLine(driver, l.addresses);
    }
    controller->setRefreshMs(config.ledRefreshSeconds * 1000);
}

voice::VoiceBackend *makeVoice(const VoiceConfig &v, QObject *owner)
{
    if (v.backend == VoiceConfig::Backend::Off)
        return nullptr;
    QStringList args;
    if (v.player == QLatin1String("aplay"))
        args = {QStringLiteral("-q")};
    auto *sink = new voice::ProcessAudioSink(v.player, args, owner);
    voice::VoiceBackend *backend = nullptr;
    if (v.backend == VoiceConfig::Backend::Tts)
        backend = new voice::TtsVoice(sink, v.ttsEngine, owner);
    else
        backend = new voice::FragmentVoice(fragmentsDir(v), sink, owner);
    backend->setVolume(v.volume);
    backend->setChimeOnly(v.chimeOnly);
    if (!backend->errorString().isEmpty())
        err() << "queue-board: voice: " << backend->errorString() << Qt::endl;
    return backend;
}

bool saveShot(BoardWindow &w, QSize size, const QString &path)
{
    w.resize(size);
    w.show();
    w.refresh();
    QCoreApplication::processEvents();
    w.layout()->activate();
    QCoreApplication::processEvents();
    const bool ok = w.grab().save(path);
    err() << (ok ? "wrote " : "FAILED to write ") << path << Qt::endl;
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    // --announce, --headless, --enrol, --check-server and --help need no display.
    bool noGui = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--wav" || a == "--announce" || a == "--headless" || a == "--enrol" || a == "--check-server" || a == "--help" || a == "-h" || a == "--version" || a == "-v")
            noGui = true;
    }
    std::unique_ptr<QCoreApplication> app(noGui ? new QCoreApplication(argc, argv) : new QApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("queue-board"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QUEUE_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Hall board of the electronic queue: calls, voice announcements, window boards."));
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption serverOpt(QStringLiteral("server"), QStringLiteral("Queue server URL."), QStringLiteral("URL"),
                                       QStringLiteral("http://127.0.0.1:8470"));
    const QCommandLineOption tokenOpt = app::tokenFileOption(QStringLiteral("display"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Board settings (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption langOpt = app::languageOption();
    const QCommandLineOption fullOpt(QStringLiteral("fullscreen"), QStringLiteral("Full screen (default)."));
    const QCommandLineOption windowedOpt(QStringLiteral("windowed"), QStringLiteral("In a window (1920×1080 scaled down)."));
    const QCommandLineOption portraitOpt(QStringLiteral("portrait"), QStringLiteral("With --windowed: a 1080×1920 window."));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("Write PNGs of the main states into DIR and exit."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption headlessOpt(QStringLiteral("headless"), QStringLiteral("No screen: only voice and window boards."));
    const QCommandLineOption announceOpt(QStringLiteral("announce"), QStringLiteral("Announce TICKET (with --window) and exit."),
                                         QStringLiteral("TICKET"));
    const QCommandLineOption windowOpt(QStringLiteral("window"), QStringLiteral("Window number for --announce."), QStringLiteral("N"));
    const QCommandLineOption wavOpt(QStringLiteral("wav"), QStringLiteral("With --announce: write the announcement to FILE instead of playing it."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption logOpt = app::logOption();
    const app::ServerOptions serverOpts;
    p.addOptions({serverOpt, tokenOpt, configOpt, langOpt, fullOpt, windowedOpt, portraitOpt, shotOpt, headlessOpt, announceOpt,
                  windowOpt, wavOpt, logOpt});
    serverOpts.addTo(p);
    p.process(*app);
    app::applyLogOptions(p, logOpt);

    QStringList errors;
    const BoardConfig config = p.isSet(configOpt) ? BoardConfig::load(p.value(configOpt), &errors) : BoardConfig{};
    if (!errors.isEmpty()) {
        err() << "queue-board: bad configuration: " << errors.join(QStringLiteral("; ")) << Qt::endl;
        return 2;
    }

    const std::optional<QString> language = app::language(p, langOpt);
    if (!language) {
        err() << "queue-board: --lang must be ru or en" << Qt::endl;
        return 2;
    }
    const QString lang = *language;
    app::Translations translations(QStringLiteral("board"));
    translations.use(lang);
    // Weekday and month names of the opening date.
    QLocale::setDefault(lang == QLatin1String("ru") ? QLocale(QLocale::Russian, QLocale::Russia)
                                                    : QLocale(QLocale::English, QLocale::UnitedKingdom));

    // --- Sound check / test hook: one announcement, to a WAV file or the speaker.
    if (p.isSet(announceOpt)) {
        bool ok = false;
        const int window = p.value(windowOpt).toInt(&ok);
        if (!ok || window < 1) {
            err() << "queue-board: --announce needs --window N" << Qt::endl;
            return 2;
        }
        const voice::Announcement a{p.value(announceOpt), window, false};
        if (p.isSet(wavOpt)) {
            voice::FragmentRenderer renderer(fragmentsDir(config.voice));
            const voice::Pcm pcm = renderer.render(a, config.voice.volume, config.voice.chimeOnly);
            if (!renderer.missing().isEmpty()) {
                err() << "queue-board: fragments missing in " << renderer.directory() << ": "
                      << renderer.missing().join(QStringLiteral(", ")) << Qt::endl;
                return 1;
            }
            if (!voice::writeWavFile(p.value(wavOpt), pcm)) {
                err() << "queue-board: cannot write " << p.value(wavOpt) << Qt::endl;
                return 1;
            }
            return 0;
        }
        VoiceConfig vc = config.voice;
        if (vc.backend == VoiceConfig::Backend::Off)
            vc.backend = VoiceConfig::Backend::Fragments;
        voice::VoiceBackend *backend = makeVoice(vc, app.get());
        bool done = false;
        QObject::connect(backend, &voice::VoiceBackend::finished, app.get(), [&] { done = true; });
        backend->say(a);
        spin([&] { return done; }, 60000);
        if (!done || !backend->errorString().isEmpty()) {
            err() << "queue-board: announcement failed: " << backend->errorString() << Qt::endl;
            return 1;
        }
        return 0;
    }

    SystemClock clock;
    const bool screenshot = p.isSet(shotOpt);

    if (p.isSet(serverOpts.enrol))
        return app::Enrolment::runCommand(QStringLiteral("queue-board"), p, serverOpts.enrol, serverOpts.stateDir);
    QString connectionError;
    const auto connection = app::Enrolment::connection(p, serverOpt, &tokenOpt, serverOpts.stateDir, &connectionError);
    if (!connection) {
        err() << "queue-board: " << connectionError << Qt::endl;
        return 2;
    }
    if (p.isSet(serverOpts.check))
        return serverOpts.checkServer(QStringLiteral("queue-board"), p, *connection, p.value(configOpt));
    QString trustError;
    const std::optional<client::ServerTrust> trust = serverOpts.trust(p, p.value(configOpt), &trustError);
    if (!trust) {
        err() << "queue-board: " << trustError << Qt::endl;
        return 2;
    }
    const QString token = connection->token;
    client::ApiClient api(connection->server);
    api.setToken(token);
    api.setTrust(*trust);
    client::EventStream stream;
    stream.setServerUrl(connection->server);
    stream.setToken(token);
    stream.setTrust(*trust);

    BoardModel model(&api, &stream, clock);
    model.setFilter(config.filter);
    model.setRecentCount(config.recentCalls);
    model.setHighlightMs(config.highlightSeconds * 1000LL);
    model.setAnnounceMaxAgeMs(config.announceMaxAgeSeconds * 1000LL);
    model.setTicker(config.ticker);

    if (screenshot) {
        QFontDatabase::addApplicationFont(QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
        QDir dir(p.value(shotOpt));
        if (!dir.mkpath(QStringLiteral("."))) {
            err() << "queue-board: cannot create " << dir.path() << Qt::endl;
            return 1;
        }
        // Live data when the server answers, else the built-in sample office.
        bool live = false;
        api.setTimeout(2000);
        bool answered = false;
        api.health([&](const client::Result<client::HealthInfo> &r) {
            live = r.ok();
            answered = true;
        });
        spin([&] { return answered; }, 3000);
        bool ok = true;
        const QSize landscape(1920, 1080), portrait(1080, 1920);
        if (live) {
            model.start();
            spin([&] { return model.isLoaded(); }, 5000);
            BoardWindow w(&model);
            w.findChild<TickerWidget *>()->setSpeed(0);
            ok &= saveShot(w, landscape, dir.filePath(QStringLiteral("board-live-landscape.png")));
            ok &= saveShot(w, portrait, dir.filePath(QStringLiteral("board-live-portrait.png")));
            stream.close();
        }
        struct State {
            const char *name;
            bool calls;
            bool connected;
            bool closed;
        };
        for (const State &s : {State{"calls", true, true, false}, State{"idle", false, true, false},
                               State{"offline", true, false, false}, State{"closed", false, true, true}}) {
            BoardModel sample(nullptr, nullptr, clock);
            sample.setHighlightMs(config.highlightSeconds * 1000LL);
            sample.setRecentCount(config.recentCalls);
            sample.setFilter(config.filter);
            sample.setTicker(config.ticker);
            if (s.closed)
                loadClosedSampleData(&sample);
            else
                loadSampleData(&sample, s.calls);
            sample.setConnected(s.connected);
            BoardWindow w(&sample);
            w.findChild<TickerWidget *>()->setSpeed(0);
            for (const auto &[orient, size] : {std::pair{"landscape", landscape}, std::pair{"portrait", portrait}})
                ok &= saveShot(w, size,
                               dir.filePath(QStringLiteral("board-sample-%1-%2.png").arg(QLatin1String(orient), QLatin1String(s.name))));
        }
        return ok ? 0 : 1;
    }

    // --- The running board.
    qCInfo(lcBoardMain) << "server" << connection->server.toString() << "LED lines" << config.led.size() << "language" << lang;
    std::unique_ptr<voice::AnnouncementQueue> announcer;
    if (voice::VoiceBackend *backend = makeVoice(config.voice, app.get())) {
        announcer = std::make_unique<voice::AnnouncementQueue>(backend);
        QObject::connect(&model, &BoardModel::announce, announcer.get(), [&](const QString &ticket, int window, bool recall) {
            announcer->enqueue({ticket, window, recall});
        });
    }
    LedController leds(&model);
    setUpLed(config, &leds, app.get());

    std::unique_ptr<BoardWindow> window;
    if (!p.isSet(headlessOpt)) {
        window = std::make_unique<BoardWindow>(&model);
        if (p.isSet(windowedOpt)) {
            window->resize(p.isSet(portraitOpt) ? QSize(540, 960) : QSize(960, 540));
            window->show();
        } else {
            window->showFullScreen();
        }
    }
    model.start();
    return app->exec();
}
