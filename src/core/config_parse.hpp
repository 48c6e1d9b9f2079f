#pragma once
// Internal to config loading: parse_config with what load_config_file needs to know besides the result.
#include <polycloud/config.hpp>

#include <boost/json/value.hpp>

#include <functional>

namespace polycloud::detail {

struct ParsedConfig {
  Result<Config> config;
  /// A credential is written in the file itself (not a ${VAR} reference nor a token_file), so the
  /// file's permissions matter as ssh's do for a private key.
  bool holds_literal_secret = false;
};

ParsedConfig parse_config_text(std::string_view json_text, std::string const& source, Environment const& env,
                               ConfigOptions options);

/// What config.cpp lends the parsers of the credential-source blocks (config_credentials.cpp): its
/// readers, so a value there is expanded, checked and read exactly as "token" and "token_file" are.
struct KeyReader {
  /// A string value, ${VAR} expanded, refused when it holds CR, LF or NUL.
  std::function<Result<std::string>(boost::json::value const&, std::string const& path)> string;
  /// A credential file read as "token_file" is (regular, at most 64 KiB, trimmed, permission warning).
  std::function<Result<std::string>(std::string const& file, std::string const& path)> secret_file;
  /// The config error at `path`.
  std::function<Error(std::string const& path, std::string const& what)> error;
  /// Set when a credential is written in the file itself rather than as ${VAR} or a file.
  bool* holds_literal_secret = nullptr;
};

/// "token_command": {"argv": ["prog", "arg"…], "timeout_s": N} or the argv array alone.
Result<TokenCommand> parse_token_command(boost::json::value const& value, std::string const& path, KeyReader const& read);
/// "oauth": {"token_url", "client_id", "client_secret" | "client_secret_file", "scope"}; `allow_insecure_http`
/// lets token_url be plain http to a non-loopback host, as it does the endpoint.
Result<OAuthClient> parse_oauth(boost::json::value const& value, std::string const& path, KeyReader const& read,
                                bool allow_insecure_http);

/// Appends the error or the warnings of a loaded config to the process trace file, when there is one
/// (core/trace_file.hpp): what a user would be shown of it. Returns `loaded` unchanged.
Result<Config> traced(Result<Config> loaded);

}  // namespace polycloud::detail
