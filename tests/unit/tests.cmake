queue_add_test(engine_test SOURCES unit/engine_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(config_test SOURCES unit/config_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(protocol_test SOURCES unit/protocol_test.cpp LINK queue_common LABELS unit)
queue_add_test(ticket_page_test SOURCES unit/ticket_page_test.cpp LABELS integration TIMEOUT 120)
