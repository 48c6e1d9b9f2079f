#include <polycloud/capabilities.hpp>

namespace polycloud {

std::string_view to_string(Operation op) noexcept {
  switch (op) {
    case Operation::list: return "list";
    case Operation::get: return "get";
    case Operation::create: return "create";
    case Operation::remove: return "delete";
    case Operation::start: return "start";
    case Operation::stop: return "stop";
    case Operation::reboot: return "reboot";
  }
  return "unknown";
}

bool Capabilities::supports(Operation op) const noexcept {
  switch (op) {
    case Operation::list: return list;
    case Operation::get: return get;
    case Operation::create: return create;
    case Operation::remove: return remove;
    case Operation::start: return start;
    case Operation::stop: return stop;
    case Operation::reboot: return reboot;
  }
  return false;
}

std::string Capabilities::to_string() const {
  std::string out;
  for (Operation op : {Operation::list, Operation::get, Operation::create, Operation::remove, Operation::start,
                       Operation::stop, Operation::reboot}) {
    if (!supports(op)) continue;
    if (!out.empty()) out += ',';
    out += polycloud::to_string(op);
  }
  return out;
}

}  // namespace polycloud
