#include "http/media_type.hpp"

#include "core/utf8.hpp"
#include "http/ascii.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace polycloud::http {
namespace {

/// A Content-Type comes from the server: shown in messages, so bounded.
constexpr std::size_t max_shown_bytes = 100;

bool matches(std::string const& range, std::string const& type) {
  if (range == "*/*" || range == type) return true;
  if (range == "application/json") return boost::algorithm::ends_with(type, "+json") && type.find('/') != std::string::npos;
  if (boost::algorithm::ends_with(range, "/*")) return boost::algorithm::starts_with(type, range.substr(0, range.size() - 1));
  return false;
}

}  // namespace

std::string media_type(std::string_view content_type) {
  return ascii_lower_copy(trim_ascii_space(content_type.substr(0, content_type.find(';'))));
}

std::string content_type_mismatch(std::string_view accept, std::string_view content_type) {
  auto const type = media_type(content_type);
  std::string wanted;
  for (std::string_view rest = accept; !rest.empty();) {
    auto const comma = rest.find(',');
    auto const range = media_type(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (range.empty()) continue;
    if (!type.empty() && matches(range, type)) return {};
    wanted += (wanted.empty() ? "" : " or ") + range;
  }
  if (wanted.empty()) return {};  // the request accepts anything
  if (content_type.empty()) return "the answer has no Content-Type, expected " + wanted;
  std::string shown{utf8_safe_truncate(content_type, max_shown_bytes)};
  if (shown.size() < content_type.size()) shown += "...";
  return "Content-Type is '" + shown + "', expected " + wanted;
}

}  // namespace polycloud::http
