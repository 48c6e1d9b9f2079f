#include "create_stress.hpp"

#include "matrix_harness.hpp"

#include <polycloud/config.hpp>
#include <polycloud/create_journal.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <unistd.h>

namespace polycloud::reliability {

namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

/// The create request of each simulator, and the read a create polls its build with (none: OpenScaler).
struct Routes {
  std::string create;
  std::string build_poll;
};

Routes routes_of(std::string const& type) {
  if (type == "openscaler") return {"*", ""};
  if (type == "katapult")
    return {"/core/v1/organizations/organization/virtual_machines/build",
            "/core/v1/virtual_machines/builds/virtual_machine_build"};
  return {"/v1/instances", "/v1/instances/*"};
}

sim::Fault fault_on(std::string method, std::string path, sim::FaultKind kind, int count = 1) {
  sim::Fault fault;
  fault.method = std::move(method);
  fault.path = std::move(path);
  fault.kind = kind;
  fault.count = count;
  return fault;
}

/// First run: `fault` queued, the create run to its end.
InjectionPoint faulted(std::string label, std::function<sim::Fault(std::mt19937_64&)> make) {
  return {std::move(label), [make](StressBench& bench, std::string const& name, std::string const& key, std::mt19937_64& random) {
            bench.server().faults().add(make(random));
            (void)bench.create(name, key);
          }};
}

/// First run: `signal` sent once `reached` says the create is at the point (a stalled or dripping
/// request consumed its fault, and where it matters the VM is listed).
InjectionPoint signalled(std::string label, int signal, sim::Fault fault, bool vm_listed_first) {
  return {std::move(label), [=](StressBench& bench, std::string const& name, std::string const& key, std::mt19937_64&) {
            bench.server().faults().add(fault);
            auto process = bench.start_create(name, key);
            bool const reached = StressBench::wait_until([&] {
              if (bench.server().faults().consumed().empty()) return false;
              return !vm_listed_first || !bench.ids_named(name).empty();
            });
            (void)process->stop(reached ? signal : SIGKILL);
          }};
}

std::string slug(std::string const& label) {
  std::string out;
  for (char const c : label) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

StressBench::StressBench(std::string type) : type_(std::move(type)) {
  sim::SandboxOptions options;
  options.instances = 2;
  options.create_progress_interval = std::chrono::milliseconds(10);
  sandbox_ = sim::Sandbox::start(options);
  for (auto const& provider : sandbox_->providers())
    if (provider.type == type_ && provider_.empty()) provider_ = provider.name;
  dir_ = fs::temp_directory_path() / ("polycloud-stress-" + std::to_string(::getpid()) + "-" + type_);
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  state_ = dir_ / "state";
  config_ = (dir_ / "config.json").string();
  std::ofstream(config_) << sandbox_->config_json();
  fs::permissions(config_, fs::perms::owner_read | fs::perms::owner_write);
}

StressBench::~StressBench() {
  sandbox_->stop();
  fs::remove_all(dir_);
}

sim::Server& StressBench::server() noexcept {
  if (type_ == "openscaler") return sandbox_->openscaler();
  if (type_ == "katapult") return sandbox_->katapult();
  return sandbox_->bycloud();
}

std::vector<std::string> StressBench::create_command(std::string const& name, std::string const& key) const {
  auto const spec = spec_for(type_, name);
  std::vector<std::string> args{"create", provider_, "--name", name, "--size", spec.size, "--image", spec.image,
                                "--idempotency-key", key, "--no-wait", "-o", "json", "--timeout", "30"};
  if (!spec.region.empty()) args.insert(args.end(), {"--region", spec.region});
  for (auto const& option : spec.provider_options)
    args.insert(args.end(), {"--option", std::string(option.key()) + "=" + std::string(option.value().as_string())});
  return args;
}

ProcessResult StressBench::cli(std::vector<std::string> args) const {
  args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config_});
  return run_process(args, {{"NO_COLOR", "1"}, {"XDG_STATE_HOME", state_.string()}}, std::chrono::seconds(90));
}

ProcessResult StressBench::create(std::string const& name, std::string const& key) const {
  return cli(create_command(name, key));
}

std::unique_ptr<BackgroundProcess> StressBench::start_create(std::string const& name, std::string const& key,
                                                             std::string const& tag) const {
  auto args = create_command(name, key);
  args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config_});
  return std::make_unique<BackgroundProcess>(args, (dir_ / (name + tag)).string(),
                                             std::map<std::string, std::string>{{"XDG_STATE_HOME", state_.string()}});
}

std::vector<std::string> StressBench::ids_named(std::string const& name) const {
  auto listed = cli({"list", "--provider", provider_, "--name", name, "-o", "json"});
  std::vector<std::string> ids;
  if (listed.exit_code != 0) return {"list failed: " + listed.err};
  auto const all = json::parse(listed.out);  // kept: a range-for over a temporary's member would dangle
  for (auto const& vm : all.as_array())
    if (vm.at("name") == name.c_str()) ids.emplace_back(vm.at("id").as_string());
  return ids;
}

bool StressBench::wait_until(std::function<bool()> const& done, std::chrono::seconds bound) {
  auto const until = std::chrono::steady_clock::now() + bound;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling a condition, not timing a result
  }
  return true;
}

bool StressBench::supports_key_lookup() const {
  auto config = load_config_file(config_);
  if (!config) return false;
  boost::asio::io_context io;
  for (auto const& provider_config : config->providers) {
    if (provider_config.name != provider_) continue;
    auto provider = make_provider(provider_config, ProviderContext{io.get_executor(), {}});
    if (!provider) return false;
    auto future = boost::asio::co_spawn(io, (*provider)->find_by_idempotency_keys({"probe"}, CallOptions()),
                                        boost::asio::use_future);
    io.run();
    auto found = future.get();
    return found || found.error().kind != ErrorKind::not_supported;
  }
  return false;
}

std::vector<InjectionPoint> injection_points(std::string const& type) {
  using sim::FaultKind;
  auto const routes = routes_of(type);
  std::vector<InjectionPoint> points;
  // Before send: the request never reaches the API (reset before it is handled, or refused by a 503).
  points.push_back(faulted("before send", [routes](std::mt19937_64& random) {
    return random() % 2 == 0 ? fault_on("POST", routes.create, FaultKind::reset_before_response)
                             : fault_on("POST", routes.create, FaultKind::status);
  }));
  // After send, before the answer: the API made the VM, the answer is cut (half a body, or a short one).
  points.push_back(faulted("after send before the answer", [routes](std::mt19937_64& random) {
    return fault_on("POST", routes.create, random() % 2 == 0 ? FaultKind::reset_mid_body : FaultKind::truncated_body);
  }));
  sim::Fault drip = fault_on("POST", routes.create, FaultKind::drip);
  drip.drip_bytes = 1;
  drip.duration = std::chrono::milliseconds(20);
  if (type == "openscaler") {
    points.push_back(faulted("mid-stream", [routes](std::mt19937_64& random) {
      return fault_on("POST", routes.create, random() % 2 == 0 ? FaultKind::sse_cut : FaultKind::sse_final_error);
    }));
    // The VM is made and its stream is arriving one byte at a time when the signal comes.
    points.push_back(signalled("SIGINT mid-stream", SIGINT, drip, true));
    points.push_back(signalled("SIGKILL mid-stream", SIGKILL, drip, true));
  } else {
    // After 201/202: the build was accepted, then its status cannot be read (1 to 3 polls fail).
    points.push_back(faulted("after 202", [routes](std::mt19937_64& random) {
      auto fault = fault_on("GET", routes.build_poll, random() % 2 == 0 ? FaultKind::status : FaultKind::reset_before_response,
                            1 + static_cast<int>(random() % 3));
      fault.status = 500;
      return fault;
    }));
    // During the build: a status read is held at the simulator when the signal comes.
    sim::Fault stall = fault_on("GET", routes.build_poll, FaultKind::stall);
    stall.duration = std::chrono::milliseconds(2000);
    points.push_back(signalled("SIGINT during the build", SIGINT, stall, false));
    points.push_back(signalled("SIGKILL during the build", SIGKILL, stall, false));
    points.push_back(signalled("SIGKILL after send before the answer", SIGKILL, drip, true));
  }
  return points;
}

/// A kill -9 at a seeded moment of the first run: the moment is the point, so here a delay is the
/// input, not a synchronisation; what is checked holds whatever the moment turned out to hit.
InjectionPoint random_kill(std::chrono::milliseconds longest) {
  return {"SIGKILL at a random moment", [longest](StressBench& bench, std::string const& name, std::string const& key,
                                                  std::mt19937_64& random) {
            auto process = bench.start_create(name, key);
            auto const moment = std::chrono::microseconds(random() % (static_cast<std::uint64_t>(longest.count()) * 1000 + 1));
            std::this_thread::sleep_for(moment);
            (void)process->stop(SIGKILL);
          }};
}

CellOutcome run_cell(StressBench& bench, InjectionPoint const& point, int runs, std::uint64_t seed) {
  CellOutcome outcome;
  CreateJournal const journal(bench.state_dir() / "polycloud");
  auto const code = slug(point.label);
  for (int run = 0; run < runs; ++run) {
    std::mt19937_64 random(seed + static_cast<std::uint64_t>(run));
    // Names the three simulators accept: lower-case letters, digits and dashes, short.
    auto const name = "st-" + std::to_string(seed % 100000) + "-" + std::to_string(run);
    auto const key = ("k-" + code).substr(0, 48) + "-" + std::to_string(seed % 100000) + "-" + std::to_string(run);
    ++outcome.runs;
    auto bad = [&](std::string const& what) {
      outcome.failures.push_back(point.label + " run " + std::to_string(run) + " (seed " +
                                 std::to_string(seed + static_cast<std::uint64_t>(run)) + "): " + what);
    };
    point.first_run(bench, name, key, random);
    bench.server().faults().clear();
    bool duplicate = bench.ids_named(name).size() > 1;
    bool settled = false;
    for (int attempt = 1; attempt <= 3 && !settled; ++attempt) {
      auto rerun = bench.create(name, key);
      auto const ids = bench.ids_named(name);
      duplicate = duplicate || ids.size() > 1;
      if (rerun.exit_code != 0) continue;
      settled = true;
      if (ids.size() != 1) {
        bad("rerun " + std::to_string(attempt) + " succeeded but " + std::to_string(ids.size()) + " VMs are named " + name);
        continue;
      }
      auto const printed = boost::json::parse(rerun.out).as_object();
      if (printed.at("id") != ids.front().c_str()) bad("rerun printed another id than the one VM's");
      auto const pending = journal.pending();
      if (!pending) {
        bad("journal unreadable: " + pending.error().message);
      } else {
        for (auto const& entry : *pending)
          if (entry.key == key) ++outcome.journal_left, bad("the key is still in the journal after a successful rerun");
      }
    }
    if (duplicate) ++outcome.duplicates, bad("more than one VM carried the key");
    if (!settled) ++outcome.unresolved, bad("3 reruns never succeeded");
  }
  return outcome;
}

int runs_from_environment(char const* variable, int fallback) {
  if (char const* text = std::getenv(variable); text != nullptr) {
    int const value = std::atoi(text);
    if (value > 0) return value;
  }
  return fallback;
}

}  // namespace polycloud::reliability
