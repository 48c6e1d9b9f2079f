#include "providers/openscaler/openscaler_provider.hpp"

#include "core/random_seed.hpp"
#include "providers/common/adapter_type.hpp"
#include "providers/common/client_options.hpp"
#include "providers/common/create_features.hpp"
#include "providers/common/idempotency.hpp"

#include "providers/openscaler/create_stream.hpp"
#include "providers/common/page_stream.hpp"
#include "providers/common/pager.hpp"
#include "providers/common/secret_forms.hpp"
#include "providers/openscaler/vm_mapping.hpp"

#include <boost/json/serialize.hpp>

namespace polycloud::openscaler {

namespace json = boost::json;
using boost::asio::awaitable;

namespace {

using providers::check_option_keys;
using providers::request_for;
using providers::resource_url;

/// Why OpenScaler lacks the create feature it lacks.
constexpr providers::MissingFeatureReasons missing_features{{}, {}, "OpenScaler VMs have no tags", {}};

/// Whether a failed create may still have reached the server. The transport reports attempts == 0
/// when the request provably never left (no connection, TLS refused); a caller's cancellation ends
/// the call without a lookup.
bool may_have_been_sent(Error const& error, CreateStream const& stream) {
  if (error.kind == ErrorKind::cancelled) return false;
  return error.attempts > 0 || stream.progress_events() > 0;
}

}  // namespace

Result<std::unique_ptr<OpenScalerProvider>> OpenScalerProvider::make(ProviderConfig const& config, ProviderContext const& context) {
  return providers::make_adapter<OpenScalerProvider>(config, context, read_settings(config), providers::bearer_credentials(config),
                                         [&](Settings settings, std::unique_ptr<http::Client> client) {
                                           return new OpenScalerProvider(config, context, std::move(settings), std::move(client));
                                         });
}

OpenScalerProvider::OpenScalerProvider(ProviderConfig const& config, ProviderContext const& context,
                                       Settings settings, std::unique_ptr<http::Client> client)
    : AdapterBase(config, type_name, providers::decode_generic_error, context.executor, std::move(client)),
      settings_(std::move(settings)),
      sequence_ids_(random_seed()) {}

Capabilities OpenScalerProvider::capabilities() const noexcept {
  Capabilities capabilities;  // every operation is available
  capabilities.create_progress = true;
  capabilities.create_ssh_keys = true;     // ssh_keys, the key text as given
  capabilities.create_user_data = true;    // cloud_init_user_data
  capabilities.create_extra_disks = true;  // attached_disks
  return capabilities;
}

Error OpenScalerProvider::error_for(http::Response const& response, CallSite const& site) {
  return with_stop_hint(AdapterBase::error_for(response, site));
}

// ---- list -------------------------------------------------------------------------------------

std::unique_ptr<InstancePager> OpenScalerProvider::list(ListOptions options) {
  // OpenScaler answers the whole project in one body: one streamed "page". The default deadline starts
  // when that page is fetched, not when the pager is made.
  providers::PagerOptions paging;
  paging.paging = providers::Paging::single;
  paging.site = site(Operation::list);
  paging.filter = options.filter;
  return providers::make_pager(executor_, std::move(paging),
                               [this, options = std::move(options)](providers::PageCursor, providers::BatchSink& sink)
                                   -> awaitable<Result<providers::PageOutcome>> {
                                 auto items = co_await stream_list(options, sink);
                                 if (!items) co_return items.error();
                                 providers::PageOutcome outcome;
                                 outcome.items = *items;
                                 co_return outcome;
                               });
}

awaitable<Result<std::size_t>> OpenScalerProvider::stream_list(ListOptions const& options, providers::BatchSink& sink) {
  auto const where = site(Operation::list);
  if (auto keys = check_option_keys(options.provider_options, {"project_id"}, where); !keys) co_return keys.error();
  auto project = resolve_project(options.provider_options, settings_.project_id, where);
  if (!project) co_return project.error();

  VmMapping mapping;
  providers::StreamOptions stream_options;
  stream_options.keep_raw = options.raw;
  providers::ListStream stream(list_layout, mapping, where, stream_options);
  co_return co_await providers::stream_page(*client_, request_for(http::Method::get, list_url(endpoint_, *project), where),
                                            bounded(options.call), stream, sink, where);
}

// ---- get --------------------------------------------------------------------------------------

awaitable<Result<Instance>> OpenScalerProvider::get(std::string id, GetOptions options) {
  if (auto valid = check_resource_id(id, name_, Operation::get); !valid) co_return valid.error();
  auto const where = site(Operation::get);
  if (auto keys = check_option_keys(options.provider_options, {"only"}, where); !keys) co_return keys.error();
  auto only = parse_only(options.provider_options, where);
  if (!only) co_return only.error();

  auto request = request_for(http::Method::get, vm_url(endpoint_, id, *only), where);
  auto response = co_await exchange(std::move(request), bounded(options.call), where);
  if (!response) co_return response.error();
  co_return to_instance(response->body, where, options.raw);
}

// ---- create -----------------------------------------------------------------------------------

std::int64_t OpenScalerProvider::next_sequence_id() {
  std::lock_guard const lock(sequence_mutex_);
  return static_cast<std::int64_t>(sequence_ids_() % 2'147'483'647) + 1;
}

awaitable<Result<Instance>> OpenScalerProvider::create(CreateSpec spec, ProgressCallback progress,
                                                       CallOptions options) {
  auto where = site(Operation::create);
  // The VM password and user data marked secret are credentials the user handed over: scrubbed like
  // the token from this call's dry run, trace lines, progress and errors (issue 22).
  if (auto const* password = spec.provider_options.if_contains("password"); password && password->is_string()) {
    providers::add_call_secret(where, password->get_string());
  }
  providers::add_user_data_secret(where, spec);
  if (auto usable = providers::check_create_features(spec, capabilities(), missing_features, where); !usable) {
    co_return usable.error();
  }
  auto const call = bounded(options);
  if (auto checked = providers::check_idempotency_key(spec, where); !checked) co_return checked.error();
  auto project = resolve_project(spec.provider_options, settings_.project_id, where);
  if (!project) co_return project.error();
  // A fresh id per create: the API echoes it in the final VM, which tells our VM from a namesake.
  auto const sequence_id = next_sequence_id();
  auto body = create_body(spec, aliases_, *project, sequence_id, where);
  if (!body) co_return body.error();
  if (!spec.idempotency_key.empty()) {  // a VM already carrying the key is adopted, not created again
    std::vector<std::string> const keys{spec.idempotency_key};
    auto existing = providers::adopt_or_create(co_await find_keys(keys, *project, call),
                                               spec.idempotency_key, where);
    if (!existing) co_return existing.error();
    // The create stream ends with the VM built, so there is no build to wait for: returned as it is.
    if (*existing) {
      if (progress) {
        Progress adopted(std::nullopt, "VM " + (*existing)->id + " already carries this create's idempotency key: adopted");
        adopted.id = (*existing)->id;
        progress(adopted);
      }
      co_return std::move(**existing);
    }
  }

  // idempotent stays false: a create is never re-sent
  auto request = request_for(http::Method::post, resource_url(endpoint_, {"v1", "vms"}), where, json::serialize(*body));
  request.headers.push_back({"Accept", "text/event-stream"});

  CreateStream stream(std::move(progress), where);
  stream.expect_sequence_id(sequence_id);
  auto response = co_await client_->stream(
      std::move(request), [&stream](std::string_view chunk) { return stream.feed(chunk); }, call);
  if (!response) {
    auto error = attribute(response.error(), where);
    if (!may_have_been_sent(error, stream)) co_return error;
    co_return co_await find_created(spec, *project, sequence_id, call, std::move(error));
  }
  if (!response->ok()) {
    auto error = error_for(*response, where);
    if (!providers::leaves_create_unknown(*response)) co_return error;
    co_return co_await find_created(spec, *project, sequence_id, call, std::move(error));
  }

  auto result = stream.finish();
  if (result || result.error().kind != ErrorKind::unknown_outcome) co_return result;
  co_return co_await find_created(spec, *project, sequence_id, call, result.error());
}

namespace {

/// The sequence_id a VM object echoes, when it carries one.
std::optional<std::string> sequence_id_of(Instance const& instance) {
  auto found = instance.extras.find("sequence_id");
  if (found == instance.extras.end()) return std::nullopt;
  return found->second;
}

/// Keeps only the VMs named `name` while the project streams past.
class NamedSink final : public providers::BatchSink {
 public:
  explicit NamedSink(std::string const& name) : name_(name) {}
  awaitable<Result<void>> deliver(std::vector<Instance> batch) override {
    for (auto& vm : batch) {
      if (vm.name == name_) named.push_back(std::move(vm));
    }
    co_return Result<void>{};
  }
  std::vector<Instance> named;

 private:
  std::string const& name_;
};

/// Files each VM with a key marker under its key while the project streams past.
class KeySink final : public providers::BatchSink {
 public:
  explicit KeySink(providers::KeyMatches& matches) : matches_(matches) {}
  awaitable<Result<void>> deliver(std::vector<Instance> batch) override {
    for (auto& vm : batch) {
      auto const key = vm.extras.find("idempotency_key");
      if (key != vm.extras.end()) providers::add_match(matches_, key->second, std::move(vm));
    }
    co_return Result<void>{};
  }

 private:
  providers::KeyMatches& matches_;
};

}  // namespace

awaitable<Result<providers::KeyMatches>> OpenScalerProvider::find_by_idempotency_keys(std::vector<std::string> keys,
                                                                                     CallOptions options) {
  auto const where = site(Operation::list);
  if (auto checked = providers::check_idempotency_keys(keys, where); !checked) co_return checked.error();
  auto project = resolve_project({}, settings_.project_id, where);
  if (!project) co_return project.error();
  co_return co_await find_keys(keys, *project, options);
}

awaitable<Result<providers::KeyMatches>> OpenScalerProvider::find_keys(std::vector<std::string> const& keys,
                                                                       std::string const& project, CallOptions call) {
  ListOptions lookup;
  lookup.call = call;
  lookup.provider_options["project_id"] = project;
  auto matches = providers::no_matches(keys);
  KeySink sink(matches);
  auto listed = co_await stream_list(lookup, sink);
  if (!listed) co_return listed.error();
  co_return matches;
}

awaitable<Result<Instance>> OpenScalerProvider::find_created(CreateSpec const& spec, std::string const& project,
                                                             std::int64_t sequence_id, CallOptions call,
                                                             Error cause) {
  if (!spec.idempotency_key.empty()) {
    std::vector<std::string> keys{spec.idempotency_key};
    co_return providers::resolve_lost_create(co_await find_keys(keys, project, call), spec.idempotency_key,
                                             std::move(cause), "the create", site(Operation::create));
  }
  auto const& name = spec.name;
  auto unknown = [&](std::string const& finding) { return providers::unknown_create_outcome(cause, finding, "the create"); };
  ListOptions lookup;
  lookup.call = call;
  lookup.provider_options["project_id"] = project;
  NamedSink sink(name);
  auto listed = co_await stream_list(lookup, sink);
  if (!listed) co_return unknown("looking the VM up by name failed: " + listed.error().to_string());

  std::vector<Instance> named;
  for (auto& vm : sink.named) {
    if (sequence_id_of(vm) == std::to_string(sequence_id)) co_return std::move(vm);  // certainly ours
    if (!sequence_id_of(vm)) named.push_back(std::move(vm));
  }
  if (named.size() == 1) co_return std::move(named.front());
  co_return unknown(named.empty() ? "no VM named \"" + name + "\" is in project \"" + project + "\""
                                  : std::to_string(named.size()) + " VMs named \"" + name + "\" are in project \"" +
                                        project + "\"; cannot tell which is new");
}

// ---- delete and power -------------------------------------------------------------------------

awaitable<Result<void>> OpenScalerProvider::remove(std::string id, CallOptions options) {
  auto deleted = co_await delete_resource(id, vm_url(endpoint_, id), "", options, providers::retried_404_is_gone);
  if (!deleted) co_return deleted.error();
  co_return Result<void>{};
}

awaitable<Result<void>> OpenScalerProvider::power(std::string id, PowerAction action, Operation op,
                                                  CallOptions options) {
  // Accepted is done: the answer's body (empty on this API) has nothing to read.
  auto done = co_await power_action(id, op, actions_url(endpoint_, id), action_body(action), options);
  if (!done) co_return done.error();
  co_return Result<void>{};
}

awaitable<Result<void>> OpenScalerProvider::start(std::string id, CallOptions options) {
  return power(std::move(id), PowerAction::start, Operation::start, options);
}

awaitable<Result<void>> OpenScalerProvider::stop(std::string id, CallOptions options) {
  return power(std::move(id), settings_.stop_action, Operation::stop, options);
}

awaitable<Result<void>> OpenScalerProvider::reboot(std::string id, CallOptions options) {
  return power(std::move(id), settings_.reboot_action, Operation::reboot, options);
}

}  // namespace polycloud::openscaler
