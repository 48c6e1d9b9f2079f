// The demo's fallback in a build without the simulators: two in-memory fake providers.
#include "sandbox/demo_environment.hpp"

namespace polycloud::cli {

Result<DemoEnvironment> start_demo_environment() {
  auto config = parse_config(R"({"providers": {"fake-a": {"type": "fake", "instances": 3},
                                               "fake-b": {"type": "fake", "instances": 2}}})",
                             "(demo)", [](std::string_view) { return std::optional<std::string>(); });
  if (!config) return config.error();
  DemoEnvironment environment;
  environment.config = std::move(*config);
  environment.description =
      "this build has no simulators: the two providers below are in-memory fakes (no HTTP is spoken)";
  return environment;
}

}  // namespace polycloud::cli
