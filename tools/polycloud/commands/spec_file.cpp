#include "commands/spec_file.hpp"

#include "core/bounded_file.hpp"
#include "core/idempotency_key.hpp"

#include <boost/json/parse.hpp>

namespace polycloud::cli {

namespace {
namespace json = boost::json;

/// Every spec key in file order, with the JSON of its empty value: the reader's error message and the
/// template list them from here, so neither can drift from the other.
constexpr std::pair<char const*, char const*> spec_keys[] = {
    {"name", "\"\""},        {"size", "\"\""},    {"image", "\"\""},        {"region", "\"\""},
    {"zone", "\"\""},        {"description", "\"\""}, {"user_data", "\"\""},
    {"user_data_is_secret", "false"}, {"ssh_keys", "[]"},
    {"extra_disks_gb", "[]"}, {"tags", "{}"},        {"options", "{}"},
    {"idempotency_key", "\"\""}};

std::string key_list() {
  std::string list;
  for (auto const& [key, empty] : spec_keys) list += (list.empty() ? "" : ", ") + std::string(key);
  return list;
}

class SpecReader {
 public:
  explicit SpecReader(std::string path) : path_(std::move(path)) {}

  Result<void> read(json::object const& object, CreateSpec& spec) const {
    for (auto const& [key, value] : object)
      if (auto ok = read_field(std::string(key), value, spec); !ok) return ok;
    return {};
  }

 private:
  Result<void> read_field(std::string const& name, json::value const& value, CreateSpec& spec) const {
    static constexpr std::pair<char const*, std::string CreateSpec::*> text_fields[] = {
        {"name", &CreateSpec::name},          {"size", &CreateSpec::size}, {"image", &CreateSpec::image},
        {"region", &CreateSpec::region},      {"zone", &CreateSpec::zone}, {"description", &CreateSpec::description},
        {"user_data", &CreateSpec::user_data}};
    for (auto const& [key, member] : text_fields)
      if (name == key) return text(name, value, spec.*member);
    if (name == "idempotency_key") return idempotency_key(name, value, spec.idempotency_key);
    if (name == "user_data_is_secret") return flag(name, value, spec.user_data_is_secret);
    if (name == "ssh_keys") return texts(name, value, spec.ssh_public_keys);
    if (name == "extra_disks_gb") return sizes(name, value, spec.extra_disks_gb);
    if (name == "tags") return tags(name, value, spec.tags);
    if (name == "options") return options(name, value, spec.provider_options);
    return fail(name, "is not a CreateSpec key (" + key_list() + ")");
  }

  Error fail(std::string const& key, std::string const& what) const {
    return make_error(ErrorKind::config, path_ + ": " + key + " " + what, {}, "create");
  }
  Result<void> text(std::string const& key, json::value const& value, std::string& into) const {
    if (!value.is_string()) return fail(key, "must be a string");
    into = std::string(value.get_string());
    return {};
  }
  /// A key is checked as it is read, by the rule and with the refusal of every other layer (exit 1, as
  /// for --idempotency-key), prefixed with the file and the key so that the user knows where it is.
  /// Empty (the template's value) is no key.
  Result<void> idempotency_key(std::string const& key, json::value const& value, std::string& into) const {
    if (auto read = text(key, value, into); !read) return read;
    if (into.empty() || valid_idempotency_key(into)) return {};
    auto refused = idempotency_key_refusal(into, {}, "create");
    refused.message = path_ + ": " + key + ": " + refused.message;
    return refused;
  }
  Result<void> flag(std::string const& key, json::value const& value, bool& into) const {
    if (!value.is_bool()) return fail(key, "must be true or false");
    into = value.get_bool();
    return {};
  }
  Result<void> texts(std::string const& key, json::value const& value, std::vector<std::string>& into) const {
    if (!value.is_array()) return fail(key, "must be an array of strings");
    for (auto const& item : value.get_array()) {
      if (!item.is_string()) return fail(key, "must be an array of strings");
      into.emplace_back(item.get_string());
    }
    return {};
  }
  Result<void> sizes(std::string const& key, json::value const& value, std::vector<int>& into) const {
    if (!value.is_array()) return fail(key, "must be an array of positive integers");
    for (auto const& item : value.get_array()) {
      if (!item.is_int64() || item.get_int64() <= 0 || item.get_int64() > 1'000'000)
        return fail(key, "must be an array of positive integers");
      into.push_back(static_cast<int>(item.get_int64()));
    }
    return {};
  }
  Result<void> options(std::string const& key, json::value const& value, json::object& into) const {
    if (!value.is_object()) return fail(key, "must be an object");
    into = value.get_object();
    return {};
  }
  Result<void> tags(std::string const& key, json::value const& value, std::map<std::string, std::string>& into) const {
    if (!value.is_object()) return fail(key, "must be an object of strings");
    for (auto const& [tag, tag_value] : value.get_object()) {
      if (!tag_value.is_string()) return fail(key, "must be an object of strings");
      into[std::string(tag)] = std::string(tag_value.get_string());
    }
    return {};
  }

  std::string path_;
};
}  // namespace

std::string spec_template() {
  std::string text = "{";
  for (auto const& [key, empty] : spec_keys) text += std::string(text.size() > 1 ? ",\n  \"" : "\n  \"") + key + "\": " + empty;
  return text + "\n}\n";
}

Result<std::string> read_text_file(std::string const& path, std::string const& what) {
  auto read = read_bounded_file(path, max_input_file_bytes);
  if (!read.ok()) return make_error(ErrorKind::config, "cannot read " + what + " file " + path + ": " + read.failure);
  return std::move(read.text);
}

Result<CreateSpec> read_spec_file(std::string const& path) {
  auto text = read_text_file(path, "spec");
  if (!text) return text.error();
  boost::system::error_code ec;
  auto value = json::parse(*text, ec);
  if (ec) return make_error(ErrorKind::config, path + ": not valid JSON: " + ec.message(), {}, "create");
  if (!value.is_object()) return make_error(ErrorKind::config, path + ": expected a JSON object", {}, "create");
  CreateSpec spec;
  if (auto read = SpecReader(path).read(value.get_object(), spec); !read) return read.error();
  return spec;
}

}  // namespace polycloud::cli
