#pragma once
// The registry entry of a built-in adapter, the same for each: its own keys, a validate that reads its
// settings (so a bad value is reported when the config loads, not on first use), a factory that makes it
// and wraps it for shared ownership (shared_adapter.hpp), and dry-run support (every request goes
// through the library's transport, which a dry run stops). An adapter's provider_type.cpp is one call.
// Besides its own keys every adapter takes the shared ones (shared_adapter.hpp: `prices`).
// make_adapter is the shape of each adapter's make(): settings, then the transport client, then the adapter.

#include "providers/common/client_options.hpp"
#include "providers/common/shared_adapter.hpp"

#include <polycloud/registry.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace polycloud::providers {

/// The settings' error first, then the client's (make_client, with `credentials` and, when given, the
/// adapter's error decoder, which decides what refuses a fetched token), then `construct(settings,
/// client)`, the adapter's `new`: an adapter's make() is one call of this.
template <class Adapter, class Settings, class Credentials, class Construct>
Result<std::unique_ptr<Adapter>> make_adapter(ProviderConfig const& config, ProviderContext const& context,
                                              Result<Settings> settings, Credentials credentials, Construct construct,
                                              ErrorBodyDecoder decode = nullptr) {
  if (!settings) return settings.error();
  auto client = make_client(config, context, std::move(credentials), std::move(decode));
  if (!client) return client.error();
  return std::unique_ptr<Adapter>(construct(std::move(*settings), std::move(*client)));
}

/// `Adapter::make(config, context)` makes the adapter; `read_settings(config)` reads its own keys.
template <class Adapter, class Keys, class ReadSettings>
ProviderType adapter_type(std::string_view name, std::string_view default_endpoint, Keys const& own_keys,
                          ReadSettings read_settings) {
  ProviderType type;
  type.name = std::string(name);
  type.default_endpoint = std::string(default_endpoint);
  type.own_keys.assign(own_keys.begin(), own_keys.end());
  for (auto& key : shared_setting_keys()) type.own_keys.push_back(std::move(key));
  type.validate = [read_settings](ProviderConfig const& config) -> Result<void> {
    if (auto settings = read_settings(config); !settings) return settings.error();
    if (auto shared = read_shared_settings(config); !shared) return shared.error();
    return {};
  };
  type.factory = [](ProviderConfig const& config, ProviderContext const& context) -> Result<std::unique_ptr<Provider>> {
    auto shared = read_shared_settings(config);
    if (!shared) return shared.error();
    auto provider = Adapter::make(config, context);
    if (!provider) return provider.error();
    // A listing's detached work keeps it alive; the keys every adapter takes are applied there.
    return shared_adapter(std::move(*provider), std::move(*shared));
  };
  type.dry_run = true;
  return type;
}

}  // namespace polycloud::providers
