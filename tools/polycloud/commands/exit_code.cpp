#include "commands/exit_code.hpp"

#include "output/streams.hpp"
#include "output/visible_text.hpp"

namespace polycloud::cli {

ExitCode exit_code_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::config:
      return ExitCode::usage;
    case ErrorKind::unauthenticated:
    case ErrorKind::permission_denied:
      return ExitCode::auth;
    case ErrorKind::not_found:
      return ExitCode::not_found;
    default:
      return ExitCode::failure;
  }
}

namespace {
/// Marks a usage_error() among config errors. The CLI makes these errors itself and no provider
/// reports a config error, so the marker never meets a provider's own code.
constexpr std::string_view usage_marker = "polycloud-cli-usage";
}  // namespace

Error usage_error(std::string message, std::string provider, std::string operation) {
  auto error = make_error(ErrorKind::config, std::move(message), std::move(provider), std::move(operation));
  error.provider_code = usage_marker;
  return error;
}

ExitCode report(Error const& error) {
  // The message can quote a provider's text: a terminal must not act on escapes in it.
  if (error.kind != ErrorKind::config || error.provider_code != usage_marker) {
    print_err("polycloud: {}\n", visible_controls(error.to_string()));
    return exit_code_for(error.kind);
  }
  std::string text;
  for (auto const* part : {&error.provider, &error.operation})
    if (!part->empty()) text += visible_controls(*part) + ": ";
  text += "usage: ";
  // A usage message may span lines on purpose (--filter's caret under the expression).
  std::string_view rest = error.message;
  for (auto end = rest.find('\n'); end != std::string_view::npos; end = rest.find('\n')) {
    text += visible_controls(rest.substr(0, end)) + "\n";
    rest.remove_prefix(end + 1);
  }
  print_err("polycloud: {}{}\n", text, visible_controls(rest));
  return exit_code_for(error.kind);
}

}  // namespace polycloud::cli
