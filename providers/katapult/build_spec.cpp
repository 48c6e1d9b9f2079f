#include "providers/katapult/build_spec.hpp"

#include "providers/common/requests.hpp"
#include "providers/katapult/requests.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace polycloud::katapult {

namespace json = boost::json;

namespace {

/// XML 1.0's Char production, in UTF-8 terms: no controls but tab, LF and CR. (Bytes ≥ 0x80 are
/// passed as they are; the body is UTF-8 JSON.)
bool xml_text(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    auto const byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
}

Error control_character(providers::CallSite const& site) {
  return providers::invalid_argument(site, "a control character cannot go into a build spec (XML 1.0 has none)");
}

/// `<Element>id</Element>` or `<Element by="permalink">permalink</Element>`.
std::string lookup_element(std::string_view element, std::string const& value) {
  std::string const by = is_id(value) ? "" : " by=\"permalink\"";
  return "<" + std::string(element) + by + ">" + xml_escape(value) + "</" + std::string(element) + ">";
}

/// `disk_template_options` ([{key, value}], as the plain build takes them) as <Option key="K">V</Option>.
Result<std::string> template_options(CreateSpec const& spec, providers::CallSite const& site) {
  auto const* options = spec.provider_options.if_contains("disk_template_options");
  if (options == nullptr) return std::string();
  auto bad = [&] {
    return providers::invalid_argument(site, "provider option disk_template_options: expected [{\"key\": …, \"value\": …}]");
  };
  if (!options->is_array()) return bad();
  std::string xml;
  for (auto const& option : options->get_array()) {
    auto const* entry = option.if_object();
    auto const* key = entry != nullptr ? entry->if_contains("key") : nullptr;
    auto const* value = entry != nullptr ? entry->if_contains("value") : nullptr;
    if (key == nullptr || !key->is_string() || value == nullptr || !value->is_string()) return bad();
    if (!xml_text(key->get_string()) || !xml_text(value->get_string())) return control_character(site);
    xml += "<Option key=\"" + xml_escape(key->get_string()) + "\">" + xml_escape(value->get_string()) + "</Option>";
  }
  return xml;
}

}  // namespace

boost::urls::url build_from_spec_url(boost::urls::url_view endpoint) {
  return providers::resource_url(endpoint, {"organizations", "_", "virtual_machines", "build_from_spec"});
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char const c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::string> tag_names(CreateSpec const& spec) {
  std::vector<std::string> names;
  for (auto const& [key, value] : spec.tags) {
    if (value.empty()) names.push_back(key);
  }
  return names;
}

Result<std::string> spec_xml(CreateSpec const& spec, Aliases const& aliases, std::vector<std::string> const& ssh_key_ids,
                             providers::CallSite const& site) {
  if (spec.name.empty()) return providers::invalid_argument(site, "a name is required: it becomes the hostname");
  if (spec.size.empty()) return providers::invalid_argument(site, "a size is required: it names the package");
  for (auto const& [key, value] : spec.provider_options) {
    if (key != "disk_template_options") {
      return providers::invalid_argument(site, "provider option " + std::string(key) +
                                                   " cannot go into a build spec (only disk_template_options can); "
                                                   "a create with SSH keys is built from a spec");
    }
  }
  auto const size = Aliases::resolve(aliases.size, spec.size);
  auto const image = spec.image.empty() ? std::string() : Aliases::resolve(aliases.image, spec.image);
  auto const region = spec.region.empty() ? std::string() : Aliases::resolve(aliases.region, spec.region);
  for (auto const* text : {&spec.name, &size, &image, &region, &spec.zone}) {
    if (!xml_text(*text)) return control_character(site);
  }
  for (auto const& [key, value] : spec.tags) {
    if (!xml_text(key)) return control_character(site);
  }
  auto options = template_options(spec, site);
  if (!options) return options.error();

  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>)";
  xml += "<VirtualMachineSpec>";
  if (!spec.zone.empty()) {
    xml += lookup_element("Zone", spec.zone);
  } else if (!region.empty()) {
    xml += lookup_element("DataCenter", region);
  }
  xml += "<Resources>" + lookup_element("Package", size) + "</Resources>";
  if (!image.empty() || !options->empty()) {
    xml += "<DiskTemplate>";
    if (!image.empty()) xml += lookup_element("DiskTemplate", image);
    xml += *options + "</DiskTemplate>";
  }
  xml += "<Hostname><Hostname>" + xml_escape(spec.name) + "</Hostname></Hostname>";
  if (!ssh_key_ids.empty()) {
    xml += "<AuthorizedKeys><SSHKeys>";
    for (auto const& id : ssh_key_ids) xml += "<SSHKey>" + xml_escape(id) + "</SSHKey>";
    xml += "</SSHKeys></AuthorizedKeys>";
  }
  if (auto const names = tag_names(spec); !names.empty()) {
    xml += "<Tags>";
    for (auto const& name : names) xml += "<Tag>" + xml_escape(name) + "</Tag>";
    xml += "</Tags>";
  }
  xml += "</VirtualMachineSpec>";
  return xml;
}

json::object build_from_spec_body(Organization const& organization, std::string xml, CreateSpec const& spec) {
  json::object body;
  body["organization"] = json::object{{organization.key, organization.value}};
  body["xml"] = std::move(xml);
  json::array annotations;
  for (auto const& [key, value] : spec.tags) {
    if (!value.empty()) annotations.push_back(json::object{{"key", key}, {"value", value}});
  }
  add_idempotency_annotation(annotations, spec);
  if (!annotations.empty()) body["annotations"] = std::move(annotations);
  return body;
}

}  // namespace polycloud::katapult
