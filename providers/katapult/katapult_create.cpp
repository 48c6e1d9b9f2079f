// Create: one POST to the build endpoint (never re-sent), then the build polled until complete and
// the VM until started, each state change reported. A build whose answer was lost is looked up by
// hostname instead of being sent again.
#include "providers/katapult/katapult_provider.hpp"

#include "providers/common/error_mapping.hpp"
#include "providers/common/requests.hpp"

#include <boost/json/serialize.hpp>

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

/// An error after the build was accepted: the VM exists (or will), so the caller must not simply
/// retry. A passed deadline stays a timeout; anything else becomes unknown_outcome.
Error after_acceptance(Error error, std::string const& build_id) {
  error.message = "build " + build_id + " was accepted, but following it failed: " + error.message;
  if (error.kind != ErrorKind::timeout && error.kind != ErrorKind::cancelled) error.kind = ErrorKind::unknown_outcome;
  return error;
}

}  // namespace

awaitable<Result<Instance>> KatapultProvider::create(CreateSpec spec, ProgressCallback progress, CallOptions options) {
  auto const where = site(Operation::create);
  auto const call = bounded(options);
  auto body = create_body(spec, aliases_, settings_.organization, where);
  if (!body) co_return body.error();

  // idempotent stays false: a build is never re-sent
  auto request = providers::request_for(http::Method::post, build_url(endpoint_), where, json::serialize(*body));
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
  report(progress, "build " + build->build_id + " accepted");
  co_return co_await await_build(std::move(*build), progress, call, where);
}

awaitable<Result<Instance>> KatapultProvider::await_build(BuildStarted build, ProgressCallback const& progress,
                                                          CallOptions call, CallSite const& site) {
  PollBackoff backoff;
  std::string last_state = "pending";
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
    if (status->state != last_state) {
      last_state = status->state;
      report(progress, "build " + build.build_id + " " + last_state);
    }
    if (status->state == "failed") {
      auto error = make_error(ErrorKind::provider_internal, "build " + build.build_id + " failed", site.provider,
                              site.operation);
      error.provider_code = "build_failed";
      co_return error;
    }
    if (status->state != "complete") continue;
    if (status->vm_id.empty()) {
      co_return after_acceptance(providers::protocol_error(site, "a complete build names no virtual_machine"),
                                 build.build_id);
    }
    auto started = co_await await_started(status->vm_id, progress, call, site);
    if (!started && started.error().provider_code != "vm_failed") {
      co_return after_acceptance(started.error(), build.build_id);
    }
    co_return started;
  }
}

awaitable<Result<Instance>> KatapultProvider::await_started(std::string const& vm_id, ProgressCallback const& progress,
                                                            CallOptions call, CallSite const& site) {
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
      auto error = make_error(ErrorKind::provider_internal, "VM " + vm_id + " is " + vm->raw_state + " after its build",
                              site.provider, site.operation);
      error.provider_code = "vm_failed";
      co_return error;
    }
    if (auto waited = co_await pause(backoff.next(), call, site, "VM " + vm_id + " did not start"); !waited) {
      co_return waited.error();
    }
  }
}

awaitable<Result<Instance>> KatapultProvider::find_built(CreateSpec const& spec, ProgressCallback const& progress,
                                                         CallOptions call, Error cause) {
  auto unknown = [&](std::string const& finding) { return providers::unknown_create_outcome(cause, finding, "the build"); };
  // Hostnames are not in the neutral model: keep the raw items. The tags narrow the listing on the
  // server, since the build gave them to the VM as annotations.
  ListOptions lookup;
  lookup.call = call;
  lookup.raw = true;
  lookup.filter.tags = spec.tags;
  auto vms = co_await collect(list(std::move(lookup)));
  if (!vms) co_return unknown("looking the VM up by hostname failed: " + vms.error().to_string());
  std::vector<Instance> found;
  for (auto& vm : *vms) {
    auto const* hostname = vm.raw.if_contains("hostname");
    if (hostname != nullptr && hostname->is_string() && hostname->get_string() == spec.name) found.push_back(std::move(vm));
  }
  if (found.size() != 1) {
    co_return unknown(found.empty() ? "no VM has the hostname \"" + spec.name + "\""
                                    : std::to_string(found.size()) + " VMs have the hostname \"" + spec.name + "\"");
  }
  report(progress, "the build's answer was lost; found VM " + found.front().id + " by hostname");
  auto const where = site(Operation::create);
  co_return co_await await_started(found.front().id, progress, call, where);
}

}  // namespace polycloud::katapult
