#pragma once
// Maps a config "type" to an adapter factory: adding a provider is one registration.

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>
#include <polycloud/provider.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud {

/// One line per HTTP exchange, already redacted: credentials never reach a sink.
using TraceSink = std::function<void(std::string_view line)>;

struct ProviderContext {
  boost::asio::any_io_executor executor;
  TraceSink trace;  ///< may be empty
  /// Set: a dry run. The built-in HTTP adapters send nothing; each request they would send goes here
  /// as text (method and URL, headers with credentials REDACTED, blank line, body) and the call fails
  /// with ErrorKind::cancelled ("dry run"). A provider that does not use the library's transport
  /// (the fake, a user's own type) ignores it.
  TraceSink dry_run = {};  // (a default initializer: existing {executor, trace} initializations stay warning-free)
};

using ProviderFactory =
    std::function<Result<std::unique_ptr<Provider>>(ProviderConfig const&, ProviderContext const&)>;

struct ProviderType {
  std::string name;                    ///< the config "type"
  std::string default_endpoint;        ///< used when the config has no "endpoint"
  std::vector<std::string> own_keys;   ///< provider-specific config keys accepted besides the common ones
  /// Checks the provider-specific settings; an error is ErrorKind::config naming the key path.
  std::function<Result<void>(ProviderConfig const&)> validate;
  ProviderFactory factory;
  /// Its requests go through the library's transport, where a dry run (ProviderContext::dry_run) stops
  /// them; false for a type that would act for real under --dry-run (the fake, a user's own type).
  bool dry_run = false;
};

/// True for a usable type name: 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter.
bool valid_provider_type_name(std::string_view name) noexcept;

/// Adds or replaces a type (users may register their own adapters); a name valid_provider_type_name
/// refuses is ErrorKind::config and registers nothing.
Result<void> register_provider_type(ProviderType type);
ProviderType const* find_provider_type(std::string_view name);
std::vector<std::string> provider_type_names();

Result<std::unique_ptr<Provider>> make_provider(ProviderConfig const& config, ProviderContext const& context);

}  // namespace polycloud
