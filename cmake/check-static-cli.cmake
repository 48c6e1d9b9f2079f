# ctest `cli_static_link`: with POLYCLOUD_STATIC_CLI the polycloud CLI needs no shared library but the C
# library's (libc, libm, the loader): Boost.JSON/URL, OpenSSL, fmt and libstdc++/libgcc are linked in.
# A NEEDED entry for any of them means start-up pays the dynamic loader again (issue 9 (d)).
# Run: cmake -DCLI=<path to polycloud> -DREADELF=<readelf> -P cmake/check-static-cli.cmake
execute_process(COMMAND ${READELF} --dynamic ${CLI} OUTPUT_VARIABLE dynamic RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "readelf --dynamic ${CLI} failed")
endif()
string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]\n]+\\]" needed "${dynamic}")
if(NOT needed)
  message(FATAL_ERROR "no NEEDED entry found in ${CLI}: is it a dynamic executable?")
endif()
foreach(entry IN LISTS needed)
  string(REGEX REPLACE ".*\\[([^]]+)\\]" "\\1" library "${entry}")
  if(library MATCHES "^(libc|libm|libpthread|libdl|librt|ld-linux[-a-z0-9_]*)\\.so")
    message(STATUS "allowed: ${library}")
  else()
    message(SEND_ERROR "${CLI} needs the shared library ${library}: POLYCLOUD_STATIC_CLI links it statically")
  endif()
endforeach()
