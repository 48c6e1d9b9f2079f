#pragma once
// The rules of the two write flows every adapter has, as data: when a delete's error means the resource
// is already gone (docs/reliability.md, "Deletes"), and when a power action counts as done
// (power_action.hpp). The flows themselves are AdapterBase::delete_resource and ::power_action.

#include <polycloud/error.hpp>

#include <initializer_list>
#include <string_view>
#include <vector>

namespace polycloud::providers {

/// Which errors of a DELETE mean "already gone", so the delete succeeded.
struct GoneRule {
  /// A 404 seen after more than one attempt: the first went through and only its answer was lost.
  bool retried_404 = false;
  /// The provider's error codes that say the resource is gone whatever the status (a bare 404 without
  /// one of them, a proxy's page or a wrong path, then proves nothing).
  std::vector<std::string_view> codes = {};
};

/// OpenScaler's and ByCloud's rule: a 404 after a retry.
inline GoneRule const retried_404_is_gone{true, {}};

/// True when `error`, the failure of a DELETE, means the resource is gone under `rule`.
bool already_gone(Error const& error, GoneRule const& rule) noexcept;

}  // namespace polycloud::providers
