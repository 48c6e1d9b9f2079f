#include "sim/katapult/arguments.hpp"

#include <boost/json.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>
#include <span>
#include <vector>

namespace polycloud::sim::katapult {
namespace {

namespace json = boost::json;

// "annotations[][key]" → {"annotations", "", "key"}; "" stands for "append to an array".
std::vector<std::string> split_key(std::string_view key) {
  std::vector<std::string> path;
  auto const open = key.find('[');
  path.emplace_back(key.substr(0, open));
  for (auto at = open; at != std::string_view::npos && at < key.size();) {
    auto const close = key.find(']', at);
    if (close == std::string_view::npos) break;
    path.emplace_back(key.substr(at + 1, close - at - 1));
    at = key.find('[', close);
  }
  return path;
}

void assign(json::value& target, std::span<std::string const> path, std::string_view value) {
  if (path.empty()) {
    target = value;
    return;
  }
  if (path.front().empty()) {
    if (!target.is_array()) target = json::array{};
    auto& items = target.get_array();
    if (path.size() == 1) {
      items.emplace_back(value);
      return;
    }
    // Rails: `a[][k]=…` fills the last element unless it already has `k`, then starts a new one.
    bool const reuse = !items.empty() && items.back().is_object() && !items.back().get_object().contains(path[1]);
    if (!reuse) items.emplace_back(json::object{});
    assign(items.back(), path.subspan(1), value);
    return;
  }
  if (!target.is_object()) target = json::object{};
  assign(target.get_object()[path.front()], path.subspan(1), value);
}

// Objects merge key by key; anything else from `over` replaces what `base` had.
void merge_into(json::object& base, json::object const& over) {
  for (auto const& [key, value] : over) {
    auto* existing = base.if_contains(key);
    if (existing != nullptr && existing->is_object() && value.is_object()) {
      merge_into(existing->get_object(), value.get_object());
    } else {
      base[key] = value;
    }
  }
}

}  // namespace

std::optional<json::object> merged_arguments(SimRequest const& request, std::string& error) {
  json::value arguments = json::object{};
  for (auto const& param : boost::urls::url_view(request.url).params()) {
    auto const path = split_key(param.key);
    assign(arguments, path, param.value);
  }
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return std::move(arguments.get_object());
  boost::system::error_code ec;
  auto const body = json::parse(request.body, ec);
  if (ec || !body.is_object()) {
    error = ec ? "The JSON body could not be parsed: " + ec.message() : "The JSON body must be an object";
    return std::nullopt;
  }
  merge_into(arguments.get_object(), body.get_object());
  return std::move(arguments.get_object());
}

json::object const* object_argument(json::object const& args, std::string_view key) {
  auto const* value = args.if_contains(key);
  return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

std::optional<std::string> string_argument(json::object const& object, std::string_view key) {
  auto const* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64()) return std::to_string(value->get_int64());
  return json::serialize(*value);
}

std::optional<std::pair<std::string, std::string>> one_of(json::object const& args, std::string_view object,
                                                         std::string_view first, std::string_view second) {
  auto const* lookup = object_argument(args, object);
  if (lookup == nullptr) return std::nullopt;
  auto a = string_argument(*lookup, first);
  auto b = string_argument(*lookup, second);
  if (a.has_value() == b.has_value()) return std::nullopt;
  return a ? std::pair{std::string(first), std::move(*a)} : std::pair{std::string(second), std::move(*b)};
}

std::optional<std::int64_t> integer_argument(json::object const& args, std::string_view key, bool& valid) {
  valid = true;
  auto const* value = args.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_string()) {
    std::string_view const text = value->get_string();
    std::int64_t number = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc{} && end == text.data() + text.size() && !text.empty()) return number;
  }
  valid = false;
  return std::nullopt;
}

// `annotations[][key]`/`annotations[][value]` pairs; nullopt when a pair is incomplete.
std::optional<Annotations> annotations_argument(json::object const& args) {
  Annotations filter;
  auto const* listed = args.if_contains("annotations");
  if (listed == nullptr) return filter;
  if (!listed->is_array()) return std::nullopt;
  for (auto const& entry : listed->get_array()) {
    if (!entry.is_object()) return std::nullopt;
    auto key = string_argument(entry.get_object(), "key");
    auto value = string_argument(entry.get_object(), "value");
    if (!key || !value) return std::nullopt;
    filter.emplace_back(std::move(*key), std::move(*value));
  }
  return filter;
}


std::string with_word_placeholders(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[]{
      {"organizations", "organization"}, {"virtual_machines", "virtual_machine"}, {"builds", "virtual_machine_build"},
      {"tasks", "task"},                 {"trash_objects", "trash_object"},       {"ssh_keys", "ssh_key"}};
  std::string out;
  std::string_view previous;
  while (!path.empty()) {
    auto const end = path.find('/', 1);
    auto segment = path.substr(0, end);  // "/name"
    path.remove_prefix(segment.size());
    std::string_view word = segment.substr(1);
    if (word == "_") {
      for (auto const& [plural, singular] : kWords) {
        if (previous == plural) word = singular;
      }
    }
    out += '/';
    out += word;
    previous = segment.substr(1);
  }
  return out;
}

}  // namespace polycloud::sim::katapult
