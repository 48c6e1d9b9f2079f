// The fault matrix's output columns (issue 22): the real `polycloud create`, against each simulator,
// with its stderr, then its stdout, at /dev/full and closed. A stream that cannot be written must
// never abort the process after the POST (the VM would exist with no id printed, and a retry would
// make a second one) nor change the outcome: exactly one VM is created, the exit code is the outcome's
// (0, or 6 when the record itself could not be written), and the VM is named on the stream that works.
#include "matrix_harness.hpp"
#include "sim/sandbox.hpp"
#include "subprocess.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

namespace {

namespace json = boost::json;
using polycloud::sim::Sandbox;

struct Column {
  char const* label;
  ProcessStreams streams;
  int exit_code;
};

std::vector<Column> const columns{
    {"stderr /dev/full", {Sink::capture, Sink::full, {}}, 0},
    {"stderr closed", {Sink::capture, Sink::closed, {}}, 0},
    {"stdout /dev/full", {Sink::full, Sink::capture, {}}, 6},
    {"stdout closed", {Sink::closed, Sink::capture, {}}, 6},
};

class OutputMatrix {
 public:
  OutputMatrix() {
    polycloud::sim::SandboxOptions options;
    options.instances = 4;
    options.create_progress_interval = std::chrono::milliseconds(5);  // progress lines, quickly
    sandbox_ = Sandbox::start(options);
    std::filesystem::create_directories(dir_);
    config_ = (dir_ / "config.json").string();
    std::ofstream(config_) << sandbox_->config_json();
    std::filesystem::permissions(config_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  ~OutputMatrix() {
    sandbox_->stop();
    std::filesystem::remove_all(dir_);
  }
  OutputMatrix(OutputMatrix const&) = delete;
  OutputMatrix& operator=(OutputMatrix const&) = delete;

  /// The configured provider of `type` (the first, as the sandbox has two OpenScaler ones).
  std::string provider_of(std::string const& type) const {
    for (auto const& provider : sandbox_->providers())
      if (provider.type == type) return provider.name;
    return {};
  }

  ProcessResult run(std::vector<std::string> args, ProcessStreams const& streams = {}) const {
    args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config_});
    return run_process(args, {{"NO_COLOR", "1"}}, std::chrono::seconds(60), streams);
  }

  /// The ids of the provider's VMs named `name`, read back with a normal list.
  std::vector<std::string> ids_named(std::string const& provider, std::string const& name) const {
    auto listed = run({"list", "--provider", provider, "-o", "json"});
    REQUIRE(listed.exit_code == 0);
    std::vector<std::string> ids;
    auto const all = json::parse(listed.out);
    for (auto const& vm : all.as_array())
      if (vm.at("name") == name.c_str()) ids.emplace_back(vm.at("id").as_string());
    return ids;
  }

 private:
  std::unique_ptr<Sandbox> sandbox_;
  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("polycloud-output-matrix-" + std::to_string(::getpid()));
  std::string config_;
};

void run_columns(std::string const& type) {
  OutputMatrix matrix;
  auto const provider = matrix.provider_of(type);
  REQUIRE_FALSE(provider.empty());
  int row = 0;
  for (auto const& column : columns) {
    std::string const label = column.label;
    CAPTURE(label);
    auto const name = "out-" + std::to_string(row++);
    // The matrix's own create spec for this simulator, as command-line flags.
    auto const spec = polycloud::reliability::spec_for(type, name);
    std::vector<std::string> args{"create", provider, "--name", name, "--size", spec.size, "--image", spec.image,
                                  "-o", "json", "--timeout", "60"};
    if (!spec.region.empty()) args.insert(args.end(), {"--region", spec.region});
    for (auto const& option : spec.provider_options)
      args.insert(args.end(), {"--option", std::string(option.key()) + "=" + std::string(option.value().as_string())});
    auto created = matrix.run(args, column.streams);
    CAPTURE(created.err);
    CHECK(created.signal == 0);  // SIGABRT before: the progress line's write threw after the POST
    CHECK(created.exit_code == column.exit_code);
    auto const ids = matrix.ids_named(provider, name);
    REQUIRE(ids.size() == 1);  // exactly one VM: created, and never twice
    if (column.streams.out == Sink::capture) {
      auto const printed = json::parse(created.out).as_object();
      CHECK(printed.at("id") == ids.front().c_str());
      CHECK(printed.at("name") == name.c_str());
    } else {
      CHECK(created.err.find("it held the VM created on " + provider + " with id " + ids.front() + " (" + name + ")") !=
            std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("fault matrix: openscaler create with unwritable stderr or stdout") { run_columns("openscaler"); }
TEST_CASE("fault matrix: katapult create with unwritable stderr or stdout") { run_columns("katapult"); }
TEST_CASE("fault matrix: bycloud create with unwritable stderr or stdout") { run_columns("bycloud"); }
