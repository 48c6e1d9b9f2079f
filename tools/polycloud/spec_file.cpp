#include "spec_file.hpp"

#include <boost/json/parse.hpp>

#include <fstream>
#include <sstream>

namespace polycloud::cli {

namespace {
namespace json = boost::json;

class SpecReader {
 public:
  explicit SpecReader(std::string path) : path_(std::move(path)) {}

  Result<void> read(json::object const& object, CreateSpec& spec) {
    for (auto const& [key, value] : object) {
      std::string const name(key);
      Result<void> ok = {};
      if (name == "name") ok = text(name, value, spec.name);
      else if (name == "size") ok = text(name, value, spec.size);
      else if (name == "image") ok = text(name, value, spec.image);
      else if (name == "region") ok = text(name, value, spec.region);
      else if (name == "zone") ok = text(name, value, spec.zone);
      else if (name == "description") ok = text(name, value, spec.description);
      else if (name == "user_data") ok = text(name, value, spec.user_data);
      else if (name == "ssh_keys") ok = texts(name, value, spec.ssh_public_keys);
      else if (name == "extra_disks_gb") ok = sizes(name, value, spec.extra_disks_gb);
      else if (name == "tags") ok = tags(name, value, spec.tags);
      else if (name == "options") ok = options(name, value, spec.provider_options);
      else ok = fail(name, "is not a CreateSpec key (name, size, image, region, zone, description, user_data, "
                           "ssh_keys, extra_disks_gb, tags, options)");
      if (!ok) return ok;
    }
    return {};
  }

 private:
  Error fail(std::string const& key, std::string const& what) const {
    return make_error(ErrorKind::config, path_ + ": " + key + " " + what, {}, "create");
  }
  Result<void> text(std::string const& key, json::value const& value, std::string& into) const {
    if (!value.is_string()) return fail(key, "must be a string");
    into = std::string(value.get_string());
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

Result<std::string> read_text_file(std::string const& path, std::string const& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::config, "cannot read " + what + " file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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
