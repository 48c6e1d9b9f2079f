#pragma once
// Internal to config loading: parse_config with what load_config_file needs to know besides the result.
#include <polycloud/config.hpp>

namespace polycloud::detail {

struct ParsedConfig {
  Result<Config> config;
  /// A credential is written in the file itself (not a ${VAR} reference nor a token_file), so the
  /// file's permissions matter as ssh's do for a private key.
  bool holds_literal_secret = false;
};

ParsedConfig parse_config_text(std::string_view json_text, std::string const& source, Environment const& env);

}  // namespace polycloud::detail
