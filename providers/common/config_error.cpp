#include "providers/common/config_error.hpp"

namespace polycloud::providers {

Error config_error(ProviderConfig const& config, std::string_view key, std::string_view what) {
  // Appended piecewise: g++ 12 -O3 warns -Wrestrict falsely on chains of operator+.
  std::string message = config.source.empty() ? std::string() : config.source + ": ";
  message.append("providers.").append(config.name);
  if (!key.empty()) message.append(".").append(key);
  message.append(": ").append(what);
  return make_error(ErrorKind::config, std::move(message), config.name, "config");
}

}  // namespace polycloud::providers
