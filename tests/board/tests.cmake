# Tests of the display board (queue-board), its voice and the window LED boards.
# Included from tests/CMakeLists.txt; paths are relative to this file.
find_package(Qt6 REQUIRED COMPONENTS Widgets SerialPort SerialBus)
set(_board_tests ${CMAKE_CURRENT_LIST_DIR})

queue_add_test(board_speech_test SOURCES ${_board_tests}/board_speech_test.cpp
               LINK queue_voice LABELS unit board)

# Runs the queue-board program (--announce --wav): not a unit test.
queue_add_test(board_voice_test SOURCES ${_board_tests}/board_voice_test.cpp
               LINK queue_voice LABELS integration board)
target_compile_definitions(board_voice_test PRIVATE
  QUEUE_BOARD_BIN="$<TARGET_FILE:queue-board>"
  QUEUE_FRAGMENTS_DIR="${QUEUE_VOICE_FRAGMENTS_DIR}")
add_dependencies(board_voice_test queue-board queue_voice_fragments)

# Real serial lines through socat pty pairs: not a unit test.
queue_add_test(board_led_test SOURCES ${_board_tests}/board_led_test.cpp
               LINK queue_ledboard Qt6::SerialPort Qt6::SerialBus LABELS integration board TIMEOUT 120)

# The view-model against an in-process fake server (HTTP and event stream) on a ManualClock.
queue_add_test(board_model_fake_test SOURCES ${_board_tests}/board_model_fake_test.cpp
               LINK queue_board_logic queue_voice LABELS unit board)
# The board PC on UTC, the office in Vladivostok: the clock and the opening time must be the office's.
set_property(TEST board_model_fake_test APPEND PROPERTY ENVIRONMENT "TZ=UTC")

# The view-model against the real server process.
queue_add_test(board_model_test SOURCES ${_board_tests}/board_model_test.cpp
               LINK queue_board_logic queue_voice queue_ledboard LABELS integration board TIMEOUT 240)
add_dependencies(board_model_test queue-server)
# The board PC on UTC, the office elsewhere: the clock and the opening time must be the office's.
set_property(TEST board_model_test APPEND PROPERTY ENVIRONMENT "TZ=UTC")

queue_add_test(board_gui_test SOURCES ${_board_tests}/board_gui_test.cpp
               LINK queue_board_ui queue_board_logic Qt6::Widgets LABELS gui board TIMEOUT 180)
target_compile_definitions(board_gui_test PRIVATE QUEUE_BOARD_BIN="$<TARGET_FILE:queue-board>")
add_dependencies(board_gui_test queue-board queue-server)

queue_add_test(board_config_test SOURCES ${_board_tests}/board_config_test.cpp
               LINK queue_board_logic LABELS unit board)
