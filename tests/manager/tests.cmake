# The manager's side: reports against hand-computed fixtures, alarms with an
# injected clock, and the API against the real server.
queue_add_test(manager_report_test SOURCES manager/manager_report_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(manager_alarm_test SOURCES manager/manager_alarm_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(manager_api_test SOURCES manager/manager_api_test.cpp LINK Qt6::WebSockets LABELS integration TIMEOUT 180)
