#pragma once
// The keyed-create stress bench (issue 19): one sandbox, the real `polycloud create --idempotency-key`
// run as a process against it, a fault queued or a signal sent at a chosen point of the first run,
// then the same command run again up to 3 times; after every run the VMs of that name are counted at
// the simulator (each run's name is its own, so "VMs of this name" is "VMs carrying this key").
// Points are reached by events, never by timing: a fault consumed at the simulator, a VM listed.
#include "sim/sandbox.hpp"
#include "subprocess.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace polycloud::reliability {

class StressBench {
 public:
  /// `type`: "openscaler", "katapult" or "bycloud".
  explicit StressBench(std::string type);
  ~StressBench();
  StressBench(StressBench const&) = delete;
  StressBench& operator=(StressBench const&) = delete;

  std::string const& type() const noexcept { return type_; }
  std::string const& provider() const noexcept { return provider_; }
  sim::Server& server() noexcept;
  std::filesystem::path const& state_dir() const noexcept { return state_; }

  /// The create command's arguments (after the binary) for `name` with `key`.
  std::vector<std::string> create_command(std::string const& name, std::string const& key) const;
  /// Runs the create to its end.
  ProcessResult create(std::string const& name, std::string const& key) const;
  /// Starts the create and leaves it running (stdout/stderr in files named after `name` and `tag`).
  std::unique_ptr<BackgroundProcess> start_create(std::string const& name, std::string const& key,
                                                  std::string const& tag = "") const;
  /// `polycloud ARGS…` with this bench's config and journal.
  ProcessResult cli(std::vector<std::string> args) const;

  /// The ids of this provider's VMs named `name`, as a normal `polycloud list` shows them.
  std::vector<std::string> ids_named(std::string const& name) const;
  /// Waits (bounded: false at the bound) until `done()` holds, checking it every few milliseconds.
  static bool wait_until(std::function<bool()> const& done, std::chrono::seconds bound = std::chrono::seconds(30));
  /// Whether the lookup the reruns rely on is there (Provider::find_by_idempotency_keys).
  bool supports_key_lookup() const;

 private:
  std::string type_;
  std::unique_ptr<sim::Sandbox> sandbox_;
  std::string provider_;
  std::filesystem::path dir_;
  std::filesystem::path state_;
  std::string config_;
};

/// One injection point of a first run: queues its fault and/or signals the running CLI.
struct InjectionPoint {
  std::string label;  ///< "before send", "after 202", "SIGKILL during the build"…
  /// Runs the first, faulted create of (name, key); returns when that process has ended.
  std::function<void(StressBench&, std::string const& name, std::string const& key, std::mt19937_64& random)> first_run;
};

/// The injection points the sandbox offers for `type` (docs/reliability.md, "Keyed creates under faults").
std::vector<InjectionPoint> injection_points(std::string const& type);

/// A kill -9 at a seeded moment within `longest` of the first run's start.
InjectionPoint random_kill(std::chrono::milliseconds longest);

/// What one cell's runs found.
struct CellOutcome {
  int runs = 0;
  int duplicates = 0;     ///< runs after which more than one VM carried the key at some point
  int unresolved = 0;     ///< runs whose 3 reruns never succeeded, or left no VM
  int journal_left = 0;   ///< runs that left the key in the journal after a successful rerun
  std::vector<std::string> failures;  ///< one line per bad run, for the test's message
};

/// `runs` runs of `point` on `bench`, seeded from `seed` (run i uses seed + i).
CellOutcome run_cell(StressBench& bench, InjectionPoint const& point, int runs, std::uint64_t seed);

/// How many runs: $`variable` when set to a positive number, else `fallback` (CI's short version).
int runs_from_environment(char const* variable, int fallback);

}  // namespace polycloud::reliability
