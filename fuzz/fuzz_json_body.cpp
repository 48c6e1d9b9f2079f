// parse_json_body on arbitrary bodies and content types: must return a value or a protocol error.
#include "http/client.hpp"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const input{reinterpret_cast<char const*>(data), size};
  auto const split = input.find('\n');
  polycloud::http::Response response;
  response.status = 200;
  response.headers.push_back({"Content-Type", split == std::string_view::npos ? "application/json"
                                                                               : std::string{input.substr(0, split)}});
  response.body = split == std::string_view::npos ? std::string{input} : std::string{input.substr(split + 1)};
  auto const parsed = polycloud::http::parse_json_body(response, "fuzz", "parse");
  if (!parsed && parsed.error().kind != polycloud::ErrorKind::protocol) std::abort();
  return 0;
}
