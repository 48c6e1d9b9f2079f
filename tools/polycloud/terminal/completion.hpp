#pragma once
// `polycloud completion bash|zsh|fish`: scripts generated from the CLI11 command tree, so a new
// command or option completes without editing three hand-written scripts.
#include <string>

namespace CLI {
class App;
}

namespace polycloud::cli {

std::string completion_script(CLI::App& app, std::string const& shell);

}  // namespace polycloud::cli
