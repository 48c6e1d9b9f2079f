#pragma once
// "KEY=VALUE" arguments (already validated by the parser) as a map; a repeated key keeps the last value.
#include <map>
#include <string>
#include <vector>

namespace polycloud::cli {

inline std::map<std::string, std::string> key_value_map(std::vector<std::string> const& pairs) {
  std::map<std::string, std::string> map;
  for (auto const& pair : pairs) {
    auto const equals = pair.find('=');
    map[pair.substr(0, equals)] = equals == std::string::npos ? std::string() : pair.substr(equals + 1);
  }
  return map;
}

}  // namespace polycloud::cli
