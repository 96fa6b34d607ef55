# Operator desk: view-model tests against the real server (no widgets), and offscreen
# GUI tests driving the real window (their own main() with a QApplication).
queue_add_test(desk_logic_test
  SOURCES desk/deskfixture.h desk/desk_logic_test.cpp
  LINK queue_desk_logic LABELS desk integration)
queue_add_test(desk_gui_test
  SOURCES desk/deskfixture.h desk/desk_gui_test.cpp desk/gui_main.cpp
  LINK queue_desk_ui LABELS desk gui)
