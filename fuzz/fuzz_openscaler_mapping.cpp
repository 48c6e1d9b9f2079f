// OpenScaler's VM mapping on arbitrary bodies: the streaming list mapper fed in random chunk splits
// (it must agree with one whole feed) and the single-object mapping. Only Instances or protocol
// errors may come out.
#include "fuzz/mapping_checks.hpp"
#include "providers/openscaler/vm_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  polycloud::openscaler::VmMapping mapping;
  polycloud::fuzz::check_item_mapping(data, size, mapping, polycloud::openscaler::list_layout,
                                      polycloud::openscaler::vm_layout, "openscaler");
  auto const input = polycloud::fuzz::chunked(data, size);
  polycloud::providers::CallSite const site{"fuzz", "openscaler", "get", nullptr};
  polycloud::fuzz::expect_protocol_error_only(polycloud::openscaler::to_instance(input.body, site, input.flags & 1));
  return 0;
}
