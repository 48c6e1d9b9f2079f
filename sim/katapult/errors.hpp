#pragma once
// Katapult's error codes, their HTTP statuses and descriptions, as api-facts.md lists them.
#include <string_view>

namespace polycloud::sim::katapult {

struct ErrorCode {
  std::string_view code;
  int status;
  std::string_view description;
};

/// The entry for `code`; an unknown code is reported as a 400 with a generic description.
ErrorCode const& error_code(std::string_view code) noexcept;
/// The code a status maps to when no code is given (faults injected by status only).
std::string_view code_for_status(int status) noexcept;

}  // namespace polycloud::sim::katapult
