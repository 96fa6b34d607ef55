# The server's logic as a library (tests and the simulator link it) and the
# thin queue-server program.
find_package(SQLite3 REQUIRED)
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

queue_add_library(queue_server_core
  SOURCES
    officeconfig.h officeconfig.cpp
    schedule.h schedule.cpp
    pinhash.h pinhash.cpp
    storage.h storage.cpp
    walcheckpointer.h walcheckpointer.cpp
    callpolicy.h callpolicy.cpp
    forecast.h forecast.cpp
    staffing.h staffing.cpp
    result.h apierrors.h apierrors.cpp
    store/ticketstore.h store/ticketstore.cpp
    store/windowstore.h store/windowstore.cpp
    store/counterstore.h store/counterstore.cpp
    store/leasestore.h store/leasestore.cpp
    queueengine.h queueengine.cpp
    queueindex.h queueindex.cpp
    sessions.h sessions.cpp
    livestats.h livestats.cpp
    apimodule.h apiutil.h apiutil.cpp
    router.h router.cpp
    store/idempotencystore.h store/idempotencystore.cpp
    apiserver.h apiserver.cpp
    modules.h modules.cpp
    devices.h devices.cpp
    metrics.h metrics.cpp
    store/ticketscan.h store/ticketscan.cpp
    reports.h reports.cpp
    manager_pages.h manager_pages.cpp
    manager_dashboard.h manager_dashboard.cpp
    manager_alarms.h manager_alarms.cpp
    manager_reports.h manager_reports.cpp
    manager_reviews.h manager_reviews.cpp
    booking.h booking.cpp
    ratings.h ratings.cpp
    offline.h offline.cpp
    store/ratingstore.h store/ratingstore.cpp
    store/bookingstore.h store/bookingstore.cpp
    store/reviewstore.h store/reviewstore.cpp
    store/alarmstore.h store/alarmstore.cpp
    store/devicestatusstore.h store/devicestatusstore.cpp
    store/firstvalue.h store/statement.h
    store/devicestore.h store/devicestore.cpp
    store/auditstore.h store/auditstore.cpp
    store/accountstore.h store/accountstore.cpp
    accounts.h accounts.cpp
    accountsapi.h accountsapi.cpp
    admin_audit.h admin_audit.cpp
    store/configstore.h store/configstore.cpp
    liveconfig.h liveconfig.cpp
    admin.h admin.cpp
    enrolment.h enrolment.cpp
    sdnotify.h sdnotify.cpp
  LINK queue_common queue_http Qt6::Core Qt6::Network Qt6::Sql Qt6::WebSockets SQLite::SQLite3)
target_sources(queue_server_core PRIVATE apierrorbody.h apierrorbody.cpp)
target_sources(queue_server_core PRIVATE pagetoken.h pagetoken.cpp)

# qt_add_resources on the target keeps the resources alive in a static library.
qt_add_resources(queue_server_core "server_resources"
  PREFIX "/queue"
  BASE resources
  FILES resources/default-office.json resources/sql/001_initial.sql resources/sql/002_number_index.sql
        resources/sql/003_devices.sql resources/sql/004_manager.sql resources/sql/005_booking.sql
        resources/sql/006_enrolment.sql resources/sql/007_ticket_page.sql
        resources/sql/008_audit.sql resources/sql/009_accounts.sql resources/sql/010_live_config.sql
        resources/sql/011_offline_leases.sql)

# The visitors' pages (the ticket's page, the rating form) in Russian, the office's
# language; the sources are English, as in the apps. Embedded as :/i18n/server_ru.qm.
qt_add_translations(queue_server_core
  TS_FILES translations/server_ru.ts
  RESOURCE_PREFIX /i18n
  LUPDATE_OPTIONS -no-obsolete)

add_executable(queue-server main.cpp)
target_link_libraries(queue-server PRIVATE queue_server_core)
install(TARGETS queue-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)

# The manager's web pages, served by queue-server at /manager (no CDN: offices
# cannot count on the internet).
qt_add_resources(queue_server_core "manager_web"
  PREFIX "/queue/web"
  BASE web
  FILES web/manager/index.html web/manager/app.js web/manager/style.css web/manager/report.html
        web/manager/report.js web/manager/print.js web/manager/admin.js)
