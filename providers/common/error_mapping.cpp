#include "providers/common/error_mapping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace polycloud::providers {

namespace json = boost::json;

namespace {

/// A message-like field: a string as is, {"message": …} inside it, else the JSON text.
std::string field_text(json::value const& value) {
  if (auto const* text = value.if_string()) return std::string(*text);
  if (auto const* object = value.if_object()) {
    if (auto const* inner = object->if_contains("message"); inner && inner->is_string()) {
      return std::string(inner->get_string());
    }
  }
  return json::serialize(value);
}

}  // namespace

DecodedError decode_generic_error(int /*status*/, std::string_view body) {
  DecodedError decoded;
  std::error_code ec;
  auto parsed = json::parse(json::string_view(body.data(), body.size()), ec);
  if (!ec) {
    if (auto const* object = parsed.if_object()) {
      for (auto key : {"message", "detail", "error"}) {
        if (auto const* field = object->if_contains(key); field && !field->is_null()) {
          decoded.message = one_line(field_text(*field));
          return decoded;
        }
      }
    }
    if (auto const* text = parsed.if_string()) {
      decoded.message = one_line(*text);
      return decoded;
    }
  }
  decoded.message = one_line(body);
  return decoded;
}

Error error_from_status(int status, std::string_view body, CallSite const& site, ErrorBodyDecoder decode) {
  auto decoded = decode(status, body);
  if (decoded.message.empty()) {
    decoded.message = "the provider answered HTTP " + std::to_string(status) + " with no details";
  }
  auto kind = decoded.kind.value_or(error_kind_for_http_status(status));
  auto error = make_error(kind, std::move(decoded.message), site.provider, site.operation);
  error.http_status = status;
  error.provider_code = std::move(decoded.code);
  error.request_id = std::move(decoded.request_id);
  scrub(error.message, site);
  scrub(error.provider_code, site);  // the code is printed too ("code …"); found by fuzz_katapult_mapping
  scrub(error.request_id, site);
  return error;
}

bool leaves_create_unknown(http::Response const& response) noexcept {
  return response.status == 502 || response.status == 504;
}

Error unknown_create_outcome(Error cause, std::string_view finding, std::string_view request) {
  cause.kind = ErrorKind::unknown_outcome;
  cause.message.append("; ").append(finding).append(" (").append(request).append(" was not re-sent)");
  return cause;
}

Error error_from_response(http::Response const& response, CallSite const& site, ErrorBodyDecoder decode) {
  auto error = error_from_status(response.status, response.body, site, decode);
  error.attempts = response.attempts;
  if (!response.retry_note.empty()) error.message += " (" + response.retry_note + ")";
  if (error.request_id.empty()) error.request_id = std::string(response.header("X-Request-Id"));
  error.retry_after = response.retry_after;
  scrub(error.request_id, site);
  return error;
}

}  // namespace polycloud::providers
