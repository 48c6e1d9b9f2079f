#pragma once
// --dry-run: the session prints each HTTP request instead of sending it (ProviderContext::dry_run).
// Only providers on the library's transport honour that, so a dry run refuses any other type.
#include "session.hpp"

#include <string>
#include <vector>

namespace polycloud::cli {

/// A config error naming the first of `providers` whose type would act for real in a dry run.
Result<void> check_dry_run(Session const& session, std::vector<std::string> const& providers);

}  // namespace polycloud::cli
