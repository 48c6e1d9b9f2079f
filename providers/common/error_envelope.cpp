#include "providers/common/error_envelope.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace polycloud::providers {

namespace json = boost::json;

std::optional<ErrorKind> kind_for_code(std::span<CodeKind const> kinds, std::string_view code) noexcept {
  for (auto const& entry : kinds) {
    if (entry.code == code) return entry.kind;
  }
  return std::nullopt;
}

std::optional<json::object> envelope_object(ErrorEnvelope const& envelope, std::string_view body) {
  boost::system::error_code ec;
  auto parsed = json::parse(body, ec);
  auto* root = !ec ? parsed.if_object() : nullptr;
  if (root == nullptr) return std::nullopt;
  if (auto* wrapped = root->if_contains(envelope.wrapper); wrapped != nullptr && wrapped->is_object()) {
    return std::move(wrapped->get_object());
  }
  if (envelope.bare_with_code && root->contains(envelope.code)) return std::move(*root);
  return std::nullopt;
}

DecodedError decode_envelope(ErrorEnvelope const& envelope, int status, std::string_view body) {
  auto const error = envelope_object(envelope, body);
  if (!error) return decode_generic_error(status, body);

  auto text = [&](std::string_view key) -> std::string {
    auto const* value = key.empty() ? nullptr : error->if_contains(key);
    if (value == nullptr) return {};
    if (auto const* string = value->if_string()) return std::string(*string);
    if (envelope.integers_as_text && value->is_int64()) return std::to_string(value->get_int64());
    return {};
  };
  DecodedError decoded;
  decoded.message = text(envelope.message);
  if (auto details = text(envelope.details); !details.empty()) {
    decoded.message += decoded.message.empty() ? details : ": " + details;
  }
  decoded.code = text(envelope.code);
  decoded.request_id = text(envelope.request_id);
  decoded.kind = kind_for_code(envelope.kinds, decoded.code);
  if (decoded.message.empty() && envelope.message_falls_back_to_code) decoded.message = decoded.code;
  return decoded;
}

}  // namespace polycloud::providers
