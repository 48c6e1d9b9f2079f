#pragma once
// The CLI's exit codes (docs/cli.md): scripts branch on them, so they never change meaning.
#include <polycloud/error.hpp>

namespace polycloud::cli {

enum class ExitCode {
  ok = 0,
  failure = 1,
  usage = 2,  ///< bad command line or configuration
  auth = 3,   ///< authentication or permission
  not_found = 4,
  partial = 5,  ///< a multi-provider list where some providers failed
  output = 6,   ///< the work was done but stdout could not be written (full, closed, broken pipe)
};

ExitCode exit_code_for(ErrorKind kind) noexcept;

/// A mistake on the command line found after parsing (delete without --yes at a terminal, an unknown
/// --fields key): kind config for the exit code (2) and for code that branches on kinds, but report()
/// calls it "usage", as the parser's own messages do; "config" is kept for the config file.
Error usage_error(std::string message, std::string provider = {}, std::string operation = {});

/// Prints the error as one line on stderr (Error::to_string never holds a credential) and returns its code.
ExitCode report(Error const& error);

}  // namespace polycloud::cli
