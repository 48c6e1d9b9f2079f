#include "commands/dry_run.hpp"
#include "commands/exit_code.hpp"
#include "output/streams.hpp"

#include <polycloud/registry.hpp>

#include <fmt/core.h>

namespace polycloud::cli {

namespace {
/// Whether a dry run stops the type's requests (ProviderType::dry_run); any other type (the in-memory
/// fake, a user's own) would act for real.
bool stops_requests(std::string const& type) {
  auto const* known = find_provider_type(type);
  return known != nullptr && known->dry_run;
}
/// "bycloud, katapult, openscaler": the registered types a dry run stops.
std::string stopping_types() {
  std::string names;
  for (auto const& type : provider_type_names())
    if (stops_requests(type)) names += (names.empty() ? "" : ", ") + type;
  return names;
}
}  // namespace

CliResult<void> check_dry_run(Session const& session, std::vector<std::string> const& providers) {
  for (auto const& name : providers)
    if (auto const* config = session.config().find(name); config && !stops_requests(config->type))
      return usage_error("--dry-run works with the HTTP providers (" + stopping_types() + "), not type " + config->type,
                         name, "dry-run");
  return {};
}

bool stopped_by_dry_run(Session const& session, Error const& error) noexcept {
  // The transport ends a dry-run request as cancelled, with no attempt made.
  return session.global().dry_run && error.kind == ErrorKind::cancelled && error.attempts == 0;
}

void show_wait_plan(Session& session, Provider& provider, std::optional<std::string> const& id, State target,
                    int timeout_seconds) {
  // A stand-in id the adapter puts in its URL like any other (no character needs escaping), then
  // shown as {id}.
  static std::string const stand_in = "polycloud-dry-run-id";
  auto const separator = session.dry_run_requests() > 0 ? "\n" : "";
  std::vector<std::string> requests;
  session.capture_dry_run(&requests);
  (void)session.run(provider.get(id.value_or(stand_in), GetOptions()));
  session.capture_dry_run(nullptr);

  auto request = requests.empty() ? std::string() : requests.front();
  for (auto at = request.find(stand_in); at != std::string::npos; at = request.find(stand_in, at))
    request.replace(at, stand_in.size(), "{id}");
  auto const request_line = request.substr(0, request.find('\n'));
  WaitOptions const pace;  // the intervals wait_for uses
  print_out("{}{}\n# then the wait polls {} until the state is {}{}: at once, then every {} ms growing to {} ms, "
             "for at most {} s in all{}\n",
             separator, request, request_line.empty() ? "the instance" : request_line, to_string(target),
             id ? "" : " (unless the create answers with it already)", pace.first_interval.count(),
             pace.max_interval.count(), timeout_seconds, id ? "" : "; {id} is the id the create answers with");
  flush_out();
}

}  // namespace polycloud::cli
