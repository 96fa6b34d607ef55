# Norm-aware calling, the wait forecast, Erlang C staffing and the day
# simulator (docs/policies.md).
queue_add_test(sim_policy_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/policy_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(sim_forecast_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/forecast_test.cpp ${CMAKE_CURRENT_LIST_DIR}/staffing_test.cpp
  LINK queue_server_core LABELS unit)
queue_add_test(sim_engine_norm_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/engine_norm_test.cpp LINK queue_server_core LABELS unit)
queue_add_test(sim_run_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/sim_run_test.cpp LINK queue_sim_logic LABELS integration
  TIMEOUT 300)
set_tests_properties(sim_run_test PROPERTIES ENVIRONMENT_MODIFICATION
  "QUEUE_SIM_BIN=set:$<TARGET_FILE:queue-sim>;QUEUE_SIM_DATA=set:${CMAKE_CURRENT_LIST_DIR}")
