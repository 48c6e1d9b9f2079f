// Boost.JSON compiled from its header-only source (only with POLYCLOUD_JSON_FROM_SOURCE, the fuzz
// build): the parser then carries the fuzzer's coverage instrumentation and the sanitizers, which the
// prebuilt libboost_json does not.
#include <boost/json/src.hpp>
