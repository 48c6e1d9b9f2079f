#pragma once
// The parsed command line as plain values. Only parse_arguments.cpp knows CLI11; every command
// works from these structs, so commands compile fast and can be called from the demo directly.

#include <polycloud/capabilities.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace polycloud::cli {

/// value: the --fields values tab-separated, one record per line, LF only, no header (for `while read`).
enum class OutputFormat { table, json, ndjson, csv, value };

struct GlobalArgs {
  std::optional<std::string> config;
  std::optional<std::string> profile;  ///< --profile NAME: <config dir>/profiles/NAME.json (profiles.hpp)
  OutputFormat output = OutputFormat::table;
  bool output_given = false;        ///< -o was on the command line (diff's default is ndjson, not table)
  std::vector<std::string> fields;  ///< --fields: keys (and columns) to print, in this order; empty: all
  bool no_headers = false;          ///< --no-headers: table and csv print rows only
  bool dry_run = false;             ///< --dry-run: print each HTTP request instead of sending it
  bool verbose = false;
};

struct ProvidersArgs {};

struct ListArgs {
  std::vector<std::string> providers;
  std::optional<std::string> state;
  std::string name_glob;
  std::vector<std::string> tags;  ///< "k=v", validated by the parser
  bool fast = false;              ///< skip per-instance detail fetches
  bool raw = false;               ///< --raw: add each provider's own object as "raw"
  std::string filter;                ///< --filter EXPR over the output keys (filter_expr.hpp); empty: all
  std::vector<std::string> sort_by;  ///< --sort-by KEY,~KEY
  std::size_t limit = 0;             ///< --limit N; 0: no limit
};

struct CatalogArgs {
  enum class Part { sizes, images, regions };
  Part part = Part::sizes;
  std::vector<std::string> providers;
  std::optional<std::string> match;  ///< --match SELECTOR (docs/provisioning.md): only the entries it matches
};

struct GetArgs {
  std::string provider;
  std::string id;
  bool raw = false;
};

struct CreateArgs {
  std::string provider;  ///< PROVIDER or --provider: a configured name, `any`, or "a,b" (create_target.hpp)
  bool explain = false;  ///< --explain: every candidate of the choice with its reason, on stderr
  std::optional<std::string> name, size, image, region;
  std::vector<std::string> ssh_keys;  ///< key material or a file holding it
  std::optional<std::string> user_data_file;
  bool user_data_secret = false;     ///< the user data holds credentials: scrub it like a token
  std::vector<std::string> tags;     ///< "k=v"
  std::vector<std::string> options;  ///< "k=v"
  std::optional<std::string> spec_file;
  std::optional<std::string> idempotency_key;  ///< CreateSpec::idempotency_key
  bool if_absent = false;                      ///< the key derived from provider and name
  bool no_wait = false;
  bool refresh_catalog = false;  ///< --refresh: list the provider's catalog again instead of using the cache
  int timeout_seconds = 600;
};

struct PendingArgs {
  bool resolve = false;                ///< look each key up and clear what is found
  std::vector<std::string> providers;  ///< --provider: only these; empty: all
};

struct ActionArgs {
  Operation operation = Operation::stop;
  std::string provider;
  std::vector<std::string> ids;  ///< one or more, acted on in order
  bool wait = false;
  int timeout_seconds = 600;     ///< for each id
  bool yes = false;              ///< delete: confirmed (required when stdin is a terminal)
  bool ignore_missing = false;   ///< delete: an id that does not exist counts as deleted
};

struct WaitArgs {
  std::string provider;
  std::string id;
  std::string state;  ///< validated by the parser
  int timeout_seconds = 600;
};

struct WatchArgs {
  std::vector<std::string> providers;
  std::optional<std::string> state;
  std::string name_glob;
  std::vector<std::string> tags;   ///< "k=v", validated by the parser
  std::int64_t interval_ms = 30'000;  ///< --interval, at least 1 s (the parser refuses less)
  bool existing = false;           ///< --existing: report the VMs already there as `added`
};

struct SandboxArgs {
  int instances = 5;  // see sandbox_options.hpp: the C++ API default is kept equal
  std::uint64_t seed = 1;
  int latency_ms = 0;
  bool plain = false;  ///< plain HTTP on loopback instead of TLS
  std::optional<std::string> write_config;
  int openscaler_port = 0, katapult_port = 0, bycloud_port = 0;  ///< 0: any free loopback port
  int catalog_images = 0;  ///< images each catalog route lists besides the seeded ones (the 10,000-image bench)
};

struct DemoArgs {};

/// `export --to FILE`: list's provider-side filters, and where the snapshot goes.
struct ExportArgs {
  std::string to;
  bool append = false;
  std::vector<std::string> providers;
  std::optional<std::string> state;
  std::string name_glob;
  std::vector<std::string> tags;
  bool fast = false;
  bool raw = false;
};

/// `diff A.db [B.db] [--from T] [--to T]`.
struct DiffArgs {
  std::vector<std::string> files;  ///< one or two
  std::optional<std::string> from, to;  ///< RFC 3339 UTC, validated by the parser
  std::vector<std::string> providers;
};

using Command =
    std::variant<ProvidersArgs, ListArgs, GetArgs, CreateArgs, ActionArgs, WaitArgs, WatchArgs, SandboxArgs, DemoArgs,
                 ExportArgs, DiffArgs, PendingArgs, CatalogArgs>;

struct Invocation {
  GlobalArgs global;
  Command command;
};

/// An invocation to run, or the exit code to end with (help or version printed: 0; usage error: 2).
std::variant<Invocation, int> parse_arguments(int argc, char const* const* argv);

}  // namespace polycloud::cli
