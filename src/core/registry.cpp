#include <polycloud/registry.hpp>

#include "core/builtin_providers.hpp"
#include "core/recording_provider.hpp"
#include "core/trace_file.hpp"

#include <algorithm>
#include <deque>
#include <mutex>

namespace polycloud {

namespace {
struct Registry {
  std::mutex mutex;
  std::deque<ProviderType> types{};  // a deque: registering never moves the types already handed out
  Registry() {
    for (auto& type : detail::builtin_provider_types()) types.push_back(std::move(type));
  }
};

Registry& registry() {
  static Registry instance;
  return instance;
}
}  // namespace

bool valid_provider_type_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64 || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

Result<void> register_provider_type(ProviderType type) {
  if (!valid_provider_type_name(type.name))
    return make_error(ErrorKind::config, "provider type name \"" + type.name +
                                             "\" refused: expected 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter");
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  auto existing = std::find_if(reg.types.begin(), reg.types.end(), [&](auto const& t) { return t.name == type.name; });
  if (existing != reg.types.end())
    *existing = std::move(type);
  else
    reg.types.push_back(std::move(type));
  return {};
}

ProviderType const* find_provider_type(std::string_view name) {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  for (auto const& type : reg.types)
    if (type.name == name) return &type;
  return nullptr;
}

std::vector<std::string> provider_type_names() {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::vector<std::string> names;
  for (auto const& type : reg.types) names.push_back(type.name);
  return names;
}

Result<std::unique_ptr<Provider>> make_provider(ProviderConfig const& config, ProviderContext const& context) {
  auto made = [&]() -> Result<std::unique_ptr<Provider>> {
    auto const* type = find_provider_type(config.type);
    if (!type)
      return make_error(ErrorKind::config, "unknown provider type \"" + config.type + "\"", config.name, "config");
    return type->factory(config, context);
  }();
  // POLYCLOUD_TRACE_FILE: every error that leaves the provider is appended to it (core/trace_file.hpp).
  auto const* trace_file = detail::process_trace_file();
  if (trace_file == nullptr) return made;
  if (!made) {
    trace_file->append_error(made.error());
    return made;
  }
  return detail::recording_errors(std::move(*made), *trace_file);
}

}  // namespace polycloud
