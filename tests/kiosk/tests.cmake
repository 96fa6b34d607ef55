# Tests of the kiosk (kiosk/) and its printers (hardware/printer/). Included from
# tests/CMakeLists.txt; source paths are relative to tests/. Every binary uses
# kiosk/kiosk_test_main.cpp (a QApplication: fonts for rendering, widgets for the GUI tests)
# instead of the QCoreApplication main of queue_test_support.
set(_kiosk_main kiosk/kiosk_test_main.cpp)
# ESC/POS bytes, code pages, ticket rendering, printer URIs, PNG/PDF file printer.
queue_add_test(kiosk_printer_test SOURCES kiosk/printer_test.cpp ${_kiosk_main}
  LINK queue_printer Qt6::Widgets LABELS unit kiosk)
# Printer profiles; golden tickets decoded by the suite's own ESC/POS decoder.
queue_add_test(kiosk_escpos_profile_test SOURCES kiosk/escpos_profile_test.cpp kiosk/escposdecoder.cpp ${_kiosk_main}
  LINK queue_kiosk_logic queue_printer Qt6::Widgets LABELS unit kiosk)
# Real transports: a pty pair made by socat, a TCP server on loopback, a file and a FIFO.
queue_add_test(kiosk_printer_transport_test SOURCES kiosk/printer_transport_test.cpp ${_kiosk_main}
  LINK queue_printer Qt6::Widgets LABELS integration kiosk TIMEOUT 120)
# A private cupsd started by the test (needs root, cups, cups-client, cups-filters).
queue_add_test(kiosk_cups_test SOURCES kiosk/cups_test.cpp kiosk/escposdecoder.cpp ${_kiosk_main}
  LINK queue_printer Qt6::Widgets LABELS integration kiosk TIMEOUT 180)
# The view-model against an in-process fake server on a ManualClock (no process, no sleeps).
queue_add_test(kiosk_controller_test SOURCES kiosk/kiosk_controller_test.cpp ${_kiosk_main}
  LINK queue_kiosk_logic Qt6::Widgets LABELS unit kiosk)
# The view-model against the real server.
queue_add_test(kiosk_logic_test SOURCES kiosk/kiosk_logic_test.cpp ${_kiosk_main}
  LINK queue_kiosk_logic Qt6::Widgets LABELS integration kiosk TIMEOUT 240)
# The offline kiosk: issuing from the leased reserve while a proxy cuts the link, the upload,
# the queue in arrival order, a kiosk killed between its journal and the printer.
queue_add_test(kiosk_offline_test SOURCES kiosk/kiosk_offline_test.cpp ${_kiosk_main}
  LINK queue_kiosk_logic Qt6::WebSockets Qt6::Widgets LABELS integration kiosk TIMEOUT 240)
# The reserve and its journal on disk: torn lines, folding, numbers never given twice.
queue_add_test(kiosk_offline_reserve_test SOURCES kiosk/offline_reserve_test.cpp ${_kiosk_main}
  LINK queue_kiosk_logic Qt6::Widgets LABELS unit kiosk)
# The server's device-status module and the kiosk reporting its printer through it.
queue_add_test(kiosk_devices_test SOURCES kiosk/devices_test.cpp ${_kiosk_main}
  LINK queue_kiosk_logic Qt6::WebSockets Qt6::Widgets LABELS integration kiosk TIMEOUT 120)
# The widgets, offscreen, against the real server.
queue_add_test(kiosk_gui_test SOURCES kiosk/kiosk_gui_test.cpp ${_kiosk_main}
  LINK queue_kiosk_ui LABELS gui kiosk TIMEOUT 240)
# queue-kiosk itself: --screenshot with server and sample data, command-line errors.
queue_add_test(kiosk_screenshot_test SOURCES kiosk/kiosk_screenshot_test.cpp ${_kiosk_main}
  LINK Qt6::Widgets LABELS gui kiosk TIMEOUT 300)
set_property(TEST kiosk_screenshot_test APPEND PROPERTY ENVIRONMENT "QUEUE_KIOSK_BIN=$<TARGET_FILE:queue-kiosk>")
# The kiosk PC on UTC, the office elsewhere: times must still be the office's.
set_property(TEST kiosk_logic_test APPEND PROPERTY ENVIRONMENT "TZ=UTC")
foreach(t kiosk_logic_test kiosk_gui_test kiosk_screenshot_test kiosk_devices_test)
  add_dependencies(${t} queue-server)
endforeach()
add_dependencies(kiosk_screenshot_test queue-kiosk)
