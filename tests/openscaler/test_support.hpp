#pragma once
// Shared by the OpenScaler tests: the seed pages' examples (copied under tests/fixtures/openscaler)
// and a doctest printer that shows the Error when a Result check fails.

#include <polycloud/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

namespace polycloud::openscaler::test {

inline std::string read_fixture(std::string const& name) {
  std::ifstream file(std::string(POLYCLOUD_FIXTURES) + "/openscaler/" + name, std::ios::binary);
  if (!file) throw std::runtime_error("missing fixture " + name);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

inline boost::json::value json_fixture(std::string const& name) { return boost::json::parse(read_fixture(name)); }

}  // namespace polycloud::openscaler::test

namespace doctest {
template <class T>
struct StringMaker<boost::system::result<T, polycloud::Error>> {
  static String convert(boost::system::result<T, polycloud::Error> const& result) {
    return result ? String("a value") : String(("error: " + result.error().to_string()).c_str());
  }
};
}  // namespace doctest
