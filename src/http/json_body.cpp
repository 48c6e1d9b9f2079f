// JSON response bodies: content-type check and parsing under the library's depth limit.
#include "http/client.hpp"
#include "http/media_type.hpp"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>

namespace polycloud::http {
namespace {

constexpr unsigned max_json_depth = 64;

}  // namespace

Result<boost::json::value> parse_json_body(Response const& response, std::string const& provider,
                                           std::string const& operation) {
  auto fail = [&](std::string cause) {
    Error error = make_error(ErrorKind::protocol, std::move(cause), provider, operation);
    error.http_status = response.status;
    error.attempts = response.attempts;
    return error;
  };

  if (auto mismatch = content_type_mismatch("application/json", response.header("Content-Type")); !mismatch.empty()) {
    return fail(std::move(mismatch));
  }

  boost::json::parse_options options;
  options.max_depth = max_json_depth;
  boost::json::error_code ec;
  auto value = boost::json::parse(response.body, ec, {}, options);
  if (ec == boost::json::error::too_deep) {
    return fail("JSON response nests deeper than the limit of " + std::to_string(max_json_depth) + " levels");
  }
  if (ec) return fail("invalid JSON in response body: " + ec.message());
  return value;
}

}  // namespace polycloud::http
