#include "commands/session.hpp"
#include "output/streams.hpp"

#include "sandbox/stale_sandbox.hpp"
#include "output/visible_text.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

Result<std::unique_ptr<Session>> Session::open(GlobalArgs const& global) {
  std::optional<std::filesystem::path> explicit_path;
  if (global.config) explicit_path = *global.config;
  auto path = discover_config(explicit_path);
  if (!path) return path.error();
  auto config = load_config_file(*path);
  if (!config) return config.error();
  for (auto const& warning : config->warnings) print_err("polycloud: warning: {}\n", warning);
  // Before building the fleet, whose first complaint would be the ca_file the stopped sandbox took along.
  if (auto stale = stale_sandbox_error(*config)) return *stale;
  return from_config(std::move(*config), global);
}

Result<std::unique_ptr<Session>> Session::from_config(Config config, GlobalArgs const& global) {
  std::unique_ptr<Session> session(new Session(global));
  session->config_ = std::move(config);
  ProviderContext context{session->io_.get_executor(), {}};
  // The transport redacts credentials before a line reaches any sink.
  if (global.verbose) context.trace = [](std::string_view line) { print_err("{}\n", visible_controls(line)); };
  session->reading_context_ = context;
  if (global.dry_run)
    context.dry_run = [self = session.get()](std::string_view request) {
      if (self->dry_run_capture_ != nullptr) {
        self->dry_run_capture_->emplace_back(request);
      } else {
        print_out("{}{}\n", self->dry_run_requests_ > 0 ? "\n" : "", request);
        flush_out();
      }
      ++self->dry_run_requests_;
    };
  auto fleet = Fleet::create(session->config_, context);
  if (!fleet) return fleet.error();
  session->fleet_.emplace(std::move(*fleet));
  return session;
}

Fleet& Session::catalog_fleet() {
  if (!global_.dry_run) return *fleet_;
  if (!catalog_fleet_) {
    // The config built fleet_ already, so building the same providers again cannot fail.
    catalog_fleet_.emplace(Fleet::create(config_, reading_context_).value());
  }
  return *catalog_fleet_;
}

}  // namespace polycloud::cli
