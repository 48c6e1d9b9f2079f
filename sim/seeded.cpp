#include "sim/seeded.hpp"

#include <ctime>

namespace polycloud::sim {

std::string format_timestamp(std::int64_t unix_seconds, bool with_zone) {
  std::time_t const time = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  gmtime_r(&time, &parts);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), with_zone ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &parts);
  return std::string(text.data());
}

}  // namespace polycloud::sim
