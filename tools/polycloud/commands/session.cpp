#include "commands/session.hpp"
#include "commands/profiles.hpp"
#include "output/streams.hpp"

#include "sandbox/stale_sandbox.hpp"
#include "output/visible_text.hpp"

#include <fmt/core.h>

namespace polycloud::cli {

CliResult<std::unique_ptr<Session>> Session::open(GlobalArgs const& global) {
  auto location = locate_config(global, false);
  if (!location) return location.error();
  // A provider block with a mistake stops that provider only: its name stays, and a command on it fails
  // with the block's error (a ${VAR} unset in this shell must not stop the others).
  auto config = load_config_file(location->path, process_environment(), ConfigOptions{.keep_unusable = true});
  if (!config) return config.error();
  for (auto const& warning : config->warnings) print_err("polycloud: warning: {}\n", warning);
  // Before building the fleet, whose first complaint would be the ca_file the stopped sandbox took along.
  if (auto stale = stale_sandbox_error(*config)) return *stale;
  auto session = from_config(std::move(*config), global);
  if (!session) return session.error();
  return std::move(*session);
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
  session->set_aside_uncreated(fleet->unusable());
  session->fleet_.emplace(std::move(*fleet));
  return session;
}

void Session::set_aside_uncreated(std::vector<UnusableProvider> const& unusable) {
  // A block that parsed but whose provider could not be created (a ca_file that cannot be read) is
  // unusable as one that did not parse: every command asks the config which names are.
  auto& providers = config_.providers;
  for (auto const& held : unusable)
    std::erase_if(providers, [&](ProviderConfig const& block) { return block.name == held.name; });
  config_.unusable = unusable;  // the fleet's order: the uncreated ones, then the unreadable blocks
}

CatalogCache& Session::catalog_cache() {
  if (!catalog_cache_) {
    CatalogCacheSettings settings;
    settings.warn = [](std::string const& warning) { print_err("polycloud: warning: {}\n", warning); };
    catalog_cache_ = std::make_unique<CatalogCache>(std::move(settings));
  }
  return *catalog_cache_;
}

CatalogCacheOptions Session::catalog_options(std::string const& provider) const {
  CatalogCacheOptions options;
  if (auto const* config = config_.find(provider)) options = catalog_cache_options(*config);
  options.refresh = refresh_catalogs_;
  return options;
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
