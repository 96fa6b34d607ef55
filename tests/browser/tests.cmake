# Browser tests: Debian's chromium driven by playwright-core (tests/browser/package.json,
# installed by scripts/browser-deps.sh from scripts/test.sh). No browser download.
find_program(QUEUE_NODE node)
if(NOT QUEUE_NODE)
  message(FATAL_ERROR "node is required for the browser tests (scripts/browser-deps.sh installs it)")
endif()
add_test(NAME manager_browser_test
         COMMAND ${QUEUE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/manager.test.cjs)
set_tests_properties(manager_browser_test PROPERTIES
  LABELS "browser;integration"
  TIMEOUT 180
  ENVIRONMENT "QUEUE_SERVER_BIN=$<TARGET_FILE:queue-server>;NODE_PATH=${CMAKE_CURRENT_SOURCE_DIR}/browser/node_modules")
