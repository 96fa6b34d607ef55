# Install rules for deploy/ and the Debian packages (cpack -G DEB in the build directory):
#   queue-server  the server, its systemd unit, the nightly backup timer
#   queue-kiosk   the ticket kiosk and its cage (Wayland kiosk) session
#   queue-desk    the operator desk and its desktop entry
#   queue-board   the hall board, the voice fragments and its cage session
# Plus the `update-translations` target. deploy/README.md tells how to install an office.
include_guard(GLOBAL)

set(_deploy ${PROJECT_SOURCE_DIR}/deploy)
set(_unitdir lib/systemd/system)   # under /usr: /usr/lib/systemd/system (merged /usr, Debian 12)

# ---------------------------------------------------------------- install rules
install(FILES ${_deploy}/systemd/queue-server.service ${_deploy}/systemd/queue-backup.service
              ${_deploy}/systemd/queue-backup.timer
        DESTINATION ${_unitdir} COMPONENT server)
install(FILES ${_deploy}/README.md ${PROJECT_SOURCE_DIR}/docs/configuration.md ${PROJECT_SOURCE_DIR}/docs/api.md
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/queue-server COMPONENT server)

set(_apps "")
if(TARGET queue-kiosk)
  list(APPEND _apps kiosk)
  install(FILES ${_deploy}/systemd/queue-kiosk.service DESTINATION ${_unitdir} COMPONENT kiosk)
  install(FILES ${_deploy}/pam/queue-kiosk DESTINATION /etc/pam.d COMPONENT kiosk)
  install(FILES ${_deploy}/default/queue-kiosk DESTINATION /etc/default COMPONENT kiosk)
  install(FILES ${PROJECT_SOURCE_DIR}/kiosk/kiosk.sample.json DESTINATION ${CMAKE_INSTALL_DATADIR}/queue COMPONENT kiosk)
  install(FILES ${_deploy}/README.md ${PROJECT_SOURCE_DIR}/docs/kiosk.md ${PROJECT_SOURCE_DIR}/docs/printing.md
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/queue-kiosk COMPONENT kiosk)
endif()
if(TARGET queue-desk)
  list(APPEND _apps desk)
  install(FILES ${_deploy}/desktop/queue-desk.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT desk)
  install(FILES ${_deploy}/config/desk.sample.json DESTINATION ${CMAKE_INSTALL_DATADIR}/queue COMPONENT desk)
  install(FILES ${_deploy}/README.md ${PROJECT_SOURCE_DIR}/docs/desk.md
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/queue-desk COMPONENT desk)
endif()
if(TARGET queue-board)
  list(APPEND _apps board)
  install(FILES ${_deploy}/systemd/queue-board.service DESTINATION ${_unitdir} COMPONENT board)
  install(FILES ${_deploy}/pam/queue-board DESTINATION /etc/pam.d COMPONENT board)
  install(FILES ${_deploy}/default/queue-board DESTINATION /etc/default COMPONENT board)
  install(FILES ${_deploy}/config/board.sample.json DESTINATION ${CMAKE_INSTALL_DATADIR}/queue COMPONENT board)
  install(FILES ${_deploy}/README.md ${PROJECT_SOURCE_DIR}/docs/board.md
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/queue-board COMPONENT board)
endif()

# ---------------------------------------------------------------- Debian packages
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME queue)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Electronic queue project")
set(CPACK_PACKAGE_CONTACT "Electronic queue maintainers <queue-maintainers@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server ${_apps})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)   # the packages carry no debug info (RelWithDebInfo builds)
# The shared libraries the programs link (Qt 6.4, libsqlite3, libcups…) are found by
# dpkg-shlibdeps; what is loaded at run time (plugins, programs, fonts) is listed by hand.
find_program(QUEUE_DPKG_SHLIBDEPS dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ${QUEUE_DPKG_SHLIBDEPS})
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_COMPONENT_SERVER_DISPLAY_NAME "queue server")
set(CPACK_COMPONENT_SERVER_DESCRIPTION
  "Electronic queue server for customer-service offices\n Tickets, windows, operators, service norms and live metrics over an HTTP/JSON\n API and a WebSocket event stream, with the history in SQLite. Runs as the\n systemd service queue-server (user queue, /var/lib/queue, /etc/queue).")
set(CPACK_DEBIAN_SERVER_PACKAGE_NAME queue-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "libqt6sql6-sqlite, systemd, passwd, openssl")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "sqlite3")

set(CPACK_COMPONENT_KIOSK_DESCRIPTION
  "Electronic queue: touch-screen ticket kiosk\n Visitors choose a topic and get a printed ticket (ESC/POS serial, USB or TCP\n printers, CUPS, or PNG/PDF files). Runs full screen as a cage Wayland session\n (queue-kiosk.service).")
set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME queue-kiosk)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "cage, qt6-wayland, fonts-dejavu-core, passwd, libpam-systemd")
set(CPACK_DEBIAN_KIOSK_PACKAGE_SUGGESTS "cups")

set(CPACK_COMPONENT_DESK_DESCRIPTION
  "Electronic queue: operator desk\n Calls, serves, redirects and postpones tickets at a window, with timers\n against the service norms.")
set(CPACK_DEBIAN_DESK_PACKAGE_NAME queue-desk)
set(CPACK_DEBIAN_DESK_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_DESK_PACKAGE_RECOMMENDS "qt6-wayland")

set(CPACK_COMPONENT_BOARD_DESCRIPTION
  "Electronic queue: hall display board\n Shows and announces (in Russian) which ticket goes to which window and drives\n the LED boards above the windows (QSystem, Modbus RTU, line protocols).\n Runs full screen as a cage Wayland session (queue-board.service).")
set(CPACK_DEBIAN_BOARD_PACKAGE_NAME queue-board)
set(CPACK_DEBIAN_BOARD_PACKAGE_DEPENDS "cage, qt6-wayland, fonts-dejavu-core, alsa-utils, passwd, libpam-systemd")
set(CPACK_DEBIAN_BOARD_PACKAGE_SUGGESTS "speech-dispatcher-espeak-ng, qt6-speech-speechd-plugin")

# Maintainer scripts, and the files under /etc as conffiles (kept on upgrade when edited).
set(_scripts ${_deploy}/debian)
set(_conf_dir ${PROJECT_BINARY_DIR}/deploy-conffiles)
foreach(comp server ${_apps})
  string(TOUPPER ${comp} COMP)
  set(_extra "")
  foreach(s postinst prerm postrm)
    if(EXISTS ${_scripts}/${comp}/${s})
      list(APPEND _extra ${_scripts}/${comp}/${s})
    endif()
  endforeach()
  if(comp STREQUAL "kiosk" OR comp STREQUAL "board")
    file(WRITE ${_conf_dir}/${comp}/conffiles "/etc/pam.d/queue-${comp}\n/etc/default/queue-${comp}\n")
    list(APPEND _extra ${_conf_dir}/${comp}/conffiles)
  endif()
  set(CPACK_DEBIAN_${COMP}_PACKAGE_CONTROL_EXTRA "${_extra}")
endforeach()

include(CPack)

# ---------------------------------------------------------------- translations
# update-translations: lupdate over every source of each app into its .ts files (new
# strings appear unfinished). The check (ctest -L translations) is in tests/packaging/.
find_package(Python3 COMPONENTS Interpreter)
find_package(Qt6 QUIET COMPONENTS LinguistTools)
if(TARGET Qt6::lupdate AND Python3_Interpreter_FOUND)
  set(QUEUE_TS_APPS
    --app ${PROJECT_SOURCE_DIR}/kiosk ${PROJECT_SOURCE_DIR}/kiosk/translations/kiosk_ru.ts
          ${PROJECT_SOURCE_DIR}/kiosk/translations/kiosk_en.ts
    --app ${PROJECT_SOURCE_DIR}/operator_desk ${PROJECT_SOURCE_DIR}/operator_desk/translations/queue-desk_ru.ts
          ${PROJECT_SOURCE_DIR}/operator_desk/translations/queue-desk_en.ts
    --app ${PROJECT_SOURCE_DIR}/display_board ${PROJECT_SOURCE_DIR}/display_board/translations/board_ru.ts
          ${PROJECT_SOURCE_DIR}/display_board/translations/board_en.ts
    --app ${PROJECT_SOURCE_DIR}/server ${PROJECT_SOURCE_DIR}/server/translations/server_ru.ts)
  add_custom_target(update-translations
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/packaging/check_translations.py
            --lupdate $<TARGET_FILE:Qt6::lupdate> --update ${QUEUE_TS_APPS}
    COMMENT "Updating the .ts files of the kiosk, the desk and the board"
    VERBATIM)
endif()
