# Issue 8: packaging, backup/restore, /metrics, the command lines, the translations check.

# The real server: online backup while issuing, restore into a new server.
queue_add_test(backup_test SOURCES packaging/backup_test.cpp LABELS integration packaging TIMEOUT 300)
# GET /metrics against /api/v1/metrics/live.
queue_add_test(metrics_test SOURCES packaging/metrics_test.cpp LINK Qt6::Network LABELS integration packaging TIMEOUT 180)

# --help / --version / --config / --log of every program.
queue_add_test(cli_test SOURCES packaging/cli_test.cpp LABELS packaging TIMEOUT 300)
target_compile_definitions(cli_test PRIVATE QUEUE_SERVER_PATH="$<TARGET_FILE:queue-server>")
if(TARGET queue-kiosk AND TARGET queue-desk AND TARGET queue-board)
  target_compile_definitions(cli_test PRIVATE QUEUE_KIOSK_PATH="$<TARGET_FILE:queue-kiosk>"
    QUEUE_DESK_PATH="$<TARGET_FILE:queue-desk>" QUEUE_BOARD_PATH="$<TARGET_FILE:queue-board>")
  add_dependencies(cli_test queue-kiosk queue-desk queue-board)
endif()
add_dependencies(cli_test queue-server)

# cpack -G DEB into a temporary directory, then dpkg-deb checks (needs the whole tree built).
find_program(QUEUE_DPKG_DEB dpkg-deb)
if(QUEUE_DPKG_DEB)
  queue_add_test(package_test SOURCES packaging/package_test.cpp LABELS packaging TIMEOUT 900)
  target_compile_definitions(package_test PRIVATE QUEUE_CPACK="${CMAKE_CPACK_COMMAND}" QUEUE_BUILD_DIR="${PROJECT_BINARY_DIR}")
  if(TARGET queue-kiosk AND TARGET queue-desk AND TARGET queue-board)
    target_compile_definitions(package_test PRIVATE QUEUE_WITH_APPS)
  endif()
  find_program(QUEUE_SYSTEMD_ANALYZE systemd-analyze)
  if(QUEUE_SYSTEMD_ANALYZE)
    target_compile_definitions(package_test PRIVATE QUEUE_SYSTEMD_ANALYZE="${QUEUE_SYSTEMD_ANALYZE}")
  endif()
endif()

# Translations: every tr() string of the kiosk, the desk and the board is in their .ts
# files, and the Russian ones are finished (tests/packaging/check_translations.py).
find_package(Python3 COMPONENTS Interpreter)
find_package(Qt6 QUIET COMPONENTS LinguistTools)
if(QUEUE_BUILD_APPS AND TARGET Qt6::lupdate AND Python3_Interpreter_FOUND)
  set(_ts_apps
    --app ${PROJECT_SOURCE_DIR}/kiosk ${PROJECT_SOURCE_DIR}/kiosk/translations/kiosk_ru.ts
          ${PROJECT_SOURCE_DIR}/kiosk/translations/kiosk_en.ts
    --app ${PROJECT_SOURCE_DIR}/operator_desk ${PROJECT_SOURCE_DIR}/operator_desk/translations/queue-desk_ru.ts
          ${PROJECT_SOURCE_DIR}/operator_desk/translations/queue-desk_en.ts
    --app ${PROJECT_SOURCE_DIR}/display_board ${PROJECT_SOURCE_DIR}/display_board/translations/board_ru.ts
          ${PROJECT_SOURCE_DIR}/display_board/translations/board_en.ts
    --app ${PROJECT_SOURCE_DIR}/common/app ${PROJECT_SOURCE_DIR}/common/app/translations/app_ru.ts
          ${PROJECT_SOURCE_DIR}/common/app/translations/app_en.ts
    --app ${PROJECT_SOURCE_DIR}/server ${PROJECT_SOURCE_DIR}/server/translations/server_ru.ts)
  add_test(NAME translations_check
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/packaging/check_translations.py
            --lupdate $<TARGET_FILE:Qt6::lupdate> ${_ts_apps})
  # The check must be able to fail: a copy with a string removed and one unfinished.
  add_test(NAME translations_check_selftest
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/packaging/check_translations.py
            --lupdate $<TARGET_FILE:Qt6::lupdate> --selftest
            --app ${PROJECT_SOURCE_DIR}/display_board ${PROJECT_SOURCE_DIR}/display_board/translations/board_ru.ts
                  ${PROJECT_SOURCE_DIR}/display_board/translations/board_en.ts)
  set_tests_properties(translations_check translations_check_selftest PROPERTIES LABELS translations TIMEOUT 300)
endif()
