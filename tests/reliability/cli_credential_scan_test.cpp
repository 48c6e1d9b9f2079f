// The credential scan's CLI half (issue 12): the built `polycloud` binary, run as a subprocess with
// --verbose against the sandbox's simulators, through a wrong token, 500s, a dry run and a hostile
// server that echoes the credential (plain, percent-encoded, HTML-escaped) in its error body and
// headers. Not one byte of stdout or stderr may hold a credential in any of those spellings: each
// provider's token, ByCloud's api_key (`X-Api-Key: <key-id>:<secret>`) whole and its secret part.
#include "sim/bycloud/bycloud.hpp"
#include "sim/faults.hpp"
#include "sim/sandbox.hpp"
#include "sim/server.hpp"
#include "subprocess.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <algorithm>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace json = boost::json;
using namespace polycloud;

/// Every character as %XX: the widest percent-encoded spelling a server could echo.
std::string percent_all(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    char part[4];
    std::snprintf(part, sizeof part, "%%%02X", c);
    out += part;
  }
  return out;
}

/// Only what a URL must encode (here ':'): how a query string or a form would echo it.
std::string percent_reserved(std::string_view text) {
  std::string out;
  for (char c : text) out += c == ':' ? std::string("%3A") : std::string(1, c);
  return out;
}

/// Every character as &#NN;, as an HTML error page would escape it.
std::string html_all(std::string_view text) {
  std::string out;
  for (unsigned char c : text) out += "&#" + std::to_string(c) + ";";
  return out;
}

std::vector<std::string> spellings(std::string const& secret) {
  return {secret, percent_all(secret), percent_reserved(secret), html_all(secret)};
}

/// One provider block of the scan's config, with the credentials it carries.
struct Scanned {
  std::string name;
  sim::Server* server = nullptr;
  std::vector<std::string> secrets;  ///< every credential of this block (the api_key: whole and secret part)
};

class CliScan {
 public:
  CliScan() {
    sim::SandboxOptions options;
    options.instances = 6;
    options.create_progress_interval = std::chrono::milliseconds(5);
    sandbox_ = sim::Sandbox::start(options);
    json::object providers;
    for (auto const& provider : sandbox_->providers()) {
      if (provider.name == "alg-staging") continue;
      auto block = json::parse(sandbox_->config_json({provider.type})).at("providers").at(provider.name).as_object();
      block["timeout_s"] = 5;
      providers[provider.name] = block;
      add(provider.name, provider.server, {provider.token});
      // The same provider with a token the simulator refuses (401 everywhere).
      auto wrong = block;
      std::string const wrong_token = "wrong-" + provider.type + "-token-0123";
      wrong["token"] = wrong_token;
      providers[provider.name + "-bad"] = wrong;
      add(provider.name + "-bad", provider.server, {wrong_token});
      if (provider.type == "bycloud") {
        // ByCloud's other credential form: X-Api-Key: <key-id>:<secret>.
        auto keyed = block;
        keyed.erase("token");
        std::string const key = sim::ByCloudOptions{}.api_key;
        keyed["api_key"] = key;
        providers[provider.name + "-key"] = keyed;
        add(provider.name + "-key", provider.server, {key, key.substr(key.find(':') + 1)});
      }
    }
    config_ = dir_ / "config.json";
    std::filesystem::create_directories(dir_);
    std::ofstream(config_) << json::serialize(json::object{{"providers", providers}});
    ::chmod(config_.c_str(), 0600);
  }
  ~CliScan() {
    sandbox_->stop();
    std::filesystem::remove_all(dir_);
  }
  CliScan(CliScan const&) = delete;
  CliScan& operator=(CliScan const&) = delete;

  std::vector<Scanned> const& providers() const { return scanned_; }

  /// Every credential of the config, in every spelling: none may be printed by any command.
  std::vector<std::string> all_spellings() const {
    std::vector<std::string> out;
    for (auto const& provider : scanned_) {
      for (auto const& secret : provider.secrets) {
        for (auto& spelling : spellings(secret)) out.push_back(std::move(spelling));
      }
    }
    return out;
  }

  /// Runs `polycloud --config … --verbose ARGS…`; what it printed is kept for the scan.
  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {POLYCLOUD_CLI_BINARY, "--config", config_.string(), "--verbose"});
    auto result = run_process(args, {{"NO_COLOR", "1"}}, std::chrono::seconds(60));
    printed_.push_back({args, result.out, result.err});
    return result;
  }

  /// The id of the first VM the provider lists.
  std::string some_id(std::string const& name) {
    auto listed = run({"list", "--provider", name, "-o", "json"});
    REQUIRE(listed.exit_code == 0);
    auto const all = json::parse(listed.out).as_array();
    REQUIRE_FALSE(all.empty());
    return std::string(all.front().at("id").as_string());
  }

  struct Printed {
    std::vector<std::string> args;
    std::string out, err;
  };
  std::vector<Printed> const& printed() const { return printed_; }

 private:
  void add(std::string name, sim::Server* server, std::vector<std::string> secrets) {
    scanned_.push_back({std::move(name), server, std::move(secrets)});
  }

  std::unique_ptr<sim::Sandbox> sandbox_;
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("polycloud-cli-scan-" + std::to_string(::getpid()));
  std::filesystem::path config_;
  std::vector<Scanned> scanned_;
  std::vector<Printed> printed_;
};

sim::Fault fault_for(json::object spec) {
  std::string error;
  auto fault = sim::parse_fault(spec, error);
  REQUIRE_MESSAGE(fault.has_value(), error);
  return *fault;
}

/// A 400 whose body message and X-Request-Id repeat the provider's own credentials in every spelling,
/// as a careless or hostile server might. (Only its own: the provider cannot know another one's.)
sim::Fault echoing_fault(Scanned const& provider, std::string const& method) {
  std::string echoed;
  for (auto const& secret : provider.secrets) {
    for (auto const& spelling : spellings(secret)) echoed += " " + spelling + ",";
  }
  json::object spec{{"fault", "status"}, {"status", 400}, {"message", "bad request for" + echoed}, {"method", method}};
  spec["headers"] = json::object{{"X-Request-Id", "req" + echoed}};
  return fault_for(spec);
}

}  // namespace

TEST_CASE("credential scan: the CLI prints no credential through errors and traces and dry runs") {
  CliScan scan;
  auto const forbidden = scan.all_spellings();
  std::size_t verbose_lines = 0;

  for (auto const& provider : scan.providers()) {
    bool const refused = provider.name.ends_with("-bad");
    std::string const good = refused ? provider.name.substr(0, provider.name.size() - 4) : provider.name;
    auto const id = scan.some_id(good);

    // Listing and getting as a user would (a wrong token: 401 on each).
    auto listed = scan.run({"list", "--provider", provider.name});
    CHECK(listed.exit_code == (refused ? 3 : 0));
    auto got = scan.run({"get", provider.name, id, "-o", "json"});
    CHECK(got.exit_code == (refused ? 3 : 0));

    // 500s past the retries.
    provider.server->faults().add(fault_for({{"fault", "status"}, {"status", 500}, {"method", "GET"}, {"count", 5}}));
    CHECK(scan.run({"get", provider.name, id}).exit_code == 1);
    provider.server->faults().clear();

    // A server echoing the credentials back, on a read and on a power action.
    provider.server->faults().add(echoing_fault(provider, "GET"));
    auto echoed_get = scan.run({"get", provider.name, id});
    CHECK(echoed_get.exit_code != 0);
    provider.server->faults().clear();
    provider.server->faults().add(echoing_fault(provider, "POST"));
    scan.run({"stop", provider.name, id});
    provider.server->faults().clear();

    // A dry run prints the request headers it would send.
    auto dry = scan.run({"--dry-run", "stop", provider.name, id});
    CHECK(dry.exit_code == 0);
    CHECK(dry.out.find("REDACTED") != std::string::npos);
  }

  for (auto const& printed : scan.printed()) {
    verbose_lines += static_cast<std::size_t>(std::count(printed.err.begin(), printed.err.end(), '\n'));
    for (auto const& spelling : forbidden) {
      std::string command;
      for (auto const& arg : printed.args) command += arg + " ";
      CAPTURE(command);
      CAPTURE(spelling);
      CHECK_MESSAGE(printed.out.find(spelling) == std::string::npos, printed.out);
      CHECK_MESSAGE(printed.err.find(spelling) == std::string::npos, printed.err);
    }
  }
  CHECK(scan.printed().size() > 30);
  CHECK(verbose_lines > 60);  // --verbose really traced: a line per exchange, plus each error
}
