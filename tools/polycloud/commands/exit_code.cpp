#include "commands/exit_code.hpp"

#include "output/streams.hpp"
#include "output/visible_text.hpp"

#include <stdexcept>

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

UsageError usage_error(std::string message, std::string provider, std::string operation) {
  return {std::move(message), std::move(provider), std::move(operation)};
}

void throw_exception_from_error(Failure const& failure, boost::source_location const& loc) {
  if (auto const* error = std::get_if<Error>(&failure)) polycloud::throw_exception_from_error(*error, loc);
  throw std::invalid_argument(std::get<UsageError>(failure).message);
}

ExitCode report(Error const& error) {
  // The message can quote a provider's text: a terminal must not act on escapes in it.
  print_err("polycloud: {}\n", visible_controls(error.to_string()));
  return exit_code_for(error.kind);
}

ExitCode report(UsageError const& mistake) {
  std::string text;
  for (auto const* part : {&mistake.provider, &mistake.operation})
    if (!part->empty()) text += visible_controls(*part) + ": ";
  text += "usage: ";
  // A usage message may span lines on purpose (--filter's caret under the expression).
  std::string_view rest = mistake.message;
  for (auto end = rest.find('\n'); end != std::string_view::npos; end = rest.find('\n')) {
    text += visible_controls(rest.substr(0, end)) + "\n";
    rest.remove_prefix(end + 1);
  }
  print_err("polycloud: {}{}\n", text, visible_controls(rest));
  return ExitCode::usage;
}

ExitCode report(Failure const& failure) {
  return std::visit([](auto const& cause) { return report(cause); }, failure);
}

std::optional<ExitCode> report_all(std::vector<Error> const& errors) {
  std::optional<ExitCode> first;
  for (auto const& error : errors) {
    auto const code = report(error);
    if (!first) first = code;
  }
  return first;
}

}  // namespace polycloud::cli
