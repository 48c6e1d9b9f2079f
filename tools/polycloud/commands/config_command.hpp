#pragma once
// `polycloud config view | init | providers add | providers remove | profiles list|use|show`: reading and editing the config file
// itself. It needs no session (nothing is sent), so the parser runs it, as it runs `completion`.
#include "commands/arguments.hpp"
#include "commands/exit_code.hpp"
#include "commands/profiles.hpp"

#include <optional>
#include <string>

namespace polycloud::cli {

struct ConfigArgs {
  enum class Action { view, add, remove, init, profiles } action = Action::view;
  std::string name;  ///< add, remove, init: the provider
  std::string type;  ///< add, init
  std::optional<std::string> endpoint, token_file;  ///< add, init
  ProfilesArgs profiles;                            ///< profiles list|use|show
};

ExitCode run_config(GlobalArgs const& global, ConfigArgs const& args);

}  // namespace polycloud::cli
