# Tests of the client library (common/client). Included from tests/CMakeLists.txt;
# source paths are relative to tests/.
queue_add_test(client_eventsequencer_test SOURCES unit/client_eventsequencer_test.cpp LABELS unit client)
queue_add_test(client_apiclient_test SOURCES unit/client_apiclient_test.cpp LABELS unit client)
queue_add_test(client_servertrust_test SOURCES unit/client_servertrust_test.cpp LABELS unit client)
queue_add_test(server_tls_test SOURCES integration/server_tls_test.cpp LINK Qt6::WebSockets LABELS integration client TIMEOUT 180)
queue_add_test(client_eventstream_test SOURCES unit/client_eventstream_test.cpp LINK Qt6::WebSockets LABELS unit client)
queue_add_test(client_test SOURCES integration/client_test.cpp LINK Qt6::WebSockets LABELS integration client TIMEOUT 180)
# A desk and a board through a proxy that cuts, stalls, delays and refuses their links 100
# times at random (issue #16): the real view-models against the real server. Several minutes.
if(QUEUE_BUILD_APPS)
  queue_add_test(client_flaky_test SOURCES integration/client_flaky_test.cpp
    LINK queue_server_integration_support queue_desk_logic queue_board_logic Qt6::WebSockets
    LABELS integration client TIMEOUT 900)
  add_dependencies(client_flaky_test queue-server)
endif()
