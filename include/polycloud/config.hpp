#pragma once
// Configuration: a JSON file naming the providers. See docs/config.md.

#include <polycloud/error.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

/// A credential. It has no stream operator and no implicit conversion, so it cannot be printed
/// by accident; reveal() is the one place it is read (the transport's auth header).
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  std::string const& reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

 private:
  std::string value_;
};

/// Portable names → this provider's identifiers.
struct Aliases {
  std::map<std::string, std::string> size;
  std::map<std::string, std::string> image;
  std::map<std::string, std::string> region;

  /// The alias target, or `name` itself when no alias is configured.
  static std::string const& resolve(std::map<std::string, std::string> const& table, std::string const& name);
};

/// A command that prints a bearer token ("token_command", docs/config.md): run without a shell, its
/// stdout read as JSON {"token": "...", "expires_at": "<RFC 3339>"} or {"token": "...", "expires_in": N}.
struct TokenCommand {
  std::vector<std::string> argv;     ///< argv[0] is the program (looked up in PATH), never a shell line
  std::chrono::seconds timeout{10};  ///< "timeout_s": the command is killed after this
};

/// OAuth 2 client-credentials grant (RFC 6749 section 4.4, "oauth" in docs/config.md): the access token
/// is fetched from `token_url` with client_id/client_secret as HTTP Basic, cached until shortly before
/// its expires_in, and fetched again after a 401.
struct OAuthClient {
  std::string token_url;  ///< absolute https URL (http only to loopback or with allow_insecure_http)
  std::string client_id;
  Secret client_secret;   ///< from "client_secret" or "client_secret_file"
  std::string scope;      ///< sent as "scope" when not empty
};

struct ProviderConfig {
  std::string name;      ///< the key under "providers"
  std::string type;      ///< "openscaler", "katapult", "bycloud", "fake"
  std::string endpoint;  ///< from config, or the type's public default
  Secret token;          ///< from "token" or "token_file"
  Secret api_key;        ///< ByCloud's "id:secret" service-account key
  /// Where a bearer token is fetched from instead of `token` (at most one of token, token_command, oauth).
  std::optional<TokenCommand> token_command;
  std::optional<OAuthClient> oauth;
  std::string ca_file;   ///< extra trusted CA (PEM), empty for the system store only
  std::chrono::seconds timeout{30};  ///< default deadline of one operation, and of each request of a listing
  /// Default deadline of a whole listing ("list_timeout_s"): every page and detail fetch of it.
  std::chrono::seconds list_timeout{600};
  /// How long a cached catalog is used ("catalog_ttl_s", polycloud/catalog_cache.hpp); 0: always listed again.
  std::chrono::seconds catalog_ttl{3600};
  std::size_t max_connections = 8;   ///< per origin
  bool allow_insecure_http = false;  ///< permit http:// to a non-loopback host
  std::optional<double> rate_limit_per_second;  ///< client-side limiter, off when empty
  std::optional<double> rate_limit_per_minute;  ///< the same per minute (Katapult, ByCloud publish these); the stricter applies
  std::size_t max_body_bytes = 64u << 20;       ///< largest accepted response body ("max_body_mb")
  /// "proxy": an http:// proxy URL (HTTP CONNECT), or "" / "none" for none, overriding the environment
  /// (https_proxy, http_proxy, all_proxy, no_proxy, read as curl reads them). Unset: the environment decides.
  std::optional<std::string> proxy;
  Aliases aliases;
  boost::json::object settings;  ///< the provider's own keys (project_id, organization…), env-expanded
  std::string source;            ///< the file it came from, for error messages
};

/// A provider block that could not be read, kept aside when the config is loaded with
/// ConfigOptions::keep_unusable: the other providers still load, and a Fleet made from the config holds
/// this one as a provider whose every operation fails with `error` (a ${VAR} unset in this shell, a typo in
/// one block), so one broken block does not stop the providers that are fine.
struct UnusableProvider {
  std::string name;  ///< the key under "providers"
  std::string type;  ///< its "type" when that is a string, else empty
  Error error;       ///< the config error the block gave: ErrorKind::config, naming the file and key path

  /// `error` as the failure of `operation` ("list", "create"…) on this provider.
  Error failure_of(std::string operation) const;
};

struct Config {
  std::string source;
  std::vector<ProviderConfig> providers;  ///< in file order
  /// The blocks that could not be read, in file order (only with ConfigOptions::keep_unusable; else such a
  /// block is the load's error). A name here is in no ProviderConfig: find() does not return it.
  std::vector<UnusableProvider> unusable;
  /// Loaded with ConfigOptions::keep_unusable (or set by hand): Fleet::create then also holds a provider
  /// it cannot create (a ca_file that is not there, or not a regular file) as unusable, listed
  /// by Fleet::unusable(), instead of failing the whole construction.
  bool keep_unusable = false;
  /// Problems that do not stop loading but that the user should fix, one line each, e.g. a config
  /// or token file holding a credential that group or others can read (as ssh warns). The CLI prints
  /// them on stderr; a library user decides. They never contain a credential.
  std::vector<std::string> warnings;

  ProviderConfig const* find(std::string_view name) const noexcept;
  UnusableProvider const* find_unusable(std::string_view name) const noexcept;
};

/// Reads an environment variable; returns nullopt when unset. Injectable for tests.
using Environment = std::function<std::optional<std::string>(std::string_view)>;
Environment process_environment();

struct ConfigOptions {
  /// A provider block with a mistake is kept aside (Config::unusable) instead of failing the load.
  /// Mistakes outside the blocks (JSON syntax, a duplicate or unknown top-level key, a bad provider name)
  /// still fail it. Off by default: a library user sees the first mistake as the load's error.
  bool keep_unusable = false;
};

/// Parses config text. `source` names it in errors ("/home/u/.config/polycloud/config.json").
/// Every error is ErrorKind::config and names the source, the key path and what was expected; a
/// credential is never part of one. Refused besides wrong types and unknown keys: CR, LF or NUL in any
/// string value (they would inject header lines), a token or api_key shorter than 8 characters, a
/// token_file over 64 KiB, user:password@ in an endpoint, timeout_s or list_timeout_s over one day.
Result<Config> parse_config(std::string_view json_text, std::string const& source,
                            Environment const& env = process_environment(), ConfigOptions options = {});

/// Reads and parses a config file of at most 4 MiB. An unreadable file is a config error with the OS
/// reason. Adds a warning when the file holds a literal credential and group or others may read or
/// write it, or when it holds none but group or others may write it.
Result<Config> load_config_file(std::filesystem::path const& path, Environment const& env = process_environment(),
                                ConfigOptions options = {});

/// Discovery order: explicit path (--config), $POLYCLOUD_CONFIG, $XDG_CONFIG_HOME/polycloud/config.json,
/// ~/.config/polycloud/config.json. Returns the first that is given (explicit/env) or exists.
Result<std::filesystem::path> discover_config(std::optional<std::filesystem::path> const& explicit_path,
                                              Environment const& env = process_environment());

}  // namespace polycloud
