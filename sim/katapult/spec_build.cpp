// The Katapult routes of building with a spec (katapult-api.md §4, §4a, §5, §6): the organization's SSH
// keys (list, add), build_from_spec with its XML parsed and validated, and the VM update that sets
// tag_names (creating tags the organization lacks). Written from the reference, not from any client.
#include "sim/katapult/arguments.hpp"
#include "sim/katapult/katapult.hpp"
#include "sim/katapult/spec_xml.hpp"
#include "sim/ssh_public_key.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace polycloud::sim {
namespace {

namespace json = boost::json;


json::object errors(std::vector<std::string> const& messages) {
  json::array listed;
  for (auto const& message : messages) listed.push_back(json::string(message));
  return {{"errors", std::move(listed)}};
}

}  // namespace

Reply KatapultApi::ssh_keys(json::object const& args) const {
  if (auto refused = check_organization(args)) return std::move(*refused);
  std::int64_t page = 1;
  std::int64_t per_page = 0;
  if (auto refused = page_arguments(args, page, per_page)) return std::move(*refused);
  auto const total = static_cast<std::int64_t>(ssh_keys_.size());
  json::array listed;
  for (auto position = (page - 1) * per_page; position < std::min(total, page * per_page); ++position) {
    auto const& key = ssh_keys_[static_cast<std::size_t>(position)];
    // GK's mock prints the SHA256 form followed by the key's comment; the CLI's mock the MD5 form.
    auto fingerprint = options_.md5_fingerprints ? key.md5 : key.sha256 + (key.comment.empty() ? "" : " " + key.comment);
    listed.push_back(json::object{{"id", key.id}, {"name", key.name}, {"fingerprint", std::move(fingerprint)}});
  }
  json::object pagination{{"current_page", page},
                          {"total_pages", std::max<std::int64_t>(1, (total + per_page - 1) / per_page)},
                          {"total", total},
                          {"per_page", per_page},
                          {"large_set", false}};
  return Reply::json(200, json::serialize(json::object{{"pagination", std::move(pagination)}, {"ssh_keys", std::move(listed)}}));
}

Reply KatapultApi::add_ssh_key(json::object const& args) {
  if (auto refused = check_organization(args)) return std::move(*refused);
  auto const* properties = katapult::object_argument(args, "ssh_key");
  if (properties == nullptr) return katapult_error("missing_required_argument", "The 'ssh_key' argument is required");
  auto const name = katapult::string_argument(*properties, "name").value_or("");
  auto const text = katapult::string_argument(*properties, "key").value_or("");
  std::vector<std::string> problems;
  if (name.empty()) problems.emplace_back("Name can't be blank");
  auto const key = parse_public_key(text);
  if (!key) problems.emplace_back("Key is not a valid SSH public key");
  // [inferred] A key is held once per organization, as its fingerprint is what the list shows.
  if (key && std::any_of(ssh_keys_.begin(), ssh_keys_.end(), [&](SshKey const& known) { return known.sha256 == key->sha256; })) {
    problems.emplace_back("Fingerprint has already been taken");
  }
  if (!problems.empty()) return katapult_error("validation_error", "", errors(problems));
  ssh_keys_.push_back(SshKey{new_id("key_"), name, text, key->sha256, key->md5, key->comment});
  auto const& added = ssh_keys_.back();
  auto fingerprint = options_.md5_fingerprints ? added.md5 : added.sha256 + (added.comment.empty() ? "" : " " + added.comment);
  return Reply::json(201, json::serialize(json::object{
                              {"ssh_key", json::object{{"id", added.id}, {"name", added.name}, {"fingerprint", fingerprint}}}}));
}

Reply KatapultApi::build_from_spec(json::object const& args) {
  if (auto refused = check_organization(args)) return std::move(*refused);
  auto const xml = katapult::string_argument(args, "xml");
  if (!xml) return katapult_error("missing_required_argument", "The 'xml' argument is required");
  std::string xml_error;
  auto spec = katapult::parse_spec_xml(*xml, xml_error);
  if (!spec) return katapult_error("invalid_spec_xml", "", json::object{{"errors", xml_error}});
  auto const annotations = katapult::annotations_argument(args);
  if (!annotations) return katapult_error("invalid_argument", "Each annotation needs a key and a value");

  // Unknown references are validation errors of the spec (the plain build answers *_not_found instead).
  auto problems = spec->problems;
  std::optional<std::size_t> package;
  if (spec->package.empty()) {
    problems.emplace_back("A package must be specified in <Resources>");
  } else if (package = katapult::find_package(spec->package); !package) {
    problems.push_back("Package " + json::serialize(spec->package) + " does not exist");
  }
  auto zone = std::optional<std::size_t>(0);
  if (!spec->zone.empty() || !spec->data_center.empty()) {
    zone = katapult::find_zone(spec->zone.empty() ? nullptr : &spec->zone,
                               spec->data_center.empty() ? nullptr : &spec->data_center);
    if (!zone) problems.emplace_back("The zone or data center does not exist");
  }
  auto hostname = spec->hostname.empty() ? "built-" + std::to_string(next_index_) : spec->hostname;
  if (!katapult::valid_hostname(hostname)) problems.emplace_back("Hostname is invalid (use a-z, 0-9 and -)");
  json::array authorized;
  std::vector<std::string> ids = spec->ssh_keys;
  if (spec->all_ssh_keys) {
    ids.clear();
    for (auto const& key : ssh_keys_) ids.push_back(key.id);
  }
  for (auto const& id : ids) {
    auto const found = std::find_if(ssh_keys_.begin(), ssh_keys_.end(), [&](SshKey const& key) { return key.id == id; });
    if (found == ssh_keys_.end()) {
      problems.push_back("SSH key " + json::serialize(json::string(id)) + " does not exist in this organization");
      continue;
    }
    authorized.push_back(json::object{{"id", found->id}, {"key", found->key}});
  }
  if (!problems.empty()) return katapult_error("validation_error", "", errors(problems));

  // Only tags that already exist are applied at creation (katapult-api.md §4a); the rest are dropped.
  std::vector<std::string> applied;
  json::array tags;
  for (auto const& tag : spec->tags) {
    tags.push_back(json::string(tag));
    if (tag_names_.contains(tag)) applied.push_back(tag);
  }
  received_specs_.push_back(json::object{{"xml", *xml},
                                         {"hostname", hostname},
                                         {"ssh_keys", std::move(authorized)},
                                         {"tags", std::move(tags)},
                                         {"annotations", katapult::annotations_json(*annotations)}});
  katapult::BuildSpec build{hostname, hostname, *package, *zone, 0};
  return start_build(std::move(build), *annotations, applied);
}

Reply KatapultApi::update(json::object const& args) {
  Reply failure;
  auto const index = find_vm(args, failure);
  if (!index) return failure;
  auto const* properties = katapult::object_argument(args, "properties");
  if (properties == nullptr) return katapult_error("missing_required_argument", "The 'properties' argument is required");
  auto current = *document(*index);
  if (auto const* names = properties->if_contains("tag_names")) {
    if (!names->is_array()) return katapult_error("invalid_argument", "tag_names must be an array of strings");
    std::vector<std::string> tag_names;
    for (auto const& name : names->get_array()) {
      if (!name.is_string()) return katapult_error("invalid_argument", "tag_names must be an array of strings");
      tag_names.emplace_back(name.get_string());
      tag_names_.insert(tag_names.back());  // replaces the VM's set, creating the organization's missing tags
    }
    katapult::set_tags(current, tag_names);
  }
  changed_[*index].document = current;  // a running transition still decides the state
  ++version_;
  return Reply::json(200, json::serialize(json::object{{"virtual_machine", std::move(current)},
                                                       {"annotations", katapult::annotations_json(annotations(*index))}}));
}

json::value KatapultApi::received() const { return json::object{{"builds_from_spec", received_specs_}}; }

}  // namespace polycloud::sim
