#pragma once
// Where the demo runs: the in-process simulators when this build has them, otherwise in-memory
// fake providers (the demo says which, so it never claims more than it shows).
#include <polycloud/config.hpp>

#include <memory>
#include <string>

namespace polycloud::cli {

struct DemoEnvironment {
  Config config;
  std::string description;     ///< one line telling what the providers really are
  std::string size = "small";  ///< portable names the environment's aliases resolve
  std::string image = "ubuntu";
  std::shared_ptr<void> running;  ///< keeps the simulators alive
};

Result<DemoEnvironment> start_demo_environment();

}  // namespace polycloud::cli
