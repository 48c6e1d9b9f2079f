#pragma once
// One function per subcommand. Each prints its records to stdout, its errors to stderr (one line
// each) and returns the exit code of docs/cli.md.
#include "commands/arguments.hpp"
#include "commands/exit_code.hpp"
#include "commands/session.hpp"

namespace polycloud::cli {

ExitCode run_providers(Session& session);
ExitCode run_list(Session& session, ListArgs const& args);
ExitCode run_get(Session& session, GetArgs const& args);
ExitCode run_catalog(Session& session, CatalogArgs const& args);
ExitCode run_create(Session& session, CreateArgs const& args);
/// The create itself (progress on stderr, then the wait unless --no-wait), without printing the record.
CliResult<Instance> create_instance(Session& session, CreateArgs const& args);
ExitCode run_action(Session& session, ActionArgs const& args);
ExitCode run_wait(Session& session, WaitArgs const& args);
/// `pending`: the journal needs no config; --resolve opens a session for the lookups.
ExitCode run_pending(GlobalArgs const& global, PendingArgs const& args);
/// Polls until SIGINT/SIGTERM (Interrupted: exit 130/143), printing events as they are observed.
ExitCode run_watch(Session& session, WatchArgs const& args);
/// A snapshot of the fleet into an SQLite file (docs/inventory.md, "Snapshots").
ExitCode run_export(Session& session, ExportArgs const& args);
/// Two snapshots compared as events; reads files only, no config (docs/inventory.md, "Diff").
ExitCode run_diff(GlobalArgs const& global, DiffArgs const& args);
/// Serves until SIGINT/SIGTERM.
ExitCode run_sandbox(GlobalArgs const& global, SandboxArgs const& args);
ExitCode run_demo(GlobalArgs const& global);
/// Build details: versions of polycloud, the compiler and libraries, and the provider types registered.
ExitCode run_version(GlobalArgs const& global);
/// The simulators' own default (sim::SandboxOptions), so the CLI and the C++ API seed the same count.
int default_sandbox_instances() noexcept;

/// --raw given, or "raw" named in --fields: the provider's own object must be kept.
bool wants_raw(GlobalArgs const& global, bool raw_flag);

/// The exit code of a multi-provider outcome: ok, partial when some failed, else the first failure's code.
ExitCode combined_exit_code(std::size_t failed, std::size_t total, ErrorKind first_failure) noexcept;

}  // namespace polycloud::cli
