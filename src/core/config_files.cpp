// Finding and reading the config file: discovery order, a bounded read, and the ssh-style check that a
// file holding credentials is private.
#include <polycloud/config.hpp>

#include "core/bounded_file.hpp"
#include "core/config_parse.hpp"
#include "core/trace_file.hpp"

namespace polycloud {

Result<Config> detail::traced(Result<Config> loaded) {
  auto const* file = process_trace_file();
  if (file == nullptr) return loaded;
  if (!loaded) {
    file->append_error(loaded.error());
  } else {
    for (auto const& warning : loaded->warnings) file->append("warning", warning);
    for (auto const& unusable : loaded->unusable) file->append_error(unusable.error);
  }
  return loaded;
}

Result<Config> load_config_file(std::filesystem::path const& path, Environment const& env, ConfigOptions options) {
  // Regular files only, as for a token_file: a FIFO or /dev/stdin would block loading until someone
  // writes, ignoring every timeout (nothing has a deadline yet at this point).
  auto read = read_bounded_file(path, max_config_file_bytes, FileKinds::regular_only);
  if (!read.ok())
    return detail::traced(
        make_error(ErrorKind::config, path.string() + ": cannot read config file: " + read.failure, {}, "config"));
  auto parsed = detail::parse_config_text(read.text, path.string(), env, options);
  if (!parsed.config) return detail::traced(std::move(parsed.config));
  auto warning = parsed.holds_literal_secret ? exposure_warning(path, "config file (it holds a credential)")
                                             : writable_by_others_warning(path, "config file");
  if (warning) parsed.config->warnings.insert(parsed.config->warnings.begin(), std::move(*warning));
  return detail::traced(std::move(parsed.config));
}

Result<std::filesystem::path> discover_config(std::optional<std::filesystem::path> const& explicit_path,
                                              Environment const& env) {
  if (explicit_path) return *explicit_path;
  if (auto from_env = env("POLYCLOUD_CONFIG"); from_env && !from_env->empty()) return std::filesystem::path(*from_env);
  // Every place looked at is named in the error, including those skipped for an unset variable, so
  // "no config" never comes with an empty list.
  std::string searched = "--config (not given), $POLYCLOUD_CONFIG (not set)";
  auto consider = [&](char const* variable, std::filesystem::path const& under) -> std::optional<std::filesystem::path> {
    auto base = env(variable);
    if (!base || base->empty()) {
      searched += std::string(", $") + variable + "/" + under.string() + " ($" + variable + " not set)";
      return std::nullopt;
    }
    auto candidate = std::filesystem::path(*base) / under;
    searched += ", " + candidate.string();
    std::error_code ec;
    if (std::filesystem::exists(candidate, ec)) return candidate;
    return std::nullopt;
  };
  if (auto found = consider("XDG_CONFIG_HOME", std::filesystem::path("polycloud") / "config.json")) return *found;
  if (auto found = consider("HOME", std::filesystem::path(".config") / "polycloud" / "config.json")) return *found;
  return make_error(ErrorKind::config, "no config file found (searched: " + searched + ")", {}, "config");
}

}  // namespace polycloud
