#pragma once
// Where `create` builds, and with which exact ids: PROVIDER (or --provider) is one configured name,
// `any`, or a comma-separated list; selectors and names resolve through each provider's catalog
// (polycloud/placement.hpp), placement picks the cheapest, and --explain / --dry-run show why.
#include "commands/exit_code.hpp"
#include "commands/session.hpp"

#include <polycloud/create_spec.hpp>

#include <string>
#include <vector>

namespace polycloud::cli {

/// The configured providers a create may go to: `any` means every one (unless a provider is named
/// "any"), "a,b" those; an unknown name is kept, for the fleet to refuse with the configured ones.
std::vector<std::string> create_provider_names(Config const& config, std::string const& provider_argument);

struct CreateTarget {
  std::string provider;
  CreateSpec spec;  ///< size, image and region as the provider's create takes them
};

/// Resolves `spec` for the create: on one provider, the catalog is read only when a selector, a name
/// without an alias, or --explain needs it (so an alias alone sends nothing more); over several, every
/// catalog is read and the placement's verdicts are printed on stderr. A dry run passes names on as
/// given and reads a catalog only for a selector, --explain or a placement, then for real (GET only),
/// so that the request it shows carries the ids the create would send.
CliResult<CreateTarget> choose_create_target(Session& session, CreateArgs const& args, CreateSpec spec,
                                          Clock::time_point deadline);

}  // namespace polycloud::cli
