#pragma once
// The Provider a factory hands out for an adapter. A listing runs ahead of its caller in detached
// coroutines (the page being streamed, pages fetched ahead) that call into the adapter and its transport
// client; a caller may drop the pager and destroy the provider while that work is still in flight
// (dropping stops the listing at its next batch, not at once). So the adapter is owned by a shared_ptr
// here, and every pager it returns gets a share (keep_while_listing): the adapter and its client live
// until the last work of its listings has ended, and nothing resumes into a destroyed adapter.

#include <polycloud/provider.hpp>

#include <memory>

namespace polycloud::providers {

/// Forwards every call to `adapter`, which it shares with the work of the pagers it returns.
std::unique_ptr<Provider> shared_adapter(std::shared_ptr<Provider> adapter);

}  // namespace polycloud::providers
