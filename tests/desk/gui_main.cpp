// GoogleTest main for the desk's GUI tests: a QApplication (offscreen), the desk's style
// and its Russian translation, as in the program. Being linked first, this main() takes
// the place of the support library's QCoreApplication one.
#include "operator_desk/ui/style.h"

#include <QApplication>
#include <QLocale>
#include <QTranslator>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QLocale::setDefault(QLocale::c());
    QApplication app(argc, argv);
    QTranslator translator;
    if (!translator.load(QStringLiteral(":/i18n/queue-desk_ru.qm")))
        return 3;
    QApplication::installTranslator(&translator);
    queue::desk::ui::applyDeskStyle(app);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
