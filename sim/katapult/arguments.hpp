#pragma once
// Katapult reads an operation's arguments from the query string (Rails bracket notation:
// `organization[id]=…`, `annotations[][key]=…`, raw or percent-encoded: the session's target parsing
// accepts both) and from a JSON body, merged with the body winning.
#include "sim/exchange.hpp"
#include "sim/katapult/vm_data.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace polycloud::sim::katapult {

/// The merged arguments; nullopt with `error` set when the body is not a JSON object.
std::optional<boost::json::object> merged_arguments(SimRequest const& request, std::string& error);

/// `args[key]` as an object, or null.
boost::json::object const* object_argument(boost::json::object const& args, std::string_view key);
/// A string argument (query strings give strings, bodies may give numbers too).
std::optional<std::string> string_argument(boost::json::object const& object, std::string_view key);
/// Katapult's object lookups (`organization[id]` or `organization[sub_domain]`…) take exactly one of
/// their keys: {key, value} of the one given, nullopt when both or neither are.
std::optional<std::pair<std::string, std::string>> one_of(boost::json::object const& args, std::string_view object,
                                                         std::string_view first, std::string_view second);

/// An integer argument: a JSON integer or a string of digits. nullopt when absent; `valid` false when
/// present but not an integer.
std::optional<std::int64_t> integer_argument(boost::json::object const& args, std::string_view key, bool& valid);

/// `annotations[][key]`/`annotations[][value]` pairs (a list filter, or a build's annotations); nullopt
/// when a pair is incomplete.
std::optional<Annotations> annotations_argument(boost::json::object const& args);

/// `path` with each `_` object segment spelled as its word (`/organizations/_/ssh_keys` →
/// `/organizations/organization/ssh_keys`): the service answers both (katapult-api.md §0), so the routes
/// are matched in one spelling.
std::string with_word_placeholders(std::string_view path);

}  // namespace polycloud::sim::katapult
