# Profile-guided optimization (GCC, Release) of the files a listing spends its instructions in: the
# streaming parser and its handler, the three adapters' VM mappings, the value parsers, the tag store and
# the CLI's JSON writer. The profiles are committed (cmake/pgo/, one .gcda per file, made by
# scripts/pgo-train from the sandbox's listings), so a Release build stays one pass: no training run in
# the middle of a build, no build-graph cycle between a training binary and the libraries it links.
# Measured: a ByCloud `list --fast -o json` of 20,000 VMs, 474.8M instructions without, 453.7M with (−4.4 %);
# docs/building.md ("Profile-guided optimization") has the other providers'.
#
# POLYCLOUD_PGO:
#   use      (default) compile those files with their profile, when the compiler is the GCC that made
#            the profiles (cmake/pgo/compiler) and the build type is Release; otherwise as any file
#   generate instrument those files (scripts/pgo-train's build tree)
#   off      never
# A function changed since scripts/pgo-train last ran is compiled as without a profile (GCC compares each
# function's control-flow checksum). GCC's `coverage-mismatch` warning is off: it also fires for every
# function of a tree checked out anywhere but where the profiles were made (its line checksum includes the
# source's path), where the counts still apply. Staleness is told at configure time instead: each profiled
# file's MD5 at training is in cmake/pgo/sources. -fprofile-partial-training keeps every function the
# training did not run (error paths, options it did not use) optimized as usual rather than for size.
set(POLYCLOUD_PGO "use" CACHE STRING "Profile-guided optimization of the list path: use, generate or off")
set_property(CACHE POLYCLOUD_PGO PROPERTY STRINGS use generate off)

set(POLYCLOUD_PGO_PROFILES ${PROJECT_SOURCE_DIR}/cmake/pgo)

# polycloud_profile_guided(TARGET SOURCE…): SOURCEs (relative to TARGET's folder) compiled per POLYCLOUD_PGO.
function(polycloud_profile_guided target)
  if(POLYCLOUD_PGO STREQUAL "off" OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_BUILD_TYPE STREQUAL "Release")
    return()
  endif()
  get_target_property(folder ${target} SOURCE_DIR)
  get_target_property(binary_folder ${target} BINARY_DIR)
  # GCC names a profile after its object's path; with the build tree's root stripped from it, the training
  # tree's names are the names any other tree looks for.
  set(common -fprofile-prefix-path=${CMAKE_BINARY_DIR})
  if(POLYCLOUD_PGO STREQUAL "generate")
    list(TRANSFORM ARGN PREPEND ${folder}/ OUTPUT_VARIABLE sources)
    set_property(SOURCE ${sources} TARGET_DIRECTORY ${target} APPEND PROPERTY
                 COMPILE_OPTIONS -fprofile-generate=${CMAKE_BINARY_DIR}/pgo-counts ${common})
    target_link_options(${target} PRIVATE -fprofile-generate)
    return()
  endif()
  file(READ ${POLYCLOUD_PGO_PROFILES}/compiler made_by)
  string(STRIP "${made_by}" made_by)
  if(NOT made_by STREQUAL "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
    message(STATUS "polycloud: the list path's profiles are ${made_by}'s, this is ${CMAKE_CXX_COMPILER_ID} "
                   "${CMAKE_CXX_COMPILER_VERSION}: compiled without them")
    return()
  endif()
  file(STRINGS ${POLYCLOUD_PGO_PROFILES}/sources trained)
  file(RELATIVE_PATH object_folder ${CMAKE_BINARY_DIR} ${binary_folder}/CMakeFiles/${target}.dir)
  foreach(source IN LISTS ARGN)
    string(REPLACE "/" "#" profile "${object_folder}/${source}.gcda")
    set(profile ${POLYCLOUD_PGO_PROFILES}/${profile})
    if(NOT EXISTS ${profile})
      message(STATUS "polycloud: no profile for ${source} (scripts/pgo-train): compiled without one")
      continue()
    endif()
    file(RELATIVE_PATH source_path ${PROJECT_SOURCE_DIR} ${folder}/${source})
    file(MD5 ${folder}/${source} source_hash)
    if(NOT "${source_hash}  ${source_path}" IN_LIST trained)
      message(WARNING "polycloud: ${source_path} changed since its profile was made: the functions that changed "
                      "are compiled without one. Run scripts/pgo-train and commit cmake/pgo/.")
    endif()
    # The profile's hash on the command line: ccache (4.7) is not known to follow GCC's prefix-path
    # naming of profiles, and without the hash a refreshed profile might be answered from the cache.
    file(MD5 ${profile} hash)
    # Appended: a file's own options stay (list_stream.cpp's inlining parameters, providers/common).
    set_property(SOURCE ${folder}/${source} TARGET_DIRECTORY ${target} APPEND PROPERTY COMPILE_OPTIONS
                 -fprofile-use=${POLYCLOUD_PGO_PROFILES} ${common} -fprofile-partial-training -Wno-missing-profile
                 -Wno-coverage-mismatch)
    set_property(SOURCE ${folder}/${source} TARGET_DIRECTORY ${target} APPEND PROPERTY
                 COMPILE_DEFINITIONS POLYCLOUD_PGO_PROFILE=${hash})
    set_property(SOURCE ${folder}/${source} TARGET_DIRECTORY ${target} APPEND PROPERTY OBJECT_DEPENDS ${profile})
  endforeach()
endfunction()
