#include "matrix_harness.hpp"

#include "sim/bycloud/instance_data.hpp"
#include "sim/faults.hpp"

#include <algorithm>
#include <stdexcept>

namespace polycloud::reliability {

char const* to_string(Op op) noexcept {
  switch (op) {
    case Op::list: return "list";
    case Op::get: return "get";
    case Op::create: return "create";
    case Op::power: return "stop";
    case Op::reboot: return "reboot";
    case Op::catalog: return "catalog sizes";
  }
  return "?";
}

CreateSpec spec_for(std::string const& type, std::string name) {
  CreateSpec spec;
  spec.name = std::move(name);
  if (type == "openscaler") {
    spec.size = "b-1-500mb-10";
    spec.image = "debian-13";
    spec.region = "alg1";
    spec.provider_options = {{"password", "strong_password"}};
  } else if (type == "katapult") {
    spec.size = "rock-3";
    spec.image = "templates/debian-12";  // the catalog's id: the CLI resolves names through the catalog
    spec.region = "uk-lon-01";
  } else {
    spec.size = sim::bycloud::kFlavors[0].id;
    spec.image = sim::bycloud::kImages[1].id;
    spec.provider_options = {{"key_name", "my-keypair"}};
  }
  return spec;
}

namespace {

// The method the row's fault is queued for: the operation's own request (a create's POST, a power
// action's POST), so follow-up reads (a build's status, a task) run unfaulted.
char const* method_for(Op op) { return op == Op::list || op == Op::get || op == Op::catalog ? "GET" : "POST"; }

std::uint64_t posts_in(sim::StatsSnapshot const& stats) {
  std::uint64_t posts = 0;
  for (auto const& [route, count] : stats.requests) {
    if (route.rfind("POST ", 0) == 0) posts += count;
  }
  return posts;
}

}  // namespace

MatrixEnv::MatrixEnv(std::string type, std::size_t instances) : type_(std::move(type)) {
  sim::SandboxOptions options;
  options.instances = instances;  // 60 by default: enough running VMs for every stop row
  options.create_progress_interval = std::chrono::milliseconds(5);
  sandbox_ = sim::Sandbox::start(options);
  auto config = parse_config(sandbox_->config_json({type_}), "(sandbox)");
  if (!config || config->providers.empty()) throw std::runtime_error("sandbox config");
  config_ = config->providers.front();
  config_.timeout = std::chrono::seconds(5);
}

sim::Server& MatrixEnv::server() noexcept {
  if (type_ == "openscaler") return sandbox_->openscaler();
  if (type_ == "katapult") return sandbox_->katapult();
  return sandbox_->bycloud();
}

std::unique_ptr<Provider> MatrixEnv::provider(TraceSink trace) {
  auto made = make_provider(config_, ProviderContext{io_.get_executor(), std::move(trace)});
  if (!made) throw std::runtime_error("make_provider: " + made.error().to_string());
  return std::move(*made);
}

std::vector<std::string> MatrixEnv::secrets() const {
  std::vector<std::string> all{config_.token.reveal()};
  if (!config_.api_key.empty()) all.push_back(config_.api_key.reveal());
  return all;
}

std::string MatrixEnv::running_id(Provider& provider, bool for_action) {
  ListOptions options;
  options.raw = true;
  auto pager = provider.list(std::move(options));
  auto all = run_coro([&] { return collect(*pager); });
  if (!all) throw std::runtime_error("list before the row: " + all.error().to_string());
  auto const usable = [&](Instance const& vm) { return !for_action || !stalled_actions_.contains(vm.id); };
  for (auto const& vm : *all) {
    if (vm.state != State::running || !usable(vm)) continue;
    // ByCloud maps several Nova statuses to running (VERIFY_RESIZE, MIGRATING, REBOOT…), and Nova (so
    // the simulator) refuses a stop from most of them with 409, as it does while a task runs (a stop an
    // earlier row sent leaves the VM ACTIVE with task_state powering-off for a moment): take an ACTIVE
    // VM with no task, which a stop is documented to accept.
    if (type_ == "bycloud") {
      auto const* status = vm.raw.if_contains("status");
      auto const* task = vm.raw.if_contains("task_state");
      if (status == nullptr || *status != "ACTIVE" || (task != nullptr && !task->is_null())) continue;
    }
    return vm.id;
  }
  // Katapult's list omits the state (it needs a get per VM): any VM will do for its rows.
  if (type_ == "katapult") {
    if (auto vm = std::find_if(all->begin(), all->end(), usable); vm != all->end()) return vm->id;
  }
  throw std::runtime_error("no running VM left in the simulator");
}

boost::asio::awaitable<Result<void>> MatrixEnv::perform(Provider& provider, Op op, std::string id, CallOptions call) {
  switch (op) {
    case Op::list: {
      ListOptions options;
      options.call = call;
      auto pager = provider.list(std::move(options));
      auto all = co_await collect(*pager);
      if (!all) co_return all.error();
      co_return Result<void>{};
    }
    case Op::get: {
      GetOptions options;
      options.call = call;
      auto got = co_await provider.get(std::move(id), std::move(options));
      if (!got) co_return got.error();
      co_return Result<void>{};
    }
    case Op::create: {
      auto spec = spec_for(type_, "matrix-" + std::to_string(++created_));
      auto made = co_await provider.create(std::move(spec), ProgressCallback{}, call);
      if (!made) co_return made.error();
      co_return Result<void>{};
    }
    case Op::catalog: {
      CatalogOptions options;
      options.call = call;
      auto sizes = co_await collect(provider.sizes(options));
      if (!sizes) co_return sizes.error();
      co_return Result<void>{};
    }
    case Op::power:
      co_return co_await provider.stop(std::move(id), call);
    case Op::reboot:
      co_return co_await provider.reboot(std::move(id), call);
  }
  co_return Result<void>{};
}

Outcome MatrixEnv::run(Op op, FaultSpec const& fault, CallOptions call, TraceSink trace) {
  std::string id;
  if (op == Op::get || op == Op::power || op == Op::reboot) {
    auto lister = this->provider();
    bool const acts = op != Op::get;
    id = running_id(*lister, acts);
    if (acts && fault.label.rfind("stall", 0) == 0) stalled_actions_.insert(id);
  }
  // A fresh provider for the row itself: the listing above must not leave it a pooled connection.
  auto provider = this->provider(std::move(trace));
  server().faults().clear();
  server().stats().reset();
  auto spec = fault.spec;
  spec["method"] = method_for(op);
  std::string error;
  auto parsed = sim::parse_fault(spec, error);
  if (!parsed) throw std::runtime_error("bad fault " + fault.label + ": " + error);
  server().faults().add(*parsed);

  auto const started = std::chrono::steady_clock::now();
  auto result = run_coro([&] { return perform(*provider, op, id, call); });
  Outcome outcome;
  outcome.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (!result) outcome.error = result.error();
  auto const stats = server().stats().snapshot();
  outcome.requests = stats.requests_total;
  outcome.posts = posts_in(stats);
  server().faults().clear();
  return outcome;
}

std::vector<FaultSpec> plain_faults() {
  using boost::json::object;
  std::vector<FaultSpec> all;
  for (int status : {400, 401, 403, 404, 409, 429, 500, 502, 503, 504}) {
    all.push_back({"status " + std::to_string(status), object{{"fault", "status"}, {"status", status}}});
  }
  all.push_back({"status 429 Retry-After 0", object{{"fault", "status"}, {"status", 429}, {"retry_after", "0"}}});
  all.push_back({"status 503 Retry-After 0", object{{"fault", "status"}, {"status", 503}, {"retry_after", "0"}}});
  all.push_back({"reset before response", object{{"fault", "reset_before_response"}}});
  all.push_back({"reset mid-body", object{{"fault", "reset_mid_body"}}});
  all.push_back({"stall 2 s", object{{"fault", "stall"}, {"duration_ms", 2000}}});
  all.push_back({"truncated body", object{{"fault", "truncated_body"}}});
  all.push_back({"malformed JSON", object{{"fault", "malformed_json"}}});
  all.push_back({"HTML error page", object{{"fault", "html_error"}}});
  all.push_back({"wrong content type", object{{"fault", "wrong_content_type"}}});
  all.push_back({"drip 1 byte", object{{"fault", "drip"}, {"drip_bytes", 1}, {"duration_ms", 0}}});
  return all;
}

}  // namespace polycloud::reliability
