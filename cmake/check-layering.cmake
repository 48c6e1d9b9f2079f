# ctest `layering`: fails when a layer includes what its CMake target deliberately does not link.
#   providers/   never Beast or OpenSSL (the transport, polycloud_http, owns the sockets)
#   src/core/    never the transport or an adapter (the built-in list is a link-time edge only)
#   src/fleet/   never the transport or an adapter (it sees providers through the Provider interface)
# Boost's headers share one include directory, so the compiler alone cannot enforce the first rule.
# Run: cmake -DSOURCE_DIR=<repo> -P cmake/check-layering.cmake
function(forbid folder pattern why)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${folder}/*.cpp ${SOURCE_DIR}/${folder}/*.hpp)
  foreach(file IN LISTS files)
    file(STRINGS ${file} hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](${pattern})")
    foreach(hit IN LISTS hits)
      file(RELATIVE_PATH relative ${SOURCE_DIR} ${file})
      message(SEND_ERROR "${relative}: ${hit} (${why})")
    endforeach()
  endforeach()
endfunction()

forbid(providers "boost/beast|openssl/" "adapters never see Beast or OpenSSL: use src/http/client.hpp")
forbid(src/core "http/|providers/" "the core depends on no transport and no adapter")
forbid(src/fleet "http/|providers/" "the fleet reaches adapters only through polycloud::Provider")
