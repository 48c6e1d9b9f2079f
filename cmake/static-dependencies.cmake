# Static archives of the library's third-party dependencies, for the polycloud CLI only (issue 9 (d)).
#
# Why: the CLI's fixed cost (listing one VM) was mostly process start-up: mapping and binding symbols
# across libssl, libcrypto, libboost_json/url, libfmt and libstdc++ (libfmt alone pulls in libstdc++.so
# and libgcc_s). Linked statically, the CLI maps libc and libm only; see docs/building.md for the figures.
#
# How: the layers name their Boost.JSON/URL and OpenSSL dependencies through the variables set below.
# Each is a generator expression that picks the static archive when the *executable being linked* has
# the target property POLYCLOUD_STATIC_DEPENDENCIES set, and the usual shared imported target otherwise
# (tests, benchmarks, simulators, consumers). The installed package is unchanged: the export only ever
# sees the shared target names. Without the archives, or with the option OFF, the variables are the plain
# target names.
#
# Included by the top-level CMakeLists.txt after find_package(Boost …) and find_package(OpenSSL …).
# Sets: polycloud_dep_boost_json, polycloud_dep_boost_url, polycloud_dep_openssl_ssl,
#       polycloud_dep_openssl_crypto, polycloud_dep_sqlite3; polycloud_static_dependencies_available (ON/OFF).
# Use: polycloud_link_dependencies_statically(<executable>).

set(polycloud_dep_boost_json Boost::json)
set(polycloud_dep_boost_url Boost::url)
set(polycloud_dep_openssl_ssl OpenSSL::SSL)
set(polycloud_dep_openssl_crypto OpenSSL::Crypto)
set(polycloud_dep_sqlite3 SQLite::SQLite3)

# polycloud_find_archive(<var> <shared imported target> <archive file name>): the archive beside the
# shared library the target points at, or <var>-NOTFOUND.
function(polycloud_find_archive var target archive)
  get_target_property(location ${target} LOCATION)
  get_filename_component(directory "${location}" DIRECTORY)
  find_library(${var} NAMES ${archive} HINTS "${directory}" NO_DEFAULT_PATH)
endfunction()

polycloud_find_archive(POLYCLOUD_BOOST_JSON_ARCHIVE Boost::json libboost_json.a)
polycloud_find_archive(POLYCLOUD_BOOST_URL_ARCHIVE Boost::url libboost_url.a)
polycloud_find_archive(POLYCLOUD_OPENSSL_SSL_ARCHIVE OpenSSL::SSL libssl.a)
polycloud_find_archive(POLYCLOUD_OPENSSL_CRYPTO_ARCHIVE OpenSSL::Crypto libcrypto.a)
polycloud_find_archive(POLYCLOUD_SQLITE3_ARCHIVE SQLite::SQLite3 libsqlite3.a)

set(polycloud_static_dependencies_available ON)
foreach(archive BOOST_JSON BOOST_URL OPENSSL_SSL OPENSSL_CRYPTO SQLITE3)
  if(NOT POLYCLOUD_${archive}_ARCHIVE)
    set(polycloud_static_dependencies_available OFF)
  endif()
endforeach()

# Sanitizer runtimes and static libstdc++ do not mix: sanitizer builds keep every dependency shared.
set(polycloud_static_cli_default ${polycloud_static_dependencies_available})
if("${CMAKE_CXX_FLAGS} ${CMAKE_EXE_LINKER_FLAGS}" MATCHES "-fsanitize")
  set(polycloud_static_cli_default OFF)
endif()
option(POLYCLOUD_STATIC_CLI
       "Link the polycloud CLI statically against Boost.JSON/URL, OpenSSL, fmt and libstdc++ (faster start)"
       ${polycloud_static_cli_default})
if(POLYCLOUD_STATIC_CLI AND NOT polycloud_static_dependencies_available)
  message(WARNING "POLYCLOUD_STATIC_CLI: a static archive of Boost.JSON/URL or OpenSSL is missing; "
                  "the CLI links the shared libraries")
  set(POLYCLOUD_STATIC_CLI OFF)
endif()

if(POLYCLOUD_STATIC_CLI)
  # polycloud_static_archive(<name> <archive> <usage requirements of the shared target to keep>…)
  function(polycloud_static_archive name archive)
    add_library(${name} STATIC IMPORTED)
    set_target_properties(${name} PROPERTIES IMPORTED_LOCATION "${archive}" IMPORTED_LINK_INTERFACE_LANGUAGES CXX)
    target_link_libraries(${name} INTERFACE ${ARGN})
  endfunction()
  polycloud_static_archive(polycloud_static_boost_json "${POLYCLOUD_BOOST_JSON_ARCHIVE}" Boost::headers)
  target_compile_definitions(polycloud_static_boost_json INTERFACE BOOST_JSON_NO_LIB)
  polycloud_static_archive(polycloud_static_boost_url "${POLYCLOUD_BOOST_URL_ARCHIVE}" Boost::headers)
  target_compile_definitions(polycloud_static_boost_url INTERFACE BOOST_URL_NO_LIB)
  polycloud_static_archive(polycloud_static_openssl_crypto "${POLYCLOUD_OPENSSL_CRYPTO_ARCHIVE}"
                           Threads::Threads ${CMAKE_DL_LIBS})
  target_include_directories(polycloud_static_openssl_crypto INTERFACE ${OPENSSL_INCLUDE_DIR})
  polycloud_static_archive(polycloud_static_openssl_ssl "${POLYCLOUD_OPENSSL_SSL_ARCHIVE}"
                           polycloud_static_openssl_crypto)
  # libsqlite3.a is C: it needs libm and the thread library the shared one brings along.
  polycloud_static_archive(polycloud_static_sqlite3 "${POLYCLOUD_SQLITE3_ARCHIVE}" Threads::Threads m ${CMAKE_DL_LIBS})
  set_target_properties(polycloud_static_sqlite3 PROPERTIES IMPORTED_LINK_INTERFACE_LANGUAGES C)
  target_include_directories(polycloud_static_sqlite3 INTERFACE ${SQLite3_INCLUDE_DIRS})

  # The shared target for everyone, the archive for an executable that asks; consumers of the installed
  # package always get the shared target.
  macro(polycloud_select_dependency var shared static)
    set(${var} "$<BUILD_INTERFACE:$<IF:$<BOOL:$<TARGET_PROPERTY:POLYCLOUD_STATIC_DEPENDENCIES>>,${static},${shared}>>$<INSTALL_INTERFACE:${shared}>")
  endmacro()
  polycloud_select_dependency(polycloud_dep_boost_json Boost::json polycloud_static_boost_json)
  polycloud_select_dependency(polycloud_dep_boost_url Boost::url polycloud_static_boost_url)
  polycloud_select_dependency(polycloud_dep_openssl_ssl OpenSSL::SSL polycloud_static_openssl_ssl)
  polycloud_select_dependency(polycloud_dep_openssl_crypto OpenSSL::Crypto polycloud_static_openssl_crypto)
  polycloud_select_dependency(polycloud_dep_sqlite3 SQLite::SQLite3 polycloud_static_sqlite3)
endif()

# polycloud_link_dependencies_statically(<executable>): the archives above for that executable, plus a
# static libstdc++/libgcc. fmt has no static archive in Debian: the executable links fmt::fmt-header-only
# itself when POLYCLOUD_STATIC_CLI is ON (libfmt.so would bring libstdc++.so back).
function(polycloud_link_dependencies_statically target)
  if(NOT POLYCLOUD_STATIC_CLI)
    return()
  endif()
  set_target_properties(${target} PROPERTIES POLYCLOUD_STATIC_DEPENDENCIES ON)
  target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
endfunction()
