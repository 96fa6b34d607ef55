#include "screenshots.h"

#include "deskwindow.h"
#include "workpage.h"

#include "operator_desk/logic/deskcontroller.h"
#include "operator_desk/logic/samplestate.h"
#include "operator_desk/logic/screenshotdriver.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPixmap>
#include <QRadioButton>

namespace queue::desk::ui {

namespace {
constexpr int kWidth = 1366;
constexpr int kHeight = 768;

bool save(QWidget *w, const QString &path)
{
    w->show();
    for (int i = 0; i < 5; ++i)
        QApplication::processEvents();
    return w->grab().save(path);
}
} // namespace

QStringList writeScreenshots(const QString &dir, const DeskSettings &settings, const Clock &clock, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create %1").arg(dir);
        return {};
    }
    QStringList written;
    client::ApiClient api;   // never called: the sample states need no server

    struct Shot {
        QString name;
        QString state;          // sample state, empty: the login screen
        bool online = true;
        WorkPage::Form form = WorkPage::Form::None;
        bool compact = false;
    };
    const QList<Shot> shots{
        {QStringLiteral("login"), QString()},
        {QStringLiteral("idle-sample"), QStringLiteral("idle")},
        {QStringLiteral("called-sample"), QStringLiteral("called")},
        {QStringLiteral("serving-sample"), QStringLiteral("serving")},
        {QStringLiteral("over-norm-sample"), QStringLiteral("over-norm")},
        {QStringLiteral("finish-sample"), QStringLiteral("serving"), true, WorkPage::Form::Finish},
        {QStringLiteral("redirect-sample"), QStringLiteral("serving"), true, WorkPage::Form::Redirect},
        {QStringLiteral("call-ticket-sample"), QStringLiteral("idle"), true, WorkPage::Form::CallTicket},
        {QStringLiteral("pause-sample"), QStringLiteral("idle"), true, WorkPage::Form::Pause},
        {QStringLiteral("paused-sample"), QStringLiteral("paused")},
        {QStringLiteral("offline-sample"), QStringLiteral("serving"), false},
        {QStringLiteral("compact-sample"), QStringLiteral("serving"), true, WorkPage::Form::None, true},
    };
    for (const Shot &shot : shots) {
        DeskController controller(&api, nullptr, &clock);
        DeskSettings s = settings;
        s.compact = false;
        s.alwaysOnTop = false;
        DeskWindow window(&controller, s);
        window.resize(kWidth, kHeight);
        if (!shot.state.isEmpty())
            ScreenshotDriver(controller).showSnapshot(sampleSnapshot(shot.state, clock.nowMs()), shot.online);
        if (shot.form != WorkPage::Form::None) {
            window.workPage()->showForm(shot.form);
            if (shot.form == WorkPage::Form::Finish) {
                window.findChild<QRadioButton *>(QStringLiteral("outcomeStopped"))->setChecked(true);
            } else if (shot.form == WorkPage::Form::Redirect) {
                auto *combo = window.findChild<QComboBox *>(QStringLiteral("redirectServiceCombo"));
                combo->setCurrentIndex(combo->count() > 1 ? 1 : 0);
            }
        }
        if (shot.compact) {
            window.setCompact(true);
            window.resize(500, kHeight);
        }
        const QString path = QDir(dir).filePath(QStringLiteral("queue-desk-%1.png").arg(shot.name));
        if (!save(&window, path)) {
            *error = QStringLiteral("cannot write %1").arg(path);
            return {};
        }
        written << path;
    }
    return written;
}

} // namespace queue::desk::ui
