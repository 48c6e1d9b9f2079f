#pragma once
// `polycloud config view | providers add | providers remove`: reading and editing the config file
// itself. It needs no session (nothing is sent), so the parser runs it, as it runs `completion`.
#include "arguments.hpp"
#include "exit_code.hpp"

#include <optional>
#include <string>

namespace polycloud::cli {

struct ConfigArgs {
  enum class Action { view, add, remove } action = Action::view;
  std::string name;  ///< add, remove: the provider
  std::string type;  ///< add
  std::optional<std::string> endpoint, token_file;  ///< add
};

ExitCode run_config(GlobalArgs const& global, ConfigArgs const& args);

}  // namespace polycloud::cli
