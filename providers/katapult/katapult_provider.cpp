#include "providers/katapult/katapult_provider.hpp"

#include "providers/common/adapter_type.hpp"
#include "providers/common/client_options.hpp"
#include "providers/common/error_mapping.hpp"
#include "providers/common/list_stream.hpp"
#include "providers/common/power_action.hpp"
#include "providers/common/requests.hpp"
#include "providers/katapult/errors.hpp"
#include "providers/katapult/vm_mapping.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace polycloud::katapult {

using boost::asio::awaitable;
using providers::CallSite;

Result<std::unique_ptr<KatapultProvider>> KatapultProvider::make(ProviderConfig const& config, ProviderContext const& context) {
  return providers::make_adapter<KatapultProvider>(
      config, context, read_settings(config), providers::bearer_credentials(config),
      [&](Settings settings, std::unique_ptr<http::Client> client) {
        return new KatapultProvider(config, std::move(settings), std::move(client), context.executor);
      },
      decode_error);  // its 403 invalid_api_token refuses a fetched token as a 401 does
}

KatapultProvider::KatapultProvider(ProviderConfig const& config, Settings settings,
                                   std::unique_ptr<http::Client> client, boost::asio::any_io_executor executor)
    : AdapterBase(config, type_name, decode_error, std::move(executor), std::move(client)),
      settings_(std::move(settings)) {}

Capabilities KatapultProvider::capabilities() const noexcept {
  Capabilities capabilities;  // every operation is available
  capabilities.server_side_tag_filter = true;  // annotations
  capabilities.create_ssh_keys = true;         // organization keys, authorized in a build from spec
  capabilities.create_tags = true;             // annotations (pairs) and tag names
  return capabilities;
}

Error KatapultProvider::error_for(http::Response const& response, CallSite const& site) {
  auto error = AdapterBase::error_for(response, site);
  if (error.provider_code == "rate_limit_reached") {
    if (auto limit = permitted_per_minute(response.body); limit && *limit > 0) {
      learned_per_minute_.store(*limit, std::memory_order_relaxed);
      client_->lower_rate_limit_per_minute(*limit);  // later requests are paced under the learnt limit
    }
  }
  return error;
}

awaitable<Result<boost::json::value>> KatapultProvider::exchange_json(http::Request request, CallOptions call,
                                                                      CallSite const& site) {
  auto response = co_await exchange(std::move(request), call, site);
  if (!response) co_return response.error();
  auto body = http::parse_json_body(*response, name_, site.operation);
  if (!body) co_return providers::attribute(body.error(), site);
  co_return body;
}

awaitable<Result<void>> KatapultProvider::pause(std::chrono::milliseconds delay, CallOptions call,
                                                CallSite const& site, std::string const& what) {
  if (saturating_add(Clock::now(), delay) > call.deadline) {
    auto error = make_error(ErrorKind::timeout, what + " before the deadline", site.provider, site.operation);
    co_return error;
  }
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
  boost::system::error_code ec;
  co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  if (ec) co_return make_error(ErrorKind::cancelled, what + ": cancelled", site.provider, site.operation);
  co_return Result<void>{};
}

// ---- get --------------------------------------------------------------------------------------

awaitable<Result<Instance>> KatapultProvider::fetch(std::string const& id, CallOptions call, CallSite const& site,
                                                    bool raw) {
  // Built outside the co_await: g++ 12.2 miscompiles temporaries (request_for's defaulted body) in one.
  auto request = providers::request_for(http::Method::get, vm_url(endpoint_, id), site);
  auto response = co_await exchange(std::move(request), call, site);
  if (!response) co_return response.error();

  // The annotations sit beside the VM object, so the stream's envelope collects them.
  VmMapping mapping;
  AnnotationCollector annotations;
  providers::StreamOptions options;
  options.keep_raw = raw;
  providers::ListStream stream(get_layout(), mapping, site, options, annotations.sink());
  if (auto fed = stream.feed(response->body); !fed) co_return fed.error();
  if (auto done = stream.finish(); !done) co_return done.error();
  auto instances = stream.take();
  if (instances.size() != 1) co_return providers::protocol_error(site, "the answer holds no virtual_machine");
  annotations.apply(instances.front());
  co_return std::move(instances.front());
}

awaitable<Result<Instance>> KatapultProvider::get(std::string id, GetOptions options) {
  auto const where = site(Operation::get);
  if (auto keys = providers::check_option_keys(options.provider_options, {}, where); !keys) co_return keys.error();
  if (auto valid = check_resource_id(id, name_, Operation::get); !valid) co_return valid.error();
  co_return co_await fetch(id, bounded(options.call), where, options.raw);
}

// ---- power actions and tasks -------------------------------------------------------------------

awaitable<Result<void>> KatapultProvider::await_task(TaskStatus task, CallOptions call, CallSite const& site) {
  PollBackoff backoff;
  auto const label = "task " + (task.name.empty() ? task.id : "\"" + task.name + "\" (" + task.id + ")");
  while (task.status != "completed") {
    if (task.status == "failed") {
      auto error = make_error(ErrorKind::provider_internal, label + " failed", site.provider, site.operation);
      error.provider_code = "task_failed";
      co_return error;
    }
    if (auto waited = co_await pause(backoff.next(), call, site, label + " did not complete"); !waited) {
      co_return waited.error();
    }
    auto request = providers::request_for(http::Method::get, task_url(endpoint_, task.id), site);
    auto body = co_await exchange_json(std::move(request), call, site);
    if (!body) co_return body.error();
    auto next = read_task(*body, site);
    if (!next) co_return next.error();
    task = std::move(*next);
  }
  co_return Result<void>{};
}

awaitable<Result<void>> KatapultProvider::run_task(http::Request request, CallOptions call, CallSite const& site) {
  auto response = co_await exchange(std::move(request), call, site);
  if (!response) {
    if (providers::accepted_before_failing(response.error())) co_return Result<void>{};
    co_return response.error();
  }
  // One rule for every task-answered action, power and purge alike (docs/providers.md): a 2xx says the
  // action was accepted. When the task it names cannot be read, the action is done as accepted, as the
  // other adapters report every power action, only not waited for. Failing it instead would report a
  // purge as failed whose VM already sits in the trash, its purge accepted (issue 22).
  auto body = http::parse_json_body(*response, name_, site.operation);
  if (!body) co_return Result<void>{};
  auto task = read_task(*body, site);
  if (!task) co_return Result<void>{};
  co_return co_await await_task(std::move(*task), call, site);
}

awaitable<Result<void>> KatapultProvider::power(std::string id, PowerAction action, Operation op,
                                                CallOptions options) {
  auto const where = site(op);
  if (auto valid = check_resource_id(id, name_, op); !valid) co_return valid.error();
  co_return co_await run_task(providers::power_action_request(power_url(endpoint_, action), where, vm_body(id)),
                              bounded(options), where);
}

awaitable<Result<void>> KatapultProvider::start(std::string id, CallOptions options) {
  return power(std::move(id), PowerAction::start, Operation::start, options);
}

awaitable<Result<void>> KatapultProvider::stop(std::string id, CallOptions options) {
  auto const action = settings_.stop_action == StopAction::stop ? PowerAction::stop : PowerAction::shutdown;
  return power(std::move(id), action, Operation::stop, options);
}

awaitable<Result<void>> KatapultProvider::reboot(std::string id, CallOptions options) {
  return power(std::move(id), PowerAction::reset, Operation::reboot, options);
}

// ---- delete -----------------------------------------------------------------------------------

awaitable<Result<void>> KatapultProvider::purge(std::string_view key, std::string_view value, CallOptions call,
                                                CallSite const& site) {
  auto request = providers::request_for(http::Method::delete_, purge_url(endpoint_), site, purge_body(key, value));
  request.idempotent = true;
  co_return co_await run_task(std::move(request), call, site);
}

awaitable<Result<void>> KatapultProvider::remove(std::string id, CallOptions options) {
  auto const where = site(Operation::remove);
  auto const call = bounded(options);
  auto response = co_await delete_resource(id, delete_url(endpoint_), vm_body(id), call, already_deleted);
  if (!response) {
    // Already in the trash: gone as far as the neutral model goes, but a purge still applies.
    if (response.error().provider_code != in_trash_code) co_return response.error();
    if (!settings_.purge_on_delete || vm_lookup_key(id) != "id") co_return Result<void>{};
    co_return co_await purge("object_id", id, call, where);
  }
  if (!*response || !settings_.purge_on_delete) co_return Result<void>{};  // the trash object is only needed to purge
  auto body = http::parse_json_body(**response, name_, where.operation);
  if (!body) co_return providers::attribute(body.error(), where);
  auto trash_id = read_trash_id(*body, where);
  if (!trash_id) co_return trash_id.error();
  co_return co_await purge("id", *trash_id, call, where);
}

}  // namespace polycloud::katapult
