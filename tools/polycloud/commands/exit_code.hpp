#pragma once
// The CLI's exit codes (docs/cli.md): scripts branch on them, so they never change meaning.
#include <polycloud/error.hpp>

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

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

/// A mistake on the command line found after parsing (delete not confirmed, an unknown --fields key, an
/// ambiguous name): the CLI's own failure, never one of the library's kinds, so that no code branching on
/// ErrorKind mistakes it for a config file problem. report() calls it "usage" and exits 2, as the
/// parser's own messages do.
struct UsageError {
  std::string message;    ///< may span lines on purpose (--filter's caret under the expression)
  std::string provider;   ///< the provider the command named, if any
  std::string operation;  ///< the command ("create", "delete"), if any
};

UsageError usage_error(std::string message, std::string provider = {}, std::string operation = {});

/// What a step of a command fails with: the library's Error, or a usage mistake of the CLI's own.
using Failure = std::variant<Error, UsageError>;
template <class T>
using CliResult = boost::system::result<T, Failure>;

/// Found by ADL from CliResult<T>::value(): throws the library's ErrorException, or std::invalid_argument.
[[noreturn]] void throw_exception_from_error(Failure const& failure, boost::source_location const& loc);

/// Prints the error as one line on stderr (Error::to_string never holds a credential) and returns its code.
ExitCode report(Error const& error);
/// Prints "polycloud: [PROVIDER: ][OPERATION: ]usage: MESSAGE" and returns ExitCode::usage.
ExitCode report(UsageError const& mistake);
ExitCode report(Failure const& failure);
/// Prints each error, in order, as report() does; the code of the first, or nullopt when there is none.
std::optional<ExitCode> report_all(std::vector<Error> const& errors);

}  // namespace polycloud::cli
