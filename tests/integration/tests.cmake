# Black-box tests of the queue-server process: each binary starts real servers on loopback
# (tests/support/testserver.h) and speaks only the documented API (docs/api.md).
# Split into several binaries so that ctest can run them in parallel.

add_library(queue_server_integration_support STATIC integration/server_testutil.h integration/server_testutil.cpp)
target_link_libraries(queue_server_integration_support PUBLIC queue_test_support Qt6::WebSockets)

foreach(name api errors config concurrency durability robustness events disk liveconfig crash)
  queue_add_test(server_${name}_test
    SOURCES integration/server_${name}_test.cpp
    LINK queue_server_integration_support Qt6::WebSockets
    LABELS integration
    TIMEOUT 180)
endforeach()

# Enrolled devices (issue 14): also reads the server's database file (Qt Sql).
queue_add_test(server_enrol_test
  SOURCES integration/server_enrol_test.cpp
  LINK queue_server_integration_support Qt6::WebSockets Qt6::Sql
  LABELS integration
  TIMEOUT 180)

# Personal accounts and sign-in (issue 15): also reads the server's database file (Qt Sql).
queue_add_test(server_accounts_test
  SOURCES integration/server_accounts_test.cpp
  LINK queue_server_integration_support Qt6::WebSockets Qt6::Sql
  LABELS integration
  TIMEOUT 240)

# The apps' --enrol against the real server (issue 14).
if(TARGET queue-kiosk AND TARGET queue-board)
  queue_add_test(client_enrol_test
    SOURCES integration/client_enrol_test.cpp
    LINK queue_server_integration_support
    LABELS integration
    TIMEOUT 180)
  add_dependencies(client_enrol_test queue-kiosk queue-board)
  set_property(TEST client_enrol_test APPEND PROPERTY ENVIRONMENT
    "QUEUE_KIOSK_BIN=$<TARGET_FILE:queue-kiosk>;QUEUE_BOARD_BIN=$<TARGET_FILE:queue-board>")
endif()
