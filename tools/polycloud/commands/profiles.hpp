#pragma once
// Profiles: several configs side by side in the config directory, one chosen per command, in the spirit
// of gcloud configurations and kubectl contexts (docs/config.md, "Profiles"). A profile is only a named
// config file, <config dir>/profiles/NAME.json; `default` is the directory's config.json. Nothing in the
// library knows about them: the CLI picks the file, the library loads it as any other.
#include "commands/arguments.hpp"
#include "commands/exit_code.hpp"

#include <filesystem>
#include <string>

namespace polycloud::cli {

/// Where this command's config comes from, and what chose it.
struct ConfigLocation {
  std::filesystem::path path;
  std::string profile;  ///< the profile's name; empty when a file was named (--config, $POLYCLOUD_CONFIG)
  std::string chosen_by;  ///< "--config", "--profile", "$POLYCLOUD_CONFIG", "$POLYCLOUD_PROFILE", "config profiles use", "default"
};

/// The name `default`: the config directory's config.json, the config found when no profile is chosen.
inline constexpr char const* default_profile = "default";

/// The config directory: $XDG_CONFIG_HOME/polycloud, else $HOME/.config/polycloud.
Result<std::filesystem::path> config_directory();
/// The file of profile `name` (1 to 64 of A-Z a-z 0-9 _ -: it becomes a file name), existing or not.
CliResult<std::filesystem::path> profile_path(std::string const& name);
/// The profile `config profiles use` chose: the name in <config dir>/active_profile; empty when none.
std::string saved_profile();

/// The first of: --config, --profile (both: a usage error), $POLYCLOUD_CONFIG, $POLYCLOUD_PROFILE, the
/// profile `config profiles use` saved, the default discovery (config.json under $XDG_CONFIG_HOME, then
/// ~/.config). A chosen profile whose file is missing is a config error, unless `to_write` (config init
/// and providers add create it); so is finding no config at all, unless `to_write` (the default path).
CliResult<ConfigLocation> locate_config(GlobalArgs const& global, bool to_write);

struct ProfilesArgs {
  enum class Action { list, use, show } action = Action::list;
  std::string name;  ///< use
};

/// `config profiles list|use|show`.
ExitCode run_profiles(GlobalArgs const& global, ProfilesArgs const& args);

}  // namespace polycloud::cli
