# The client library used by the kiosk, desk and board programs: added to queue_common
# (Qt Core, Network and WebSockets only; no widgets).
target_sources(queue_common PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/client/apiresult.h
  ${CMAKE_CURRENT_SOURCE_DIR}/client/apitypes.h ${CMAKE_CURRENT_SOURCE_DIR}/client/apitypes.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/client/apiclient.h ${CMAKE_CURRENT_SOURCE_DIR}/client/apiclient.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/client/eventsequencer.h ${CMAKE_CURRENT_SOURCE_DIR}/client/eventsequencer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/client/eventstream.h ${CMAKE_CURRENT_SOURCE_DIR}/client/eventstream.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/client/servertrust.h ${CMAKE_CURRENT_SOURCE_DIR}/client/servertrust.cpp)
