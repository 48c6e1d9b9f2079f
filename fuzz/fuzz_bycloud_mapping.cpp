// ByCloud's instance mapping on arbitrary bodies: the streaming list mapper fed in random chunk
// splits (it must agree with one whole feed) and the single-object mapping ({"instance": {...}}).
#include "fuzz/mapping_checks.hpp"
#include "providers/bycloud/vm_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  polycloud::bycloud::VmMapping mapping{"spo1"};
  polycloud::fuzz::check_item_mapping(data, size, mapping, polycloud::bycloud::list_layout(),
                                      polycloud::bycloud::single_layout(), "bycloud");
  return 0;
}
