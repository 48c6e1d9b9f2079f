// Small value helpers of the HTTP interface: method names and header lookup.
#include "http/client.hpp"

#include "http/ascii.hpp"

namespace polycloud::http {

std::string_view to_string(Method method) noexcept {
  switch (method) {
    case Method::get: return "GET";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::delete_: return "DELETE";
  }
  return "GET";
}

std::string_view find_header(Headers const& headers, std::string_view name) noexcept {
  for (auto const& header : headers) {
    if (ascii_iequals(header.name, name)) return header.value;
  }
  return {};
}

}  // namespace polycloud::http
