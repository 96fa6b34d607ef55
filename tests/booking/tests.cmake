# Pre-booking (issue 7): the schedule with holidays, slots, the booking module
# with an injected clock, and the API against the real server.
queue_add_test(booking_schedule_test SOURCES booking/booking_schedule_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(booking_module_test SOURCES booking/booking_module_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(booking_api_test SOURCES booking/booking_api_test.cpp LINK queue_server_integration_support
               LABELS integration TIMEOUT 180)
