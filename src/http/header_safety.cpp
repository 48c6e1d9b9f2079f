#include "http/header_safety.hpp"

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
  return {};
}

std::string first_unsafe_header(Headers const& headers) {
  for (auto const& header : headers) {
    if (auto reason = unsafe_header_reason(header); !reason.empty()) return reason;
  }
  return {};
}

}  // namespace polycloud::http
