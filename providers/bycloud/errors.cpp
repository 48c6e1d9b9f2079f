#include "providers/bycloud/errors.hpp"

#include <boost/json/parse.hpp>

namespace polycloud::bycloud {

namespace json = boost::json;

providers::DecodedError decode_error(int status, std::string_view body) {
  boost::system::error_code ec;
  auto const parsed = json::parse(body, ec);
  auto const* root = !ec ? parsed.if_object() : nullptr;
  auto const* error_value = root != nullptr ? root->if_contains("error") : nullptr;
  auto const* error = error_value != nullptr ? error_value->if_object() : nullptr;
  if (error == nullptr) return providers::decode_generic_error(status, body);

  auto text = [&](std::string_view key) -> std::string {
    auto const* value = error->if_contains(key);
    if (value == nullptr) return {};
    if (auto const* string = value->if_string()) return std::string(*string);
    if (value->is_int64()) return std::to_string(value->get_int64());
    return {};
  };
  providers::DecodedError decoded;
  decoded.message = text("message");
  if (auto details = text("details"); !details.empty()) {
    decoded.message += decoded.message.empty() ? details : ": " + details;
  }
  decoded.code = text("code");
  decoded.request_id = text("request_id");
  return decoded;
}

}  // namespace polycloud::bycloud
