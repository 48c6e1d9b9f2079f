#pragma once
// OpenScaler VM JSON → the neutral Instance. The one place that knows OpenScaler's field names,
// its zone-less timestamps and its integer ids.

#include "providers/openscaler/errors.hpp"

#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::openscaler {

inline constexpr std::string_view type_name = "openscaler";

/// "2024-04-19T15:02:04" (no zone: UTC, as OpenScaler prints it), also with fractional seconds, "Z"
/// or a "+hh:mm" offset. Empty for anything else.
std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text) noexcept;

/// A textual IP address with its version (4 or 6); empty when `text` is not an address.
std::optional<Address> parse_address(std::string_view text, Address::Visibility visibility) noexcept;

/// Maps one VM object. The object is moved into Instance::raw, so a large list is not copied twice.
/// `path` names the object in errors ("vms[3]"). A known field of the wrong type is a protocol error.
Result<Instance> to_instance(boost::json::object&& vm, CallSite const& site, std::string const& path = {});

/// Any JSON value that should be one VM object (a get answer, a create stream's final event).
Result<Instance> to_instance(boost::json::value&& vm, CallSite const& site);

/// The list answer {"vms": [VM…]}.
Result<std::vector<Instance>> instances_from_list(boost::json::value&& body, CallSite const& site);

}  // namespace polycloud::openscaler
