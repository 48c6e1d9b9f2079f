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

/// Appends the error or the warnings of a loaded config to the process trace file, when there is one
/// (core/trace_file.hpp): what a user would be shown of it. Returns `loaded` unchanged.
Result<Config> traced(Result<Config> loaded);

}  // namespace polycloud::detail
