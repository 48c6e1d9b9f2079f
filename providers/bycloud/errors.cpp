#include "providers/bycloud/errors.hpp"

#include "providers/common/error_envelope.hpp"

namespace polycloud::bycloud {

providers::DecodedError decode_error(int status, std::string_view body) {
  static constexpr providers::ErrorEnvelope envelope{
      .details = "details", .request_id = "request_id", .integers_as_text = true};  // the code is the status
  return providers::decode_envelope(envelope, status, body);
}

}  // namespace polycloud::bycloud
