#include "providers/openscaler/errors.hpp"

namespace polycloud::openscaler {

Error with_stop_hint(Error error) {
  if (error.http_status == 408 && error.operation == "stop") {
    error.message += " (the guest did not shut down in time; stop_action \"power_off\" forces it)";
  }
  return error;
}

}  // namespace polycloud::openscaler
