#pragma once
// Socket and parser error codes → the library's Error kinds, with a message saying what was
// being done ("reading the response body") and why.

#include <polycloud/error.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <string_view>

namespace polycloud::http {

struct IoErrorContext {
  std::string_view during;          ///< "connecting to https://host:443", "reading the response headers"…
  bool caller_cancelled = false;    ///< the caller's cancellation slot fired
  std::size_t max_body_bytes = 0;   ///< named in the message when the body limit is hit
  std::size_t max_header_bytes = 0; ///< named in the message when the header limit is hit
};

Error io_error(boost::system::error_code const& ec, IoErrorContext const& context);

}  // namespace polycloud::http
