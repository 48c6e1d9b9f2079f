#include "providers/common/resource_actions.hpp"

#include <algorithm>

namespace polycloud::providers {

bool already_gone(Error const& error, GoneRule const& rule) noexcept {
  if (rule.retried_404 && error.http_status == 404 && error.attempts > 1) return true;
  return !error.provider_code.empty() &&
         std::find(rule.codes.begin(), rule.codes.end(), error.provider_code) != rule.codes.end();
}

}  // namespace polycloud::providers
