# The test-name guard: configuring fails, naming the case, when a doctest case name would not survive
# doctest_discover_tests, which makes each case its own ctest entry. Its script turns the binary's
# --list-test-cases output into a CMake list, so a name holding
#   ';'         splits into fragments, each an entry that runs no case and "passes" (exit 0, 0 cases);
#   '[' or ']'  changes where CMake's list splits (a bracket holds the next separators), merging entries;
# and two cases of one binary with the same name become one ctest name added twice.
# Included by tests/CMakeLists.txt (polycloud_add_test checks each binary's sources), and runnable alone:
#   cmake -DSOURCES="a.cpp;b.cpp" -DTARGET=name -P cmake/test-names.cmake
# (tests/test_names/ holds a fixture that must fail it: the ctest test_names_guard.)

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.20)
endif()

# The case names TEST_CASE("…") and TEST_CASE_FIXTURE(Fixture, "…") give in `source`.
function(polycloud_test_case_names source out)
  file(READ ${source} text)
  # CMake lists split at ';' and pair '[' with ']': stand-ins keep the names whole while matching.
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "[" "<open-bracket>" text "${text}")
  string(REPLACE "]" "<close-bracket>" text "${text}")
  string(REGEX MATCHALL "TEST_CASE(_FIXTURE)?\\(([A-Za-z_:0-9]+,[ \t\n]*)?\"([^\"\\\\]|\\\\.)*\"" cases "${text}")
  set(names "")
  foreach(found IN LISTS cases)
    string(REGEX REPLACE "^[^\"]*\"(.*)\"$" "\\1" name "${found}")
    list(APPEND names "${name}")
  endforeach()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# Fails the configure step for the first case name of `target`'s `sources` that would not survive.
function(polycloud_check_test_names target)
  set(seen "")
  foreach(source IN LISTS ARGN)
    get_filename_component(path "${source}" ABSOLUTE)
    polycloud_test_case_names(${path} names)
    foreach(name IN LISTS names)
      string(REPLACE "<semicolon>" ";" shown "${name}")
      string(REPLACE "<open-bracket>" "[" shown "${shown}")
      string(REPLACE "<close-bracket>" "]" shown "${shown}")
      if(name MATCHES "<semicolon>")
        message(FATAL_ERROR "${path}: test case \"${shown}\" of ${target} holds ';': ctest discovery would split "
                            "it into entries that run nothing and pass. Reword it (a ',' or '-' reads as well).")
      endif()
      if(name MATCHES "<open-bracket>|<close-bracket>")
        message(FATAL_ERROR "${path}: test case \"${shown}\" of ${target} holds '[' or ']': ctest discovery "
                            "reads the case list as a CMake list, where brackets merge entries. Use '(' and ')'.")
      endif()
      if(name IN_LIST seen)
        message(FATAL_ERROR "${path}: test case \"${shown}\" of ${target} is named twice: ctest would get one "
                            "entry for two cases. Give each case its own name.")
      endif()
      list(APPEND seen "${name}")
    endforeach()
  endforeach()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED SOURCES)
  polycloud_check_test_names("${TARGET}" ${SOURCES})
endif()
