#pragma once
// What a provider-facing command needs: the loaded config, an io_context and the fleet on it.
#include "arguments.hpp"

#include <polycloud/config.hpp>
#include <polycloud/fleet.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <memory>

namespace polycloud::cli {

class Session {
 public:
  /// Finds and loads the config (--config, $POLYCLOUD_CONFIG, XDG) and builds the fleet.
  static Result<std::unique_ptr<Session>> open(GlobalArgs const& global);
  /// A session over a config already in hand (the demo's sandbox config).
  static Result<std::unique_ptr<Session>> from_config(Config config, GlobalArgs const& global);

  Config const& config() const noexcept { return config_; }
  Fleet& fleet() noexcept { return *fleet_; }
  GlobalArgs const& global() const noexcept { return global_; }
  /// --dry-run: how many requests were shown instead of sent.
  std::size_t dry_run_requests() const noexcept { return dry_run_requests_; }

  /// Runs one coroutine on the session's io_context to completion.
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    auto future = boost::asio::co_spawn(io_, std::move(task), boost::asio::use_future);
    io_.restart();
    io_.run();
    return future.get();
  }

 private:
  explicit Session(GlobalArgs global) : global_(std::move(global)) {}

  GlobalArgs global_;
  Config config_;
  boost::asio::io_context io_;
  std::optional<Fleet> fleet_;
  std::size_t dry_run_requests_ = 0;
};

}  // namespace polycloud::cli
