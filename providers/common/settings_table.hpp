#pragma once
// An adapter's own config keys, each declared once: its key, its type and range (the reader), and its
// default (the Settings member's initializer). The same table gives the registry its own_keys (so the
// unknown-key check and its "did you mean" hint cover them) and reads a config into Settings, in table
// order, each bad value a config error naming the key path ("providers.k.per_page: expected …").
//
//   SettingsTable<Settings> const table{
//       count("per_page", &Settings::per_page, 1, 200),
//       choice("stop_action", &Settings::stop_action, {{"shutdown", StopAction::shutdown}, {"stop", StopAction::stop}}),
//       flag("purge_on_delete", &Settings::purge_on_delete)};

#include "providers/common/config_error.hpp"

#include <polycloud/config.hpp>
#include <polycloud/error.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace polycloud::providers {

/// One key: `read` gets its value (null when absent: an optional key then leaves the default).
template <class S>
struct Setting {
  std::string_view key;
  std::function<Result<void>(ProviderConfig const& config, boost::json::value const* value, S& settings)> read;
};

template <class S>
class SettingsTable {
 public:
  SettingsTable(std::initializer_list<Setting<S>> settings) : settings_(settings) {}

  /// The keys, for ProviderType::own_keys.
  std::vector<std::string> keys() const {
    std::vector<std::string> keys;
    for (auto const& setting : settings_) keys.emplace_back(setting.key);
    return keys;
  }

  /// Defaults, then each key present read over them; the first bad value is the error.
  Result<S> read(ProviderConfig const& config) const {
    S settings;
    for (auto const& setting : settings_) {
      if (auto read = setting.read(config, config.settings.if_contains(setting.key), settings); !read) {
        return read.error();
      }
    }
    return settings;
  }

 private:
  std::vector<Setting<S>> settings_;
};

/// "expected an integer from 1 to 200" / "expected a positive integer"
std::string count_expectation(std::int64_t min, std::optional<std::int64_t> max);
/// "expected \"SOFT\" or \"HARD\""
std::string choice_expectation(std::vector<std::string_view> const& words);

/// An integer within [min, max] (no max: any from min, which is then 1: "a positive integer").
template <class S, class N>
Setting<S> count(std::string_view key, N S::*member, std::int64_t min, std::optional<std::int64_t> max = std::nullopt) {
  return {key, [key, member, min, max](ProviderConfig const& config, boost::json::value const* value, S& settings) -> Result<void> {
            if (value == nullptr) return {};
            auto const* number = value->if_int64();
            if (number == nullptr || *number < min || (max && *number > *max)) {
              return config_error(config, key, count_expectation(min, max));
            }
            settings.*member = static_cast<N>(*number);
            return {};
          }};
}

/// One of `words`, each standing for a value. `echo`: a non-string or empty value is "expected a
/// non-empty string" and another word is named in the error ("…, got \"x\"").
template <class S, class E>
Setting<S> choice(std::string_view key, E S::*member,
                  std::type_identity_t<std::vector<std::pair<std::string_view, E>>> words, bool echo = false) {
  return {key, [key, member, words = std::move(words), echo](ProviderConfig const& config, boost::json::value const* value,
                                                             S& settings) -> Result<void> {
            if (value == nullptr) return {};
            auto const* text = value->if_string();
            if (echo && (text == nullptr || text->empty())) return config_error(config, key, "expected a non-empty string");
            std::vector<std::string_view> names;
            for (auto const& [word, meaning] : words) {
              if (text != nullptr && *text == word) {
                settings.*member = meaning;
                return {};
              }
              names.push_back(word);
            }
            auto expectation = choice_expectation(names);
            if (echo) expectation += ", got \"" + std::string(*text) + "\"";
            return config_error(config, key, expectation);
          }};
}

/// true or false.
template <class S>
Setting<S> flag(std::string_view key, bool S::*member) {
  return {key, [key, member](ProviderConfig const& config, boost::json::value const* value, S& settings) -> Result<void> {
            if (value == nullptr) return {};
            if (!value->is_bool()) return config_error(config, key, "expected true or false");
            settings.*member = value->get_bool();
            return {};
          }};
}

/// A non-empty string.
template <class S>
Setting<S> text(std::string_view key, std::optional<std::string> S::*member) {
  return {key, [key, member](ProviderConfig const& config, boost::json::value const* value, S& settings) -> Result<void> {
            if (value == nullptr) return {};
            auto const* string = value->if_string();
            if (string == nullptr || string->empty()) return config_error(config, key, "expected a non-empty string");
            settings.*member = std::string(*string);
            return {};
          }};
}

/// A block read whole by `read(config, key, value)` -> Result<T> (a `catalog` or `prices` block).
template <class S, class T, class Read>
Setting<S> block(std::string_view key, T S::*member, Read read) {
  return {key, [key, member, read](ProviderConfig const& config, boost::json::value const* value, S& settings) -> Result<void> {
            if (value == nullptr) return {};
            auto read_block = read(config, key, *value);
            if (!read_block) return read_block.error();
            settings.*member = std::move(*read_block);
            return {};
          }};
}

}  // namespace polycloud::providers
