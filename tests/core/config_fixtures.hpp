#pragma once
// Shared by the config tests: a fixed environment, a provider type of their own, a temp directory.
#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>

namespace polycloud_test {

using namespace polycloud;
namespace fs = std::filesystem;

/// A fixed environment for tests: only the variables given exist.
inline Environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto found = vars.find(std::string(name));
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

/// A provider type with its own keys and validation, so config tests need no real adapter.
inline void register_test_type() {
  ProviderType type;
  type.name = "testcloud";
  type.default_endpoint = "https://api.testcloud.example/v1";
  type.own_keys = {"project_id", "organization"};
  type.validate = [](ProviderConfig const& config) -> Result<void> {
    auto const* org = config.settings.if_contains("organization");
    if (org && !(org->is_object() && (org->as_object().contains("id") || org->as_object().contains("sub_domain"))))
      return make_error(ErrorKind::config, config.source + ": providers." + config.name +
                                               ".organization: expected an object with \"id\" or \"sub_domain\"");
    return {};
  };
  type.factory = [](ProviderConfig const&, ProviderContext const&) -> Result<std::unique_ptr<Provider>> {
    return make_error(ErrorKind::not_supported, "test type");
  };
  register_provider_type(type);
}

inline std::string config_error(std::string_view text, Environment const& env = env_of({})) {
  register_test_type();
  auto config = parse_config(text, "/etc/pc.json", env);
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error().kind == ErrorKind::config);
  CHECK(config.error().operation == "config");
  return config.error().message;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("polycloud-test-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(std::string const& name, std::string const& text) const {
    auto file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }
};

}  // namespace polycloud_test
