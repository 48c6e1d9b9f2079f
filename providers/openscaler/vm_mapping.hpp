#pragma once
// OpenScaler VM JSON → the neutral Instance. The one place that knows OpenScaler's field names,
// its zone-less timestamps and its integer ids. Written once, as an event-driven ItemMapping: the
// same code maps a streamed list, a get answer and a create stream's final event.

#include "providers/common/call_site.hpp"
#include "providers/openscaler/errors.hpp"
#include "providers/common/item_mapping.hpp"
#include "providers/common/list_stream.hpp"

#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace polycloud::openscaler {

using providers::CallSite;
using providers::ItemProblems;
using providers::JsonPath;
using providers::JsonScalar;

class VmMapping final : public providers::ItemMapping {
 public:
  /// The basic fields, the network part and the price; disks and ports are skipped (still in raw).
  providers::ItemFields const* fields() const noexcept override;
  void begin(Instance& instance) override;
  /// Integer ids become strings; zone-less timestamps are read as UTC; the public address first.
  void scalar(JsonPath const& path, JsonScalar const& value, Instance& instance, ItemProblems& problems) override;
  /// An item without an id is a problem; the private address is added last.
  void end(Instance& instance, ItemProblems& problems) override;

 private:
  bool has_id_ = false;
  std::string private_ip_;   ///< the item's private address, added after the public one in end()
  int private_version_ = 0;  ///< its IP version; 0: the item has none (yet)
};

/// The list answer {"vms": [VM…]}.
inline providers::BodyLayout const list_layout{{"vms"}, false};
/// A get answer or a create stream's final event: the VM object itself.
inline providers::BodyLayout const vm_layout{{}, true};

/// Maps one VM object's JSON text (a get answer, a create stream's final event).
Result<Instance> to_instance(std::string_view body, CallSite const& site, bool keep_raw = false);
/// Test convenience: the same from a JSON value.
Result<Instance> to_instance(boost::json::value const& vm, CallSite const& site, bool keep_raw = false);
/// A whole list answer (the adapter streams instead; tests and small answers).
Result<std::vector<Instance>> instances_from_list(std::string_view body, CallSite const& site, bool keep_raw = false);
Result<std::vector<Instance>> instances_from_list(boost::json::value const& body, CallSite const& site,
                                                  bool keep_raw = false);

}  // namespace polycloud::openscaler
