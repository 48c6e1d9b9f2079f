#pragma once
// A list page's item for a generated, untouched VM, written straight as JSON text: a 100,000-VM
// listing built two DOMs per VM (the full document, then its list form) only to serialize them,
// and that made the simulator, not the client, the bottleneck of the paging benchmark.
#include "sim/katapult/vm_data.hpp"

#include <cstdint>
#include <string>

namespace polycloud::sim::katapult {

/// Appends exactly `json::serialize(list_item(generate_vm(seed, index, organization)))`. Only for a
/// VM in its generated state: a changed one (built, powered, trashed) goes through its document.
void append_generated_list_item(std::string& out, std::uint64_t seed, std::size_t index,
                                Organization const& organization);

}  // namespace polycloud::sim::katapult
