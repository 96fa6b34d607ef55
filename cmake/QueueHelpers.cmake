# Project-wide compile settings, carried by one INTERFACE target that every
# library, program and test links.
add_library(queue_options INTERFACE)
target_compile_definitions(queue_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CONTEXTLESS_CONNECT
  QT_NO_FOREACH QT_USE_QSTRINGBUILDER
  QUEUE_VERSION="${PROJECT_VERSION}")
target_compile_options(queue_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(QUEUE_WERROR)
  target_compile_options(queue_options INTERFACE -Werror)
endif()
if(QUEUE_SANITIZE)
  target_compile_options(queue_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(queue_options INTERFACE -fsanitize=address,undefined)
endif()

# queue_add_library(NAME SOURCES... LINK libs...)
function(queue_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/..)
  target_link_libraries(${name} PUBLIC queue_options ${ARG_LINK})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# queue_add_test(NAME SOURCES... LINK libs... [LABELS l...] [TIMEOUT s])
# Every test is a GoogleTest binary whose main() creates a QCoreApplication
# (tests/support/gtest_main.cpp); ctest runs each binary as one test.
function(queue_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LINK;LABELS" ${ARGN})
  # A project library that is not defined is a configure error, not a silent -lqueue_… at link time.
  foreach(lib IN LISTS ARG_LINK)
    if(lib MATCHES "^queue_" AND NOT TARGET ${lib})
      message(FATAL_ERROR "queue_add_test(${name}): library target ${lib} is not defined")
    endif()
  endforeach()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE queue_test_support ${ARG_LINK})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name} --gtest_color=no)
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QUEUE_SERVER_BIN=$<TARGET_FILE:queue-server>")
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
