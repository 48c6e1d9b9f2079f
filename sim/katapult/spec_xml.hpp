#pragma once
// The simulated build_from_spec's reading of the spec XML, written from the buildspec reference
// (katapult-api.md §4a), not from any client: well-formedness (closing tags included) first, then the
// elements the simulator acts on. Everything else in the document is accepted and ignored.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace polycloud::sim::katapult {

struct ParsedSpec {
  // Lookups as the JSON API takes them ({"id": …} or {"permalink": …}); empty when the element is absent.
  boost::json::object zone;
  boost::json::object data_center;
  boost::json::object package;
  boost::json::object disk_template;
  std::string hostname;  ///< empty: <Hostname type="random"/> or none
  std::vector<std::string> ssh_keys;  ///< <SSHKeys><SSHKey>…</SSHKey></SSHKeys>, as written
  bool all_ssh_keys = false;           ///< <SSHKeys all="yes"/>
  std::vector<std::string> tags;
  /// Shape problems a validation_error reports (an unknown `by`, a root that is not VirtualMachineSpec…).
  std::vector<std::string> problems;
};

/// nullopt with `error` ("line 1, column 21: expected >") when `xml` is not well-formed XML.
std::optional<ParsedSpec> parse_spec_xml(std::string xml, std::string& error);

}  // namespace polycloud::sim::katapult
