#pragma once
// fmt formatters for polycloud's value types, for programs that format with fmt: include this header
// where you call fmt::format or fmt::print with a State, an ErrorKind or an Error. polycloud's other
// public headers never include fmt, so a program that does not use it does not need it.
#include <polycloud/error.hpp>
#include <polycloud/instance.hpp>

#include <fmt/format.h>

#include <string_view>

// The specialisations below are fmt's extension point, not polycloud's API: kept out of the API reference,
// where doxygen cannot place a specialisation of another library's template.
/// \cond FMT_FORMATTERS
/// `fmt::format("{}", state)` gives to_string(state); width and alignment work as for a string.
template <>
struct fmt::formatter<polycloud::State> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(polycloud::State state, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format(polycloud::to_string(state), context);
  }
};

/// `fmt::format("{}", kind)` gives to_string(kind) ("not_found").
template <>
struct fmt::formatter<polycloud::ErrorKind> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(polycloud::ErrorKind kind, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format(polycloud::to_string(kind), context);
  }
};

/// `fmt::format("{}", error)` gives error.to_string(), the one-line form the CLI prints.
template <>
struct fmt::formatter<polycloud::Error> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(polycloud::Error const& error, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format(error.to_string(), context);
  }
};
/// \endcond
