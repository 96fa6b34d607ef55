# Operator desk: the view-model against an in-process fake server (no process, no sleeps,
# ManualClock), the view-model against the real server (no widgets), and offscreen GUI tests
# driving the real window (their own main() with a QApplication).
queue_add_test(desk_controller_test
  SOURCES desk/desk_controller_test.cpp
  LINK queue_desk_logic LABELS desk unit)
# The desk PC on UTC, the office in Vladivostok: the opening time must be the office's.
set_property(TEST desk_controller_test APPEND PROPERTY ENVIRONMENT "TZ=UTC")
queue_add_test(desk_logic_test
  SOURCES desk/deskfixture.h desk/desk_logic_test.cpp
  LINK queue_desk_logic LABELS desk integration)
queue_add_test(desk_gui_test
  SOURCES desk/deskfixture.h desk/desk_gui_test.cpp desk/gui_main.cpp
  LINK queue_desk_ui LABELS desk gui)
