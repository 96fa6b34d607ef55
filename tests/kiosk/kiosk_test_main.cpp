// GoogleTest main for the kiosk's tests: a QApplication (offscreen, set by queue_add_test)
// so that tickets can be rendered with real fonts and widgets can be driven.
#include <QApplication>
#include <QFont>
#include <QLocale>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QLocale::setDefault(QLocale::c());
    QApplication app(argc, argv);
    QApplication::setFont(QFont(QStringLiteral("DejaVu Sans")));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
