// Small text helpers of src/core: UTF-8-safe truncation, "did you mean", bounded file reads.
#include "core/bounded_file.hpp"
#include "core/suggest.hpp"
#include "core/utf8.hpp"

#include <doctest/doctest.h>

using namespace polycloud;

TEST_CASE("utf8_safe_truncate never cuts inside a character") {
  std::string const text = "ab\xC3\xA9" "c\xE2\x82\xAC" "d\xF0\x9F\x98\x80";  // a b é c € d 😀
  CHECK(utf8_safe_truncate(text, 100) == text);
  CHECK(utf8_safe_truncate(text, 2) == "ab");
  CHECK(utf8_safe_truncate(text, 3) == "ab");  // inside é
  CHECK(utf8_safe_truncate(text, 4) == "ab\xC3\xA9");
  CHECK(utf8_safe_truncate(text, 6) == "ab\xC3\xA9" "c");  // inside €
  CHECK(utf8_safe_truncate(text, 7) == "ab\xC3\xA9" "c");
  CHECK(utf8_safe_truncate(text, 10) == "ab\xC3\xA9" "c\xE2\x82\xAC" "d");  // inside 😀
  CHECK(utf8_safe_truncate(text, 12) == "ab\xC3\xA9" "c\xE2\x82\xAC" "d");
  CHECK(utf8_safe_truncate(text, 0).empty());
}

TEST_CASE("utf8_safe_truncate cuts invalid UTF-8 no worse than a byte cut") {
  std::string const continuation_run(10, '\x80');
  CHECK(utf8_safe_truncate(continuation_run, 5).size() == 5);
}

TEST_CASE("edit distance and did you mean") {
  CHECK(edit_distance("tokn", "token") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  std::vector<std::string> const keys{"token", "token_file", "endpoint"};
  CHECK(did_you_mean("tokne", keys) == " (did you mean `token`?)");
  CHECK(did_you_mean("endpont", keys) == " (did you mean `endpoint`?)");
  CHECK(did_you_mean("x", keys).empty());
  CHECK(did_you_mean("region", keys).empty());
}

TEST_CASE("describe_size names caps in KiB and MiB") {
  CHECK(describe_size(max_token_file_bytes) == "64 KiB");
  CHECK(describe_size(max_config_file_bytes) == "4 MiB");
  CHECK(describe_size(100) == "100 bytes");
}
