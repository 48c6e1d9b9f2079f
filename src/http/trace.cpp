#include "http/trace.hpp"

#include "http/ascii.hpp"

#include <array>

namespace polycloud::http {

bool is_secret_header(std::string_view name, Headers const& secret_headers) noexcept {
  static constexpr std::array<std::string_view, 4> always_secret{"Authorization", "Proxy-Authorization", "Cookie",
                                                                 "X-Api-Key"};
  for (auto const secret : always_secret) {
    if (ascii_iequals(name, secret)) return true;
  }
  return !find_header(secret_headers, name).empty();
}

std::string format_trace_line(TraceRecord const& record) {
  std::string line;
  line.append(record.provider).append(" ").append(record.operation.empty() ? "request" : record.operation);
  line.append(" attempt ").append(std::to_string(record.attempt)).append(": ");
  line.append(to_string(record.method)).append(" ").append(record.url).append(" -> ");
  if (record.error.empty()) {
    line.append(std::to_string(record.status)).append(", ").append(std::to_string(record.bytes)).append(" bytes");
  } else {
    line.append("error: ").append(record.error);
  }
  line.append(", ").append(std::to_string(record.duration.count())).append(" ms");
  if (record.sent_headers != nullptr && !record.sent_headers->empty()) {
    static Headers const no_secrets;
    Headers const& secrets = record.secret_headers != nullptr ? *record.secret_headers : no_secrets;
    line.append(" [");
    bool first = true;
    for (auto const& header : *record.sent_headers) {
      if (!first) line.append(", ");
      first = false;
      line.append(header.name).append(": ").append(is_secret_header(header.name, secrets) ? "REDACTED" : header.value);
    }
    line.append("]");
  }
  return line;
}

std::string format_dry_run(Request const& request, Headers const& sent_headers, Headers const& secret_headers) {
  std::string text;
  text.append(to_string(request.method)).append(" ").append(request.url.buffer()).append("\n");
  for (auto const& header : sent_headers)
    text.append(header.name)
        .append(": ")
        .append(is_secret_header(header.name, secret_headers) ? "REDACTED" : header.value)
        .append("\n");
  return text.append("\n").append(request.body);
}

}  // namespace polycloud::http
