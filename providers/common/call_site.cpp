#include "providers/common/call_site.hpp"

#include "core/scrub.hpp"
#include "core/utf8.hpp"

#include <cctype>

namespace polycloud::providers {

namespace {

constexpr std::size_t max_message_bytes = 500;

}  // namespace

void scrub(std::string& text, CallSite const& site) {
  if (site.secret != nullptr && !site.secret->empty()) text = scrub_credential(std::move(text), site.secret->reveal());
  for (auto const& secret : site.call_secrets) text = scrub_secret(std::move(text), secret);
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
      out.resize(utf8_safe_truncate(out, max_message_bytes).size());
      out += "…";
      break;
    }
  }
  return out;
}

}  // namespace polycloud::providers
