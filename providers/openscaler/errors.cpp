#include "providers/openscaler/errors.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <charconv>

namespace polycloud::openscaler {

namespace json = boost::json;

namespace {

constexpr std::size_t max_message_chars = 500;

/// Collapses runs of whitespace (an HTML page or a stack trace becomes one readable line) and bounds it.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= max_message_chars) {
      out += "…";
      break;
    }
  }
  return out;
}

/// A message-like field: a string as is, {"message": …} inside "error", else the JSON text.
std::string field_text(json::value const& value) {
  if (auto const* text = value.if_string()) return std::string(*text);
  if (auto const* object = value.if_object()) {
    if (auto const* inner = object->if_contains("message"); inner && inner->is_string()) {
      return std::string(inner->get_string());
    }
  }
  return json::serialize(value);
}

void scrub(std::string& text, Secret const* token) {
  if (token == nullptr || token->empty()) return;
  auto const& secret = token->reveal();
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "REDACTED");
  }
}

std::optional<std::chrono::seconds> retry_after_seconds(std::string_view header) {
  long value = 0;
  auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), value);
  if (ec != std::errc{} || end != header.data() + header.size() || value < 0) return std::nullopt;
  return std::chrono::seconds{value};
}

}  // namespace

std::string error_message_from_body(std::string_view body) {
  std::error_code ec;
  auto parsed = json::parse(json::string_view(body.data(), body.size()), ec);
  if (!ec) {
    if (auto const* object = parsed.if_object()) {
      for (auto key : {"message", "detail", "error"}) {
        if (auto const* field = object->if_contains(key); field && !field->is_null()) {
          return one_line(field_text(*field));
        }
      }
    }
    if (auto const* text = parsed.if_string()) return one_line(*text);
  }
  return one_line(body);
}

Error error_from_status(int status, std::string_view body, CallSite const& site) {
  auto message = error_message_from_body(body);
  if (message.empty()) message = "the provider answered HTTP " + std::to_string(status) + " with no details";
  auto error = make_error(error_kind_for_http_status(status), std::move(message), site.provider, site.operation);
  error.http_status = status;
  if (status == 408 && site.operation == "stop") {
    error.message += " (the guest did not shut down in time; stop_action \"power_off\" forces it)";
  }
  scrub(error.message, site.token);
  return error;
}

Error error_from_response(http::Response const& response, CallSite const& site) {
  auto error = error_from_status(response.status, response.body, site);
  error.attempts = response.attempts;
  if (!response.retry_note.empty()) error.message += " (" + response.retry_note + ")";
  error.request_id = std::string(response.header("X-Request-Id"));
  error.retry_after = retry_after_seconds(response.header("Retry-After"));
  return error;
}

Error protocol_error(CallSite const& site, std::string message) {
  auto error = make_error(ErrorKind::protocol, std::move(message), site.provider, site.operation);
  scrub(error.message, site.token);
  return error;
}

Error attribute(Error error, CallSite const& site) {
  if (error.provider.empty()) error.provider = site.provider;
  if (error.operation.empty()) error.operation = site.operation;
  scrub(error.message, site.token);
  return error;
}

}  // namespace polycloud::openscaler
