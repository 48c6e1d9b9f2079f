#include "dry_run.hpp"

namespace polycloud::cli {

namespace {
/// The provider types whose requests go through the library's transport, where a dry run stops them.
/// Any other type (the in-memory fake, a user's own) would act for real.
bool stops_requests(std::string const& type) { return type == "openscaler" || type == "katapult" || type == "bycloud"; }
}  // namespace

Result<void> check_dry_run(Session const& session, std::vector<std::string> const& providers) {
  for (auto const& name : providers)
    if (auto const* config = session.config().find(name); config && !stops_requests(config->type))
      return make_error(ErrorKind::config,
                        "--dry-run works with the HTTP providers (openscaler, katapult, bycloud), not type " +
                            config->type,
                        name, "dry-run");
  return {};
}

}  // namespace polycloud::cli
