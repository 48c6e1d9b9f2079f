#include "exit_code.hpp"

#include "streams.hpp"
#include "visible_text.hpp"

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

ExitCode report(Error const& error) {
  // The message can quote a provider's text: a terminal must not act on escapes in it.
  print_err("polycloud: {}\n", visible_controls(error.to_string()));
  return exit_code_for(error.kind);
}

}  // namespace polycloud::cli
