#pragma once
// An OpenScaler simulator over TLS on loopback, and the provider block that points the CLI at it.
#include "sim/openscaler/openscaler.hpp"
#include "sim/server.hpp"

#include <fmt/core.h>

#include <memory>
#include <string>

namespace cli_test {

inline std::string const token = "cli-test-secret-token-5f2a";

struct Simulated {
  explicit Simulated(polycloud::sim::OpenScalerOptions options = {}, std::size_t instances = 6) {
    options.instances = instances;
    options.token = token;
    server = polycloud::sim::Server::start(std::make_shared<polycloud::sim::OpenScalerApi>(options));
  }

  /// A provider block for this simulator (a wrong `with_token` for auth failures).
  std::string block(std::string const& with_token = token) const {
    return fmt::format(R"({{"type": "openscaler", "endpoint": "{}", "ca_file": "{}", "token": "{}",
                           "project_id": "default"}})",
                       server->origin(), server->ca_file(), with_token);
  }

  std::unique_ptr<polycloud::sim::Server> server;
};

}  // namespace cli_test
