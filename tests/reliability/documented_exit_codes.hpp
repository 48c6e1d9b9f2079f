#pragma once
// The CLI exit code of every ErrorKind, as docs/errors.md ("Every kind") documents it: one table that
// both the CLI's exit_code_for (exit_code_test.cpp) and the fault matrix's rows are checked against,
// so changing the mapping in one place without the docs fails a test.
#include <polycloud/error.hpp>

#include <array>
#include <utility>

namespace polycloud::reliability {

inline constexpr std::array<std::pair<ErrorKind, int>, 16> documented_exit_codes{{
    {ErrorKind::unauthenticated, 3},
    {ErrorKind::permission_denied, 3},
    {ErrorKind::not_found, 4},
    {ErrorKind::invalid_argument, 1},
    {ErrorKind::conflict, 1},
    {ErrorKind::rate_limited, 1},
    {ErrorKind::unavailable, 1},
    {ErrorKind::timeout, 1},
    {ErrorKind::transport, 1},
    {ErrorKind::tls, 1},
    {ErrorKind::protocol, 1},
    {ErrorKind::not_supported, 1},
    {ErrorKind::cancelled, 1},
    {ErrorKind::unknown_outcome, 1},
    {ErrorKind::provider_internal, 1},
    {ErrorKind::config, 2},
}};

/// The documented exit code of `kind`; -1 for a kind the table lacks (a test then fails).
constexpr int documented_exit_code(ErrorKind kind) noexcept {
  for (auto const& [documented, code] : documented_exit_codes)
    if (documented == kind) return code;
  return -1;
}

}  // namespace polycloud::reliability
