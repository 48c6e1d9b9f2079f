#pragma once
// A Katapult VM object → Instance, written once as an event-driven ItemMapping: the same mapping
// reads a list item (no state, package reduced to {name}, addresses to {address}), a full object
// from get, and the VM a build reports.
//
//   id, name (hostname when empty)    created_at: Unix seconds; hostname → extras["hostname"]
//   state → state table, raw kept      zone.permalink → zone; zone.data_center.permalink → region
//   package.name → size                cpu_cores / memory_in_gb (GiB → MiB), else the package's
//   ip_addresses[].address → public/private by range (IPv6 kept)
//   tag_names[] → tags (name → "");   a get's top-level annotations[] → tags (key → value)
// Nullable package, gpu_type and hypervisor read as absent.

#include "providers/common/item_mapping.hpp"
#include "providers/common/list_stream.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace polycloud::katapult {

class VmMapping final : public providers::ItemMapping {
 public:
  providers::ItemFields const* fields() const noexcept override;
  void begin(Instance& instance) override;
  void scalar(providers::JsonPath const& path, providers::JsonScalar const& value, Instance& instance,
              providers::ItemProblems& problems) override;
  void end(Instance& instance, providers::ItemProblems& problems) override;

 private:
  std::string hostname_;
  std::optional<int> cpu_cores_;
  std::optional<double> memory_gb_;
  std::optional<int> package_cores_;
  std::optional<double> package_memory_gb_;
};

/// Where the items are: a list page's "virtual_machines" array, a get's "virtual_machine" object.
providers::BodyLayout list_layout();
providers::BodyLayout get_layout();

/// Collects a get answer's top-level annotations [{key, value}] (outside the VM object) from the
/// stream's envelope events.
class AnnotationCollector {
 public:
  providers::EnvelopeSink sink();
  /// Adds the annotations to the instance's tags (an annotation wins over a tag name of the same key).
  void apply(Instance& instance) const;

 private:
  std::vector<std::pair<std::string, std::string>> annotations_;
};

}  // namespace polycloud::katapult
