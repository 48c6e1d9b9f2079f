#include "http/request_writer.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <sstream>

#ifndef POLYCLOUD_VERSION
#define POLYCLOUD_VERSION "unknown"
#endif

namespace polycloud::http {
namespace beast_http = boost::beast::http;

namespace {

beast_http::verb to_verb(Method method) {
  switch (method) {
    case Method::get: return beast_http::verb::get;
    case Method::post: return beast_http::verb::post;
    case Method::put: return beast_http::verb::put;
    case Method::patch: return beast_http::verb::patch;
    case Method::delete_: return beast_http::verb::delete_;
  }
  return beast_http::verb::get;
}

bool has_body(Method method) { return method == Method::post || method == Method::put || method == Method::patch; }

}  // namespace

SerializedRequest serialize_request(Request const& request, Headers const* credential_headers) {
  // Built by appending, not with target.insert(0, "/"): g++ 12 -O2 reports a false -Wrestrict "overlap"
  // inside std::string::insert (GCC bug 105329; the sizes it quotes are 2^63, impossible).
  std::string_view const encoded_target = request.url.encoded_target();
  std::string target;
  if (encoded_target.empty() || encoded_target.front() != '/') target.push_back('/');
  target.append(encoded_target);

  beast_http::request<beast_http::string_body> message{to_verb(request.method), target, 11};
  message.set(beast_http::field::host, std::string{request.url.encoded_host_and_port()});
  message.set(beast_http::field::user_agent, "polycloud/" POLYCLOUD_VERSION);
  message.set(beast_http::field::accept, "application/json");
  for (auto const& header : request.headers) message.set(header.name, header.value);
  if (credential_headers != nullptr) {
    for (auto const& header : *credential_headers) message.set(header.name, header.value);
  }
  message.body() = request.body;
  if (has_body(request.method) || !request.body.empty()) message.prepare_payload();

  SerializedRequest serialized;
  for (auto const& field : message.base()) {
    serialized.sent_headers.push_back({std::string{field.name_string()}, std::string{field.value()}});
  }
  std::ostringstream out;
  out << message;
  serialized.bytes = std::move(out).str();
  return serialized;
}

}  // namespace polycloud::http
