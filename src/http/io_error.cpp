#include "http/io_error.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace polycloud::http {
namespace {

namespace beast_http = boost::beast::http;

std::string while_(std::string_view during) { return std::string{" while "}.append(during); }

}  // namespace

Error io_error(boost::system::error_code const& ec, IoErrorContext const& context) {
  namespace asio_error = boost::asio::error;
  if (ec == boost::beast::error::timeout) {
    return make_error(ErrorKind::timeout, "deadline passed" + while_(context.during));
  }
  if (ec == asio_error::operation_aborted && context.caller_cancelled) {
    return make_error(ErrorKind::cancelled, "cancelled by the caller" + while_(context.during));
  }
  if (ec == beast_http::error::body_limit) {
    return make_error(ErrorKind::protocol, "response body exceeds max_body_bytes (" +
                                               std::to_string(context.max_body_bytes) + " bytes)");
  }
  if (ec == beast_http::error::header_limit) {
    return make_error(ErrorKind::protocol, "response headers exceed the limit of " +
                                               std::to_string(context.max_header_bytes) + " bytes");
  }
  // A cut-off response is the same failure over plain HTTP (Beast: partial_message) and TLS (no
  // close_notify: stream_truncated): `transport`, so an idempotent request is retried.
  if (ec == beast_http::error::partial_message || ec == boost::asio::ssl::error::stream_truncated) {
    return make_error(ErrorKind::transport,
                      "response truncated: the connection closed before the whole response arrived" +
                          while_(context.during));
  }
  if (ec == beast_http::error::end_of_stream || ec == asio_error::eof) {
    return make_error(ErrorKind::transport, "connection closed by the server" + while_(context.during));
  }
  if (ec == asio_error::connection_refused) {
    return make_error(ErrorKind::unavailable, "connection refused" + while_(context.during));
  }
  if (ec.category() == beast_http::make_error_code(beast_http::error::bad_version).category()) {  // other parse errors
    return make_error(ErrorKind::protocol, "malformed HTTP response: " + ec.message() + while_(context.during));
  }
  return make_error(ErrorKind::transport, ec.message() + while_(context.during));
}

}  // namespace polycloud::http
