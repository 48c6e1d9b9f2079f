#include "sim/katapult/spec_xml.hpp"

#include <boost/property_tree/detail/rapidxml.hpp>

#include <algorithm>
#include <string_view>

namespace polycloud::sim::katapult {
namespace {

namespace rx = boost::property_tree::detail::rapidxml;
using Node = rx::xml_node<char>;

std::string_view name_of(Node const* node) { return {node->name(), node->name_size()}; }
std::string text_of(Node const* node) { return {node->value(), node->value_size()}; }

std::string attribute(Node const* node, char const* name) {
  auto const* found = node->first_attribute(name);
  return found == nullptr ? std::string() : std::string(found->value(), found->value_size());
}

/// A lookup element: `by` absent means an id; `allowed` are the other `by` values it takes.
boost::json::object lookup(Node const* node, std::vector<std::string_view> const& allowed,
                           std::vector<std::string>& problems) {
  auto const by = attribute(node, "by");
  if (!by.empty() && std::find(allowed.begin(), allowed.end(), by) == allowed.end()) {
    problems.push_back("<" + std::string(name_of(node)) + "> cannot be looked up by \"" + by + "\"");
    return {};
  }
  return {{by.empty() ? std::string("id") : by, text_of(node)}};
}

/// "line L, column C" of the byte at `offset` in `text`.
std::string position(std::string const& text, std::ptrdiff_t offset) {
  std::size_t line = 1, column = 1;
  auto const end = std::min<std::size_t>(static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0)), text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

std::optional<ParsedSpec> parse_spec_xml(std::string xml, std::string& error) {
  std::string const original = xml;
  rx::xml_document<char> document;
  try {
    document.parse<rx::parse_validate_closing_tags | rx::parse_trim_whitespace>(xml.data());
  } catch (rx::parse_error const& failure) {
    // Parsing is in place (it writes into `xml`): the position is counted in the original text.
    error = position(original, failure.where<char>() - xml.data()) + ": " + failure.what();
    return std::nullopt;
  }
  ParsedSpec spec;
  std::size_t roots = 0;
  for (auto const* node = document.first_node(); node != nullptr; node = node->next_sibling()) ++roots;
  auto const* root = document.first_node();
  if (roots != 1 || name_of(root) != "VirtualMachineSpec") {
    spec.problems.push_back("the document must be one <VirtualMachineSpec> element");
    return spec;
  }
  for (auto const* node = root->first_node(); node != nullptr; node = node->next_sibling()) {
    auto const name = name_of(node);
    if (name == "Zone") {
      spec.zone = lookup(node, {"permalink"}, spec.problems);
    } else if (name == "DataCenter") {
      spec.data_center = lookup(node, {"permalink", "name"}, spec.problems);
    } else if (name == "Resources") {
      if (auto const* package = node->first_node("Package")) spec.package = lookup(package, {"permalink"}, spec.problems);
    } else if (name == "DiskTemplate") {
      if (auto const* inner = node->first_node("DiskTemplate")) {
        spec.disk_template = lookup(inner, {"permalink"}, spec.problems);
      }
    } else if (name == "Hostname") {
      auto const* inner = node->first_node("Hostname");
      if (inner != nullptr && attribute(inner, "type") != "random") spec.hostname = text_of(inner);
    } else if (name == "AuthorizedKeys") {
      if (auto const* keys = node->first_node("SSHKeys")) {
        spec.all_ssh_keys = attribute(keys, "all") == "yes";
        for (auto const* key = keys->first_node("SSHKey"); key != nullptr; key = key->next_sibling("SSHKey")) {
          spec.ssh_keys.push_back(text_of(key));
        }
      }
    } else if (name == "Tags") {
      for (auto const* tag = node->first_node("Tag"); tag != nullptr; tag = tag->next_sibling("Tag")) {
        spec.tags.push_back(text_of(tag));
      }
    }
  }
  return spec;
}

}  // namespace polycloud::sim::katapult
