// Create: one POST to the build endpoint, or with SSH keys to build_from_spec (never re-sent), then the build polled until complete and
// the VM until started, each state change reported, with the build task's percentage while it runs.
// A build whose answer was lost is looked up by hostname instead of being sent again.
#include "providers/katapult/katapult_provider.hpp"

#include "providers/common/create_features.hpp"
#include "providers/common/error_mapping.hpp"
#include "providers/common/idempotency.hpp"
#include "providers/common/requests.hpp"
#include "providers/common/secret_forms.hpp"
#include "providers/katapult/build_spec.hpp"
#include "providers/katapult/tag_filter.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace polycloud::katapult {

namespace json = boost::json;
using boost::asio::awaitable;
using providers::CallSite;

namespace {

/// `vm_id`: Progress::id, once the build has named its VM (the accepted build knows only its own id).
void report(ProgressCallback const& progress, std::string message, std::optional<double> percent = std::nullopt,
            std::string vm_id = {}) {
  if (!progress) return;
  Progress step(percent, std::move(message));
  step.id = std::move(vm_id);
  progress(step);
}

/// An error once the VM exists (or will): the caller must not simply retry. `what` says what was done
/// and what failed; a passed deadline stays a timeout, anything else becomes unknown_outcome.
Error with_vm_existing(Error error, std::string const& what) {
  error.message = what + ": " + error.message;
  if (error.kind != ErrorKind::timeout && error.kind != ErrorKind::cancelled) error.kind = ErrorKind::unknown_outcome;
  return error;
}

/// An error after the build was accepted.
Error after_acceptance(Error error, std::string const& build_id) {
  return with_vm_existing(std::move(error), "build " + build_id + " was accepted, but following it failed");
}

/// Why Katapult lacks the create features it lacks (katapult-api.md §4a).
constexpr providers::MissingFeatureReasons missing_features{
    {}, "Katapult has no cloud-init or user data anywhere in its API (no spec element, no build argument)", {},
    "neither build body documents extra disks; use a package with the storage you need"};

}  // namespace

awaitable<Result<Instance>> KatapultProvider::create(CreateSpec spec, ProgressCallback progress, CallOptions options) {
  auto where = site(Operation::create);
  // A template's root password is a credential (issue 22).
  for (auto const& password : secret_options(spec)) providers::add_call_secret(where, password);
  if (auto usable = providers::check_create_features(spec, capabilities(), missing_features, where); !usable) {
    co_return usable.error();
  }
  auto const call = bounded(options);
  if (auto checked = providers::check_idempotency_key(spec, where); !checked) co_return checked.error();
  if (spec.ssh_public_keys.empty()) {  // the plain build: its body has no keys (nor tag names)
    auto body = create_body(spec, aliases_, settings_.organization, where);
    if (!body) co_return body.error();
    auto carried = co_await adopt_carrier(spec, progress, call, where);  // a VM carrying the key: not built again
    if (!carried) co_return carried.error();
    if (*carried) co_return std::move(**carried);
    // Built outside the co_await: g++ 12.2 miscompiles temporaries in one (see fetch).
    auto request = providers::request_for(http::Method::post, build_url(endpoint_), where, json::serialize(*body));
    co_return co_await send_build(spec, std::move(request), progress, call, where);
  }
  // Everything that can be refused is, before the first request: the keys, and the spec itself.
  auto keys = providers::read_public_keys(spec, where);
  if (!keys) co_return keys.error();
  if (auto checked = spec_xml(spec, aliases_, {}, where); !checked) co_return checked.error();
  if (!spec.description.empty()) {
    co_return providers::invalid_argument(where, "description is not supported by Katapult's build API");
  }
  auto carried = co_await adopt_carrier(spec, progress, call, where);
  if (!carried) co_return carried.error();
  if (*carried) co_return std::move(**carried);
  auto ids = co_await ensure_ssh_keys(*keys, call, where);
  if (!ids) co_return ids.error();
  auto xml = spec_xml(spec, aliases_, *ids, where);
  if (!xml) co_return xml.error();
  auto request = providers::request_for(http::Method::post, build_from_spec_url(endpoint_), where,
                                        json::serialize(build_from_spec_body(settings_.organization, std::move(*xml), spec)));
  auto built = co_await send_build(spec, std::move(request), progress, call, where);
  auto const names = tag_names(spec);
  if (!built || names.empty()) co_return built;
  auto const vm_id = built->id;
  auto tagged = co_await apply_tag_names(std::move(*built), names, call, where);
  if (!tagged) co_return with_vm_existing(tagged.error(), "VM " + vm_id + " was built, but setting its tags failed");
  co_return tagged;
}

awaitable<Result<Instance>> KatapultProvider::send_build(CreateSpec const& spec, http::Request request,
                                                         ProgressCallback const& progress, CallOptions call,
                                                         CallSite const& where) {
  // idempotent stays false: a build is never re-sent
  auto response = co_await client_->send(std::move(request), call);
  if (!response) {
    auto error = providers::attribute(response.error(), where);
    // attempts == 0: it provably never left; cancelled: the caller stopped, no lookup wanted.
    if (error.attempts == 0 || error.kind == ErrorKind::cancelled) co_return error;
    co_return co_await find_built(spec, progress, call, std::move(error));
  }
  if (!response->ok()) {
    auto error = error_for(*response, where);
    if (!providers::leaves_create_unknown(*response)) co_return error;
    co_return co_await find_built(spec, progress, call, std::move(error));
  }
  // Accepted, but the answer cannot be read: the build exists, so look the VM up rather than guess.
  auto answer = http::parse_json_body(*response, name_, where.operation);
  if (!answer) {
    auto unreadable = providers::attribute(answer.error(), where);
    co_return co_await find_built(spec, progress, call, std::move(unreadable));
  }
  auto build = read_build_started(*answer, where);
  if (!build) co_return co_await find_built(spec, progress, call, build.error());
  co_return co_await await_build(std::move(*build), progress, call, where);
}

awaitable<Result<std::optional<double>>> KatapultProvider::task_progress(std::optional<TaskStatus>& task,
                                                                          CallOptions call, CallSite const& site) {
  if (!task) co_return std::optional<double>{};
  auto request = providers::request_for(http::Method::get, task_url(endpoint_, task->id), site);
  auto body = co_await exchange_json(std::move(request), call, site);
  auto read = body ? read_task(*body, site) : Result<TaskStatus>(body.error());
  if (!read) {
    auto const kind = read.error().kind;
    if (kind == ErrorKind::timeout || kind == ErrorKind::cancelled) co_return read.error();
    task.reset();  // the percentage is extra: the build's own state still decides, so follow it without
    co_return std::optional<double>{};
  }
  *task = std::move(*read);
  if (!task->progress) co_return std::optional<double>{};
  co_return std::optional<double>(std::clamp(*task->progress, 0.0, 100.0));
}

awaitable<Result<Instance>> KatapultProvider::await_build(BuildStarted build, ProgressCallback const& progress,
                                                          CallOptions call, CallSite const& site) {
  // The 201's task runs the build; its `progress` (GET /tasks/task, documented) is the honest percentage.
  // The build's state says what is happening and when it is done.
  PollBackoff backoff;
  std::string last_state = "pending";
  std::optional<double> percent;
  if (build.task && build.task->progress) percent = std::clamp(*build.task->progress, 0.0, 100.0);
  report(progress, "build " + build.build_id + " accepted", percent);
  while (true) {
    if (auto waited = co_await pause(backoff.next(), call, site, "build " + build.build_id + " did not complete");
        !waited) {
      co_return after_acceptance(waited.error(), build.build_id);
    }
    auto request = providers::request_for(http::Method::get, build_status_url(endpoint_, build.build_id), site);
    auto body = co_await exchange_json(std::move(request), call, site);
    if (!body) co_return after_acceptance(body.error(), build.build_id);
    auto status = read_build_status(*body, site);
    if (!status) co_return after_acceptance(status.error(), build.build_id);
    bool const finished = status->state == "complete" || status->state == "failed";
    auto const before = percent;
    if (!finished) {
      auto read = co_await task_progress(build.task, call, site);
      if (!read) co_return after_acceptance(read.error(), build.build_id);
      if (*read) percent = **read;
    }
    if (status->state != last_state || percent != before) {
      last_state = status->state;
      report(progress, "build " + build.build_id + " " + last_state, percent);
    }
    if (status->state == "failed") {
      auto error = make_error(ErrorKind::provider_internal, "build " + build.build_id + " failed", site.provider,
                              site.operation);
      error.provider_code = "build_failed";
      co_return error;
    }
    if (!finished) continue;
    if (status->vm_id.empty()) {
      co_return after_acceptance(providers::protocol_error(site, "a complete build names no virtual_machine"),
                                 build.build_id);
    }
    auto started = co_await await_started(status->vm_id, build.build_id, progress, call, site);
    if (!started && started.error().provider_code != "vm_failed") {
      co_return after_acceptance(started.error(), build.build_id);
    }
    co_return started;
  }
}

awaitable<Result<Instance>> KatapultProvider::await_started(std::string const& vm_id, std::string const& build_id,
                                                            ProgressCallback const& progress, CallOptions call,
                                                            CallSite const& site) {
  PollBackoff backoff;
  std::string last_state;
  while (true) {
    auto vm = co_await fetch(vm_id, call, site, false);
    if (!vm) co_return vm.error();
    if (vm->raw_state != last_state) {
      last_state = vm->raw_state;
      bool const done = vm->state == State::running;
      report(progress, "VM " + vm_id + " " + last_state, done ? std::optional<double>(100.0) : std::nullopt, vm_id);
    }
    if (vm->state == State::running) co_return vm;
    if (vm->state == State::error) {
      auto const after = build_id.empty() ? std::string(" after its build") : " after build " + build_id + " completed";
      auto error = make_error(ErrorKind::provider_internal, "VM " + vm_id + " is " + vm->raw_state + after,
                              site.provider, site.operation);
      error.provider_code = "vm_failed";
      co_return error;
    }
    if (auto waited = co_await pause(backoff.next(), call, site, "VM " + vm_id + " did not start"); !waited) {
      co_return waited.error();
    }
  }
}

awaitable<Result<std::optional<Instance>>> KatapultProvider::adopt_carrier(CreateSpec const& spec,
                                                                          ProgressCallback const& progress,
                                                                          CallOptions call, CallSite const& site) {
  if (spec.idempotency_key.empty()) co_return std::optional<Instance>{};
  std::vector<std::string> keys{spec.idempotency_key};
  auto existing = providers::adopt_or_create(co_await find_by_idempotency_keys(std::move(keys), call),
                                             spec.idempotency_key, site);
  if (!existing || !*existing) co_return existing;
  auto adopted = co_await adopt(std::move(**existing), progress, call, site);
  if (!adopted) co_return adopted.error();
  co_return std::optional<Instance>(std::move(*adopted));
}

awaitable<Result<Instance>> KatapultProvider::adopt(Instance vm, ProgressCallback const& progress, CallOptions call,
                                                    CallSite const& site) {
  report(progress, "VM " + vm.id + " already carries this create's idempotency key: adopted, not built again",
         std::nullopt, vm.id);
  // Still being built (by the run whose answer was lost): wait as for a new build. In any other state
  // (stopped by its owner, failed) it is returned as it is: adopting is not starting.
  if (vm.state != State::pending) co_return vm;
  auto started = co_await await_started(vm.id, std::string(), progress, call, site);
  if (started) started->adopted = true;
  co_return started;
}

awaitable<Result<Instance>> KatapultProvider::find_built(CreateSpec const& spec, ProgressCallback const& progress,
                                                         CallOptions call, Error cause) {
  auto const where = site(Operation::create);
  if (!spec.idempotency_key.empty()) {
    std::vector<std::string> keys{spec.idempotency_key};
    auto found = providers::resolve_lost_create(co_await find_by_idempotency_keys(std::move(keys), call),
                                                spec.idempotency_key, std::move(cause), "the build", where);
    if (!found) co_return found.error();
    report(progress, "the build's answer was lost; found VM " + found->id + " by its idempotency key");
    if (found->state != State::pending) co_return found;
    co_return co_await await_started(found->id, std::string(), progress, call, where);
  }
  auto unknown = [&](std::string const& finding) { return providers::unknown_create_outcome(cause, finding, "the build"); };
  // The build gave the VM the spec's tags as annotations: the pairs the server can match narrow the
  // listing to few VMs, each then fetched whole (a tag filter is checked on full objects; the pairs
  // without a value would only widen what the server lists).
  ListOptions lookup;
  lookup.call = call;
  lookup.filter.tags = server_annotation_filter(spec.tags);
  auto pager = list(std::move(lookup));
  std::optional<Instance> found;
  while (!found) {
    auto batch = co_await pager->next();
    if (!batch) co_return unknown("looking the VM up by hostname failed: " + batch.error().to_string());
    if (!*batch) break;  // listed to the end
    for (auto& vm : **batch) {
      auto const hostname = vm.extras.find("hostname");
      if (hostname != vm.extras.end() && hostname->second == spec.name) {
        found = std::move(vm);
        break;
      }
    }
  }
  pager.reset();  // found: the pages not yet fetched never are
  if (!found) co_return unknown("no VM has the hostname \"" + spec.name + "\"");
  report(progress, "the build's answer was lost; found VM " + found->id + " by hostname");
  co_return co_await await_started(found->id, std::string(), progress, call, where);
}

}  // namespace polycloud::katapult
