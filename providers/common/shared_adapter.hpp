#pragma once
// The Provider a factory hands out for an adapter. A listing runs ahead of its caller in detached
// coroutines (the page being streamed, pages fetched ahead) that call into the adapter and its transport
// client; a caller may drop the pager and destroy the provider while that work is still in flight
// (dropping stops the listing at its next batch, not at once). So the adapter is owned by a shared_ptr
// here, and every pager it returns gets a share (keep_while_listing): the adapter and its client live
// until the last work of its listings has ended, and nothing resumes into a destroyed adapter.

//
// It is also where what every adapter takes besides its own keys is applied, once for all: the `prices`
// block (price_overlay.hpp) over each size the adapter lists or finds.

#include "providers/common/price_overlay.hpp"

#include <polycloud/config.hpp>
#include <polycloud/provider.hpp>

#include <memory>
#include <string>
#include <vector>

namespace polycloud::providers {

/// The keys every adapter takes besides its own (adapter_type adds them to its own_keys).
struct SharedSettings {
  PriceOverlay prices;  ///< "prices"
};
Result<SharedSettings> read_shared_settings(ProviderConfig const& config);
std::vector<std::string> shared_setting_keys();

/// Forwards every call to `adapter`, which it shares with the work of the pagers it returns; the sizes
/// it lists or finds get `settings.prices`.
std::unique_ptr<Provider> shared_adapter(std::shared_ptr<Provider> adapter, SharedSettings settings = {});

}  // namespace polycloud::providers
