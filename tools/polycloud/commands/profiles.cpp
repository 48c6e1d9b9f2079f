#include "commands/profiles.hpp"

#include "commands/private_file.hpp"
#include "output/output.hpp"
#include "output/streams.hpp"
#include "output/visible_text.hpp"

#include <polycloud/config.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

namespace polycloud::cli {

namespace {
namespace fs = std::filesystem;

constexpr std::size_t max_name = 64;
constexpr char const* active_file = "active_profile";

bool valid_name(std::string const& name) {
  return !name.empty() && name.size() <= max_name && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

bool file_exists(fs::path const& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

Error missing_profile(std::string const& name, fs::path const& path, std::string const& chosen_by) {
  return make_error(ErrorKind::config,
                    fmt::format("profile \"{}\" (chosen by {}) has no config: {} does not exist; create it with "
                                "polycloud --profile {} config init",
                                name, chosen_by, path.string(), name),
                    {}, "config");
}

/// The profile `name` chosen by `chosen_by`, checked.
CliResult<ConfigLocation> profile_location(std::string const& name, std::string chosen_by, bool to_write) {
  auto path = profile_path(name);
  if (!path) return path.error();
  if (!to_write && !file_exists(*path)) return missing_profile(name, *path, chosen_by);
  return ConfigLocation{*path, name, std::move(chosen_by)};
}
}  // namespace

Result<fs::path> config_directory() {
  auto const env = process_environment();
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty()) return fs::path(*xdg) / "polycloud";
  if (auto home = env("HOME"); home && !home->empty()) return fs::path(*home) / ".config" / "polycloud";
  return make_error(ErrorKind::config, "no config directory: neither $XDG_CONFIG_HOME nor $HOME is set", {}, "config");
}

CliResult<fs::path> profile_path(std::string const& name) {
  if (!valid_name(name))
    return usage_error(fmt::format("profile name \"{}\": 1 to {} letters, digits, '_' or '-'", visible_controls(name),
                                   max_name));
  auto directory = config_directory();
  if (!directory) return directory.error();
  if (name == default_profile) return *directory / "config.json";
  return *directory / "profiles" / (name + ".json");
}

std::string saved_profile() {
  auto directory = config_directory();
  if (!directory) return {};
  std::ifstream in(*directory / active_file);
  std::string name;
  std::getline(in, name);
  return name;
}

CliResult<ConfigLocation> locate_config(GlobalArgs const& global, bool to_write) {
  if (global.config && global.profile)
    return usage_error("--config names a file and --profile a profile: give one of them");
  if (global.config) return ConfigLocation{*global.config, {}, "--config"};
  if (global.profile) return profile_location(*global.profile, "--profile", to_write);
  auto const env = process_environment();
  if (auto file = env("POLYCLOUD_CONFIG"); file && !file->empty()) return ConfigLocation{*file, {}, "$POLYCLOUD_CONFIG"};
  if (auto name = env("POLYCLOUD_PROFILE"); name && !name->empty())
    return profile_location(*name, "$POLYCLOUD_PROFILE", to_write);
  if (auto name = saved_profile(); !name.empty()) return profile_location(name, "config profiles use", to_write);
  // No choice made: the library's discovery, which names every place it looked.
  auto found = discover_config(std::nullopt);
  if (found) return ConfigLocation{*found, default_profile, "default"};
  if (!to_write) return found.error();
  auto path = profile_path(default_profile);
  if (!path) return path.error();
  return ConfigLocation{*path, default_profile, "default"};
}

namespace {
/// Every profile with a file: `default` (config.json) first if it exists, then profiles/*.json by name.
std::vector<std::string> profile_names(fs::path const& directory) {
  std::set<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(directory / "profiles", ec), end; !ec && it != end; it.increment(ec)) {
    auto const& path = it->path();
    if (path.extension() == ".json" && valid_name(path.stem().string())) names.insert(path.stem().string());
  }
  std::vector<std::string> ordered;
  if (file_exists(directory / "config.json")) ordered.emplace_back(default_profile);
  for (auto const& name : names)
    if (name != default_profile) ordered.push_back(name);
  return ordered;
}

RecordLayout const& profile_layout() {
  static RecordLayout const layout{{"name", "active", "path"},
                                   {{"name", {"NAME"}}, {"active", {"ACTIVE"}}, {"path", {"PATH", 0, true}}},
                                   {}};
  return layout;
}

RecordLayout const& location_layout() {
  static RecordLayout const layout{{"profile", "chosen_by", "path"},
                                   {{"profile", {"PROFILE"}}, {"chosen_by", {"CHOSEN BY"}}, {"path", {"PATH", 0, true}}},
                                   {}};
  return layout;
}

ExitCode list(GlobalArgs const& global) {
  if (auto fields = check_fields(global.fields, profile_layout()); !fields) return report(fields.error());
  auto directory = config_directory();
  if (!directory) return report(directory.error());
  // The profile in effect for a command run with the same options and environment.
  auto in_effect = locate_config(global, true);
  std::string const active = in_effect ? in_effect->profile : std::string();
  RecordPrinter printer(global, profile_layout());
  for (auto const& name : profile_names(*directory)) {
    auto const path = profile_path(name);
    printer.add({{"name", std::string_view(name)}, {"active", name == active}, {"path", path->string()}});
  }
  printer.finish();
  return ExitCode::ok;
}

ExitCode use(std::string const& name) {
  auto path = profile_path(name);
  if (!path) return report(path.error());
  if (!file_exists(*path)) return report(missing_profile(name, *path, "config profiles use"));
  auto directory = config_directory();
  if (!directory) return report(directory.error());
  auto const saved = (*directory / active_file).string();
  if (auto written = write_private_file(saved, name + "\n", "config"); !written) return report(written.error());
  print_err("polycloud: commands use profile {} ({}) unless --config, --profile, $POLYCLOUD_CONFIG or "
            "$POLYCLOUD_PROFILE says otherwise\n",
            name, path->string());
  return ExitCode::ok;
}

ExitCode show(GlobalArgs const& global) {
  if (auto fields = check_fields(global.fields, location_layout()); !fields) return report(fields.error());
  auto location = locate_config(global, false);
  if (!location) return report(location.error());
  RecordPrinter printer(global, location_layout(), /*single=*/true);
  FieldValue profile = nullptr;
  if (!location->profile.empty()) profile = std::string_view(location->profile);
  printer.add({{"profile", profile}, {"chosen_by", std::string_view(location->chosen_by)}, {"path", location->path.string()}});
  printer.finish();
  return ExitCode::ok;
}
}  // namespace

ExitCode run_profiles(GlobalArgs const& global, ProfilesArgs const& args) {
  switch (args.action) {
    case ProfilesArgs::Action::use: return use(args.name);
    case ProfilesArgs::Action::show: return show(global);
    default: return list(global);
  }
}

}  // namespace polycloud::cli
