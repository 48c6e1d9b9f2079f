#pragma once
// --dry-run: the session prints each HTTP request instead of sending it (ProviderContext::dry_run).
// Only providers on the library's transport honour that, so a dry run refuses any other type.
// A request stopped that way ends its operation, so a command that would go on (create, then wait)
// shows the rest of its plan with show_wait_plan instead of running it.
#include "commands/exit_code.hpp"
#include "commands/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace polycloud::cli {

/// A config error naming the first of `providers` whose type would act for real in a dry run.
CliResult<void> check_dry_run(Session const& session, std::vector<std::string> const& providers);

/// The error is the end of an operation whose request --dry-run showed instead of sending.
bool stopped_by_dry_run(Session const& session, Error const& error) noexcept;

/// --dry-run: prints the GET a wait for `target` would poll (built by the adapter itself, so it is the
/// real request) and a line saying it repeats until `target`. Without an id (it would come from a create
/// that was not sent) the URL shows the placeholder `{id}`. Sends nothing.
void show_wait_plan(Session& session, Provider& provider, std::optional<std::string> const& id, State target,
                    int timeout_seconds);

}  // namespace polycloud::cli
