#include "providers/katapult/errors.hpp"

#include <boost/json/serialize.hpp>

namespace polycloud::katapult {

namespace json = boost::json;

namespace {

/// {"code","description","detail"}, bare or under "error".
constexpr providers::ErrorEnvelope envelope{.bare_with_code = true,
                                            .message = "description",
                                            .message_falls_back_to_code = true,
                                            .kinds = error_code_table};

std::string text_of(json::value const& value) {
  if (auto const* text = value.if_string()) return std::string(*text);
  return json::serialize(value);
}

/// "a, b, c" from a JSON array of strings (or of anything, serialized).
std::string joined(json::value const& value) {
  std::string out;
  if (auto const* array = value.if_array()) {
    for (auto const& item : *array) {
      if (!out.empty()) out += ", ";
      out += text_of(item);
    }
    return out;
  }
  return text_of(value);
}

/// What the detail object adds to the description, for the codes whose detail the reference prints.
std::string detail_text(std::string_view code, json::object const& detail) {
  if (code == "scope_not_granted") {
    if (auto const* scopes = detail.if_contains("scopes")) return "scopes not granted: " + joined(*scopes);
  }
  if (code == "unauthorized_network_for_api_token") {
    if (auto const* ip = detail.if_contains("ip_address")) return "request came from " + text_of(*ip);
  }
  if (code == "rate_limit_reached") {
    if (auto const* limit = detail.if_contains("total_permitted")) return text_of(*limit) + " requests per minute permitted";
  }
  if (code == "validation_error") {
    if (auto const* errors = detail.if_contains("errors")) return "field errors: " + joined(*errors);
  }
  return {};
}

}  // namespace

std::optional<ErrorKind> kind_for_code(std::string_view code) noexcept {
  return providers::kind_for_code(error_code_table, code);
}

providers::DecodedError decode_error(int status, std::string_view body) {
  auto decoded = providers::decode_envelope(envelope, status, body);
  auto const error = providers::envelope_object(envelope, body);
  if (!error) return decoded;
  if (decoded.code == route_not_found_code) decoded.kind = ErrorKind::config;
  if (auto const* detail = error->if_contains("detail"); detail != nullptr && detail->is_object()) {
    auto extra = detail_text(decoded.code, detail->get_object());
    if (!extra.empty()) decoded.message += (decoded.message.empty() ? "" : ": ") + extra;
  }
  if (decoded.code == route_not_found_code) {
    decoded.message += " (check the configured endpoint: its path must be the API's root, e.g. /core/v1)";
  }
  return decoded;
}

std::optional<int> permitted_per_minute(std::string_view body) {
  auto const error = providers::envelope_object(envelope, body);
  if (!error) return std::nullopt;
  auto const* detail = error->if_contains("detail");
  if (detail == nullptr || !detail->is_object()) return std::nullopt;
  auto const* limit = detail->get_object().if_contains("total_permitted");
  if (limit == nullptr || !limit->is_int64() || limit->get_int64() <= 0 || limit->get_int64() > 1'000'000) {
    return std::nullopt;
  }
  return static_cast<int>(limit->get_int64());
}

}  // namespace polycloud::katapult
