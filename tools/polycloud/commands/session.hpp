#pragma once
// What a provider-facing command needs: the loaded config, an io_context and the fleet on it.
#include "commands/arguments.hpp"
#include "commands/exit_code.hpp"
#include "terminal/interruption.hpp"

#include <polycloud/catalog_cache.hpp>
#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polycloud::cli {

class Session {
 public:
  /// Finds and loads the config (--config, $POLYCLOUD_CONFIG, XDG) and builds the fleet.
  /// Finds the config (profiles.hpp's locate_config) and loads it.
  static CliResult<std::unique_ptr<Session>> open(GlobalArgs const& global);
  /// A session over a config already in hand (the demo's sandbox config).
  static Result<std::unique_ptr<Session>> from_config(Config config, GlobalArgs const& global);

  Config const& config() const noexcept { return config_; }
  Fleet& fleet() noexcept { return *fleet_; }
  /// The fleet catalogs are read through: fleet() itself, except in a dry run, where it is a second
  /// fleet that sends (create resolves selectors and names against real catalogs; GETs only).
  Fleet& catalog_fleet();
  GlobalArgs const& global() const noexcept { return global_; }
  /// The catalog cache every command of this process shares (docs/provisioning.md, "Catalog cache"):
  /// its warnings are printed as "polycloud: warning: …" on stderr.
  CatalogCache& catalog_cache();
  /// How `provider`'s catalog is cached: its account and catalog_ttl_s, and --refresh when given.
  CatalogCacheOptions catalog_options(std::string const& provider) const;
  /// --refresh: catalogs are listed again (once per provider) instead of read from the cache.
  void set_refresh_catalogs(bool refresh) noexcept { refresh_catalogs_ = refresh; }

  /// --dry-run: how many requests were shown instead of sent.
  std::size_t dry_run_requests() const noexcept { return dry_run_requests_; }
  /// --dry-run: while set, the requests are collected here instead of printed (still counted).
  void capture_dry_run(std::vector<std::string>* into) noexcept { dry_run_capture_ = into; }

  /// Runs one coroutine on the session's io_context to completion. On SIGINT/SIGTERM the coroutine is
  /// cancelled and, once it has ended, Interrupted is thrown (main reports it and exits 130/143).
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    return interruption_.run(std::move(task));
  }

  /// After run() threw Interrupted: runs `task`, a short follow-up that finds out what the interrupted
  /// operation left (`what`: "the lookup by idempotency key", for the message), under
  /// Interruption::run_follow_up's rules. nullopt when the task ended by an exception (its cancellation).
  template <class T>
  std::optional<T> run_after_interrupt(boost::asio::awaitable<T> task, std::chrono::steady_clock::duration bound,
                                       std::string what) {
    return interruption_.run_follow_up(std::move(task), bound, std::move(what));
  }

  /// Between operations (a wait of the CLI's own, such as reading --ssh-key from a pipe): runs the
  /// signal handlers due, and throws Interrupted once SIGINT or SIGTERM arrived.
  void check_interrupted() { interruption_.check_interrupted(); }

  /// What to report if a signal interrupts the next operations, e.g. "the VM named web-1 may exist".
  void set_interrupt_report(std::string what_is_known) { interruption_.set_what_is_known(std::move(what_is_known)); }

 private:
  explicit Session(GlobalArgs global) : global_(std::move(global)) {}
  /// Moves the blocks the fleet could not create from config_.providers to config_.unusable.
  void set_aside_uncreated(std::vector<UnusableProvider> const& unusable);

  GlobalArgs global_;
  Config config_;
  boost::asio::io_context io_;
  Interruption interruption_{io_};  // installed before any request can be sent
  std::optional<Fleet> fleet_;
  std::unique_ptr<CatalogCache> catalog_cache_;
  bool refresh_catalogs_ = false;
  std::optional<Fleet> catalog_fleet_;  ///< a dry run's reading fleet, built when first needed
  ProviderContext reading_context_;     ///< the context of catalog_fleet_: fleet_'s without dry_run
  std::size_t dry_run_requests_ = 0;
  std::vector<std::string>* dry_run_capture_ = nullptr;
};

}  // namespace polycloud::cli
