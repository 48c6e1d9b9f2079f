#include "providers/common/call_site.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <cctype>

namespace polycloud::providers {

namespace {

constexpr std::size_t max_message_bytes = 500;

void replace_all(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at)) {
    text.replace(at, needle.size(), "REDACTED");
  }
}

/// The forms a server may echo a credential in: as is, percent-encoded, HTML-escaped.
void scrub_forms(std::string& text, std::string_view secret) {
  replace_all(text, secret);
  auto encoded = boost::urls::encode(boost::urls::string_view(secret.data(), secret.size()),
                                     boost::urls::unreserved_chars);
  if (encoded != secret) replace_all(text, encoded);
  std::string escaped;
  for (char c : secret) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  if (escaped != secret) replace_all(text, escaped);
}

/// Cuts `text` to at most `bytes`, backing off to the start of a UTF-8 character.
void cut_utf8(std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return;
  auto end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

}  // namespace

void scrub(std::string& text, CallSite const& site) {
  if (site.secret == nullptr || site.secret->empty()) return;
  scrub_forms(text, site.secret->reveal());
}

Error protocol_error(CallSite const& site, std::string message) {
  auto error = make_error(ErrorKind::protocol, std::move(message), site.provider, site.operation);
  scrub(error.message, site);
  return error;
}

Error invalid_argument(CallSite const& site, std::string message) {
  auto error = make_error(ErrorKind::invalid_argument, std::move(message), site.provider, site.operation);
  scrub(error.message, site);
  return error;
}

Error attribute(Error error, CallSite const& site) {
  if (error.provider.empty()) error.provider = site.provider;
  if (error.operation.empty()) error.operation = site.operation;
  scrub(error.message, site);
  return error;
}

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
    if (out.size() > max_message_bytes) {
      cut_utf8(out, max_message_bytes);
      out += "…";
      break;
    }
  }
  return out;
}

}  // namespace polycloud::providers
