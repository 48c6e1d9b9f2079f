#pragma once
// Reads the copies of the API pages' examples kept under tests/fixtures/<provider>/.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace polycloud::fixtures {

/// The file at `path` below tests/fixtures ("katapult/list_page.json"); throws when it is missing.
inline std::string read(std::string const& path) {
  std::ifstream file(std::string(POLYCLOUD_FIXTURES) + "/" + path, std::ios::binary);
  if (!file) throw std::runtime_error("missing fixture " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace polycloud::fixtures
