#include "http/header_safety.hpp"

#include "core/config_values.hpp"

#include <algorithm>
#include <string_view>

namespace polycloud::http {
namespace {

/// RFC 9110 tchar.
bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
}

}  // namespace

std::string unsafe_header_reason(Header const& header) {
  if (header.name.empty() || !std::all_of(header.name.begin(), header.name.end(), is_token_char)) {
    return "a header name is empty or holds characters not allowed in an HTTP token";
  }
  if (header.value.find_first_of(std::string_view{"\r\n\0", 3}) != std::string::npos) {
    return "the value of header '" + header.name + "' holds a CR, LF or NUL character";
  }
  // Any other control character (TAB, VT, FF, ESC, DEL) or an outer space: outside RFC 9110's
  // field-value, read differently by each server and proxy. Config loading refuses such a credential
  // naming its key; this catches one a program or a credential source hands over.
  if (!detail::is_header_field_value(header.value)) {
    return "the value of header '" + header.name + "' holds a control character or a leading or trailing space";
  }
  return {};
}

std::string first_unsafe_header(Headers const& headers) {
  for (auto const& header : headers) {
    if (auto reason = unsafe_header_reason(header); !reason.empty()) return reason;
  }
  return {};
}

}  // namespace polycloud::http
